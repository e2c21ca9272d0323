package align

import (
	"math/rand/v2"
	"testing"
)

// benchReads cuts n reads of 150 bp with about 1% substitutions from a
// random 500 kb genome.
func benchReads(b *testing.B, n int) (*testGenome, [][]byte) {
	rng := rand.New(rand.NewPCG(41, 42))
	g := newTestGenome(b, rng, []int{500000}, 0)
	ref := g.seq["ctg1"]
	reads := make([][]byte, n)
	for i := range reads {
		p := rng.IntN(len(ref) - 150)
		r := append([]byte{}, ref[p:p+150]...)
		for k := range r {
			if rng.IntN(100) == 0 {
				r[k] = "ACGT"[rng.IntN(4)]
			}
		}
		if i%2 == 1 {
			r = revComp(r)
		}
		reads[i] = r
	}
	return g, reads
}

// BenchmarkSeeds: greedy and re-seeding backward search of both strands.
func BenchmarkSeeds(b *testing.B) {
	g, reads := benchReads(b, 1000)
	sc := DefaultScoring()
	w := newWorker(g.ix, &sc)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		w.encode(reads[i%len(reads)])
		for s := 0; s < 2; s++ {
			w.seeds = reseed(g.ix, w.strands[s], greedySeeds(g.ix, w.strands[s], w.seeds[:0]))
		}
	}
}

// BenchmarkAlignRead: the whole single-end path per read (seeds, chains,
// extension).
func BenchmarkAlignRead(b *testing.B) {
	g, reads := benchReads(b, 1000)
	sc := DefaultScoring()
	w := newWorker(g.ix, &sc)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		w.alignRead(reads[i%len(reads)])
	}
}
