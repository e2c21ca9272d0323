package index

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// withBlocks runs f with the block lengths set to first and rest.
func withBlocks(first, rest int64, f func()) {
	defer func(a, b int64) { firstBlockLen, blockLen = a, b }(firstBlockLen, blockLen)
	firstBlockLen, blockLen = first, rest
	f()
}

// sameIndex reports how got differs from want ("" when in nothing), the
// saved files included.
func sameIndex(t testing.TB, got, want *Index) string {
	t.Helper()
	switch {
	case got.n != want.n || got.primary != want.primary:
		return fmt.Sprintf("n/primary %d/%d, want %d/%d", got.n, got.primary, want.n, want.primary)
	case got.c != want.c:
		return fmt.Sprintf("C %v, want %v", got.c, want.c)
	case !slices.Equal(got.blocks, want.blocks):
		return "BWT blocks differ"
	case !slices.Equal(got.sa.marks, want.sa.marks) || !slices.Equal(got.sa.ranks, want.sa.ranks):
		return "sample marks differ"
	case !slices.Equal(got.sa.samples, want.sa.samples):
		return "samples differ"
	}
	var files [2]bytes.Buffer
	for i, ix := range []*Index{got, want} {
		if err := ix.write(&files[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0].Bytes(), files[1].Bytes()) {
		return "saved files differ"
	}
	return ""
}

// refFromCodes makes a one-contig reference of the bases in codes (0-3).
func refFromCodes(t testing.TB, codes []byte) *Reference {
	seq := make([]byte, len(codes))
	for i, c := range codes {
		seq[i] = "ACGT"[c]
	}
	ref, err := parseFASTA(strings.NewReader(">t\n"+string(seq)+"\n"), "t.fa", 0)
	if err != nil {
		panic(err) // the text is valid by construction
	}
	return ref
}

// checkBuilder builds ref with each pair of block lengths and threads and
// compares with the oracle.
func checkBuilder(t *testing.T, name string, ref *Reference, blocks [][2]int64) {
	t.Helper()
	want := buildOracle(ref)
	defer func(d int, a uint64, c, p int64, h func(lower, upper func()), ss, sb, lb int, kb uint) {
		denseTies, denseAfter, minChainLen, parallelMerge, runHalves = d, a, c, p, h
		smallSort, smallBucket, largeBucket, minKeyBits = ss, sb, lb, kb
	}(denseTies, denseAfter, minChainLen, parallelMerge, runHalves, smallSort, smallBucket, largeBucket, minKeyBits)
	parallelHalves := runHalves
	for _, bl := range blocks {
		for _, threads := range []int{1, 2, 3} {
			// Ties refined by doubling, by SA-IS, and as Build chooses;
			// blocks ranked in one piece and in many.
			denseTies = []int{0, math.MaxInt, 16}[threads-1]
			denseAfter = []uint64{64, 0, 64}[threads-1]
			minChainLen = []int64{1 << 12, 1, 7}[threads-1]
			parallelMerge = []int64{1 << 16, 64, 64}[threads-1]
			runHalves = parallelHalves
			// Blocks sorted as a whole; by buckets sorted by radix; by
			// buckets sorted by insertion, radix and comparison.
			smallSort = []int{1 << 14, 0, 0}[threads-1]
			smallBucket = []int{64, 0, 2}[threads-1]
			largeBucket = []int{1 << 18, 1 << 18, 6}[threads-1]
			// Keys as wide as a text of MaxTextLen bases makes them.
			minKeyBits = []uint{0, keyBits(MaxTextLen + 1), 0}[threads-1]
			if threads == 3 {
				runHalves = func(lower, upper func()) { lower(); upper() }
			}
			withBlocks(bl[0], bl[1], func() {
				got, err := BuildWith(ref, BuildOptions{Threads: threads})
				if err != nil {
					t.Fatal(err)
				}
				if d := sameIndex(t, got, want); d != "" {
					t.Fatalf("%s (n=%d, blocks %d/%d, %d threads): %s", name, ref.n, bl[0], bl[1], threads, d)
				}
			})
		}
	}
}

// randomCodes returns n random bases.
func randomCodes(rng *rand.Rand, n int) []byte {
	codes := make([]byte, n)
	for i := range codes {
		codes[i] = byte(rng.IntN(4))
	}
	return codes
}

func TestBuilderMatchesOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	small := [][2]int64{{1, 1}, {1, 2}, {3, 1}, {5, 7}, {16, 3}, {64, 64}, {200, 50}}
	for n := 1; n <= 40; n++ {
		checkBuilder(t, "random", refFromCodes(t, randomCodes(rng, n)), small)
		checkBuilder(t, "one base", refFromCodes(t, bytes.Repeat([]byte{2}, n)), small)
	}
	texts := map[string][]byte{}
	texts["random 5000"] = randomCodes(rng, 5000)
	texts["all A"] = make([]byte, 3000)
	for _, unit := range []int{1, 2, 3, 7, 20, 171} {
		u := randomCodes(rng, unit)
		texts[fmt.Sprintf("tandem %d", unit)] = append(bytes.Repeat(u, 4000/unit), randomCodes(rng, 50)...)
	}
	// A long exact repeat across block boundaries, and a text of copies of
	// its own end, where every key of a block ties.
	x := randomCodes(rng, 700)
	texts["copies of the tail"] = bytes.Repeat(x, 6)
	r := randomCodes(rng, 4000)
	copy(r[2500:], r[300:1500])
	texts["long repeat"] = r
	for name, codes := range texts {
		checkBuilder(t, name, refFromCodes(t, codes), [][2]int64{{1, 1}, {10, 3}, {100, 77}, {1000, 257}, {int64(len(codes)), 1000}})
	}
	// Blocks short against their tails, so that the merge of a block's BWT
	// finds where to cut it in two.
	long := repeatText(40000, 55)
	checkBuilder(t, "long tail", refFromCodes(t, long), [][2]int64{{36000, 400}, {30000, 1500}})
}

