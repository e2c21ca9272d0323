package index

import (
	"fmt"
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

// repeatText returns n bases of random text with planted repeats, a crude
// stand-in for a genome's: a tenth in copies of a few 300-base families at
// about 10% divergence, a tenth in copies of other stretches of up to 20
// kb, and some tandem arrays of 1-171 base units.
func repeatText(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	codes := make([]byte, n)
	for i := range codes {
		codes[i] = byte(rng.IntN(4))
	}
	families := make([][]byte, 8)
	for f := range families {
		families[f] = codes[rng.IntN(n-300):][:300:300]
	}
	for planted := 0; planted < n/10; {
		p, fam := rng.IntN(n-300), families[rng.IntN(len(families))]
		for j, c := range fam {
			if rng.IntN(10) == 0 {
				c = byte(rng.IntN(4))
			}
			codes[p+j] = c
		}
		planted += 300
	}
	for planted := 0; planted < n/10; {
		length := 1 + rng.IntN(min(20000, n/8))
		from, to := rng.IntN(n-length), rng.IntN(n-length)
		copy(codes[to:to+length], codes[from:from+length])
		planted += length
	}
	for arrays := 0; arrays < n/1000000+1; arrays++ {
		unit := 1 + rng.IntN(min(171, n/40))
		p := rng.IntN(n - 20*unit)
		for j := unit; j < min(n-p, 5000+unit*20); j++ {
			codes[p+j] = codes[p+j-unit]
		}
	}
	return codes
}

// BenchmarkBuild builds the index of texts with repeats at a few sizes on
// one and two threads; -benchtime 1x is enough for the larger ones.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1 << 20, 8 << 20, 32 << 20} {
		ref := refFromCodes(b, repeatText(n, uint64(n)))
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%dMb/t%d", n>>20, threads), func(b *testing.B) {
				b.SetBytes(int64(n))
				for b.Loop() {
					if _, err := BuildWith(ref, BuildOptions{Threads: threads}); err != nil {
						b.Fatal(err)
					}
				}
			})
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
