package index

import (
	"fmt"
	"sort"
	"strings"
)

// Contig is one sequence of the reference: its name (the first word of its
// FASTA header), its length in bases, and the offset of its first base in the
// concatenated text.
type Contig struct {
	Name   string
	Length int
	Offset int64
}

// End returns the offset just past the contig's last base in the
// concatenated text.
func (c Contig) End() int64 { return c.Offset + int64(c.Length) }

// CheckContigName returns an error saying why name cannot be a reference
// name in SAM (RNAME and @SQ SN), whose grammar is
// [0-9A-Za-z!#$%&+./:;?@^_|~-][0-9A-Za-z!#$%&*+./:;=?@^_|~-]*: "*" is
// SAM's mark of an unplaced read, so a contig named so would make its reads
// look unplaced, and other characters make a file that samtools refuses.
// vole refuses such a name (bwa would write it) rather than write SAM
// that other tools misread.
func CheckContigName(name string) error {
	if name == "*" {
		return fmt.Errorf(`contig name "*" means "no reference" (an unplaced read) in SAM: rename the contig`)
	}
	for i, r := range name {
		if !samNameChar(r, i == 0) {
			where := "has"
			if i == 0 {
				where = "starts with"
			}
			return fmt.Errorf("contig name %q %s %q, which SAM does not allow in a reference name: rename the contig", name, where, r)
		}
	}
	return nil
}

// samNameChar reports whether SAM allows r in a reference name, as its
// first character when first is set.
func samNameChar(r rune, first bool) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return true
	case r == '*' || r == '=':
		return !first
	}
	return r < 0x80 && strings.ContainsRune("!#$%&+./:;?@^_|~-", r)
}

// Run is a half-open range [Start,End) of the concatenated text made of
// ambiguous bases (N or another IUPAC code).
type Run struct{ Start, End int64 }

// Reference is a set of contigs held as one 2-bit packed text (32 bases per
// word, first base in the low bits), with the runs of ambiguous bases kept
// apart so positions stay exact. Ambiguous bases hold a pseudo-random base in
// the packed text (see ambiguousFill).
type Reference struct {
	Contigs []Contig

	text        []uint64 // 2-bit packed bases
	n           int64    // total bases
	runs        []Run    // sorted, disjoint, never crossing a contig boundary
	fingerprint Fingerprint
}

// Fingerprint identifies a reference's content: a SHA-256 of the contig names
// and uppercase sequences, plus the size and modification time of the FASTA
// file it came from as a quick check that needs no reading.
type Fingerprint struct {
	Digest [32]byte
	Size   int64 // FASTA file size in bytes; -1 when read from a stream
	MTime  int64 // FASTA modification time, Unix nanoseconds
}

// Fingerprint returns the content fingerprint recorded when the reference was
// read.
func (r *Reference) Fingerprint() Fingerprint { return r.fingerprint }

// TextLen returns the total number of bases of all contigs.
func (r *Reference) TextLen() int64 { return r.n }

// AmbiguousRuns returns the runs of ambiguous bases in text order. The slice
// belongs to the reference.
func (r *Reference) AmbiguousRuns() []Run { return r.runs }

// ambiguousFill is the base stored in the packed text at an ambiguous
// position: a splitmix64 hash of the position, so that runs of N do not form
// one long repeat in the suffix array and the choice is reproducible.
func ambiguousFill(pos int64) byte {
	z := uint64(pos) + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return byte((z ^ z>>31) & 3)
}

// packedBase returns the 2-bit base stored at pos, ignoring ambiguity.
func (r *Reference) packedBase(pos int64) byte {
	return byte(r.text[pos>>5]>>(uint(pos&31)*2)) & 3
}

// runAfter returns the index of the first run that ends after pos.
func (r *Reference) runAfter(pos int64) int {
	return sort.Search(len(r.runs), func(i int) bool { return r.runs[i].End > pos })
}

// Base returns the code at position pos of the concatenated text: 0-3, or
// Ambiguous inside an ambiguous run.
func (r *Reference) Base(pos int64) byte {
	if i := r.runAfter(pos); i < len(r.runs) && r.runs[i].Start <= pos {
		return Ambiguous
	}
	return r.packedBase(pos)
}

// Fetch appends the codes of [start,end) to dst[:0], with Ambiguous inside
// ambiguous runs. The range is clipped to the text.
func (r *Reference) Fetch(dst []byte, start, end int64) []byte {
	dst = dst[:0]
	start = max(start, 0)
	end = min(end, r.n)
	for p := start; p < end; {
		w := r.text[p>>5] >> (uint(p&31) * 2)
		stop := min(end, (p|31)+1)
		for ; p < stop; p++ {
			dst = append(dst, byte(w&3))
			w >>= 2
		}
	}
	for i := r.runAfter(start); i < len(r.runs) && r.runs[i].Start < end; i++ {
		lo, hi := max(r.runs[i].Start, start), min(r.runs[i].End, end)
		for p := lo; p < hi; p++ {
			dst[p-start] = Ambiguous
		}
	}
	return dst
}

// ContigOf returns the index of the contig holding text position pos (binary
// search over the offsets); pos must be in [0, TextLen).
func (r *Reference) ContigOf(pos int64) int {
	return sort.Search(len(r.Contigs), func(i int) bool { return r.Contigs[i].End() > pos })
}

// Valid reports whether [pos,pos+length) lies inside one contig and touches
// no ambiguous base, i.e. whether a match there is a real one.
func (r *Reference) Valid(pos int64, length int) bool {
	end := pos + int64(length)
	if pos < 0 || length < 0 || end > r.n {
		return false
	}
	if length == 0 {
		return true
	}
	if c := r.ContigOf(pos); r.Contigs[c].End() < end {
		return false
	}
	i := r.runAfter(pos)
	return i == len(r.runs) || r.runs[i].Start >= end
}

// ContigSeq returns contig i as uppercase ASCII with every ambiguous base
// written as N.
func (r *Reference) ContigSeq(i int) []byte {
	c := r.Contigs[i]
	seq := r.Fetch(make([]byte, 0, c.Length), c.Offset, c.End())
	for j, b := range seq {
		seq[j] = Letter(b)
	}
	return seq
}
