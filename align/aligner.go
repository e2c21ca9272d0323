package align

import (
	"bytes"
	"cmp"
	"math"
	"slices"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/index"
)

// hit is one alignment of a read: on the reverse strand when rev (the read
// was reverse-complemented), first aligned base at text position pos in
// contig, CIGAR with soft clips, score AS, edit distance NM and MD string.
type hit struct {
	rev    bool
	pos    int64
	contig int
	cigar  []sam.CigarOp
	score  int
	nm     int
	md     []byte
	rlen   int // reference bases covered
	// qb, qe is the part of the read the hit aligns, in the read's own
	// orientation (as sequenced), so hits on both strands compare.
	qb, qe int
	alt    bool   // on an alt contig (see AltContigs)
	hash   uint64 // orders equal hits (see hitKey)
	// csub is the score of the best other placement found in the window a
	// rescued hit was searched in (bwa's csub, a tandem copy); 0 otherwise.
	csub int
	// approx marks a gapless alignment not proven optimal (see gapless).
	approx bool
	// Set by markPrimary: sub is the best score of a hit overlapping this
	// one on the read, subN the number of those within nearBest of it,
	// parent the hit this one is secondary to (-1: none), parentAll the
	// same when alt hits count too, altSc the score of a better alt hit.
	sub, subN, parent, parentAll, altSc int
}

// end is the text position just past the hit.
func (h *hit) end() int64 { return h.pos + int64(h.rlen) }

// readAln is what single-end alignment knows about one read: its hits, best
// first and at distinct loci, and the seed evidence MAPQ uses.
type readAln struct {
	hits    []hit
	fracRep float64 // share of the read covered only by repetitive seeds
	// cutTies counts chains as strong as the strongest that were not
	// extended (maxChains): equally good placements MAPQ must count.
	cutTies int
}

// worker holds one goroutine's scratch buffers for aligning reads.
type worker struct {
	ix      *index.Index
	k       int // the index's k-mer length (0: no table; see tableStart)
	sc      *Scoring
	contigs []index.Contig
	alt     []bool // per contig: an alt contig (nil: none)
	dp      dpWork
	strands [2][]byte // read codes: forward and reverse complement
	seeds   []seed
	// strandSeeds holds the seeds of each strand of the current read.
	strandSeeds [2][]seed
	locs        []int64
	anchors     []anchor
	chains      []chain
	cw          chainWork
	win         []byte
	rwin        []byte // a rescue window (see rescueIn)
}

func newWorker(ix *index.Index, sc *Scoring, alt []bool) *worker {
	return &worker{ix: ix, k: ix.KmerLen(), sc: sc, contigs: ix.Contigs(), alt: alt}
}

// isAlt reports whether contig c is an alt contig.
func (w *worker) isAlt(c int) bool { return w.alt != nil && w.alt[c] }

// encode fills both strands' codes for a read.
func (w *worker) encode(seq []byte) {
	w.strands[0] = index.Encode(w.strands[0], seq)
	w.strands[1] = index.ReverseComplement(w.strands[1], w.strands[0])
}

// alignExact places a read by whole-read backward search on both strands,
// nothing else: the course's algorithm (--exact). All exact occurrences are
// hits with equal scores, so a read occurring more than once gets MAPQ 0;
// which of them is reported follows the read's key (hitKey), so the copies
// of a repeat share the reads evenly.
func (w *worker) alignExact(seq []byte, key uint64) readAln {
	w.encode(seq)
	n := len(seq)
	var ra readAln
	for s := 0; s < 2; s++ {
		w.locs = w.exactOccurrences(w.strands[s])
		for _, p := range w.locs {
			if !w.ix.Valid(p, n) {
				continue
			}
			h := hit{rev: s == 1, pos: p, contig: w.ix.ContigOf(p),
				cigar: []sam.CigarOp{sam.NewCigarOp(sam.CigarMatch, n)}, score: n * w.sc.Match,
				md: appendInt(nil, n), rlen: n, qe: n}
			w.finishHit(&h, key)
			ra.hits = append(ra.hits, h)
		}
	}
	sortHits(ra.hits)
	return ra
}

