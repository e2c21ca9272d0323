package flagstat

import (
	"bufio"
	"bytes"
	"compress/gzip"
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
	f := os.Stdin
	if path != "-" {
		var err error
		if f, err = os.Open(path); err != nil {
			return nil, err
		}
		defer f.Close()
	}
	return CountReader(f, path)
}

// CountReader counts the SAM or BAM records read from r, as Count does;
// path names the stream in errors.
func CountReader(r io.Reader, path string) (*Stats, error) {
	br := bufio.NewReaderSize(r, 1<<17)
	s := &Stats{Path: path}
	head, _ := br.Peek(htsfile.SniffSize)
	var err error
	switch htsfile.Sniff(head) {
	case htsfile.BAM:
		err = s.readBAM(br)
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
