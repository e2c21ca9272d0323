package pileup

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"github.com/vole-bio/vole/index"
)

// scanFai works out, in one pass over the plain FASTA r and in memory that
// does not grow with the genome, the table `samtools faidx` would write for
// it: for each contig its name (the first word of the header), its length,
// the offset of its first base, and the bases and bytes of its lines. It
// says ok false, without error, when the file has no such table (the lines
// of a contig not all of one length but the last, which may be shorter; a
// blank line or a space inside a contig's sequence) or when index.ReadFASTA
// would refuse it (no header, sequence before the first header, an empty
// contig, a header with no name, a duplicate name, a name SAM cannot
// carry (index.CheckContigName), a character that is not a base): then the caller reads the FASTA with ReadFASTA, which accepts
// the first kind and says what is wrong with the second. Only a read error
// is an error.
func scanFai(r io.Reader) (idx []faidxContig, ok bool, err error) {
	s := faiScan{names: map[string]bool{}}
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			if line[0] == '>' {
				if errors.Is(err, bufio.ErrBufferFull) {
					line = append([]byte(nil), line...)
					for errors.Is(err, bufio.ErrBufferFull) {
						var more []byte
						more, err = br.ReadSlice('\n')
						line = append(line, more...)
					}
				}
				ok = s.header(line)
			} else {
				ok = s.sequence(line)
				for ok && errors.Is(err, bufio.ErrBufferFull) {
					line, err = br.ReadSlice('\n')
					ok = s.sequence(line)
				}
				ok = ok && s.endLine(err == nil)
			}
			if !ok {
				return nil, false, nil
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, false, err
		}
	}
	if len(s.idx) == 0 || s.idx[len(s.idx)-1].Length == 0 {
		return nil, false, nil
	}
	return s.idx, true, nil
}

// faiScan is the state of scanFai: the table so far and the line being
// read.
type faiScan struct {
	idx   []faidxContig
	names map[string]bool
	off   int64 // of the line being read

	bases, bytes int  // of the sequence line being read, so far
	cr           bool // the line so far ends in '\r'
	short        bool // the open contig has had a line shorter than its first: it must be its last
	closed       bool // a blank line has followed the open contig's bases
}

// header opens the contig of the header line h, after checking the open
// contig has bases.
func (s *faiScan) header(h []byte) bool {
	s.off += int64(len(h))
	if n := len(s.idx); n > 0 && s.idx[n-1].Length == 0 {
		return false
	}
	fields := bytes.Fields(h[1:])
	if len(fields) == 0 || s.names[string(fields[0])] || index.CheckContigName(string(fields[0])) != nil {
		return false
	}
	name := string(fields[0])
	s.names[name] = true
	s.idx = append(s.idx, faidxContig{ContigLength: ContigLength{Name: name}, offset: s.off})
	s.short, s.closed = false, false
	return true
}

// sequence takes in a sequence line or a piece of a long one: bases, then
// at the line's end an optional '\r' and the '\n'.
func (s *faiScan) sequence(p []byte) bool {
	s.bytes += len(p)
	if s.cr { // the piece before ended in '\r'
		return string(p) == "\n"
	}
	i := 0
	for ; i+8 <= len(p); i += 8 { // unrolled: this loop reads the genome
		q := p[i : i+8 : i+8]
		if !(index.IsBase(q[0]) && index.IsBase(q[1]) && index.IsBase(q[2]) && index.IsBase(q[3]) &&
			index.IsBase(q[4]) && index.IsBase(q[5]) && index.IsBase(q[6]) && index.IsBase(q[7])) {
			break
		}
	}
	for i < len(p) && index.IsBase(p[i]) {
		i++
	}
	s.bases += i
	switch string(p[i:]) {
	case "", "\n", "\r\n":
		return true
	case "\r":
		s.cr = true
		return true
	}
	return false
}

// endLine checks the line just read fits the open contig's layout and adds
// its bases; eol says whether it ended in '\n' (else it is the file's last).
func (s *faiScan) endLine(eol bool) bool {
	bases, n := s.bases, s.bytes
	s.off += int64(n)
	s.bases, s.bytes, s.cr = 0, 0, false
	if !eol {
		n++ // as if the '\n' were there, as samtools counts it
	}
	if len(s.idx) == 0 {
		return bases == 0 // blank lines before the first header
	}
	c := &s.idx[len(s.idx)-1]
	switch {
	case bases == 0:
		s.closed = true
		return c.Length > 0
	case s.closed || s.short:
		return false
	case c.Length == 0:
		c.lineBases, c.lineBytes = bases, n
	case bases > c.lineBases || n-bases != c.lineBytes-c.lineBases:
		return false
	case bases < c.lineBases:
		s.short = true
	}
	c.Length += bases
	return true
}
