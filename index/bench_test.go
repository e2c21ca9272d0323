package index

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// benchRef is a random 4 Mb reference (about E. coli's size) with a few N
// runs, built once for the search benchmarks.
var benchRef = sync.OnceValues(func() (*Reference, string) {
	rng := rand.New(rand.NewPCG(21, 22))
	var b strings.Builder
	b.WriteString(">bench\n")
	seq := make([]byte, 4<<20)
	for i := range seq {
		seq[i] = "ACGT"[rng.IntN(4)]
	}
	copy(seq[1000:], strings.Repeat("N", 500))
	b.Write(seq)
	ref, err := parseFASTA(strings.NewReader(b.String()), "bench.fa", 0)
	if err != nil {
		panic(err)
	}
	return ref, string(seq)
})

var benchIndex = sync.OnceValue(func() *Index {
	ref, _ := benchRef()
	ix, err := Build(ref)
	if err != nil {
		panic(err)
	}
	return ix
})

// benchReads returns n 100-base substrings of the bench reference as codes.
func benchReads(n int) [][]byte {
	_, seq := benchRef()
	rng := rand.New(rand.NewPCG(23, 24))
	reads := make([][]byte, n)
	for i := range reads {
		p := 2000 + rng.IntN(len(seq)-2100)
		reads[i] = Encode(nil, []byte(seq[p:p+100]))
	}
	return reads
}

func BenchmarkBuild(b *testing.B) {
	ref, _ := benchRef()
	b.SetBytes(ref.TextLen())
	for b.Loop() {
		if _, err := Build(ref); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadFASTA(b *testing.B) {
	rng := rand.New(rand.NewPCG(25, 26))
	var sb strings.Builder
	sb.WriteString(">r\n")
	for i := 0; i < 4<<20; i++ {
		if i%100000 < 100 {
			sb.WriteByte('N') // a 100-base N run every 100 kb
		} else {
			sb.WriteByte("ACGTacgt"[rng.IntN(8)])
		}
		if i%60 == 59 {
			sb.WriteByte('\n')
		}
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := parseFASTA(strings.NewReader(text), "bench.fa", 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch measures exact backward search of one 100-base read, with
// the k-mer table and without it.
func BenchmarkSearch(b *testing.B) {
	ix := benchIndex()
	reads := benchReads(1 << 14)
	for _, withTable := range []bool{true, false} {
		name := "kmers"
		search := ix.Search
		if !withTable {
			name = "plain"
			search = func(codes []byte) Interval { return plainSearch(ix, codes) }
		}
		b.Run(name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				if search(reads[i&(len(reads)-1)]).Size() != 1 {
					b.Fatal("read not found once")
				}
				i++
			}
		})
	}
}

// BenchmarkFind measures finding the position of one 100-base read: Find
// against Locate(Search(read)), the same answer.
func BenchmarkFind(b *testing.B) {
	ix := benchIndex()
	reads := benchReads(1 << 14)
	var dst []int64
	b.Run("find", func(b *testing.B) {
		i := 0
		for b.Loop() {
			dst, _ = ix.Find(reads[i&(len(reads)-1)], 1, dst)
			i++
		}
	})
	b.Run("search+locate", func(b *testing.B) {
		i := 0
		for b.Loop() {
			dst = ix.Locate(ix.Search(reads[i&(len(reads)-1)]), 1, dst)
			i++
		}
	})
}

// BenchmarkLocate measures Locate of one row (at most SampleRate-1 LF steps).
func BenchmarkLocate(b *testing.B) {
	ix := benchIndex()
	rng := rand.New(rand.NewPCG(27, 28))
	var dst []int64
	for b.Loop() {
		r := rng.Int64N(ix.n + 1)
		dst = ix.Locate(Interval{r, r + 1}, 1, dst)
	}
}
