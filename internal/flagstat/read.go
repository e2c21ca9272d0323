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
)

// bamMagic starts every BAM stream once its BGZF compression is undone.
var bamMagic = []byte("BAM\x01")

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
	gz, isBAM, err := sniff(br)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case isBAM:
		if err = s.readBAM(br); err == nil && !tr.endsWith(bgzfEOF) {
			err = errNoEOFBlock
		}
	case gz:
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

// sniff reports whether br holds gzip data and whether that data is BAM, by
// inflating the start of the first block (BGZF blocks are at most 64 KiB).
func sniff(br *bufio.Reader) (gz, isBAM bool, err error) {
	head, _ := br.Peek(2)
	if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return false, false, nil
	}
	block, _ := br.Peek(br.Size())
	zr, err := gzip.NewReader(bytes.NewReader(block))
	if err != nil {
		return true, false, err
	}
	magic := make([]byte, len(bamMagic))
	n, _ := io.ReadFull(zr, magic)
	return true, n == len(bamMagic) && bytes.Equal(magic, bamMagic), nil
}

// errEmpty is the error for an input without a single byte or line: an
// empty SAM (a failed upstream command, a wrong file) is not zero reads.
var errEmpty = errors.New("no SAM header or records (empty file)")

// errNoEOFBlock is the error for a BAM whose last BGZF block is not the
// empty end-of-file block the SAM specification (section 4.1.2) requires:
// the file was cut at a block boundary, and counting it would silently
// miss the rest.
var errNoEOFBlock = errors.New("truncated BAM: no BGZF end-of-file block (the file was cut short)")

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
			return fmt.Errorf("line %d: %w", n, truncated(err))
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
			if err := guard(func() error { return rec.UnmarshalSAM(h, line) }); err != nil {
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
	if err := guard(func() error { return h.UnmarshalText(text) }); err != nil {
		return fmt.Errorf("SAM header: %w", err)
	}
	return nil
}

// truncated names an unexpected end of the compressed stream for what it is.
func truncated(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("truncated file: %w", err)
	}
	return err
}

// guard runs a biogo/hts parsing call and turns a panic into an error:
// biogo/hts v1.4.5 indexes past the end of some malformed input (found by
// FuzzCountReader, e.g. the header line "@SQ\t\t0"), and bad input must give
// an error, not a crash.
func guard(parse func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("malformed record or header (%v)", p)
		}
	}()
	return parse()
}
