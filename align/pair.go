package align

import (
	"cmp"
	"math"
	"slices"
)

// Pairing, after bwa mem's mem_pair and mem_sam_pe: every combination of
// the mates' hits on the primary assembly that lies in a learned
// orientation at a proper distance is scored as the sum of the two
// alignment scores plus the insert-size log-probability (insertModel
// penalty); equal combinations are ordered by a hash of the read name and
// the two loci, so the copies of a repeat share the pairs evenly. The best
// combination is taken when it beats aligning the mates separately at a
// cost of unpairedPenalty. The pair's MAPQ is the score gap between the
// best combination and the second best (or the unpaired score) at 6.02 per
// point, less 4.343 ln(n+1) for the n other combinations within nearBest
// of the second (bwa's n_sub); it raises each mate's own MAPQ by at most
// 40, but never above what separates a rescued mate from the next copy in
// its rescue window (csub). Before pairing, a mate without a hit at a
// proper distance from a good hit of its partner is rescued by alignment
// in the window the insert model implies. A read with hits on two parts
// (a chimeric or split read) is not paired: its parts are reported as
// supplementary alignments.

// rescueTop is how many of a read's best hits get their mate rescued when
// the mate's own best hit is settled: found with all its competitors, none
// within unpairedPenalty; a placement rescued near another partner hit would
// then score too low to matter. Otherwise up to rescueMax (bwa's
// max_matesw) are, so that a pair of reads from a repeat array sees the
// pairs its copies form and MAPQ knows it is not unique.
const (
	rescueTop = 3
	rescueMax = 50
)

// placement is the outcome for one read of a fragment: its primary hit
// (nil when unmapped) and MAPQ, its supplementary hits and their MAPQs,
// whether the pair is proper, and the hit each secondary hit is listed
// under in XA (owner, see xaOwners).
type placement struct {
	h      *hit
	mapq   int
	supp   []*hit
	suppQ  []int
	proper bool
	ra     *readAln
}

// levelHits returns the indices of ra's primary-level hits (not secondary
// to another), hits on the primary assembly first, each group best first:
// the primary record comes first and the others are supplementary.
func levelHits(ra *readAln, dst []int) []int {
	dst = dst[:0]
	for pass := 0; pass < 2; pass++ {
		for i := range ra.hits {
			if h := &ra.hits[i]; h.parent < 0 && h.alt == (pass == 1) {
				dst = append(dst, i)
			}
		}
	}
	return dst
}

// bestIndex is the index of ra's best hit on the primary assembly, or of
// its best hit when all are on alt contigs; -1 when it has none.
func bestIndex(ra *readAln) int {
	for i := range ra.hits {
		if !ra.hits[i].alt {
			return i
		}
	}
	if len(ra.hits) > 0 {
		return 0
	}
	return -1
}

// placeSingle places a read on its own: every primary-level hit, the first
// as the primary record; supplementary hits on the primary assembly get at
// most the primary's MAPQ (bwa).
func placeSingle(ra *readAln, sc *Scoring) placement {
	var buf [8]int
	lv := levelHits(ra, buf[:0])
	p := placement{ra: ra}
	if len(lv) == 0 {
		return p
	}
	p.h = &ra.hits[lv[0]]
	p.mapq = mapqSE(p.h, ra.fracRep, sc)
	for _, i := range lv[1:] {
		h := &ra.hits[i]
		q := mapqSE(h, ra.fracRep, sc)
		if !h.alt {
			q = min(q, p.mapq)
		}
		p.supp = append(p.supp, h)
		p.suppQ = append(p.suppQ, q)
	}
	return p
}

// rescue adds to mate the hits found by aligning its read (seq, with key
// key) in the window, for each learned orientation, implied by each of the
// partner's best hits that has no mate hit at a proper distance in that
// orientation yet. When mate's hits are a subset of its placements (chains
// left out, cutTies, or a repetitive seed located only in part, fracRep),
// one of them near the partner says nothing about the others there, so
// every window is searched.
func (w *worker) rescue(partner, mate *readAln, seq []byte, key uint64, m *insertModel, partnerIsRead1 bool) {
	if !m.ok || len(partner.hits) == 0 {
		return
	}
	w.encode(seq)
	n := int64(len(seq))
	best := partner.hits[0].score
	added := false
	complete := mate.cutTies == 0 && mate.fracRep == 0
	limit := rescueMax
	if complete && len(mate.hits) > 0 && (len(mate.hits) == 1 || mate.hits[1].score < mate.hits[0].score-unpairedPenalty) {
		limit = rescueTop
	}
	for i := 0; i < len(partner.hits) && i < limit; i++ {
		p := &partner.hits[i]
		if p.score < best-unpairedPenalty || p.alt {
			continue
		}
		for dir := range m.dirs {
			o := &m.dirs[dir]
			if !o.ok || (complete && hasMateAt(p, mate, m, dir, partnerIsRead1)) {
				continue
			}
			// The mate's orientation relative to the partner: FR and RF
			// read the same either way round, FF seen from read 2 is RR.
			wdir := dir
			if !partnerIsRead1 && (dir == dirFF || dir == dirRR) {
				wdir = dirFF + dirRR - dir
			}
			for _, h := range w.rescueIn(p, wdir, o, n, key) {
				h.setReadRange(int(n))
				w.finishHit(&h, key)
				mate.hits = append(mate.hits, h)
				added = true
			}
		}
	}
	if added {
		mate.hits = dedupHits(mate.hits)
	}
}

