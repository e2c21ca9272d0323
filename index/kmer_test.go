package index

import (
	"math/rand/v2"
	"testing"
)

// plainSearch is backward search without the k-mer table.
func plainSearch(ix *Index, codes []byte) Interval {
	iv := ix.Full()
	for i := len(codes) - 1; i >= 0; i-- {
		iv = ix.Backward(iv, codes[i])
	}
	return iv
}

func TestKmerTableMatchesBackwardSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, length := range []int{1, 2, 3, 5, 17, 300, 2000} {
		ix, _ := buildFromFASTA(t, randomFASTA(rng, []int{length}, 0.01))
		for k := 1; k <= 5; k++ {
			ix.kmers = ix.kmerTableOf(k, 2)
			codes := make([]byte, k)
			for w := 0; w < 1<<(2*k); w++ {
				for i := range codes {
					codes[i] = byte(w>>(2*(k-1-i))) & 3
				}
				got, _ := ix.KmerInterval(codes)
				want := plainSearch(ix, codes)
				if got.Size() != want.Size() || (want.Size() > 0 && got != want) {
					t.Fatalf("length %d, k %d, k-mer %v: table %v, backward search %v", length, k, codes, got, want)
				}
			}
			if _, ok := ix.KmerInterval(make([]byte, k+1)); ok {
				t.Fatal("KmerInterval accepted a pattern of the wrong length")
			}
			if _, ok := ix.KmerInterval(append(make([]byte, k-1), Ambiguous)); ok {
				t.Fatal("KmerInterval accepted an ambiguous code")
			}
			for q := 0; q < 200; q++ {
				p := make([]byte, rng.IntN(12))
				for i := range p {
					p[i] = byte(rng.IntN(4))
				}
				if got, want := ix.Search(p), plainSearch(ix, p); got.Size() != want.Size() || (want.Size() > 0 && got != want) {
					t.Fatalf("length %d, k %d, pattern %v: Search %v, plain %v", length, k, p, got, want)
				}
			}
		}
	}
	// 16·4^k <= n: 64 bases for k = 1, 16·4^9 = 4194304 for k = 9.
	for n, want := range map[int64]int{63: 0, 64: 1, 4194303: 8, 5_000_000: 9, 1 << 40: maxKmerLen} {
		if got := kmerLen(n); got != want {
			t.Errorf("kmerLen(%d) = %d, want %d", n, got, want)
		}
	}
}
