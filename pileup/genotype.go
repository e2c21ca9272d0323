package pileup

import (
	"math"
)

// numGenotypes is the number of unordered diploid genotypes over k alleles.
func numGenotypes(k int) int { return k * (k + 1) / 2 }

// genotypeAlleles returns the alleles (j <= k) of genotype index g in VCF
// order: index(j,k) = k(k+1)/2 + j.
func genotypeAlleles(g int) (j, k int) {
	k = int((math.Sqrt(8*float64(g)+1) - 1) / 2)
	for numGenotypes(k+1) <= g {
		k++
	}
	for numGenotypes(k) > g {
		k--
	}
	return g - numGenotypes(k), k
}

// logPriors fills lp with the natural-log prior of every genotype over k
// alleles (allele 0 the reference) for per-site heterozygosity theta, as the
// infinite-sites prior of samtools' single-sample caller: a het with the
// reference theta shared among the alternate alleles, a hom-alt half that,
// genotypes of two different alternate alleles theta squared, and the hom-ref
// genotype the rest.
func logPriors(k int, theta float64, lp []float64) []float64 {
	lp = lp[:0]
	alts := float64(k - 1)
	rest := 1.0
	for g := 0; g < numGenotypes(k); g++ {
		j, kk := genotypeAlleles(g)
		var p float64
		switch {
		case g == 0:
			p = 0 // filled below
		case j == 0:
			p = theta / alts
		case j == kk:
			p = theta / 2 / alts
		default:
			p = theta * theta
		}
		rest -= p
		lp = append(lp, math.Log(p))
	}
	lp[0] = math.Log(rest)
	return lp
}

// genotypeCall is one sample's call at a site.
type genotypeCall struct {
	best     int     // genotype index with the highest posterior
	gq       int     // phred of P(genotype is not best), capped at 99
	logPRef  float64 // natural log of the posterior of hom-ref
	pl       []int   // phred-scaled likelihoods, minimum 0
	observed bool    // false when the sample has no reads here
}

// callGenotype computes posteriors from the natural-log likelihoods ll and
// priors lp and returns the call; pl reuses buf.
func callGenotype(ll, lp []float64, buf []int) genotypeCall {
	post := make([]float64, len(ll))
	best := 0
	for g := range ll {
		post[g] = ll[g] + lp[g]
		if post[g] > post[best] {
			best = g
		}
	}
	total := logSumExp(post, -1)
	others := logSumExp(post, best)
	gq := int(math.Round(-10 * (others - total) / math.Ln10))
	maxLL := ll[0]
	for _, v := range ll {
		maxLL = max(maxLL, v)
	}
	pl := buf[:0]
	for _, v := range ll {
		pl = append(pl, int(math.Round(-10*(v-maxLL)/math.Ln10)))
	}
	return genotypeCall{best: best, gq: min(gq, 99), logPRef: post[0] - total, pl: pl, observed: true}
}

// logSumExp returns log(sum exp(x[i])) over i != skip.
func logSumExp(x []float64, skip int) float64 {
	m := math.Inf(-1)
	for i, v := range x {
		if i != skip {
			m = max(m, v)
		}
	}
	if math.IsInf(m, -1) {
		return m
	}
	var s float64
	for i, v := range x {
		if i != skip {
			s += math.Exp(v - m)
		}
	}
	return m + math.Log(s)
}