// finishHit sets what a new hit derives from its alignment and the read's
// key: its contig's alt flag and its tie-break hash.
func (w *worker) finishHit(h *hit, key uint64) {
	h.alt = w.isAlt(h.contig)
	h.hash = hitKey(key, h.pos, h.rev)
}

// exactOccurrences returns the text positions where all of q occurs (at
// most maxOccurrences), by backward search of the whole read. As in
// seedStep, the first k steps are a table lookup, and once the
// interval holds one row the occurrence is located and the rest of the
// read compared with the text before it, which decides the same thing.
func (w *worker) exactOccurrences(q []byte) []int64 {
	iv, i := tableStart(w.ix, w.k, q, len(q))
	for ; i > 0; i-- {
		if iv.Size() == 1 {
			pos := w.ix.Locate(iv, 1, w.locs[:0])[0]
			if pos < int64(i) {
				return w.locs[:0]
			}
			w.win = w.ix.Fetch(w.win[:0], pos-int64(i), pos)
			if !bytes.Equal(w.win, q[:i]) {
				return w.locs[:0]
			}
			return append(w.locs[:0], pos-int64(i))
		}
		if q[i-1] > 3 {
			return w.locs[:0]
		}
		if iv = w.ix.Backward(iv, q[i-1]); iv.Size() == 0 {
			return w.locs[:0]
		}
	}
	return w.ix.Locate(iv, maxOccurrences, w.locs[:0])
}

// alignRead is the default single-end alignment: seeds, chains, extension.
// key (hitKey) breaks ties between equally good chains and hits.
func (w *worker) alignRead(seq []byte, key uint64) readAln {
	w.encode(seq)
	n := len(seq)
	w.anchors = w.anchors[:0]
	var repSpans [][2]int
	w.seedBothStrands()
	for s := 0; s < 2; s++ {
		w.strandSeeds[s] = reseed(w.ix, w.k, w.strands[s], w.strandSeeds[s])
		for _, sd := range w.strandSeeds[s] {
			if sd.iv.Size() > maxOccurrences {
				if s == 0 {
					repSpans = append(repSpans, [2]int{sd.qb, sd.qe})
				} else {
					repSpans = append(repSpans, [2]int{n - sd.qe, n - sd.qb})
				}
				w.sampleAnchors(sd, s == 1)
				continue
			}
			w.addAnchors(sd, s == 1, maxOccurrences)
		}
	}
	var ra readAln
	if len(repSpans) > 0 {
		ra.fracRep = float64(coverage(repSpans)) / float64(n)
	}
	w.chainAndExtend(&ra, n, key)
	if ambiguous(ra.hits) {
		// bwa mem's third seeding pass, for reads that matter to it.
		before := len(w.anchors)
		for s := 0; s < 2; s++ {
			w.seeds = rareSeeds(w.ix, w.k, w.strands[s], w.seeds[:0])
			for _, sd := range w.seeds {
				w.addAnchors(sd, s == 1, rareMaxOcc)
			}
		}
		if len(w.anchors) > before {
			w.chainAndExtend(&ra, n, key)
		}
	}
	ra.hits = dedupHits(ra.hits)
	return ra
}

// ambiguous reports whether a read's hits hold at least two others within
// unpairedPenalty of the best: a read in an array or repeat family, whose
// MAPQ and pairing depend on seeing all of its copies. (Two-copy repeats,
// most of those in a genome, are found by the first passes: on the tuning
// human-like genome, 100k dwgsim pairs, running the third pass for reads
// with one close competitor too moved no read and changed 36 MAPQs, none
// across 20, for about 25% more CPU.)
func ambiguous(hits []hit) bool {
	best := 0
	for i := range hits {
		best = max(best, hits[i].score)
	}
	close := 0
	for i := range hits {
		if hits[i].score >= best-unpairedPenalty {
			close++
		}
	}
	return close >= 3
}

