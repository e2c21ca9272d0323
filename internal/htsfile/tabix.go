package htsfile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
)

// A bgzipped VCF with its tabix index (tabix specification; SAM/BAM
// specification section 5 for the bins), written in one pass as htslib's
// bgzip plus tabix -p vcf would: each data line is a record whose
// interval is [POS-1, POS-1+len(REF)), or up to INFO's END= when that lies
// further; header lines (starting with '#') are not indexed. Contigs get
// their index numbers in order of first appearance, so the VCF must be
// sorted: a contig's lines together, positions not decreasing.

// Tabix header fields for the vcf preset.
const (
	tbxFormatVCF = 2
	tbxColSeq    = 1
	tbxColBeg    = 2
	tbxColEnd    = 0
	tbxMeta      = '#'
)

// IndexedVCF writes a bgzipped VCF and builds its tabix index (a CSI with
// the same tabix header when a position reaches 2^29). It is an
// io.Writer taking VCF text in pieces of any size. Not safe for
// concurrent use; Close must be called to stop its goroutines.
type IndexedVCF struct {
	z        *Writer
	idx      *IndexBuilder
	csi      bool
	names    []string
	ids      map[string]int
	partial  []byte // the start of a line not yet complete
	line     int
	last     int // the current contig's number (-1 before the first record)
	lastPos  int
	finished bool
	err      error
}

// NewIndexedVCF returns an IndexedVCF writing to w, compressing on threads
// goroutines; longest is the longest contig that may appear (from the
// reference), which decides between a TBI and a CSI (IndexExt).
func NewIndexedVCF(w io.Writer, longest, threads int) *IndexedVCF {
	v := &IndexedVCF{z: NewWriter(w, DefaultLevel, threads), ids: map[string]int{}, last: -1}
	depth := BAIDepth
	if longest >= MaxBAILength {
		v.csi, depth = true, CSIDepth(BAIMinShift, longest)
	}
	v.idx = NewIndexBuilder(0, BAIMinShift, depth)
	return v
}

// VCFIndexExt is the extension of the index NewIndexedVCF writes for
// contigs up to longest bases: ".tbi", or ".csi" when a TBI cannot address
// them (tabix -C).
func VCFIndexExt(longest int) string {
	if longest >= MaxBAILength {
		return ".csi"
	}
	return ".tbi"
}

// Write takes VCF text; lines may be split across calls.
func (v *IndexedVCF) Write(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	n := len(p)
	if len(v.partial) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			v.partial = append(v.partial, p...)
			return n, nil
		}
		v.partial = append(v.partial, p[:i+1]...)
		p = p[i+1:]
		if v.err = v.writeLine(v.partial); v.err != nil {
			return 0, v.err
		}
		v.partial = v.partial[:0]
	}
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			v.partial = append(v.partial, p...)
			break
		}
		if v.err = v.writeLine(p[:i+1]); v.err != nil {
			return 0, v.err
		}
		p = p[i+1:]
	}
	return n, nil
}

// writeLine writes one line (not empty), newline included, and indexes it
// when it is a record: not a header line, not blank.
func (v *IndexedVCF) writeLine(line []byte) error {
	v.line++
	if line[0] == tbxMeta || len(bytes.TrimRight(line, "\r\n")) == 0 {
		_, err := v.z.Write(line)
		return err
	}
	chrom, beg, end, err := vcfInterval(line)
	if err != nil {
		return fmt.Errorf("VCF line %d: %w", v.line, err)
	}
	id, ok := v.ids[string(chrom)]
	switch {
	case !ok:
		id = len(v.names)
		v.ids[string(chrom)] = id
		v.names = append(v.names, string(chrom))
		v.idx.refs = append(v.idx.refs, refIndex{})
	case id != v.last:
		return fmt.Errorf("VCF line %d: contig %s again after %s: the VCF is not sorted", v.line, chrom, v.names[v.last])
	case beg < v.lastPos:
		return fmt.Errorf("VCF line %d: position %d after %d on %s: the VCF is not sorted", v.line, beg+1, v.lastPos+1, chrom)
	}
	if !v.csi && end > MaxBAILength {
		return fmt.Errorf("VCF line %d: position %d on %s is past what a TBI addresses (2^29): the writer was made for shorter contigs", v.line, end, chrom)
	}
	v.last, v.lastPos = id, beg
	b, e, err := v.z.WriteRecord(line)
	if err == nil {
		v.idx.Add(id, beg, end, true, b, e)
	}
	return err
}

// vcfInterval parses a VCF record's contig and 0-based half-open interval.
func vcfInterval(line []byte) (chrom []byte, beg, end int, err error) {
	line = bytes.TrimRight(line, "\r\n")
	var cols [8][]byte
	rest := line
	for k := range cols {
		i := bytes.IndexByte(rest, '\t')
		if i < 0 {
			cols[k], rest = rest, nil
			if k < 3 {
				return nil, 0, 0, fmt.Errorf("%d columns, a record has at least 4", k+1)
			}
			break
		}
		cols[k], rest = rest[:i], rest[i+1:]
	}
	pos, perr := strconv.Atoi(string(cols[1]))
	if perr != nil || pos < 1 {
		return nil, 0, 0, fmt.Errorf("bad POS %q", cols[1])
	}
	beg = pos - 1
	end = beg + max(len(cols[3]), 1)
	if e := infoEnd(cols[7]); e > beg {
		end = max(end, e)
	}
	return cols[0], beg, end, nil
}

// infoEnd returns the value of END= in an INFO column, 0 when absent or
// malformed.
func infoEnd(info []byte) int {
	for len(info) > 0 {
		field := info
		if i := bytes.IndexByte(info, ';'); i >= 0 {
			field, info = info[:i], info[i+1:]
		} else {
			info = nil
		}
		if v, ok := bytes.CutPrefix(field, []byte("END=")); ok {
			e, err := strconv.Atoi(string(v))
			if err == nil {
				return e
			}
		}
	}
	return 0
}

// Close writes the rest of the VCF and its end-of-file block, then the
// index to index. A last line without a newline is indexed as a line.
func (v *IndexedVCF) Close(index io.Writer) error {
	if v.finished {
		return errClosed
	}
	v.finished = true
	if v.err == nil && len(v.partial) > 0 {
		v.err = v.writeLine(v.partial)
	}
	offsets, err := v.z.Close()
	if v.err != nil {
		return v.err
	}
	if err != nil {
		return err
	}
	aux := v.tabixHeader()
	if v.csi {
		return v.idx.WriteCSI(index, offsets, aux)
	}
	return v.idx.writeCompressed(index, func(e *le) {
		e.put([]byte("TBI\x01"))
		e.put(int32(len(v.names)))
		e.put(aux)
		v.idx.writeRefs(e, offsets, false)
	})
}

// tabixHeader is the tabix configuration and contig names, as a TBI holds
// them after n_ref and a CSI holds them as auxiliary data.
func (v *IndexedVCF) tabixHeader() []byte {
	var names []byte
	for _, n := range v.names {
		names = append(append(names, n...), 0)
	}
	b := make([]byte, 0, 28+len(names))
	for _, x := range []int32{tbxFormatVCF, tbxColSeq, tbxColBeg, tbxColEnd, tbxMeta, 0, int32(len(names))} {
		b = binary.LittleEndian.AppendUint32(b, uint32(x))
	}
	return append(b, names...)
}
