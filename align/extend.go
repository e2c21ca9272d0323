package align

import (
	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/index"
)

// extend turns a chain into an alignment of the whole read: a gapless
// alignment on the chain's diagonal when that is provably optimal (or, when
// approx, likely optimal: see gapless), else the banded affine-gap DP
// around the diagonal (see dp.go). A chain on one diagonal whose best
// gapless alignment (ends clipped as they should be) scores below floor is
// not aligned by DP and gives no hit: floor is set for chains competing
// with a better hit, where only an alignment near that hit's score matters,
// and a gap can only recover the bases beyond it, which a chain whose
// seeds all lie on one diagonal rarely leaves many of (on ART reads, four
// in five DPs were of such chains and scored under 100: tuning data,
// ART 2x150 of a 1.5 Mb vole sim genome, seed 1; the rule moved no read,
// changed 8 of 546k MAPQs and halved the CPU).
func (w *worker) extend(c chain, approx bool, floor int) (hit, bool) {
	q := w.strands[0]
	if c.rev {
		q = w.strands[1]
	}
	a := w.anchors[c.first]
	ctg := w.contigs[w.ix.ContigOf(a.diag+int64(a.qb))]
	if c.lo == c.hi {
		if h, ok := w.gapless(q, c.diag, ctg.Offset, ctg.End(), approx, -1); ok {
			h.rev = c.rev
			return h, true
		}
		if floor > 0 && w.gaplessScore(q, c.diag, ctg.Offset, ctg.End()) < floor {
			return hit{}, false
		}
	}
	return w.extendDP(q, c, ctg)
}

// extendDP aligns chain c of read codes q by banded DP in contig ctg.
func (w *worker) extendDP(q []byte, c chain, ctg index.Contig) (hit, bool) {
	n := len(q)
	band := int(max(c.hi-c.diag, c.diag-c.lo)) + bandPad
	return w.alignWindow(q, c.rev, c.diag-int64(band), c.diag+int64(n+band), c.diag, band, ctg.Offset, ctg.End())
}

// Gapless fast path. An alignment on the chain's diagonal without gaps is
// taken instead of the DP in two cases:
//   - it loses at most GapOpen+GapExtend-1 points to mismatches: any
//     alignment with a gap loses at least GapOpen+GapExtend, and clipping
//     an end costs the clip penalty plus the clipped bases, more than the
//     one mismatch it could remove, so the gapless one is optimal;
//   - it has at most gaplessMaxMismatches mismatches, each at least
//     gaplessSpacing bases from the next: clipping can then never pay
//     (a clipped end would hold at most one mismatch), and a gap would
//     shift the rest of the read off the diagonal, which shows as a dense
//     run of mismatches rather than isolated ones. This is a heuristic,
//     measured to change no alignment on 50k simulated E. coli pairs; it saves
//     the DP for most reads with a few substitutions.
//
// With approx, a third case: no gaplessDense mismatches within any
// gaplessSpacing bases (no run as dense as a shifted diagonal shows), and
// then the gapless alignment with the best clipping of its ends is taken,
// marked approx. Its score is a lower bound of the DP's and equals it unless
// a gap near an end of the read would pay; a reported approx hit is aligned
// again by DP (worker.refine), so approx hits only stand in for the many
// copies of a repeat that MAPQ, pairing and XA weigh (a read in an array of
// 500 copies at 2% divergence has 500 chains, none with few mismatches).
// Tuning data (doc.go), 100k human-like pairs: 26 of 200k records change
// (MAPQs in segmental duplications, one placement), no accuracy figure
// does, and 21% less CPU; 3x less in the tandem genome.
const (
	gaplessMaxMismatches = 4
	gaplessSpacing       = 12
	gaplessDense         = 4
)