// chainAndExtend chains w.anchors, extends the chains pickChains keeps
// (those not on a hit found already) and adds the hits to ra.
func (w *worker) chainAndExtend(ra *readAln, n int, key uint64) {
	w.chains = w.cw.buildChains(w.anchors)
	var order []int
	order, ra.cutTies = w.pickChains(n, key)
	best := -1 // the best hit so far
	for i := range ra.hits {
		if best < 0 || ra.hits[i].score > ra.hits[best].score {
			best = i
		}
	}
	for _, ci := range order {
		c := w.chains[ci]
		if w.covered(ra.hits, c) {
			continue
		}
		floor := 0
		if best >= 0 && spansOverlap(c.qb, c.qe, ra.hits[best].qb, ra.hits[best].qe) {
			floor = max(w.sc.MinScore, ra.hits[best].score-2*unpairedPenalty)
		}
		if h, ok := w.extend(c, true, floor); ok && h.score >= w.sc.MinScore {
			if best < 0 || h.score > ra.hits[best].score {
				best = len(ra.hits)
			}
			h.setReadRange(n)
			w.finishHit(&h, key)
			ra.hits = append(ra.hits, h)
		}
	}
	w.gaplessOnly(ra, n, key)
}

// gaplessOnly aligns the chains pickChains dropped as much weaker than a
// chain on the same read bases, without gaps and only where that is
// likely optimal (see gapless; no DP), and keeps those scoring within
// unpairedPenalty of the best hit. Seed cover does not rank the copies of
// a repeat array or a young repeat family (a copy's seeds can be cut short
// by one base shared with no other copy while it aligns as well as the
// best), and a copy as good as the best that goes unseen makes a MAPQ
// that is too high; the gapless test costs a few comparisons on a chain
// that is not a copy.
func (w *worker) gaplessOnly(ra *readAln, n int, key uint64) {
	best := 0
	for i := range ra.hits {
		best = max(best, ra.hits[i].score)
	}
	tries := 0
	for _, ci := range w.cw.dropped {
		c := w.chains[ci]
		if c.lo != c.hi || w.covered(ra.hits, c) {
			continue
		}
		if tries++; tries > maxChains {
			return
		}
		q := w.strands[0]
		if c.rev {
			q = w.strands[1]
		}
		a := w.anchors[c.first]
		ctg := w.contigs[w.ix.ContigOf(a.diag+int64(a.qb))]
		floor := max(w.sc.MinScore, best-unpairedPenalty)
		// Mismatches cost points; clipping an end wins some back, but on
		// an alignment gapless accepts (no 4 mismatches within 12 bases)
		// at most 3 mismatches in a few bases, 6*3-3-Clip = 10 points an
		// end with bwa's scores: more lost points cannot reach floor.
		maxLost := n*w.sc.Match - floor + 4*w.sc.Clip
		if h, ok := w.gapless(q, c.diag, ctg.Offset, ctg.End(), true, maxLost); ok && h.score >= floor {
			h.rev = c.rev
			h.setReadRange(n)
			w.finishHit(&h, key)
			ra.hits = append(ra.hits, h)
		}
	}
}

// refine aligns an approx hit (see gapless) of read seq again by banded DP
// around its diagonal, so that a reported alignment is the DP's; the
// fields markPrimary and pairing set are kept.
func (w *worker) refine(h *hit, seq []byte) {
	if !h.approx {
		return
	}
	w.encode(seq)
	q := w.strands[0]
	if h.rev {
		q = w.strands[1]
	}
	n := len(q)
	qb, _ := h.queryRange()
	diag := h.pos - int64(qb)
	ctg := w.contigs[h.contig]
	if d, ok := w.alignWindow(q, h.rev, diag-bandPad, diag+int64(n+bandPad), diag, bandPad, ctg.Offset, ctg.End()); ok {
		d.setReadRange(n)
		d.alt, d.hash, d.csub = h.alt, h.hash, h.csub
		d.sub, d.subN, d.parent, d.parentAll, d.altSc = h.sub, h.subN, h.parent, h.parentAll, h.altSc
		*h = d
	}
	h.approx = false
}

