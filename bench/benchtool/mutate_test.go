package main

import (
	"math/rand/v2"
	"testing"
)

// TestPlantedVariantsSpellHaplotypes plants variants in a random sequence
// and rebuilds each haplotype by applying the records one by one, right to
// left, to the reference: the result must be what applyHaplotype wrote.
// Every REF must match the reference, and sites must not overlap.
func TestPlantedVariantsSpellHaplotypes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	seq := make([]byte, 20000)
	for i := range seq {
		seq[i] = "ACGT"[rng.IntN(4)]
	}
	spec := mutateSpec{snpRate: 0.005, indelRate: 0.002, repeatShare: 0.5, homFrac: 0.3, maxIndel: 10}
	vs := plantVariants(rng, seq, spec)
	if len(vs) < 100 {
		t.Fatalf("%d variants, want about 140", len(vs))
	}
	indels, homs := 0, 0
	for i, v := range vs {
		if string(seq[v.pos:v.pos+len(v.ref)]) != v.ref {
			t.Fatalf("variant %d: REF %s is not the reference's %s", i, v.ref, seq[v.pos:v.pos+len(v.ref)])
		}
		if i > 0 && v.pos < vs[i-1].pos+len(vs[i-1].ref) {
			t.Fatalf("variants %d and %d overlap", i-1, i)
		}
		if len(v.ref) != len(v.alt) {
			indels++
		}
		if v.onHap[0] && v.onHap[1] {
			homs++
		}
	}
	if indels == 0 || homs == 0 {
		t.Fatalf("%d indels, %d homozygous: the spec asks for both", indels, homs)
	}
	for h := 0; h < 2; h++ {
		want := string(seq)
		for i := len(vs) - 1; i >= 0; i-- {
			if v := vs[i]; v.onHap[h] {
				want = want[:v.pos] + v.alt + want[v.pos+len(v.ref):]
			}
		}
		if got := string(applyHaplotype(seq, vs, h)); got != want {
			t.Fatalf("haplotype %d differs from the records applied one by one", h+1)
		}
	}
}
