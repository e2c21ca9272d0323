package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
)

// alnRecord is the part of a SAM record that mapping accuracy needs.
type alnRecord struct {
	Name      string
	Flag      int
	Ref       string // "*" when unplaced
	Pos       int    // 1-based leftmost aligned base, as in SAM column 4
	MapQ      int
	LeadClip  int // bases soft- or hard-clipped before the first aligned base
	lineOrRec int // 1-based SAM line or BAM record number, for errors
}

// alnScanner reads alignment records one at a time from SAM text or BAM,
// shaped like bufio.Scanner: Next, Record, Err.
type alnScanner struct {
	name string
	unit string // "line" for SAM, "record" for BAM
	next func() (alnRecord, error)
	rec  alnRecord
	err  error
	c    io.Closer
}

// openAlignments opens a SAM or BAM file ("-" is standard input); BAM is
// recognised by the gzip/BGZF magic bytes, anything else is read as SAM text.
func openAlignments(path string) (*alnScanner, error) {
	f := os.Stdin
	if path != "-" {
		var err error
		if f, err = os.Open(path); err != nil {
			return nil, err
		}
	}
	br := bufio.NewReaderSize(f, 1<<20)
	s := &alnScanner{name: path, c: f}
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		r, err := bam.NewReader(br, 1)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		s.next, s.unit = bamNext(r), "record"
	} else {
		s.next, s.unit = samNext(br), "line"
	}
	return s, nil
}

// Next advances to the next record; it returns false at the end or on error.
func (s *alnScanner) Next() bool {
	if s.err != nil {
		return false
	}
	s.rec, s.err = s.next()
	return s.err == nil
}

// Record is the current record.
func (s *alnScanner) Record() alnRecord { return s.rec }

// Err is the first error other than the end of input, naming the file.
func (s *alnScanner) Err() error {
	if s.err == nil || s.err == io.EOF {
		return nil
	}
	return fmt.Errorf("%s: %w", s.name, s.err)
}

// Where names the current record's place in the file: "line N" or "record N".
func (s *alnScanner) Where() string { return fmt.Sprintf("%s %d", s.unit, s.rec.lineOrRec) }

// Close releases the file.
func (s *alnScanner) Close() error { return s.c.Close() }

// samNext reads SAM text by splitting lines on tabs: hts's SAM reader
// validates every header reference and tag, but scoring must also work on a
// half-finished aligner's output, and it only needs five columns.
func samNext(r *bufio.Reader) func() (alnRecord, error) {
	line := 0
	return func() (alnRecord, error) {
		for {
			b, err := r.ReadSlice('\n')
			if err == bufio.ErrBufferFull {
				return alnRecord{}, fmt.Errorf("line %d: longer than %d bytes", line+1, r.Size())
			}
			if len(b) == 0 && err != nil {
				return alnRecord{}, err
			}
			line++
			b = bytes.TrimRight(b, "\r\n")
			if len(b) == 0 || b[0] == '@' {
				continue
			}
			rec, perr := parseSAMLine(b)
			if perr != nil {
				return alnRecord{}, fmt.Errorf("line %d: %w", line, perr)
			}
			rec.lineOrRec = line
			return rec, nil
		}
	}
}

// parseSAMLine parses the first six columns of one SAM alignment line.
func parseSAMLine(b []byte) (alnRecord, error) {
	var col [6][]byte
	for i := range col {
		j := bytes.IndexByte(b, '\t')
		if j < 0 {
			if i < len(col)-1 {
				return alnRecord{}, fmt.Errorf("%d tab-separated columns, SAM needs at least 11", i+1)
			}
			j = len(b)
		}
		col[i] = b[:j]
		if j < len(b) {
			b = b[j+1:]
		} else {
			b = nil
		}
	}
	flag, err := strconv.Atoi(string(col[1]))
	if err != nil || flag < 0 {
		return alnRecord{}, fmt.Errorf("FLAG %q is not a non-negative integer", col[1])
	}
	pos, err := strconv.Atoi(string(col[3]))
	if err != nil || pos < 0 {
		return alnRecord{}, fmt.Errorf("POS %q is not a non-negative integer", col[3])
	}
	mapq, err := strconv.Atoi(string(col[4]))
	if err != nil || mapq < 0 {
		return alnRecord{}, fmt.Errorf("MAPQ %q is not a non-negative integer", col[4])
	}
	clip, err := leadingClip(col[5])
	if err != nil {
		return alnRecord{}, err
	}
	return alnRecord{Name: string(col[0]), Flag: flag, Ref: string(col[2]), Pos: pos, MapQ: mapq, LeadClip: clip}, nil
}

// leadingClip sums the lengths of the S and H operations that open a CIGAR
// string ("*" has none).
func leadingClip(cigar []byte) (int, error) {
	clip := 0
	for len(cigar) > 0 && cigar[0] != '*' {
		n := 0
		i := 0
		for i < len(cigar) && cigar[i] >= '0' && cigar[i] <= '9' {
			if n > 1<<30 {
				return 0, fmt.Errorf("CIGAR %q: operation length overflows", cigar)
			}
			n = n*10 + int(cigar[i]-'0')
			i++
		}
		if i == 0 || i == len(cigar) {
			return 0, fmt.Errorf("CIGAR %q is malformed", cigar)
		}
		if cigar[i] != 'S' && cigar[i] != 'H' {
			break
		}
		clip += n
		cigar = cigar[i+1:]
	}
	return clip, nil
}

// bamNext reads BAM records through biogo/hts.
func bamNext(r *bam.Reader) func() (alnRecord, error) {
	n := 0
	return func() (alnRecord, error) {
		rec, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return alnRecord{}, io.EOF
			}
			return alnRecord{}, fmt.Errorf("record %d: %w", n+1, err)
		}
		n++
		return fromSAMRecord(rec, n), nil
	}
}

// fromSAMRecord converts a biogo/hts record (0-based Pos) to an alnRecord.
func fromSAMRecord(rec *sam.Record, n int) alnRecord {
	ref := "*"
	if rec.Ref != nil {
		ref = rec.Ref.Name()
	}
	clip := 0
	for _, op := range rec.Cigar {
		t := op.Type()
		if t != sam.CigarSoftClipped && t != sam.CigarHardClipped {
			break
		}
		clip += op.Len()
	}
	return alnRecord{Name: rec.Name, Flag: int(rec.Flags), Ref: ref, Pos: rec.Pos + 1,
		MapQ: int(rec.MapQ), LeadClip: clip, lineOrRec: n}
}