// hasMateAt reports whether any of mate's hits lies at a proper distance
// from partner hit p in orientation dir.
func hasMateAt(p *hit, mate *readAln, m *insertModel, dir int, partnerIsRead1 bool) bool {
	for i := range mate.hits {
		a, b := p, &mate.hits[i]
		if !partnerIsRead1 {
			a, b = b, a
		}
		if d, _, ok := m.fits(a, b); ok && d == dir {
			return true
		}
	}
	return false
}

// rescueIn aligns the mate (read codes in w.strands, n bases, key key) in
// the window where model o puts it relative to partner hit p, the mate
// lying in orientation dir as seen from the partner (bwa's mem_matesw;
// distances are between 5' ends along the partner's strand). It returns
// the alignments at the rescueDiags most likely diagonals (rescueCandidates),
// each with csub, the best score of the others and of any other diagonal
// in the window (a tandem copy: it caps the mate's MAPQ).
func (w *worker) rescueIn(p *hit, dir int, o *orientModel, n int64, key uint64) []hit {
	opposite := dir == dirFR || dir == dirRF
	larger := dir == dirFF || dir == dirFR
	// The window along the partner's strand, relative to its 5' end.
	var lo, hi int64
	if larger {
		lo, hi = o.low, o.high
	} else {
		lo, hi = -o.high, -o.low
	}
	if opposite {
		lo -= n - 1
	} else {
		hi += n - 1
	}
	a5 := fivePrime(p)
	var ws, we int64 // forward text window [ws, we)
	if !p.rev {
		ws, we = a5+lo, a5+hi+1
	} else {
		ws, we = a5-hi, a5-lo+1
	}
	rev := p.rev != opposite
	ctg := w.contigs[p.contig]
	ws, we = max(ws, ctg.Offset), min(we, ctg.End())
	if we-ws < n/2 {
		return nil // too little room left in the contig for a mate
	}
	q := w.strands[0]
	if rev {
		q = w.strands[1]
	}
	w.rwin = w.ix.Fetch(w.rwin[:0], ws, we) // alignWindow reuses w.win
	var cands [rescueDiags + 1]rescueCand
	found := rescueCandidates(q, w.rwin, hitKey(key, ws, rev), cands[:0])
	var hits []hit
	var offs []int
	for k, c := range found {
		if k == rescueDiags {
			break
		}
		diag := ws + int64(c.off)
		h, ok := w.gapless(q, diag, ctg.Offset, ctg.End(), true, -1)
		if !ok {
			h, ok = w.alignWindow(q, rev, diag-bandPad, diag+n+bandPad, diag, bandPad, ctg.Offset, ctg.End())
		}
		if ok && h.score >= w.sc.MinScore {
			h.rev = rev
			found[k].est = h.score
			hits = append(hits, h)
			offs = append(offs, c.off)
		}
	}
	// csub: the best other placement in the window, aligned or estimated
	// (a placement with more than rescueMaxMismatches mismatches in each
	// half scores too low to cap a MAPQ).
	for i := range hits {
		for _, c := range found {
			if abs64(int64(c.off-offs[i])) > bandPad {
				hits[i].csub = max(hits[i].csub, min(c.est, hits[i].score))
			}
		}
	}
	return hits
}

// abs64 is |x|.
func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// rescueMaxMismatches is the most mismatches a half of a rescued read may
// have on the diagonal that anchors its rescue alignment; rescueDiags is
// how many diagonals of a window are aligned (several, so that the copy the
// insert size favours among tandem copies is among them; not tuned).
const (
	rescueMaxMismatches = 5
	rescueDiags         = 3
)

