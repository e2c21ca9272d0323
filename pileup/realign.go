package pileup

import (
	"sort"

	"github.com/biogo/hts/sam"
)

// BAQ is computed only for the reads it can change a call for, as
// bcftools (1.13 on) computes it only in "problematic regions": over a
// whole run it costs more than the rest of the pileup, and for the great
// majority of reads (no indel nearby, no mismatch in a homopolymer) it
// leaves the qualities that matter as they are. A read is realigned when
// it is at most baqMaxReadLen bases and spans at most baqMaxSpan reference
// bases, has no reference skip, and
//
//   - has a mismatch within baqNear bases of an indel that at least two
//     reads show (a read that runs a few bases past a deletion and was
//     aligned without the gap shows mismatches there), or
//   - has a mismatch next to a homopolymer of 6 or more bases within
//     baqNear bases of an end of its alignment (slippage makes the read's
//     run longer or shorter, which an aligner writes as a gap inside the
//     read but near its end as a mismatch), or
//   - carries an indel within baqNear bases of an end of its alignment,
//     where an aligner's choice between a gap and mismatches is weakest.
const (
	baqMaxSpan = 600
	baqNear    = 20
	// baqReach is how far before and after a piece of a contig the reads
	// are read to learn the indels near the piece's reads: every read
	// that may be realigned (spanning at most baqMaxSpan) sees the same
	// indels whatever the pieces.
	baqReach = baqMaxSpan + 2*baqNear
	// refBehind is how far behind the oldest read not yet counted the
	// reference window reaches: BAQ aligns a read's soft-clipped bases too.
	refBehind = baqMaxReadLen + baqReach + 64
)

// realigner notes the indels of the reads as they arrive and decides, for
// each read once every read that may show an indel near it has arrived,
// whether to compute its BAQ.
type realigner struct {
	enabled bool
	counts  map[int]int32 // reads with an indel at a position
	marks   []int         // sorted positions shown by at least 2 reads
	swept   int
	baq     baqScratch
}

func newRealigner(enabled bool) *realigner {
	return &realigner{enabled: enabled, counts: map[int]int32{}}
}

// note records the indels of an arriving read (not at either end of its
// CIGAR, where they are clips in disguise).
func (r *realigner) note(rec *sam.Record) {
	if !r.enabled {
		return
	}
	pos := rec.Pos
	for i, op := range rec.Cigar {
		t := op.Type()
		if (t == sam.CigarInsertion || t == sam.CigarDeletion) && i > 0 && i < len(rec.Cigar)-1 {
			r.counts[pos]++
			if r.counts[pos] == 2 {
				j := sort.SearchInts(r.marks, pos)
				r.marks = append(r.marks, 0)
				copy(r.marks[j+1:], r.marks[j:])
				r.marks[j] = pos
			}
		}
		if t.Consumes().Reference != 0 {
			pos += op.Len()
		}
	}
}

// forget drops the indels before pos, every few thousand positions.
func (r *realigner) forget(pos int) {
	const every = 4096
	if pos < r.swept+every {
		return
	}
	r.swept = pos
	for p := range r.counts {
		if p < pos {
			delete(r.counts, p)
		}
	}
	j := sort.SearchInts(r.marks, pos)
	r.marks = append(r.marks[:0], r.marks[j:]...)
}

// markNear reports whether a position shown by two reads lies within
// baqNear of p.
func (r *realigner) markNear(p int) bool {
	j := sort.SearchInts(r.marks, p-baqNear)
	return j < len(r.marks) && r.marks[j] <= p+baqNear
}

// quals returns the base qualities the pileup uses for rec: capped by BAQ
// when the read needs it (see above), else the read's own. end is the
// read's reference end; ref must cover the read.
func (r *realigner) quals(rec *sam.Record, end int, ref *refWindow) []byte {
	if !r.enabled || rec.Seq.Length > baqMaxReadLen || end-rec.Pos > baqMaxSpan || !r.needsBAQ(rec, end, ref) {
		return rec.Qual
	}
	if q := r.baq.baq(rec, ref); q != nil {
		return q
	}
	return rec.Qual
}

// needsBAQ applies the rules above to one read ending at end. Without a
// marked indel near the read only its first and last baqNear aligned
// bases can trigger, so only those are compared with the reference.
func (r *realigner) needsBAQ(rec *sam.Record, end int, ref *refWindow) bool {
	first, last := alignedPart(rec)
	marked := r.markIn(rec.Pos-baqNear, end+baqNear)
	need := false
	eachOp(rec, func(st cigarStep) bool {
		switch st.op {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			for k := 0; k < st.n && st.pos+k < ref.length; k++ {
				qk := st.qi + k
				nearEnd := qk-first < baqNear || last-qk < baqNear
				if !marked && !nearEnd {
					k = max(k, last-baqNear-st.qi) // jump to the last stretch
					continue
				}
				b, rb := nibbleBase[seqNibble(rec.Seq, qk)], baseCode[ref.at(st.pos+k)]
				if b == rb || b > 3 || rb > 3 {
					continue
				}
				if (marked && r.markNear(st.pos+k)) || (nearEnd && nextToHomopolymer(ref, st.pos+k)) {
					need = true
				}
			}
		case sam.CigarInsertion, sam.CigarDeletion:
			need = need || st.qi-first < baqNear || last-st.qi < baqNear
		case sam.CigarSkipped:
			return false
		}
		return !need
	})
	return need
}

// markIn reports whether a position shown by two reads lies in [lo, hi).
func (r *realigner) markIn(lo, hi int) bool {
	j := sort.SearchInts(r.marks, lo)
	return j < len(r.marks) && r.marks[j] < hi
}

// nextToHomopolymer reports whether a run of 6 or more identical reference
// bases ends just before p or starts just after it (Illumina's slippage
// errors become common from about that length; shorter runs, four times
// as frequent per length, would realign many reads for nothing). ref must
// hold the 6 bases on each side.
func nextToHomopolymer(ref *refWindow, p int) bool {
	const run = 6
	before, after := p-run >= 0, p+run < ref.length
	if before {
		c := ref.at(p - 1)
		for i := 2; i <= run && before; i++ {
			before = ref.at(p-i) == c
		}
	}
	if after {
		c := ref.at(p + 1)
		for i := 2; i <= run && after; i++ {
			after = ref.at(p+i) == c
		}
	}
	return before || after
}
