package align

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/vole-bio/vole/index"
)

// naiveGreedy is the greedy seeding by plain backward search, step by
// step, with no table and no early locating: the reference for seedStep.
func naiveGreedy(ix *index.Index, q []byte) []seed {
	var seeds []seed
	for end := len(q); end >= minSeedLen; {
		iv, i := ix.Full(), end
		for i > 0 && q[i-1] <= 3 {
			next := ix.Backward(iv, q[i-1])
			if next.Size() == 0 {
				break
			}
			iv, i = next, i-1
		}
		if end-i >= minSeedLen {
			seeds = append(seeds, seed{qb: i, qe: end, iv: iv})
		}
		end = i - 1
	}
	return seeds
}

// TestSeedsMatchBackwardSearch: greedySeeds, with and without the index's
// k-mer table (unique matches extended by comparing with the text), finds
// the same matches as plain backward search, and a located seed's position
// is where the plain search's interval points; re-seeding finds the same
// matches with and without the table.
func TestSeedsMatchBackwardSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 54))
	g := newTestGenome(t, rng, []int{200000, 30000}, 3000)
	k := g.ix.KmerLen()
	if k == 0 {
		t.Fatal("test genome has no k-mer table")
	}
	for r := 0; r < 600; r++ {
		ctg := g.names[r%2]
		ref := g.seq[ctg]
		p := rng.IntN(len(ref) - 150)
		if r%5 == 0 {
			p = 1000 + rng.IntN(2800) // in or across the repeat
		}
		read := index.Encode(nil, ref[p:p+150])
		for e := rng.IntN(6); e > 0; e-- {
			read[rng.IntN(150)] = byte(rng.IntN(5))
		}
		if r%3 == 0 {
			read = index.ReverseComplement(nil, read)
		}
		want := naiveGreedy(g.ix, read)
		if plain, fast := reseed(g.ix, 0, read, slices.Clone(want)), reseed(g.ix, k, read, slices.Clone(want)); !slices.Equal(plain, fast) {
			t.Fatalf("read %d: re-seeds differ:\n%v\n%v", r, plain[len(want):], fast[len(want):])
		}
		for _, tk := range []int{0, k} {
			got := greedySeeds(g.ix, tk, read, nil)
			if len(got) != len(want) {
				t.Fatalf("read %d: %d seeds, want %d", r, len(got), len(want))
			}
			for k := range got {
				if got[k].qb != want[k].qb || got[k].qe != want[k].qe || got[k].iv.Size() != want[k].iv.Size() {
					t.Fatalf("read %d seed %d: got [%d,%d) x%d, want [%d,%d) x%d", r, k, got[k].qb, got[k].qe, got[k].iv.Size(), want[k].qb, want[k].qe, want[k].iv.Size())
				}
				if got[k].located {
					if loc := g.ix.Locate(want[k].iv, 1, nil); loc[0] != got[k].pos {
						t.Fatalf("read %d seed %d: located at %d, search says %d", r, k, got[k].pos, loc[0])
					}
				} else if got[k].iv != want[k].iv {
					t.Fatalf("read %d seed %d: interval %v, want %v", r, k, got[k].iv, want[k].iv)
				}
			}
		}
	}
}

// TestRareSeeds: each seed rareSeeds finds, against a substring count over
// the whole text (both strands of a genome with a 20-copy repeat), is the
// shortest match of at least minSeedLen bases ending where it ends that
// occurs fewer than rareMaxOcc times, and its interval holds those
// occurrences; the next seed ends where it starts.
func TestRareSeeds(t *testing.T) {
	rng := rand.New(rand.NewPCG(55, 56))
	g := newTestGenome(t, rng, []int{60000}, 0)
	ref := g.seq["ctg1"]
	for c := 1; c < 20; c++ { // a 300-base unit at 20 places, 1% divergent
		for i := 0; i < 300; i++ {
			b := ref[1000+i]
			if rng.IntN(100) == 0 {
				b = "ACGT"[rng.IntN(4)]
			}
			ref[1000+c*2000+i] = b
		}
	}
	g.rebuild(t)
	text := string(ref) + "#" + string(revComp(ref))
	count := func(q []byte) int {
		s := string(q)
		n := 0
		for i := 0; ; n++ {
			k := indexFrom(text, s, i)
			if k < 0 {
				return n
			}
			i = k + 1
		}
	}
	for r := 0; r < 100; r++ {
		p := 1000 + rng.IntN(19)*2000 + rng.IntN(150)
		read := append([]byte{}, ref[p:p+150]...)
		read[rng.IntN(150)] = "ACGT"[rng.IntN(4)]
		codes := index.Encode(nil, read)
		end := len(read)
		for _, sd := range rareSeeds(g.ix, g.ix.KmerLen(), codes, nil) {
			if sd.qe > end || sd.qe-sd.qb < minSeedLen {
				t.Fatalf("read %d: seed [%d,%d) after end %d", r, sd.qb, sd.qe, end)
			}
			n := count(read[sd.qb:sd.qe])
			if n >= rareMaxOcc || int64(n) != sd.iv.Size() {
				t.Fatalf("read %d: seed [%d,%d) occurs %d times, interval %d", r, sd.qb, sd.qe, n, sd.iv.Size())
			}
			if sd.qe-sd.qb > minSeedLen && count(read[sd.qb+1:sd.qe]) < rareMaxOcc {
				t.Fatalf("read %d: seed [%d,%d) is not the shortest rare match", r, sd.qb, sd.qe)
			}
			end = sd.qb
		}
	}
}

// indexFrom is strings.Index of s in text from position i, or -1.
func indexFrom(text, s string, i int) int {
	if k := strings.Index(text[i:], s); k >= 0 {
		return i + k
	}
	return -1
}