// rescueCand is a diagonal of a rescue window (off: window position of read
// base 0) with its estimated score: the whole read without gaps, or half of
// it when one half matches well and the other does not (a read with an
// indel keeps one half gap-free, and the banded DP around that diagonal
// then finds its alignment).
type rescueCand struct {
	off, est int
	hash     uint64
}

// rescueCandidates appends to dst the cap(dst) best diagonals of win for
// read q, more than bandPad apart, whose better half has at most
// rescueMaxMismatches mismatches; equal estimates are ordered by a hash of
// key and the offset, so no copy in a window of tandem copies is favoured.
// Counting stops at a bound per offset, so scanning costs a few comparisons
// per offset where a DP over the whole window would fill hundreds of cells.
func rescueCandidates(q, win []byte, key uint64, dst []rescueCand) []rescueCand {
	n := len(q)
	h := n / 2
	for o := -h; o+n-h <= len(win); o++ {
		m1, m2 := rescueMaxMismatches+1, rescueMaxMismatches+1
		if o >= 0 {
			m1 = mismatches(q[:h], win[o:], m1)
		}
		if o+n <= len(win) {
			m2 = mismatches(q[h:], win[o+h:], m2)
		}
		if min(m1, m2) > rescueMaxMismatches {
			continue
		}
		est := n/2 - 5*min(m1, m2)
		if m1 <= rescueMaxMismatches && m2 <= rescueMaxMismatches {
			est = n - 5*(m1+m2)
		}
		c := rescueCand{off: o, est: est, hash: mix64(key ^ uint64(o))}
		dst = insertCand(dst, c)
	}
	return dst
}

// insertCand adds c to the ranked candidates dst (at most cap(dst), more
// than bandPad apart, best first).
func insertCand(dst []rescueCand, c rescueCand) []rescueCand {
	better := func(a, b rescueCand) bool { return a.est > b.est || (a.est == b.est && a.hash < b.hash) }
	for i := range dst {
		if abs64(int64(dst[i].off-c.off)) <= bandPad {
			if !better(c, dst[i]) {
				return dst
			}
			dst = append(dst[:i], dst[i+1:]...)
			break
		}
	}
	i := 0
	for i < len(dst) && better(dst[i], c) {
		i++
	}
	if i == cap(dst) {
		return dst
	}
	if len(dst) < cap(dst) {
		dst = append(dst, rescueCand{})
	}
	copy(dst[i+1:], dst[i:])
	dst[i] = c
	return dst
}

// mismatches counts the positions where q and r differ (ambiguous bases
// count), stopping at stop.
func mismatches(q, r []byte, stop int) int {
	mm := 0
	for i, c := range q {
		if c != r[i] || c > 3 {
			if mm++; mm >= stop {
				return mm
			}
		}
	}
	return mm
}

// pairCand is one proper combination of the mates' hits.
type pairCand struct {
	q    int
	hash uint64
	i, j int
}

