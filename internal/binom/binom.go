// Package binom computes the heterozygosity threshold of an applied-genomics
// course: at a site covered by n reads of a truly heterozygous diploid, the
// number of reads carrying the minor allele is X ~ Binomial(n, 1/2). A
// one-sided exact binomial test rejects "heterozygous" when the observed
// minor-allele count k is so small that P(X <= k) < alpha. For each coverage
// n, Threshold gives the largest k the test rejects; k/n is the allele
// fraction below which a site is called homozygous (an error or a
// contaminant) rather than heterozygous.
//
// The cumulative probability comes from gonum's distuv.Binomial (the
// regularized incomplete beta function, Abramowitz and Stegun 26.5.24); the
// tests check it against exact rational arithmetic.
package binom

import (
	"fmt"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Row is one line of the threshold table: coverage N, the largest rejected
// minor-allele count K (-1 when even K=0 is not rejected) and K/N.
type Row struct {
	N     int
	K     int
	Ratio float64
}

// Threshold returns the largest k in [0, n] with P(X <= k) < alpha for
// X ~ Binomial(n, 0.5), or -1 when no k qualifies (P(X = 0) = 2^-n is
// already >= alpha, as for n <= 4 at alpha 0.05). n must be >= 1 and alpha
// in (0, 1). The CDF increases with k, so a binary search finds the first k
// that is not rejected in O(log n) evaluations.
func Threshold(n int, alpha float64) int {
	d := distuv.Binomial{N: float64(n), P: 0.5}
	return sort.Search(n+1, func(k int) bool { return d.CDF(float64(k)) >= alpha }) - 1
}

// Table returns one Row per coverage from min to max inclusive. It rejects a
// range that is empty or starts below 1 and an alpha outside (0, 1).
//
// The table costs O(max - min + log min) CDF evaluations, not one search per
// row: the threshold k(n) never falls and rises by at most one from n to
// n+1. It does not fall because X(n+1) = X(n) + B with B in {0, 1}, so
// P(X(n+1) <= k) <= P(X(n) <= k); it rises by at most one because
// X(n+1) <= X(n) + 1, so P(X(n+1) <= k+1) >= P(X(n) <= k) >= alpha when k
// is not rejected at n. Each row therefore starts from the previous row's k
// and moves it by a step or two (`vole binom --max 20000` took 28 s with a
// scan per row).
func Table(min, max int, alpha float64) ([]Row, error) {
	if min < 1 || max < min {
		return nil, fmt.Errorf("binom: coverage range %d..%d: need 1 <= min <= max", min, max)
	}
	if !(alpha > 0 && alpha < 1) {
		return nil, fmt.Errorf("binom: alpha %v: need 0 < alpha < 1", alpha)
	}
	rows := make([]Row, 0, max-min+1)
	k := Threshold(min, alpha)
	for n := min; n <= max; n++ {
		k = walk(n, k, alpha)
		r := Row{N: n, K: k}
		if k >= 0 {
			r.Ratio = float64(k) / float64(n)
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// walk returns Threshold(n, alpha) by moving the guess k down while k is
// not rejected and up while k+1 is: a local search, cheap when k is the
// threshold of a neighbouring n.
func walk(n, k int, alpha float64) int {
	d := distuv.Binomial{N: float64(n), P: 0.5}
	for k >= 0 && d.CDF(float64(k)) >= alpha {
		k--
	}
	for k+1 <= n && d.CDF(float64(k+1)) < alpha {
		k++
	}
	return k
}
