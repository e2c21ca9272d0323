package main

import (
	"math/rand/v2"
	"strconv"
	"strings"
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

// TestTilesAreSorted writes tiles over two contigs and checks that samtools
// would take them as sorted (contig order, positions not decreasing), that
// the step and the N rule hold, and that each read is its reference copy
// up to the planted SNPs and errors.
func TestTilesAreSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	mk := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "ACGT"[rng.IntN(4)]
		}
		return b
	}
	a := mk(3000)
	copy(a[1000:1010], "NNNNNNNNNN")
	contigs := []fastaContig{{"c1", a}, {"c2", mk(2000)}}
	var buf strings.Builder
	if err := writeTiles(&buf, contigs, tileSpec{step: 7, contig: -1, seed: 1}); err != nil {
		t.Fatal(err)
	}
	lastContig, lastPos, reads := 0, 0, 0
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if l[0] == '@' {
			continue
		}
		f := strings.Split(l, "\t")
		ci := map[string]int{"c1": 0, "c2": 1}[f[2]]
		pos, _ := strconv.Atoi(f[3])
		if ci < lastContig || (ci == lastContig && pos < lastPos) {
			t.Fatalf("read at %s:%d after %d:%d", f[2], pos, lastContig, lastPos)
		}
		if (pos-1)%7 != 0 {
			t.Errorf("read at %d is off the step", pos)
		}
		seq := contigs[ci].Seq[pos-1 : pos-1+150]
		if strings.Contains(string(seq), "N") {
			t.Errorf("read at %s:%d covers an N", f[2], pos)
		}
		diff := 0
		for k := range seq {
			if seq[k] != f[9][k] {
				diff++
			}
		}
		if diff > 8 {
			t.Errorf("read at %s:%d differs from the reference at %d bases", f[2], pos, diff)
		}
		lastContig, lastPos = ci, pos
		reads++
	}
	if want := (3000-150+6)/7 + (2000-150+6)/7 - 23; reads < want-2 || reads > want+2 {
		t.Errorf("%d reads, want about %d", reads, want)
	}
}
