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
}

// end is the text position just past the hit.
func (h *hit) end() int64 { return h.pos + int64(h.rlen) }

// readAln is what single-end alignment knows about one read: its hits, best
// first and at distinct loci, and the seed evidence MAPQ uses.
type readAln struct {
	hits    []hit
	seedCov int     // read bases covered by seeds of the best hit's chain
	fracRep float64 // share of the read covered only by repetitive seeds
}

// worker holds one goroutine's scratch buffers for aligning reads.
type worker struct {
	ix      *index.Index
	k       int // the index's k-mer length (0: no table; see tableStart)
	sc      *Scoring
	contigs []index.Contig
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
}

func newWorker(ix *index.Index, sc *Scoring) *worker {
	return &worker{ix: ix, k: ix.KmerLen(), sc: sc, contigs: ix.Contigs()}
}

// encode fills both strands' codes for a read.
func (w *worker) encode(seq []byte) {
	w.strands[0] = index.Encode(w.strands[0], seq)
	w.strands[1] = index.ReverseComplement(w.strands[1], w.strands[0])
}

// alignExact places a read by whole-read backward search on both strands,
// nothing else: the course's algorithm (--exact). All exact occurrences are
// hits with equal scores, so a read occurring more than once gets MAPQ 0.
func (w *worker) alignExact(seq []byte) readAln {
	w.encode(seq)
	n := len(seq)
	var ra readAln
	for s := 0; s < 2; s++ {
		w.locs = w.exactOccurrences(w.strands[s])
		for _, p := range w.locs {
			if !w.ix.Valid(p, n) {
				continue
			}
			ra.hits = append(ra.hits, hit{rev: s == 1, pos: p, contig: w.ix.ContigOf(p),
				cigar: []sam.CigarOp{sam.NewCigarOp(sam.CigarMatch, n)}, score: n * w.sc.Match,
				md: appendInt(nil, n), rlen: n})
		}
	}
	sortHits(ra.hits)
	ra.seedCov = n
	return ra
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
func (w *worker) alignRead(seq []byte) readAln {
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
				continue
			}
			w.addAnchors(sd, s == 1, maxOccurrences)
		}
	}
	if len(w.anchors) == 0 && len(repSpans) > 0 {
		w.repeatAnchors()
	}
	var ra readAln
	if len(repSpans) > 0 {
		ra.fracRep = float64(coverage(repSpans)) / float64(n)
	}
	w.chains = w.cw.buildChains(w.anchors)
	cov := make([]int, 0, len(w.chains))
	for _, c := range w.chains {
		if w.covered(ra.hits, c) {
			continue
		}
		if h, ok := w.extend(c); ok && h.score >= w.sc.MinScore {
			ra.hits = append(ra.hits, h)
			cov = append(cov, c.cover)
		}
	}
	ra.hits, cov = dedupHits(ra.hits, cov)
	if len(ra.hits) > 0 {
		ra.seedCov = cov[0]
	}
	return ra
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

// repeatAnchors locates a few hits of the longest repetitive seed of each
// strand, so that a read made only of repeats is still placed.
func (w *worker) repeatAnchors() {
	for s := 0; s < 2; s++ {
		w.seeds = greedySeeds(w.ix, w.k, w.strands[s], w.seeds[:0])
		best := -1
		for i, sd := range w.seeds {
			if best < 0 || sd.qe-sd.qb > w.seeds[best].qe-w.seeds[best].qb {
				best = i
			}
		}
		if best >= 0 {
			w.addAnchors(w.seeds[best], s == 1, repeatLocate)
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
// one on the same strand (two chains extended to the same place); cov
// follows the hits.
func dedupHits(hits []hit, cov []int) ([]hit, []int) {
	idx := make([]int, len(hits))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return hitOrder(&hits[a], &hits[b]) })
	var out []hit
	var outCov []int
	for _, i := range idx {
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
			outCov = append(outCov, cov[i])
		}
	}
	return out, outCov
}

// hitOrder orders hits best score first, then by position and strand, the
// deterministic tie-break among equal hits.
func hitOrder(a, b *hit) int {
	if c := cmp.Compare(b.score, a.score); c != 0 {
		return c
	}
	if c := cmp.Compare(a.pos, b.pos); c != 0 {
		return c
	}
	if a.rev == b.rev {
		return 0
	}
	if a.rev {
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
