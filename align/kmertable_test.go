package align

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/vole-bio/vole/index"
)

// TestKmerTableSameSeeds: seeding with the k-mer table finds exactly the
// seeds (and re-seeds) that step-by-step backward search finds, on reads
// with errors, ambiguous bases and random reads; and every table entry is
// the interval a direct search gives.
func TestKmerTableSameSeeds(t *testing.T) {
	defer func(v int64) { tableMinText = v }(tableMinText)
	tableMinText = 0
	rng := rand.New(rand.NewPCG(51, 52))
	g := newTestGenome(t, rng, []int{300000}, 2000)
	tab := newKmerTable(g.ix)
	for k := 0; k < 2000; k++ {
		code := rng.IntN(len(tab.iv))
		kmer := make([]byte, tableK)
		for i := range kmer {
			kmer[i] = byte(code >> (2 * (tableK - 1 - i)) & 3)
		}
		if want := g.ix.Search(kmer); want.Size() > 0 && tab.iv[code] != want || want.Size() == 0 && tab.iv[code].Size() != 0 {
			t.Fatalf("table entry %v: %v, search %v", kmer, tab.iv[code], want)
		}
	}
	ref := g.seq["ctg1"]
	for r := 0; r < 500; r++ {
		p := rng.IntN(len(ref) - 150)
		read := index.Encode(nil, ref[p:p+150])
		for e := rng.IntN(8); e > 0; e-- {
			read[rng.IntN(150)] = byte(rng.IntN(5))
		}
		if r%10 == 0 {
			for i := range read {
				read[i] = byte(rng.IntN(4))
			}
		}
		plain := reseed(g.ix, nil, read, greedySeeds(g.ix, nil, read, nil))
		fast := reseed(g.ix, tab, read, greedySeeds(g.ix, tab, read, nil))
		if !slices.Equal(plain, fast) {
			t.Fatalf("read %d: seeds differ:\n%v\n%v", r, plain, fast)
		}
	}
}