// pairPlace chooses the placements of two mates from their hits (marked
// by markPrimary).
func pairPlace(ra [2]*readAln, m *insertModel, sc *Scoring) [2]placement {
	single := func() [2]placement {
		pl := [2]placement{placeSingle(ra[0], sc), placeSingle(ra[1], sc)}
		b0, b1 := bestIndex(ra[0]), bestIndex(ra[1])
		if b0 >= 0 && b1 >= 0 && m.proper(&ra[0].hits[b0], &ra[1].hits[b1]) {
			pl[0].proper, pl[1].proper = true, true
		}
		return pl
	}
	if !m.ok || multiLevel(ra[0]) || multiLevel(ra[1]) {
		return single()
	}
	best, second := pairCand{q: -1}, pairCand{q: -1}
	var qs []int
	// Read 2's hits by position: those within the longest proper distance
	// of a read 1 hit are found by binary search (a read in a tandem array
	// can have hundreds of hits).
	var reach int64
	for d := range m.dirs {
		if m.dirs[d].ok {
			reach = max(reach, m.dirs[d].high)
		}
	}
	h1 := ra[1].hits
	byPos := make([]int, 0, len(h1))
	for j := range h1 {
		if !h1[j].alt {
			byPos = append(byPos, j)
		}
	}
	key := func(j int) (int, int64) { return h1[j].contig, fivePrime(&h1[j]) }
	slices.SortFunc(byPos, func(x, y int) int {
		cx, px := key(x)
		cy, py := key(y)
		return cmp.Or(cmp.Compare(cx, cy), cmp.Compare(px, py), cmp.Compare(x, y))
	})
	for i := range ra[0].hits {
		a := &ra[0].hits[i]
		if a.alt {
			continue
		}
		p := fivePrime(a)
		k, _ := slices.BinarySearchFunc(byPos, a.contig, func(j, c int) int {
			cj, pj := key(j)
			return cmp.Or(cmp.Compare(cj, c), cmp.Compare(pj, p-reach))
		})
		for ; k < len(byPos); k++ {
			j := byPos[k]
			b := &h1[j]
			if cj, pj := key(j); cj != a.contig || pj > p+reach {
				break
			}
			dir, dist, ok := m.fits(a, b)
			if !ok {
				continue
			}
			c := pairCand{q: int(float64(a.score+b.score) + m.penalty(dir, dist, sc.Match) + .499), hash: mix64(a.hash ^ mix64(b.hash)), i: i, j: j}
			c.q = max(c.q, 0)
			qs = append(qs, c.q)
			if candBefore(c, best) {
				best, second = c, best
			} else if candBefore(c, second) {
				second = c
			}
		}
	}
	if best.q <= 0 {
		return single()
	}
	sub, nSub := max(second.q, 0), 0
	for _, q := range qs {
		if sub-q <= sc.nearBest() {
			nSub++
		}
	}
	nSub-- // the best itself
	b0, b1 := bestIndex(ra[0]), bestIndex(ra[1])
	scoreUn := ra[0].hits[b0].score + ra[1].hits[b1].score - unpairedPenalty
	qPE := rawMAPQ(best.q-max(sub, scoreUn), sc.Match)
	if nSub > 0 {
		qPE -= int(4.343*math.Log(float64(nSub+1)) + .499)
	}
	qPE = min(max(qPE, 0), mapqCap)
	qPE = int(float64(qPE)*(1-.5*(ra[0].fracRep+ra[1].fracRep)) + .499)
	if ra[0].cutTies > 0 && ra[1].cutTies > 0 {
		qPE = 0 // both mates have copies never looked at: so has the pair
	}
	if best.q <= scoreUn {
		pl := [2]placement{{ra: ra[0]}, {ra: ra[1]}}
		for k, bi := range [2]int{b0, b1} {
			pl[k].h = &ra[k].hits[bi]
			pl[k].mapq = mapqSE(pl[k].h, ra[k].fracRep, sc)
			pl[k].addAltSupp(sc)
		}
		return pl
	}
	var pl [2]placement
	for k, idx := range [2]int{best.i, best.j} {
		c := &ra[k].hits[idx]
		if c.parent >= 0 {
			c.sub = ra[k].hits[c.parent].score
			promote(ra[k], idx)
		}
		q := mapqSE(c, ra[k].fracRep, sc)
		if qPE > q {
			q = min(qPE, q+40)
		}
		if c.csub > 0 {
			q = min(q, rawMAPQ(c.score-c.csub, sc.Match))
		}
		q = max(q, 0)
		pl[k] = placement{h: c, mapq: q, proper: true, ra: ra[k]}
		pl[k].addAltSupp(sc)
	}
	return pl
}

// candBefore orders pair candidates: higher score, then lower hash.
func candBefore(a, b pairCand) bool {
	return cmp.Or(cmp.Compare(b.q, a.q), cmp.Compare(a.hash, b.hash)) < 0
}

// multiLevel reports whether a read has more than one primary-level hit on
// the primary assembly (parts of a split read): such reads are not paired.
func multiLevel(ra *readAln) bool {
	n := 0
	for i := range ra.hits {
		if h := &ra.hits[i]; h.parent < 0 && !h.alt {
			n++
		}
	}
	return n > 1
}

// promote makes hit idx of ra, chosen by pairing although secondary, take
// the place of the primary-level hit it was secondary to: that hit and the
// hits listed under it now count as secondary to idx (for XA).
func promote(ra *readAln, idx int) {
	old := ra.hits[idx].parent
	for i := range ra.hits {
		h := &ra.hits[i]
		if i == old || h.parent == old {
			h.parent = idx
		}
		if h.parentAll == old {
			h.parentAll = idx
		}
	}
	ra.hits[idx].parent = -1
	ra.hits[idx].parentAll = -1
	ra.hits[old].parentAll = idx
}

// addAltSupp adds the read's best alt hit as a supplementary alignment when
// it is primary-level (better than every primary-assembly hit overlapping
// it), as bwa does for paired reads.
func (p *placement) addAltSupp(sc *Scoring) {
	for i := range p.ra.hits {
		h := &p.ra.hits[i]
		if !h.alt {
			continue
		}
		if h.parent < 0 && h != p.h {
			p.supp = append(p.supp, h)
			p.suppQ = append(p.suppQ, mapqSE(h, p.ra.fracRep, sc))
		}
		return
	}
}