// gapless aligns q on diagonal diag without gaps when the read lies inside
// the contig [cs, ce) and one of the cases above holds. It gives up as soon
// as mismatches cost more than maxLost points (unbounded when negative),
// which is cheap for the many copies of a repeat that cannot matter.
func (w *worker) gapless(q []byte, diag, cs, ce int64, approx bool, maxLost int) (hit, bool) {
	n := len(q)
	if diag < cs || diag+int64(n) > ce {
		return hit{}, false
	}
	w.win = w.ix.Fetch(w.win[:0], diag, diag+int64(n))
	budget := min(w.sc.GapOpen+w.sc.GapExtend-1, w.sc.Clip+w.sc.Match)
	lost, mismatches, last, spaced, sparse := 0, 0, -gaplessSpacing, true, true
	var recent [gaplessDense - 1]int // positions of the last mismatches
	for i := range recent {
		recent[i] = -gaplessSpacing
	}
	for i, c := range q {
		if c != w.win[i] || c > 3 {
			lost += w.sc.Match - int(w.sc.pair(c, w.win[i]))
			spaced = spaced && i-last >= gaplessSpacing
			sparse = sparse && i-recent[mismatches%len(recent)] >= gaplessSpacing
			recent[mismatches%len(recent)] = i
			mismatches++
			last = i
			if !sparse || (!approx && mismatches > gaplessMaxMismatches) || (!approx && !spaced && lost > budget) || (maxLost >= 0 && lost > maxLost) {
				return hit{}, false
			}
		}
	}
	if lost <= budget || (spaced && mismatches <= gaplessMaxMismatches) {
		ops := []sam.CigarOp{sam.NewCigarOp(sam.CigarMatch, n)}
		nm, score, md := alignmentTags(q, w.win, 0, 0, ops, w.sc)
		return hit{pos: diag, contig: w.ix.ContigOf(diag), cigar: ops, score: score, nm: nm, md: md, rlen: n}, true
	}
	lo, hi := w.bestClips(q, w.win)
	cigar, _, _, _ := clippedCigar(n, lo, hi, []sam.CigarOp{sam.NewCigarOp(sam.CigarMatch, hi-lo)})
	nm, score, md := alignmentTags(q, w.win, 0, lo, cigar, w.sc)
	pos := diag + int64(lo)
	return hit{pos: pos, contig: w.ix.ContigOf(pos), cigar: cigar, score: score, nm: nm, md: md, rlen: hi - lo, approx: true}, true
}

// gaplessScore is the score of the best gapless alignment of q on diagonal
// diag with its ends clipped where that pays, after the clip penalties; a
// very low score when the read does not fit in the contig [cs, ce).
func (w *worker) gaplessScore(q []byte, diag, cs, ce int64) int {
	n := len(q)
	if diag < cs || diag+int64(n) > ce {
		return -n
	}
	w.win = w.ix.Fetch(w.win[:0], diag, diag+int64(n))
	lo, hi := w.bestClips(q, w.win)
	score := 0
	for i := lo; i < hi; i++ {
		score += int(w.sc.pair(q[i], w.win[i]))
	}
	if lo > 0 {
		score -= w.sc.Clip
	}
	if hi < n {
		score -= w.sc.Clip
	}
	return score
}

// bestClips returns the read interval [lo, hi) whose gapless alignment
// against r (same length as q) scores best after paying the clip penalty
// for each clipped end; ties keep more of the read.
func (w *worker) bestClips(q, r []byte) (lo, hi int) {
	n := len(q)
	best, sum := 0, 0
	for i := 0; i < n; i++ { // clipping [0, i+1) gains -sum - Clip
		sum += int(w.sc.pair(q[i], r[i]))
		if g := -sum - w.sc.Clip; g > best {
			best, lo = g, i+1
		}
	}
	best, sum, hi = 0, 0, n
	for i := n - 1; i >= lo; i-- {
		sum += int(w.sc.pair(q[i], r[i]))
		if g := -sum - w.sc.Clip; g > best {
			best, hi = g, i
		}
	}
	return lo, hi
}

// alignWindow runs the banded DP of q against the text window [ws, we)
// clipped to the contig [cs, ce), with the band centred on text diagonal
// diag (read base i against text position diag+i) with half-width band.
func (w *worker) alignWindow(q []byte, rev bool, ws, we, diag int64, band int, cs, ce int64) (hit, bool) {
	ws, we = max(ws, cs), min(we, ce)
	if we <= ws {
		return hit{}, false
	}
	w.win = w.ix.Fetch(w.win[:0], ws, we)
	ext, ok := w.dp.bandedAlign(q, w.win, int(diag-ws), band, w.sc)
	if !ok || ext.qe <= ext.qb {
		return hit{}, false
	}
	cigar, _, _, skip := clippedCigar(len(q), ext.qb, ext.qe, ext.ops)
	rb := ext.rb + skip
	nm, score, md := alignmentTags(q, w.win, 0, rb, cigar, w.sc)
	rlen := 0
	for _, op := range cigar {
		if t := op.Type(); t == sam.CigarMatch || t == sam.CigarDeletion {
			rlen += op.Len()
		}
	}
	if rlen == 0 {
		return hit{}, false
	}
	pos := ws + int64(rb)
	return hit{rev: rev, pos: pos, contig: w.ix.ContigOf(pos), cigar: cigar, score: score, nm: nm, md: md, rlen: rlen}, true
}
