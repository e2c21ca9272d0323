package htsfile

import (
	"encoding/binary"
	"errors"

	"github.com/biogo/hts/sam"
)

// BAM record encoding (SAM/BAM specification section 4.2), byte for byte
// what biogo's bam.Writer writes. The sorter encodes each record once when
// it arrives: the encoded form is about a third of a sam.Record's memory
// and is what both the sort runs and the final BAM hold.

// BAMRecord is one encoded BAM record, block_size field first.
type BAMRecord []byte

// Field offsets in an encoded record (from its block_size field).
const (
	bamRefID    = 4
	bamPos      = 8
	bamNameLen  = 12
	bamNCigar   = 16
	bamFlag     = 18
	bamFixedLen = 36
)

// AppendBAM appends the encoding of r, block_size first, to b.
func AppendBAM(b []byte, r *sam.Record) ([]byte, error) {
	if len(r.Name) == 0 || len(r.Name) > 254 {
		return b, errors.New("bam: name absent or too long")
	}
	if r.Qual != nil && len(r.Qual) != r.Seq.Length {
		return b, errors.New("bam: sequence/quality length mismatch")
	}
	start := len(b)
	le := binary.LittleEndian
	b = le.AppendUint32(b, 0) // block_size, set below
	b = le.AppendUint32(b, uint32(int32(r.Ref.ID())))
	b = le.AppendUint32(b, uint32(int32(r.Pos)))
	b = append(b, byte(len(r.Name)+1), r.MapQ)
	b = le.AppendUint16(b, uint16(recordBin(r)))
	b = le.AppendUint16(b, uint16(len(r.Cigar)))
	b = le.AppendUint16(b, uint16(r.Flags))
	b = le.AppendUint32(b, uint32(int32(r.Seq.Length)))
	b = le.AppendUint32(b, uint32(int32(r.MateRef.ID())))
	b = le.AppendUint32(b, uint32(int32(r.MatePos)))
	b = le.AppendUint32(b, uint32(int32(r.TempLen)))
	b = append(append(b, r.Name...), 0)
	for _, op := range r.Cigar {
		b = le.AppendUint32(b, uint32(op))
	}
	for _, d := range r.Seq.Seq {
		b = append(b, byte(d))
	}
	if r.Qual != nil {
		b = append(b, r.Qual...)
	} else {
		for i := 0; i < r.Seq.Length; i++ {
			b = append(b, 0xff)
		}
	}
	for _, a := range r.AuxFields {
		b = append(b, a...)
		if t := a.Type(); t == 'Z' || t == 'H' {
			b = append(b, 0)
		}
	}
	le.PutUint32(b[start:], uint32(len(b)-start-4))
	return b, nil
}

// RefPos returns the record's reference ID and 0-based position.
func (rec BAMRecord) RefPos() (ref, pos int32) {
	return int32(binary.LittleEndian.Uint32(rec[bamRefID:])), int32(binary.LittleEndian.Uint32(rec[bamPos:]))
}

// Flags returns the record's flags.
func (rec BAMRecord) Flags() sam.Flags {
	return sam.Flags(binary.LittleEndian.Uint16(rec[bamFlag:]))
}

// SortKey is the record's coordinate sort key: reference (unplaced, ID -1,
// last), position, then whether it is on the reverse strand.
func (rec BAMRecord) SortKey() (uint64, bool) {
	ref, pos := rec.RefPos()
	return uint64(uint32(ref))<<32 | uint64(uint32(pos)), rec.Flags()&sam.Reverse != 0
}

// End returns the position just past the last reference base the record
// aligns, as sam.Record.End: Pos+1 for an unmapped record or one without a
// CIGAR.
func (rec BAMRecord) End() int {
	_, pos := rec.RefPos()
	n := int(binary.LittleEndian.Uint16(rec[bamNCigar:]))
	if rec.Flags()&sam.Unmapped != 0 || n == 0 {
		return int(pos) + 1
	}
	p := bamFixedLen + int(rec[bamNameLen])
	end, at := int(pos), int(pos)
	for i := 0; i < n; i++ {
		op := sam.CigarOp(binary.LittleEndian.Uint32(rec[p+4*i:]))
		at += op.Len() * op.Type().Consumes().Reference
		end = max(end, at)
	}
	return end
}

// recordBin is the bin field of r: sam.Record.Bin, except for a record
// reaching past 2^29 bases, beyond the BAI scheme, which gets
// reg2bin(-1, 0) = 4680 (biogo would truncate a bin of another scheme to
// 16 bits); readers of such files bin by the CSI instead.
func recordBin(r *sam.Record) int {
	if r.End() > MaxBAILength {
		return 4680
	}
	return r.Bin()
}
