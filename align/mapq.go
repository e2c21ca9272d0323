package align

import (
	"math"
)

// Mapping quality, after bwa mem (H. Li 2013; mem_mark_primary_se and
// mem_approx_mapq_se of bwa 0.7.17). markPrimary orders a read's hits
// (best score first, equal scores by the hash of the read's name) and marks
// as secondary every hit that shares at least maskLevel of its read bases
// with a better one; the better hit's sub is the first such score and its
// subN the number of them within nearBest points. The remaining hits are
// the read's primary-level alignments: the first is the primary record,
// the others, on other parts of the read, supplementary records.
//
// MAPQ of a primary-level hit is the Phred-scaled likelihood ratio of an
// ungapped alignment with the score gap to the second best:
// 6.02 * (score - sub) per match point, times (ln 50 / ln l)^2 for an
// alignment of l > 50 bases and times identity^4, minus 4.343 ln(subN+1)
// (subN placements as good are as likely), capped at 60 and scaled by the
// share of the read not covered by repetitive seeds. sub is at least what a
// minimum seed alone scores and at least csub, the best other placement in
// a rescue window.
//
// Alt contigs (bwa's README-alt.md): hits on the primary assembly get their
// MAPQ from primary-assembly hits only, so an alt copy of a region does not
// take its reads' MAPQ away; an alt hit's MAPQ counts all hits. An alt hit
// that is better than every primary hit overlapping it stays a
// primary-level hit (a supplementary record); the others are listed in XA.

const (
	mapqCap = 60
	// mapqCoefLen is bwa's mapQ_coef_len: alignments longer than this have
	// their score gap discounted by (ln 50 / ln l)^2.
	mapqCoefLen = 50
)

// nearBest is the most a hit may score below another and still count as
// an equally likely placement (bwa: the larger of a mismatch and a 1-base
// gap, 7 with bwa's scores).
func (s *Scoring) nearBest() int {
	return max(s.Match+s.Mismatch, s.GapOpen+s.GapExtend)
}

// rawMAPQ is a score gap in Phred units (bwa's raw_mapq): each match point
// of an ungapped alignment is a factor of 4 in likelihood.
func rawMAPQ(diff, match int) int {
	return int(6.02*float64(diff)/float64(match) + .499)
}

// overlapsOnRead reports whether two hits compete for the same read bases.
func overlapsOnRead(a, b *hit) bool { return spansOverlap(a.qb, a.qe, b.qb, b.qe) }

// markPrimary sorts ra's hits and sets sub, subN, parent, parentAll and
// altSc (see the top of this file).
func markPrimary(ra *readAln, sc *Scoring) {
	h := ra.hits
	sortHits(h)
	anyAlt, anyPri := false, false
	for i := range h {
		h[i].sub, h[i].subN, h[i].parent, h[i].parentAll, h[i].altSc = 0, 0, -1, -1, 0
		anyAlt = anyAlt || h[i].alt
		anyPri = anyPri || !h[i].alt
	}
	markRound(h, sc, false)
	for i := range h {
		h[i].parentAll = h[i].parent
	}
	if anyAlt && anyPri {
		markPrimaryOnly(h, sc)
	}
	if b := bestIndex(ra); b >= 0 {
		h[b].subN += ra.cutTies
	}
}

// markPrimaryOnly is markPrimary's second round when a read has hits on
// both alt contigs and the primary assembly: primary-assembly hits are
// marked again among themselves, after noting the score of a better alt
// hit (altSc, bwa's pa tag).
func markPrimaryOnly(h []hit, sc *Scoring) {
	for i := range h {
		if p := h[i].parentAll; !h[i].alt {
			if p >= 0 && h[p].alt {
				h[i].altSc = h[p].score
			}
			h[i].sub, h[i].subN, h[i].parent = 0, 0, -1
		}
	}
	markRound(h, sc, true)
}

// markRound is one pass of markPrimary over h (sorted best first): over all
// hits, or with primaryOnly over the hits not on alt contigs, whose parent,
// sub and subN it sets.
func markRound(h []hit, sc *Scoring, primaryOnly bool) {
	var z [16]int
	level := z[:0] // primary-level hits so far
	near := sc.nearBest()
	for i := range h {
		if primaryOnly && h[i].alt {
			continue
		}
		k := 0
		for ; k < len(level); k++ {
			j := level[k]
			if !overlapsOnRead(&h[j], &h[i]) {
				continue
			}
			if h[j].sub == 0 {
				h[j].sub = h[i].score
			}
			if h[j].score-h[i].score <= near && (h[j].alt || !h[i].alt) {
				h[j].subN++
			}
			h[i].parent = j
			break
		}
		if k == len(level) {
			level = append(level, i)
		}
	}
}

// mapqSE is the MAPQ of primary-level hit h of a read whose fracRep share
// is covered only by repetitive seeds.
func mapqSE(h *hit, fracRep float64, sc *Scoring) int {
	sub := max(h.sub, minSeedLen*sc.Match, h.csub)
	if sub >= h.score || h.score <= 0 {
		return 0
	}
	l := max(h.qe-h.qb, h.rlen)
	identity := 1 - float64(l*sc.Match-h.score)/float64(sc.Match+sc.Mismatch)/float64(l)
	f := 1.0
	if l >= mapqCoefLen {
		f = math.Log(mapqCoefLen) / math.Log(float64(l))
	}
	f *= identity * identity
	q := int(6.02*float64(h.score-sub)/float64(sc.Match)*f*f + .499)
	if h.subN > 0 {
		q -= int(4.343*math.Log(float64(h.subN+1)) + .499)
	}
	q = min(max(q, 0), mapqCap)
	return int(float64(q)*(1-fracRep) + .499)
}
