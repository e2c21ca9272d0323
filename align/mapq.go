package align

import (
	"math"

	"github.com/biogo/hts/sam"
)

// Mapping quality, after bwa mem's mem_approx_mapq_se (H. Li 2013): the
// gap between the best score and the second best (sub, at least what a
// minimum seed alone would score, so a lone short hit is not trusted),
// scaled by 30, by the log of the read bases the best chain's seeds cover
// and by the identity of the alignment; lowered by the log of the number of
// other hits as good as the second best; scaled by the share of the read not
// covered by repetitive seeds; capped at 60. Equal best hits give 0.

const mapqCap = 60

// mapqSE is the MAPQ of ra's best hit for a read of n bases.
func mapqSE(ra *readAln, n int, sc *Scoring) int {
	if len(ra.hits) == 0 {
		return 0
	}
	best := &ra.hits[0]
	sub, nSub := minSeedLen*sc.Match, 0
	if len(ra.hits) > 1 {
		sub = max(sub, ra.hits[1].score)
		for _, h := range ra.hits[1:] {
			if h.score >= ra.hits[1].score {
				nSub++
			}
		}
		nSub-- // the second best itself
	}
	if sub >= best.score || best.score <= 0 {
		return 0
	}
	l := max(best.rlen, alignedQueryLen(best))
	identity := 1 - float64(l*sc.Match-best.score)/float64(sc.Match+sc.Mismatch)/float64(l)
	q := int(30*(1-float64(sub)/float64(best.score))*math.Log(float64(max(ra.seedCov, 1))) + .499)
	if identity < 0.95 {
		q = int(float64(q)*identity*identity + .499)
	}
	if nSub > 0 {
		q -= int(4.343*math.Log(float64(nSub+1)) + .499)
	}
	q = min(max(q, 0), mapqCap)
	return int(float64(q)*(1-ra.fracRep) + .499)
}

// alignedQueryLen is the number of read bases a hit aligns (not clipped).
func alignedQueryLen(h *hit) int {
	n := 0
	for _, op := range h.cigar {
		if op.Type().Consumes().Query == 1 && op.Type() != sam.CigarSoftClipped {
			n += op.Len()
		}
	}
	return n
}
