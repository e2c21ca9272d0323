package pileup

import (
	"math"
)

// maxQual is the highest phred quality the model distinguishes; higher base
// or mapping qualities are capped to it.
const maxQual = 93

// obsTerms holds, for one observed allele, the sums over the reads showing it
// of log P(read | genotype) for a genotype carrying 0, 1 or 2 copies of that
// allele: log(e/3), log((1-e)/2 + e/6) and log(1-e), with e the read's error
// probability at this site. Summing per allele lets the pileup add a read in
// three table look-ups and still give the exact diploid likelihood of every
// genotype (Li 2011, "A statistical framework for SNP calling, mutation
// discovery, association mapping and population genetical parameter
// estimation from sequencing data", Bioinformatics 27:2987, eq. 1, with
// independent errors).
type obsTerms [3]float64

// termTable[q] are the three log terms of a read with phred error q.
var termTable = func() (t [maxQual + 1]obsTerms) {
	for q := range t {
		e := math.Pow(10, -float64(max(q, 1))/10)
		t[q] = obsTerms{math.Log(e / 3), math.Log((1-e)/2 + e/6), math.Log(1 - e)}
	}
	return t
}()

// add adds one read of phred error q.
func (o *obsTerms) add(q int) {
	t := &termTable[q]
	o[0] += t[0]
	o[1] += t[1]
	o[2] += t[2]
}

// addScaled adds f times the terms of other: the terms of f reads with the
// same error.
func (o *obsTerms) addScaled(other obsTerms, f float64) {
	for i := range o {
		o[i] += f * other[i]
	}
}

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

// logLikelihoods fills ll with the natural-log likelihood of every diploid
// genotype over len(obs) alleles, in VCF order, from the per-allele sums.
func logLikelihoods(obs []obsTerms, ll []float64) []float64 {
	ll = ll[:0]
	for k := range obs {
		for j := 0; j <= k; j++ {
			var s float64
			for a := range obs {
				copies := 0
				if a == j {
					copies++
				}
				if a == k {
					copies++
				}
				s += obs[a][copies]
			}
			ll = append(ll, s)
		}
	}
	return ll
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

// callGenotype computes posteriors from ll and lp and returns the call; pl
// reuses buf.
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
