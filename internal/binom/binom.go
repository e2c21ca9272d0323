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
// in (0, 1).
func Threshold(n int, alpha float64) int {
	d := distuv.Binomial{N: float64(n), P: 0.5}
	k := -1
	// The CDF increases with k, so the first k that is not rejected ends
	// the scan; it never passes n/2 because P(X <= n/2) >= 1/2.
	for k+1 <= n && d.CDF(float64(k+1)) < alpha {
		k++
	}
	return k
}

// Table returns one Row per coverage from min to max inclusive. It rejects a
// range that is empty or starts below 1 and an alpha outside (0, 1).
func Table(min, max int, alpha float64) ([]Row, error) {
	if min < 1 || max < min {
		return nil, fmt.Errorf("binom: coverage range %d..%d: need 1 <= min <= max", min, max)
	}
	if !(alpha > 0 && alpha < 1) {
		return nil, fmt.Errorf("binom: alpha %v: need 0 < alpha < 1", alpha)
	}
	rows := make([]Row, 0, max-min+1)
	for n := min; n <= max; n++ {
		k := Threshold(n, alpha)
		r := Row{N: n, K: k}
		if k >= 0 {
			r.Ratio = float64(k) / float64(n)
		}
		rows = append(rows, r)
	}
	return rows, nil
}