func TestBuildAndSave(t *testing.T) {
	// The streamed file is the one Save writes of the same index, for any
	// block lengths.
	rng := rand.New(rand.NewPCG(57, 58))
	for _, n := range []int{1, 2, 63, 64, 65, 200, 5000} {
		ref := refFromCodes(t, repeatText(max(n, 1000), uint64(n))[:n])
		var want bytes.Buffer
		if err := buildOracle(ref).write(&want); err != nil {
			t.Fatal(err)
		}
		for _, bl := range [][2]int64{{int64(n), 1}, {7, 3}, {int64(1 + rng.IntN(n)), int64(1 + rng.IntN(n))}} {
			withBlocks(bl[0], bl[1], func() {
				path := filepath.Join(t.TempDir(), "x.vole")
				if err := BuildAndSave(ref, BuildOptions{Threads: 2}, path); err != nil {
					t.Fatal(err)
				}
				if got := readFile(t, path); !bytes.Equal(got, want.Bytes()) {
					t.Fatalf("n=%d blocks %v: BuildAndSave's file differs from Save's", n, bl)
				}
			})
		}
	}
}

func TestBuilderContigsAndN(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 54))
	lengths := make([]int, 30)
	for i := range lengths {
		lengths[i] = 1 + rng.IntN(300)
	}
	ref, err := parseFASTA(strings.NewReader(randomFASTA(rng, lengths, 0.05)), "r.fa", 0)
	if err != nil {
		t.Fatal(err)
	}
	checkBuilder(t, "contigs and N", ref, [][2]int64{{7, 5}, {500, 100}, {2000, 999}})
}

// FuzzBuilder checks the blockwise builder against the oracle on small
// texts with block lengths taken from the input.
func FuzzBuilder(f *testing.F) {
	f.Add([]byte("ACGTACGTTTGA"), uint8(3), uint8(2))
	f.Add([]byte("AAAAAAAAAAAAAAAAAAAAAAAA"), uint8(1), uint8(1))
	f.Add([]byte("ACACACACACAGACACACAC"), uint8(5), uint8(4))
	f.Fuzz(func(t *testing.T, seq []byte, first, rest uint8) {
		codes := make([]byte, 0, len(seq))
		for _, c := range seq {
			codes = append(codes, c&3)
		}
		if len(codes) == 0 || len(codes) > 2000 {
			return
		}
		ref := refFromCodes(t, codes)
		want := buildOracle(ref)
		withBlocks(int64(first)+1, int64(rest)+1, func() {
			got, err := BuildWith(ref, BuildOptions{Threads: 2})
			if err != nil {
				t.Fatal(err)
			}
			if d := sameIndex(t, got, want); d != "" {
				t.Fatalf("n=%d blocks %d/%d: %s", len(codes), first+1, rest+1, d)
			}
		})
	})
}