// setReadRange sets qb, qe from the CIGAR for a read of n bases.
func (h *hit) setReadRange(n int) {
	qb, qe := h.queryRange()
	if h.rev {
		qb, qe = n-qe, n-qb
	}
	h.qb, h.qe = qb, qe
}

// seedBothStrands fills strandSeeds. One backward search from the right
// end of each strand tells which strand the read more likely lies on (the
// longer first match); that strand is searched fully, the other only while
// it could still reach dropRatio of the first strand's seed coverage
// (greedyFrom), which roughly halves the searching on the wrong strand.
func (w *worker) seedBothStrands() {
	var ends [2]int
	for s := 0; s < 2; s++ {
		var sd seed
		ends[s], sd, w.win = seedStep(w.ix, w.k, w.strands[s], len(w.strands[s]), w.win)
		w.strandSeeds[s] = w.strandSeeds[s][:0]
		if sd.qe > 0 {
			w.strandSeeds[s] = append(w.strandSeeds[s], sd)
		}
	}
	first := 0
	if ends[1] < ends[0] {
		first = 1
	}
	second := 1 - first
	_, w.strandSeeds[first], w.win = greedyFrom(w.ix, w.k, w.strands[first], ends[first], 0, w.strandSeeds[first], w.win)
	cover := 0
	for _, sd := range w.strandSeeds[first] {
		cover += sd.qe - sd.qb
	}
	need := int(math.Ceil(dropRatio * float64(cover)))
	_, w.strandSeeds[second], w.win = greedyFrom(w.ix, w.k, w.strands[second], ends[second], need, w.strandSeeds[second], w.win)
}

// addAnchors locates a seed and records each valid hit as an anchor.
func (w *worker) addAnchors(sd seed, rev bool, max int) {
	if sd.located {
		w.locs = append(w.locs[:0], sd.pos)
	} else {
		w.locs = w.ix.Locate(sd.iv, max, w.locs[:0])
	}
	for _, p := range w.locs {
		if w.ix.Valid(p, sd.qe-sd.qb) {
			w.anchors = append(w.anchors, anchor{diag: p - int64(sd.qb), qb: sd.qb, qe: sd.qe, rev: rev})
		}
	}
}

// sampleAnchors records as anchors repeatSample occurrences of a seed
// with more than maxOccurrences, spread evenly over its suffix-array
// interval (bwa mem samples its max_occ the same way): a read of a large
// repeat family or array is then still placed, and sees enough of the
// other copies for MAPQ and pairing to know it is not unique.
func (w *worker) sampleAnchors(sd seed, rev bool) {
	size := sd.iv.Size()
	step := size / repeatSample
	for k := int64(0); k < repeatSample; k++ {
		r := sd.iv.Lo + k*step
		w.locs = w.ix.Locate(index.Interval{Lo: r, Hi: r + 1}, 1, w.locs[:0])
		if p := w.locs[0]; w.ix.Valid(p, sd.qe-sd.qb) {
			w.anchors = append(w.anchors, anchor{diag: p - int64(sd.qb), qb: sd.qb, qe: sd.qe, rev: rev})
		}
	}
}

// covered reports whether chain c lies on a hit already found on the same
// strand (its diagonals within the hit's and its first anchor inside the
// hit), so extending it would only find that hit again. A chain on another
// diagonal through the same bases, such as a copy shifted by a tandem
// repeat's period, is not covered: it may extend to a different hit.
func (w *worker) covered(hits []hit, c chain) bool {
	for i := range hits {
		h := &hits[i]
		if h.rev != c.rev {
			continue
		}
		qb, qe := h.queryRange()
		d0, d1 := h.pos-int64(qb), h.end()-int64(qe)
		if c.lo >= min(d0, d1) && c.hi <= max(d0, d1) {
			a := w.anchors[c.first]
			if p := a.diag + int64(a.qb); p >= h.pos && p < h.end() {
				return true
			}
		}
	}
	return false
}

