package pileup

import (
	"math"
	"sort"
	"sync/atomic"
)

// The genotype likelihoods are those of the revised MAQ error model that
// bcftools uses (Li 2011, "A statistical framework for SNP calling,
// mutation discovery, association mapping and population genetical
// parameter estimation from sequencing data", Bioinformatics 27:2987,
// section 2.3; htslib's errmod.c). Two things set it apart from a product
// of independent per-read errors, and both are what real errors look like:
//
//   - Errors at one site are not independent: a systematic error (a
//     context the chemistry misreads, a read end, a mismapped copy) shows in
//     read after read, mostly on one strand. The k-th observation of the
//     same allele on the same strand, in decreasing order of quality, counts
//     with weight fk(k) = 0.83^k * 0.97 + 0.03 (depcorr 0.17, eta 0.03). Eight
//     reverse-strand reads at Q15 showing the same wrong base are therefore
//     worth about five, not eight.
//   - The reads showing a wrong allele are scored as the upper tail of a
//     binomial (P(at least c errors among n bases of quality q)), not as
//     e^c, so c errors among many reads are not c independent surprises.
//
// The likelihood of a heterozygote j/k is the binomial probability of the
// split of j and k reads at 0.5 times the error terms of the other reads.
// With the same model, QUAL and PL are on bcftools' scale: they grow
// quickly over the first few reads of an allele and then by about 0.03 q
// per further read, instead of q per read.

// errmod model constants (htslib errmod_init as bcftools calls it).
const (
	depCorr = 0.17
	errEta  = 0.03
	// errMaxN is the most observations one likelihood uses; deeper columns
	// are thinned evenly (see thin).
	errMaxN = 255
	errMaxQ = 63
	errMinQ = 4
)

// errFk[k] is the weight of the k-th observation of one allele on one
// strand.
var errFk = func() (f [errMaxN + 1]float64) {
	f[0] = 1
	for k := 1; k < len(f); k++ {
		f[k] = math.Pow(1-depCorr, float64(k))*(1-errEta) + errEta
	}
	return f
}()

// errLogBinom[n][k] is log C(n, k).
var errLogBinom = func() (t [errMaxN + 1][errMaxN + 1]float64) {
	for n := 0; n <= errMaxN; n++ {
		ln, _ := math.Lgamma(float64(n + 1))
		for k := 0; k <= n; k++ {
			lk, _ := math.Lgamma(float64(k + 1))
			lnk, _ := math.Lgamma(float64(n - k + 1))
			t[n][k] = ln - lk - lnk
		}
	}
	return t
}()

// errBeta caches, per quality q and depth n, the phred-scaled ratios
// beta[k] = phred(P(X >= k+1) / P(X >= k)) for X ~ Binomial(n, 10^(-q/10)):
// the cost of the (k+1)-th error once k are explained. A row is computed
// the first time it is needed (two goroutines may both compute it; they
// store the same values).
var errBeta [errMaxQ + 1][errMaxN + 1]atomic.Pointer[[]float64]

// betaRow returns the beta row of quality q and depth n.
func betaRow(q, n int) []float64 {
	if r := errBeta[q][n].Load(); r != nil {
		return *r
	}
	e := math.Pow(10, -float64(q)/10)
	le, le1 := math.Log(e), math.Log1p(-e)
	row := make([]float64, n+1)
	// tail(k) = log P(X >= k), summed from the top down.
	tail := errLogBinom[n][n] + float64(n)*le
	row[n] = math.Inf(1)
	for k := n - 1; k >= 0; k-- {
		term := errLogBinom[n][k] + float64(k)*le + float64(n-k)*le1
		next := logAdd(tail, term)
		row[k] = -10 / math.Ln10 * (tail - next)
		tail = next
	}
	errBeta[q][n].Store(&row)
	return row
}

// logAdd returns log(exp(a) + exp(b)).
func logAdd(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(b, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// errObs is one observation for the error model: quality<<5 | reverse<<4 |
// allele (allele < 16), the encoding errmod sorts by.
type errObs uint16

func makeErrObs(allele, q int, reverse bool) errObs {
	q = min(max(q, errMinQ), errMaxQ)
	o := errObs(q<<5 | allele)
	if reverse {
		o |= 1 << 4
	}
	return o
}

// thin keeps errMaxN of the sorted observations, evenly spaced, so that
// the quality, strand and allele make-up of a deep column is kept and the
// result does not depend on anything but the observations.
func thin(obs []errObs) []errObs {
	if len(obs) <= errMaxN {
		return obs
	}
	n := len(obs)
	for i := 0; i < errMaxN; i++ {
		obs[i] = obs[i*n/errMaxN]
	}
	return obs[:errMaxN]
}

// errLikelihoods fills pl with the phred-scaled likelihood of every diploid
// genotype over m alleles in VCF order (j <= k: index k(k+1)/2 + j) from
// the observations, which it sorts in place. Values are relative: 0 is the
// best a genotype can do.
func errLikelihoods(obs []errObs, m int, pl []float64) []float64 {
	pl = pl[:0]
	for g := 0; g < numGenotypes(m); g++ {
		pl = append(pl, 0)
	}
	if len(obs) == 0 {
		return pl
	}
	sort.Slice(obs, func(i, j int) bool { return obs[i] < obs[j] })
	obs = thin(obs)
	n := len(obs)
	var (
		bsum [16]float64
		cnt  [16]int
		seen [32]int // per allele and strand
	)
	for i := n - 1; i >= 0; i-- { // best quality first
		o := obs[i]
		q, as, a := int(o>>5), int(o&0x1f), int(o&0xf)
		bsum[a] += errFk[seen[as]] * betaRow(q, n)[cnt[a]]
		cnt[a]++
		seen[as]++
	}
	for k := 0; k < m; k++ {
		for j := 0; j <= k; j++ {
			var others float64
			for a := 0; a < m; a++ {
				if a != j && a != k {
					others += bsum[a]
				}
			}
			v := others
			if j != k {
				cjk := cnt[j] + cnt[k]
				v += -10 / math.Ln10 * (errLogBinom[cjk][cnt[k]] - math.Ln2*float64(cjk))
			}
			pl[k*(k+1)/2+j] = max(v, 0)
		}
	}
	return pl
}
