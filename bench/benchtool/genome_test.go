package main

import (
	"bytes"
	"testing"
)

func TestSynthGenome(t *testing.T) {
	spec := genomeSpec{Size: 200001, Contigs: 3, Seed: 7, RepeatFrc: 0.2}
	g := synthGenome(spec)
	total := 0
	for _, c := range g {
		total += len(c)
		if !isACGT(c) {
			t.Fatal("non-ACGT base")
		}
	}
	if len(g) != 3 || total != spec.Size || len(g[0]) != 66667 || len(g[2]) != 66667 {
		t.Fatalf("%d contigs, %d bases (first %d)", len(g), total, len(g[0]))
	}
	if again := synthGenome(spec); !bytes.Equal(again[1], g[1]) {
		t.Error("same seed gave a different genome")
	}
	if other := synthGenome(genomeSpec{Size: 200001, Contigs: 3, Seed: 8, RepeatFrc: 0.2}); bytes.Equal(other[1], g[1]) {
		t.Error("different seeds gave the same genome")
	}
	// Repeats: with 20% of bases in copies of 1-5 kb, some 40-mer must occur
	// twice; in an i.i.d. text of 66 kb a repeated 40-mer has odds ~1e-19.
	if !hasRepeatedKmer(g[0], 40) {
		t.Error("no repeated 40-mer: repeats were not inserted")
	}
	if hasRepeatedKmer(synthGenome(genomeSpec{Size: 66667, Contigs: 1, Seed: 7})[0], 40) {
		t.Error("repeated 40-mer without repeats")
	}
}

func hasRepeatedKmer(s []byte, k int) bool {
	seen := map[string]bool{}
	for i := 0; i+k <= len(s); i++ {
		w := string(s[i : i+k])
		if seen[w] {
			return true
		}
		seen[w] = true
	}
	return false
}

func TestWriteFASTA(t *testing.T) {
	var b bytes.Buffer
	writeFASTA(&b, "s", [][]byte{bytes.Repeat([]byte("A"), 61), []byte("C")})
	want := ">s1\n" + string(bytes.Repeat([]byte("A"), 60)) + "\nA\n>s2\nC\n"
	if b.String() != want {
		t.Errorf("got %q", b.String())
	}
}