// queryRange is the read interval [qb, qe) a hit aligns (soft clips outside).
func (h *hit) queryRange() (qb, qe int) {
	for _, op := range h.cigar {
		if op.Type().Consumes().Query == 1 {
			qe += op.Len()
		}
	}
	if n := len(h.cigar); n > 0 {
		if op := h.cigar[0]; op.Type() == sam.CigarSoftClipped {
			qb = op.Len()
		}
		if op := h.cigar[n-1]; n > 1 && op.Type() == sam.CigarSoftClipped {
			qe -= op.Len()
		}
	}
	return qb, qe
}

// redundantShare is how much of the shorter of two hits on one strand must
// overlap the other, in the reference and in the read, for the two to be
// one placement found twice (bwa mem's mask_level_redun). Hits shifted by
// a tandem repeat's period overlap less and stay as competing hits.
const redundantShare = 0.95

// redundant reports whether hits a and b (same strand) are one placement.
func redundant(a, b *hit) bool {
	ro := min(a.end(), b.end()) - max(a.pos, b.pos)
	if ro <= 0 || float64(ro) <= redundantShare*float64(min(a.rlen, b.rlen)) {
		return false
	}
	aqb, aqe := a.queryRange()
	bqb, bqe := b.queryRange()
	qo := min(aqe, bqe) - max(aqb, bqb)
	return qo > 0 && float64(qo) > redundantShare*float64(min(aqe-aqb, bqe-bqb))
}

// dedupHits sorts hits best first and removes hits redundant with a better
// one on the same strand (two chains extended to the same place).
func dedupHits(hits []hit) []hit {
	sortHits(hits)
	out := hits[:0]
	for i := range hits {
		h := hits[i]
		dup := false
		for k := range out {
			if out[k].rev == h.rev && redundant(&out[k], &h) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, h)
		}
	}
	return out
}

// hitOrder orders hits best score first; among equal scores, hits on the
// primary assembly before alt hits (bwa's rule), then by hash, so that
// which of several equal copies comes first follows the read's name and
// not the copies' positions: copies of a repeat share the reads evenly,
// and the choice is the same for any thread count or batch size.
func hitOrder(a, b *hit) int {
	if c := cmp.Compare(b.score, a.score); c != 0 {
		return c
	}
	if a.alt != b.alt {
		if a.alt {
			return 1
		}
		return -1
	}
	return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.pos, b.pos), cmpBool(a.rev, b.rev))
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// sortHits sorts hits with hitOrder.
func sortHits(hits []hit) {
	slices.SortFunc(hits, func(a, b hit) int { return hitOrder(&a, &b) })
}

// appendInt appends the decimal form of v.
func appendInt(b []byte, v int) []byte {
	if v >= 10 {
		b = appendInt(b, v/10)
	}
	return append(b, byte('0'+v%10))
}

// Placement among equal hits. bwa mem orders equal hits by a hash of the
// read's number in the input and the hit's rank (hash_64 in
// mem_mark_primary_se) so that copies of a repeat share the reads; vole
// hashes the read's name instead, which gives the same choice whatever the
// batch size or thread count, and the hit's locus.

// readKey is the key of mate m (0 or 1) of the read named name: an FNV-1a
// hash of the name mixed with the mate number.
func readKey(name []byte, m int) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range name {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return mix64(h + uint64(m)*0x9e3779b97f4a7c15)
}

// hitKey is the tie-break hash of a hit at text position pos on strand rev
// for a read with key key.
func hitKey(key uint64, pos int64, rev bool) uint64 {
	x := uint64(pos) << 1
	if rev {
		x |= 1
	}
	return mix64(key ^ mix64(x))
}

// mix64 is splitmix64's finalizer (Steele, Lea and Flood 2014): every input
// bit affects every output bit.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
