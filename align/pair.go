package align

import "math"

// Pairing, after bwa mem's mem_pair and mem_sam_pe: every combination of
// the mates' hits that forms a proper pair is scored as the sum of the two
// alignment scores plus the insert-size log-probability (insertModel
// penalty); the best combination is taken when it beats aligning the mates
// separately at a cost of unpairedPenalty. The pair's MAPQ comes from the
// gap between the best and the second best combination, pairMAPQPerPoint
// per score point, and raises each mate's own MAPQ by at most 40. Before pairing, a mate without a hit near a good hit of its
// partner is rescued by DP in the window the insert model implies.

// pairMAPQPerPoint converts the score gap between the best and second-best
// pair into Phred units. bwa mem uses 6.02 (a point as a factor of 4 in
// likelihood). Measured on the E. coli dwgsim simulation (1M reads), pairs
// whose best combination beat the second by one mismatch (5 points) were
// wrong 18 times in 1844 (1%, Phred 20), where 6.02 gives them MAPQ 30; at
// 3.5 such a pair gets 17 and pairs two mismatches apart get 35, which the
// same data support (no wrong pair above a gap of 5 points).
const pairMAPQPerPoint = 3.5

// rescueTop is how many of a read's best hits get their mate rescued.
const rescueTop = 3

// placement is the outcome for one mate: its chosen hit (nil when
// unmapped), MAPQ, the second-best score of the read for XS (-1: none), and
// whether the pair is proper.
type placement struct {
	h      *hit
	mapq   int
	xs     int
	proper bool
}

// placeSingle places an unpaired read: its best hit.
func placeSingle(ra *readAln, n int, sc *Scoring) placement {
	if len(ra.hits) == 0 {
		return placement{xs: -1}
	}
	return placement{h: &ra.hits[0], mapq: mapqSE(ra, n, sc), xs: xsFor(ra, 0)}
}

// xsFor is the XS of a read placed at hit idx: the best score among its
// other hits, -1 when it has none.
func xsFor(ra *readAln, idx int) int {
	for i := range ra.hits {
		if i != idx {
			return ra.hits[i].score
		}
	}
	return -1
}

// rescue adds to mate the hits found by aligning its read (seq) in the
// window implied by each of the partner's best hits that has no properly
// paired hit yet.
func (w *worker) rescue(partner, mate *readAln, seq []byte, m *insertModel) {
	if !m.ok || len(partner.hits) == 0 {
		return
	}
	w.encode(seq)
	n := int64(len(seq))
	best := partner.hits[0].score
	for i := 0; i < len(partner.hits) && i < rescueTop; i++ {
		p := &partner.hits[i]
		if p.score < best-(w.sc.Match+w.sc.Mismatch)*4 || hasProperMate(p, mate, m) {
			continue
		}
		var ws, we int64
		if !p.rev { // mate on the reverse strand, ending within [pos+lo, pos+hi]
			ws, we = p.pos+m.lo-n, p.pos+m.hi
		} else { // mate forward, starting within [end-hi, end-lo]
			ws, we = p.end()-m.hi, p.end()-m.lo+n
		}
		ctg := w.contigs[p.contig]
		ws, we = max(ws, ctg.Offset), min(we, ctg.End())
		if we-ws < n/2 {
			continue // too little room left in the contig for a mate
		}
		q := w.strands[0]
		if !p.rev {
			q = w.strands[1]
		}
		w.win = w.ix.Fetch(w.win[:0], ws, we)
		off, found := rescueDiagonal(q, w.win)
		if !found {
			continue
		}
		diag := ws + int64(off)
		if h, ok := w.alignWindow(q, !p.rev, diag-bandPad, diag+n+bandPad, diag, bandPad, ctg.Offset, ctg.End()); ok && h.score >= w.sc.MinScore {
			mate.hits = append(mate.hits, h)
			cov := make([]int, len(mate.hits))
			cov[0] = mate.seedCov
			var c []int
			mate.hits, c = dedupHits(mate.hits, cov)
			mate.seedCov = c[0]
		}
	}
}

// rescueMaxMismatches is the most mismatches a half of a rescued read may
// have on the diagonal that anchors its rescue alignment.
const rescueMaxMismatches = 5

// rescueDiagonal finds where in win a read q most likely lies: the offset
// (window position of read base 0) at which either half of the read, placed
// wholly inside the window, has the fewest mismatches, if at most
// rescueMaxMismatches. A read with one indel keeps one half gap-free, so the
// banded DP around that diagonal then finds its alignment; scanning costs a
// few comparisons per offset (the count stops at the best so far) where a DP
// over the whole window would fill hundreds of cells per offset. Ties go to
// the first half, then the leftmost offset.
func rescueDiagonal(q, win []byte) (int, bool) {
	n := len(q)
	best, bestOff := rescueMaxMismatches+1, 0
	for _, h := range [2][2]int{{0, n / 2}, {n / 2, n}} {
		for off := -h[0]; off+h[1] <= len(win); off++ {
			mm := 0
			for i := h[0]; i < h[1] && mm < best; i++ {
				if q[i] != win[off+i] || q[i] > 3 {
					mm++
				}
			}
			if mm < best {
				best, bestOff = mm, off
			}
		}
	}
	return bestOff, best <= rescueMaxMismatches
}

// hasProperMate reports whether any of mate's hits pairs properly with p.
func hasProperMate(p *hit, mate *readAln, m *insertModel) bool {
	for i := range mate.hits {
		if m.proper(p, &mate.hits[i]) {
			return true
		}
	}
	return false
}

// pairPlace chooses the placements of two mates from their hits.
func pairPlace(ra [2]*readAln, n [2]int, m *insertModel, sc *Scoring) [2]placement {
	pl := [2]placement{placeSingle(ra[0], n[0], sc), placeSingle(ra[1], n[1], sc)}
	if pl[0].h == nil || pl[1].h == nil || !m.ok {
		return pl
	}
	bestQ, subQ := math.MinInt, math.MinInt
	bi, bj := -1, -1
	for i := range ra[0].hits {
		for j := range ra[1].hits {
			a, b := &ra[0].hits[i], &ra[1].hits[j]
			ins, ok := frInsert(a, b)
			if !ok || ins < m.lo || ins > m.hi {
				continue
			}
			q := a.score + b.score + m.penalty(ins, sc.Match)
			if q > bestQ {
				subQ, bestQ, bi, bj = bestQ, q, i, j
			} else if q > subQ {
				subQ = q
			}
		}
	}
	unpaired := ra[0].hits[0].score + ra[1].hits[0].score - unpairedPenalty
	if bi < 0 || bestQ <= unpaired {
		pl[0].proper = m.proper(pl[0].h, pl[1].h)
		pl[1].proper = pl[0].proper
		return pl
	}
	subQ = max(subQ, unpaired)
	qPE := min(int(pairMAPQPerPoint*float64(bestQ-subQ)/float64(sc.Match)+.499), mapqCap)
	qPE = int(float64(qPE)*(1-.5*(ra[0].fracRep+ra[1].fracRep)) + .499)
	for k, idx := range [2]int{bi, bj} {
		qSE := 0
		if idx == 0 {
			qSE = pl[k].mapq
		}
		if qPE > qSE {
			qSE = min(qPE, qSE+40)
		}
		pl[k] = placement{h: &ra[k].hits[idx], mapq: qSE, xs: xsFor(ra[k], idx), proper: true}
	}
	return pl
}
