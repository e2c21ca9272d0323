package align

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/biogo/biogo/alphabet"
	"github.com/biogo/biogo/io/seqio/fastq"
	"github.com/biogo/biogo/seq/linear"
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
	w := newWorker(g.ix, &sc, nil)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		w.encode(reads[i%len(reads)])
		for s := 0; s < 2; s++ {
			w.seeds = reseed(g.ix, w.k, w.strands[s], greedySeeds(g.ix, w.k, w.strands[s], w.seeds[:0]))
		}
	}
}

// BenchmarkAlignRead: the whole single-end path per read (seeds, chains,
// extension).
func BenchmarkAlignRead(b *testing.B) {
	g, reads := benchReads(b, 1000)
	sc := DefaultScoring()
	w := newWorker(g.ix, &sc, nil)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		w.alignRead(reads[i%len(reads)], uint64(i))
	}
}

// fastqText is n random 150 bp FASTQ records.
func fastqText(n int) string {
	rng := rand.New(rand.NewPCG(43, 44))
	var b strings.Builder
	seq := make([]byte, 150)
	for i := 0; i < n; i++ {
		for k := range seq {
			seq[k] = "ACGT"[rng.IntN(4)]
		}
		b.WriteString(fastqRecord(fmt.Sprintf("read%d/1", i), seq))
	}
	return b.String()
}

// BenchmarkReadReader: this package's FASTQ reader, 10k reads per op.
func BenchmarkReadReader(b *testing.B) {
	text := fastqText(10000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		rr := NewReadReader(strings.NewReader(text), "bench.fq")
		buf := make([]byte, 0, 1<<22)
		for {
			var err error
			if _, buf, err = rr.Next(buf); err != nil {
				break
			}
		}
	}
}

// BenchmarkBiogoFASTQ: biogo's FASTQ reader on the same input, the figure
// behind the hand-written reader (see ReadReader).
func BenchmarkBiogoFASTQ(b *testing.B) {
	text := fastqText(10000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		r := fastq.NewReader(strings.NewReader(text), linear.NewQSeq("", nil, alphabet.DNA, alphabet.Sanger))
		for {
			if _, err := r.Read(); err != nil {
				break
			}
		}
	}
}
