package pileup

import (
	"math"
	"sort"
)

// strandTable is the 2x2 table of strand counts at a site as GATK builds
// it for its strand-bias annotations: reads showing the reference allele
// on the forward and reverse strands, then reads showing any alternate
// allele on each strand.
type strandTable struct {
	refFwd, refRev, altFwd, altRev int
}

// fisherStrand is GATK's FS: the phred-scaled p-value of a two-sided
// Fisher exact test on the strand table (Fisher 1922; GATK FisherStrand).
// As GATK does, a table of more than 400 reads is first scaled down to
// about 200 so that deep sites are not called biased for a tiny effect.
// 0 means no evidence of bias; GATK's hard filter for SNPs is FS > 60.
func fisherStrand(t strandTable) float64 {
	a, b, c, d := t.refFwd, t.refRev, t.altFwd, t.altRev
	if sum := a + b + c + d; sum > 400 {
		f := float64(sum) / 200
		a, b, c, d = int(float64(a)/f), int(float64(b)/f), int(float64(c)/f), int(float64(d)/f)
	}
	p := fisherTwoSided(a, b, c, d)
	return -10 * math.Log10(max(p, 1e-320))
}

// fisherTwoSided returns the two-sided p-value of Fisher's exact test on
// the table [[a, b], [c, d]]: the total probability, under the
// hypergeometric distribution with the table's margins, of every table no
// more likely than the one observed (with R's relative tolerance 1e-7 for
// ties), over the total probability as summed (so rounding cannot make a
// balanced table look biased).
func fisherTwoSided(a, b, c, d int) float64 {
	row0, col0, n := a+b, a+c, a+b+c+d
	lo, hi := max(0, col0-(n-row0)), min(col0, row0)
	if hi <= lo {
		return 1
	}
	logp := func(x int) float64 { // log P(table with top-left x)
		return logChoose(row0, x) + logChoose(n-row0, col0-x) - logChoose(n, col0)
	}
	obs := logp(a)
	var p, all float64
	for x := lo; x <= hi; x++ {
		lx := logp(x)
		all += math.Exp(lx)
		if lx <= obs+1e-7 {
			p += math.Exp(lx)
		}
	}
	return min(p/all, 1)
}

// logChoose returns log C(n, k).
func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// strandOddsRatio is GATK's SOR (StrandOddsRatio): with one read added to
// every cell, ln of the symmetric odds ratio R + 1/R, R = (refFwd altRev) /
// (refRev altFwd), times the ratio of the reference allele's strand
// balance (smaller over larger count) to the alternate allele's. Unlike FS
// it does not grow with depth alone; it is large when the alternate allele
// sits on one strand while the reference allele does not. GATK's hard
// filter for SNPs is SOR > 3.
func strandOddsRatio(t strandTable) float64 {
	rf, rr := float64(t.refFwd+1), float64(t.refRev+1)
	af, ar := float64(t.altFwd+1), float64(t.altRev+1)
	r := rf * ar / (rr * af)
	refBal := min(rf, rr) / max(rf, rr)
	altBal := min(af, ar) / max(af, ar)
	return math.Log((r + 1/r) * refBal / altBal)
}

// rankSumZ is the z score of the Mann-Whitney U test (Mann and Whitney
// 1947) of alt against ref, by the normal approximation with the tie
// correction: negative when the alternate allele's values rank lower, as
// GATK's rank-sum annotations report it (BaseQRankSum, ReadPosRankSum). ok
// is false when either group is empty. It sorts both slices.
func rankSumZ(alt, ref []int) (z float64, ok bool) {
	n1, n2 := len(alt), len(ref)
	if n1 == 0 || n2 == 0 {
		return 0, false
	}
	sort.Ints(alt)
	sort.Ints(ref)
	// Merge, giving tied values their mean rank.
	var rankAlt, ties float64
	i, j, rank := 0, 0, 0
	for i < n1 || j < n2 {
		var v int
		switch {
		case j == n2 || (i < n1 && alt[i] <= ref[j]):
			v = alt[i]
		default:
			v = ref[j]
		}
		ka, kr := 0, 0
		for i < n1 && alt[i] == v {
			i++
			ka++
		}
		for j < n2 && ref[j] == v {
			j++
			kr++
		}
		t := ka + kr
		mean := float64(rank) + float64(t+1)/2
		rankAlt += mean * float64(ka)
		ties += float64(t*t*t - t)
		rank += t
	}
	u := rankAlt - float64(n1*(n1+1))/2
	nn := float64(n1 + n2)
	sigma := math.Sqrt(float64(n1*n2) / 12 * (nn + 1 - ties/(nn*(nn-1))))
	if sigma == 0 {
		return 0, true
	}
	return (u - float64(n1*n2)/2) / sigma, true
}
