package align

import (
	"math/rand/v2"
	"slices"
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
