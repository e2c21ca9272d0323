package htsfile

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"

	"github.com/biogo/hts/bgzf"
	"github.com/biogo/hts/sam"
)

// Kind is what an alignment (or VCF) stream holds, told by its content,
// never by its name.
type Kind int

const (
	// Text is neither gzip nor BAM: SAM or VCF text.
	Text Kind = iota
	// Gzip is gzip-compressed data (BGZF included) that is not BAM: SAM or
	// VCF text, compressed.
	Gzip
	// BAM is BGZF whose data starts with BAM's magic.
	BAM
)

// SniffSize is how much of a stream's start Sniff needs to see at most:
// one whole BGZF block.
const SniffSize = 1 << 16

// bamMagic starts every BAM stream once its BGZF compression is undone.
var bamMagic = []byte("BAM\x01")

// Sniff tells what a stream holds from its first bytes, head: gzip by its
// magic bytes, BAM by inflating the start of the first gzip member. A BAM's
// magic is in the first few bytes of data, so a head of a kilobyte almost
// always suffices; SniffSize always does.
func Sniff(head []byte) Kind {
	if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return Text
	}
	zr, err := gzip.NewReader(bytes.NewReader(head))
	if err != nil {
		return Gzip
	}
	magic := make([]byte, len(bamMagic))
	if _, err := io.ReadFull(zr, magic); err == nil && bytes.Equal(magic, bamMagic) {
		return BAM
	}
	return Gzip
}

// IsBGZF reports whether head starts with a BGZF block: a gzip member with
// the BC extra field (SAM/BAM specification section 4.1), which htslib
// needs for an index, where plain gzip will not do.
func IsBGZF(head []byte) bool {
	return len(head) >= 18 && head[0] == 0x1f && head[1] == 0x8b && head[3]&4 != 0 &&
		head[12] == 'B' && head[13] == 'C'
}

// CheckEOF reports an error naming path and what it holds (BAM, VCF...)
// when the BGZF file r has no end-of-file block: it was cut short (a full
// disk, an interrupted copy).
func CheckEOF(r io.ReaderAt, path, what string) error {
	ok, err := bgzf.HasEOF(r)
	if err != nil || !ok {
		return fmt.Errorf("%s: truncated %s (no BGZF end-of-file block): the file was cut short; write it again", path, what)
	}
	return nil
}

// Truncated names an unexpected end of a (compressed) stream for what it
// is, and returns other errors as they are.
func Truncated(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("truncated file: %w", err)
	}
	return err
}

// Guard runs a biogo/hts parsing call and turns a panic into an error:
// biogo/hts v1.4.5 indexes past the end of some malformed input (found by
// fuzzing flagstat, e.g. the header line "@SQ\t\t0"), and bad input must
// give an error, not a crash.
func Guard(parse func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("malformed record or header (%v)", p)
		}
	}()
	return parse()
}

// NewSAMReader is sam.NewReader with its header parsing guarded.
func NewSAMReader(r io.Reader) (sr *sam.Reader, err error) {
	err = Guard(func() error {
		var perr error
		sr, perr = sam.NewReader(r)
		return perr
	})
	return sr, err
}

// RecordReader is what sam.Reader, bam.Reader and iterator adapters have in
// common.
type RecordReader interface {
	Read() (*sam.Record, error)
}

// Read reads one record from r with parsing guarded and a short stream
// named as truncated.
func Read(r RecordReader) (rec *sam.Record, err error) {
	err = Guard(func() error {
		var rerr error
		rec, rerr = r.Read()
		return rerr
	})
	if err == io.EOF {
		return rec, err
	}
	return rec, Truncated(err)
}
