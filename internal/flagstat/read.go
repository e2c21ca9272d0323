package flagstat

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/internal/htsfile"
)

// Count reads the SAM or BAM file at path ("-" is standard input) and
// counts its records. The format is told by the content, not the name: a
// BGZF stream whose data starts with "BAM\1" is BAM; anything else, plain or
// gzip-compressed, is read as SAM. Errors name the file and the line (SAM)
// or record number (BAM); a truncated file is an error, not a short count.
func Count(path string) (*Stats, error) {
	if path == "-" {
		return CountReader(os.Stdin, "standard input")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return CountReader(f, path)
}

// CountReader counts the SAM or BAM records read from r, as Count does;
// path names the stream in errors.
func CountReader(r io.Reader, path string) (*Stats, error) {
	tr := &tailReader{r: r}
	br := bufio.NewReaderSize(tr, 1<<17)
	s := &Stats{Path: path}
	head, _ := br.Peek(htsfile.SniffSize)
	var err error
	switch htsfile.Sniff(head) {
	case htsfile.BAM:
		if err = s.readBAM(br); err == nil && !tr.endsWith(bgzfEOF) {
			err = errNoEOFBlock
		}
	case htsfile.Gzip:
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(br); err == nil {
			err = s.readSAM(zr)
		}
	default:
		err = s.readSAM(br)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// errEmpty is the error for an input without a single byte or line: an
// empty SAM (a failed upstream command, a wrong file) is not zero reads.
var errEmpty = errors.New("no SAM header or records (empty file)")

// errNoEOFBlock is the error for a BAM whose last BGZF block is not the
// empty end-of-file block the SAM specification (section 4.1.2) requires:
// the file was cut at a block boundary, and counting it would silently
// miss the rest.
var errNoEOFBlock = errors.New("truncated BAM (no BGZF end-of-file block): the file was cut short; write it again")

// bgzfEOF is that end-of-file block.
var bgzfEOF = []byte("\x1f\x8b\x08\x04\x00\x00\x00\x00\x00\xff\x06\x00\x42\x43\x02\x00\x1b\x00\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// tailReader remembers the last bytes of the stream read through it, so
// that a BAM read from a pipe can be checked for its end-of-file block
// (bgzf.HasEOF needs a file it can seek).
type tailReader struct {
	r    io.Reader
	tail []byte
}

func (t *tailReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if keep := len(bgzfEOF); n >= keep {
		t.tail = append(t.tail[:0], p[n-keep:n]...)
	} else {
		t.tail = append(t.tail, p[:n]...)
		t.tail = t.tail[max(0, len(t.tail)-keep):]
	}
	return n, err
}

// endsWith reports whether the stream read so far ends with b.
func (t *tailReader) endsWith(b []byte) bool { return bytes.HasSuffix(t.tail, b) }

// readSAM counts the records of a SAM stream. It reads lines itself and
// hands each to biogo's parser, so that a missing final newline or a blank
// line is handled and every error has its line number.
func (s *Stats) readSAM(r io.Reader) error {
	lr := bufio.NewReaderSize(r, 1<<16)
	var header []byte
	h, _ := sam.NewHeader(nil, nil)
	inHeader := true
	for n := 1; ; n++ {
		line, err := lr.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("line %d: %w", n, htsfile.Truncated(err))
		}
		if len(line) == 0 && err == io.EOF {
			if inHeader && len(header) == 0 {
				return errEmpty
			}
			if inHeader {
				return parseHeader(h, header)
			}
			return nil
		}
		line = bytes.TrimRight(line, "\r\n")
		switch {
		case len(line) == 0:
		case inHeader && line[0] == '@':
			header = append(append(header, line...), '\n')
		default:
			if inHeader {
				inHeader = false
				if err := parseHeader(h, header); err != nil {
					return err
				}
			}
			var rec sam.Record
			if err := htsfile.Guard(func() error { return rec.UnmarshalSAM(h, line) }); err != nil {
				return fmt.Errorf("line %d: %w", n, err)
			}
			if len(rec.Cigar) == 0 || rec.Ref == nil || rec.Pos < 0 {
				// htslib's SAM parser treats a "mapped" read without a
				// CIGAR, a reference or a position as unmapped, and
				// samtools counts it so; so do we.
				rec.Flags |= sam.Unmapped
			}
			s.Add(rec.Flags, rec.Ref.ID(), rec.MateRef.ID(), rec.MapQ)
		}
	}
}

// parseHeader parses the SAM header text into h.
func parseHeader(h *sam.Header, text []byte) error {
	if len(text) == 0 {
		return nil
	}
	if err := htsfile.Guard(func() error { return h.UnmarshalText(text) }); err != nil {
		return fmt.Errorf("SAM header: %w", err)
	}
	return nil
}
