package index

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// naiveSA sorts the suffixes by direct comparison; a proper prefix sorts
// first, which is what the virtual sentinel means.
func naiveSA(text []byte) []int64 {
	sa := make([]int64, len(text))
	for i := range sa {
		sa[i] = int64(i)
	}
	sort.Slice(sa, func(a, b int) bool { return bytes.Compare(text[sa[a]:], text[sa[b]:]) < 0 })
	return sa
}

// checkSA compares both suffix-array widths against the naive sort.
func checkSA(t *testing.T, name string, text []byte, k int) {
	t.Helper()
	want := naiveSA(text)
	sa32 := make([]int32, len(text))
	sais(text, k, sa32, nil)
	sa64 := make([]int64, len(text))
	sais(text, k, sa64, nil)
	got32 := make([]int64, len(sa32))
	for i, v := range sa32 {
		got32[i] = int64(v)
	}
	if !slices.Equal(got32, want) || !slices.Equal(sa64, want) {
		t.Fatalf("%s (len %d): SA-IS\n32: %v\n64: %v\nwant %v", name, len(text), got32, sa64, want)
	}
}

func TestSAISMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for n := 0; n <= 200; n++ {
		random := make([]byte, n)
		for i := range random {
			random[i] = byte(rng.IntN(4))
		}
		checkSA(t, "random", random, 4)
		checkSA(t, "one letter", bytes.Repeat([]byte{2}, n), 4)
		periodic := make([]byte, n)
		for i := range periodic {
			periodic[i] = byte(i % 2)
		}
		checkSA(t, "periodic ACAC", periodic, 4)
		period3 := make([]byte, n)
		for i := range period3 {
			period3[i] = []byte{0, 1, 1, 0, 3, 3, 2}[i%7]
		}
		checkSA(t, "period 7", period3, 4)
		bytesText := make([]byte, n)
		for i := range bytesText {
			bytesText[i] = byte(rng.IntN(256))
		}
		checkSA(t, "bytes", bytesText, 256)
	}
	// Long repeats: a random block copied many times with a few changes.
	for trial := 0; trial < 20; trial++ {
		unit := make([]byte, 1+rng.IntN(50))
		for i := range unit {
			unit[i] = byte(rng.IntN(4))
		}
		text := bytes.Repeat(unit, 2+rng.IntN(40))
		for m := rng.IntN(3); m > 0; m-- {
			text[rng.IntN(len(text))] = byte(rng.IntN(4))
		}
		checkSA(t, "long repeats", text, 4)
	}
}

func TestWideSuffixArrayPath(t *testing.T) {
	defer func(old int) { maxNarrowText = old }(maxNarrowText)
	maxNarrowText = 10
	rng := rand.New(rand.NewPCG(9, 10))
	fasta := randomFASTA(rng, []int{200, 50}, 0.02)
	wide, _ := buildFromFASTA(t, fasta)
	maxNarrowText = 1 << 30
	narrow, _ := buildFromFASTA(t, fasta)
	if !slices.Equal(wide.blocks, narrow.blocks) || !slices.Equal(wide.sa.samples, narrow.sa.samples) || wide.primary != narrow.primary {
		t.Fatal("64-bit suffix-array build differs from the 32-bit one")
	}
}

func TestSAISBucketModes(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	text := make([]byte, 3000)
	for i := range text {
		text[i] = byte(rng.IntN(200))
	}
	want := naiveSA(text)
	// tmp holding both bucket arrays, only the pointers, or neither.
	for _, size := range []int{400, 200, 0} {
		sa := make([]int64, len(text))
		sais(text, 200, sa, make([]int64, size))
		if !slices.Equal(sa, want) {
			t.Fatalf("tmp of %d entries: wrong suffix array", size)
		}
	}
}
