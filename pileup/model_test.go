package pileup

import (
	"math"
	"math/rand/v2"
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

// TestLogLikelihoodsMatchReadByRead compares the per-allele sums with the
// product over reads of (P(read|a1)+P(read|a2))/2 for random reads.
func TestLogLikelihoodsMatchReadByRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	type read struct{ allele, q int }
	for trial := 0; trial < 50; trial++ {
		k := 2 + rng.IntN(3)
		var reads []read
		obs := make([]obsTerms, k)
		for i := rng.IntN(30); i > 0; i-- {
			r := read{rng.IntN(k), 2 + rng.IntN(40)}
			reads = append(reads, r)
			obs[r.allele].add(r.q)
		}
		got := logLikelihoods(obs, nil)
		g := 0
		for b := 0; b < k; b++ {
			for a := 0; a <= b; a++ {
				want := 0.0
				for _, r := range reads {
					e := math.Pow(10, -float64(r.q)/10)
					p := func(x int) float64 {
						if x == r.allele {
							return 1 - e
						}
						return e / 3
					}
					want += math.Log((p(a) + p(b)) / 2)
				}
				if math.Abs(got[g]-want) > 1e-9 {
					t.Fatalf("trial %d genotype %d/%d: %v, want %v", trial, a, b, got[g], want)
				}
				g++
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
		if got, want := leftDeletion(b, pos, n)-1, leftmost(ref, v).pos; got != want {
			t.Fatalf("%s: deletion of %d at %d: left to %d, want %d", ref, n, pos, got, want)
		}
		hap, _ := haplotype(ref, []variant{v})
		rightmost := pos
		for s := pos; s+n <= len(ref); s++ {
			if ref[:s]+ref[s+n:] == hap {
				rightmost = s
			}
		}
		if got := deletionContextEnd(b, pos, n); got != rightmost+n {
			t.Fatalf("%s: deletion of %d at %d: context end %d, want %d", ref, n, pos, got, rightmost+n)
		}

		ins := make([]byte, 1+rng.IntN(3))
		for i := range ins {
			ins[i] = "AC"[rng.IntN(2)]
		}
		iv := variant{pos: pos - 1, ref: ref[pos-1 : pos], alt: ref[pos-1:pos] + string(ins)}
		want := leftmost(ref, iv)
		seq := append([]byte(nil), ins...)
		at := leftInsertion(b, pos, seq)
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
		if got := insertionContextEnd(b, pos, string(ins)); got != last {
			t.Fatalf("%s: insertion of %s before %d: context end %d, want %d", ref, ins, pos, got, last)
		}
	}
}
