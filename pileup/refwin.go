package pileup

import (
	"github.com/vole-bio/vole/index"
)

// refWindow is the uppercase sequence of one contig over a stretch
// [off, off+len(seq)) that follows the pileup along the contig: the
// caller holds the reference 2-bit packed (index.Reference) and unpacks
// only the stretch the reads and calls in flight need, so memory follows
// the window, not the contig (a human chromosome 1 would be 249 MB as
// letters). Ambiguous bases read as N, as in index.Reference.ContigSeq.
type refWindow struct {
	src    *index.Reference
	offset int64 // of the contig in the concatenated text
	length int   // of the contig
	off    int
	seq    []byte
	codes  []byte // scratch for Fetch
}

// newRefWindow starts an empty window on contig c of src.
func newRefWindow(src *index.Reference, c int) *refWindow {
	ct := src.Contigs[c]
	return &refWindow{src: src, offset: ct.Offset, length: ct.Length}
}

// at returns the base at contig position p, which must lie inside the
// window (see need).
func (r *refWindow) at(p int) byte { return r.seq[p-r.off] }

// slice returns the bases [a, b), which must lie inside the window. The
// bytes belong to the window and change when it moves.
func (r *refWindow) slice(a, b int) []byte { return r.seq[a-r.off : b-r.off] }

// need makes [lo, hi), clipped to the contig, available; bases before lo
// may be dropped. lo must never decrease from one call to the next, and
// hi may be anything: the window only grows forward. Bases are dropped
// once half the window lies behind lo and fetched a few thousand at a
// time, so that a call per read costs little.
func (r *refWindow) need(lo, hi int) {
	const ahead = 1 << 12
	lo, hi = max(lo, 0), min(hi, r.length)
	end := r.off + len(r.seq)
	switch {
	case lo >= end:
		r.seq, r.off, end = r.seq[:0], lo, lo
	case lo-r.off > len(r.seq)/2:
		n := copy(r.seq, r.seq[lo-r.off:])
		r.seq, r.off = r.seq[:n], lo
	}
	if hi <= end {
		return
	}
	hi = min(max(hi, end+ahead), r.length)
	r.codes = r.src.Fetch(r.codes, r.offset+int64(end), r.offset+int64(hi))
	for _, c := range r.codes {
		r.seq = append(r.seq, index.Letter(c))
	}
}

// extend makes the bases up to hi (clipped to the contig) available
// without dropping any.
func (r *refWindow) extend(hi int) { r.need(r.off, hi) }
