package pileup

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// TestGenotypeOrder checks genotypeAlleles against the VCF ordering written
// out by its definition: for k, for j <= k.
func TestGenotypeOrder(t *testing.T) {
	g := 0
	for k := 0; k < 6; k++ {
		for j := 0; j <= k; j++ {
			if a, b := genotypeAlleles(g); a != j || b != k {
				t.Fatalf("genotype %d: got %d/%d, want %d/%d", g, a, b, j, k)
			}
			g++
		}
	}
}

// naiveErrmod computes the revised MAQ model's phred likelihoods the long
// way: observations sorted best first, the k-th of an allele-strand pair
// weighted 0.83^k*0.97+0.03, each allele's c-th error costing
// phred(P(X >= c+1)/P(X >= c)) with the binomial tails summed term by term,
// and a heterozygote's split of its two alleles binomial at 1/2.
func naiveErrmod(obs []errObs, m int) []float64 {
	type ob struct{ q, strand, allele int }
	var list []ob
	for _, o := range obs {
		list = append(list, ob{int(o >> 5), int(o>>4) & 1, int(o & 15)})
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.q != b.q {
			return a.q > b.q
		}
		if a.strand != b.strand {
			return a.strand > b.strand
		}
		return a.allele > b.allele
	})
	n := len(list)
	tail := func(q, k int) float64 { // P(X >= k), X ~ Binomial(n, e)
		e := math.Pow(10, -float64(q)/10)
		var s float64
		for x := k; x <= n; x++ {
			s += math.Exp(logChoose(n, x) + float64(x)*math.Log(e) + float64(n-x)*math.Log1p(-e))
		}
		return s
	}
	cost := make([]float64, m)
	seen := map[[2]int]int{}
	count := make([]int, m)
	for _, o := range list {
		w := 1.0
		if k := seen[[2]int{o.allele, o.strand}]; k > 0 {
			w = math.Pow(0.83, float64(k))*0.97 + 0.03
		}
		c := count[o.allele]
		cost[o.allele] += w * -10 * math.Log10(tail(o.q, c+1)/tail(o.q, c))
		seen[[2]int{o.allele, o.strand}]++
		count[o.allele]++
	}
	var pl []float64
	for k := 0; k < m; k++ {
		for j := 0; j <= k; j++ {
			v := 0.0
			for a := 0; a < m; a++ {
				if a != j && a != k {
					v += cost[a]
				}
			}
			if j != k {
				c := count[j] + count[k]
				v += -10 * math.Log10(math.Exp(logChoose(c, count[k]))/math.Pow(2, float64(c)))
			}
			pl = append(pl, math.Max(v, 0))
		}
	}
	return pl
}

// TestErrmodMatchesNaive compares errLikelihoods with naiveErrmod on random
// columns, and with values worked by hand on the smallest one.
func TestErrmodMatchesNaive(t *testing.T) {
	// One read showing allele 1 at Q20: hom-ref costs phred(0.01) = 20, the
	// het phred(1/2), the hom-alt nothing.
	got := errLikelihoods([]errObs{makeErrObs(1, 20, false)}, 2, nil)
	if want := []float64{20, 10 * math.Log10(2), 0}; math.Abs(got[0]-want[0]) > 1e-9 || math.Abs(got[1]-want[1]) > 1e-9 || got[2] != 0 {
		t.Fatalf("one read: %v, want %v", got, want)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for trial := 0; trial < 200; trial++ {
		m := 2 + rng.IntN(4)
		var obs []errObs
		for i := rng.IntN(60); i > 0; i-- {
			obs = append(obs, makeErrObs(rng.IntN(m), 2+rng.IntN(45), rng.IntN(2) == 1))
		}
		want := naiveErrmod(obs, m)
		got := errLikelihoods(append([]errObs(nil), obs...), m, nil)
		for g := range want {
			if math.Abs(got[g]-want[g]) > 1e-6*math.Max(1, want[g]) {
				t.Fatalf("trial %d (%d obs, %d alleles) genotype %d: %v, want %v", trial, len(obs), m, g, got[g], want[g])
			}
		}
	}
}

// TestPriorsSumToOne checks the genotype prior is a distribution.
func TestPriorsSumToOne(t *testing.T) {
	for k := 2; k <= 5; k++ {
		s := 0.0
		for _, v := range logPriors(k, 1e-3, nil) {
			s += math.Exp(v)
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("k=%d: priors sum to %v", k, s)
		}
	}
}

// TestNormalizationBruteForce plants random indels in random low-complexity
// sequences (where repeats are common) and compares the left shift and the
// right end of the repeat with a search over every placement.
func TestNormalizationBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for trial := 0; trial < 1000; trial++ {
		b := make([]byte, 30)
		for i := range b {
			b[i] = "AC"[rng.IntN(2)]
		}
		ref := string(b)
		n := 1 + rng.IntN(3)
		pos := 1 + rng.IntN(len(ref)-n-1) // deleted bases start here; pos-1 pads
		v := variant{pos: pos - 1, ref: ref[pos-1 : pos+n], alt: ref[pos-1 : pos]}
		if got, want := leftDeletion(wholeRef(ref), pos, n)-1, leftmost(ref, v).pos; got != want {
			t.Fatalf("%s: deletion of %d at %d: left to %d, want %d", ref, n, pos, got, want)
		}
		hap, _ := haplotype(ref, []variant{v})
		rightmost := pos
		for s := pos; s+n <= len(ref); s++ {
			if ref[:s]+ref[s+n:] == hap {
				rightmost = s
			}
		}
		if got := deletionContextEnd(wholeRef(ref), pos, n); got != rightmost+n {
			t.Fatalf("%s: deletion of %d at %d: context end %d, want %d", ref, n, pos, got, rightmost+n)
		}

		ins := make([]byte, 1+rng.IntN(3))
		for i := range ins {
			ins[i] = "AC"[rng.IntN(2)]
		}
		iv := variant{pos: pos - 1, ref: ref[pos-1 : pos], alt: ref[pos-1:pos] + string(ins)}
		want := leftmost(ref, iv)
		seq := append([]byte(nil), ins...)
		at := leftInsertion(wholeRef(ref), pos, seq)
		if at-1 != want.pos || string(seq) != want.alt[1:] {
			t.Fatalf("%s: insertion of %s before %d: left to %d %s, want %d %s", ref, ins, pos, at, seq, want.pos+1, want.alt[1:])
		}
		ihap, _ := haplotype(ref, []variant{iv})
		last := pos
		for s := pos; s <= len(ref); s++ {
			if ref[:s]+ihap[s:s+len(ins)]+ref[s:] == ihap {
				last = s
			}
		}
		if got := insertionContextEnd(wholeRef(ref), pos, string(ins)); got != last {
			t.Fatalf("%s: insertion of %s before %d: context end %d, want %d", ref, ins, pos, got, last)
		}
	}
}
