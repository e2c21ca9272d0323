package pileup

import "cmp"

// refWindow is the uppercase sequence of one contig over a stretch
// [off, off+len(seq)) that follows the pileup along the contig, fetched
// from the reference source as it moves, so memory follows the window, not
// the contig (a human chromosome 1 would be 249 MB as letters). Ambiguous
// bases read as N.
type refWindow struct {
	src     refSource
	contig  int
	length  int // of the contig
	off     int
	seq     []byte
	scratch []byte
	// err is the first error of the source; the window then reads N
	// where bases are missing, and the caller reports err.
	err error
}

// newRefWindow starts an empty window on contig c of src.
func newRefWindow(src refSource, c int) *refWindow {
	return &refWindow{src: src, contig: c, length: src.contigs()[c].Length}
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
	var err error
	if r.scratch, err = r.src.fetch(r.scratch, r.contig, end, hi); err != nil {
		r.err = cmp.Or(r.err, err)
		r.scratch = r.scratch[:0]
		for range hi - end {
			r.scratch = append(r.scratch, 'N')
		}
	}
	r.seq = append(r.seq, r.scratch...)
}

// extend makes the bases up to hi (clipped to the contig) available
// without dropping any.
func (r *refWindow) extend(hi int) { r.need(r.off, hi) }
