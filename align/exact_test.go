package align

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/biogo/hts/sam"
)

// TestExactAgreesWithBruteForce: --exact places a read at one of the places a
// substring scan of both strands finds it, leaves it
// unmapped when there is none, and gives MAPQ 0 to reads found more than
// once. (The index of this genome has a k-mer table, so --exact uses it.)
func TestExactAgreesWithBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	g := newTestGenome(t, rng, []int{15000, 5000}, 300)
	if g.ix.KmerLen() == 0 {
		t.Fatal("test genome has no k-mer table")
	}
	var fq strings.Builder
	reads := map[string][]byte{}
	for i := 0; i < 300; i++ {
		ctg := g.names[rng.IntN(2)]
		ref := g.seq[ctg]
		n := 30 + rng.IntN(80)
		pos := rng.IntN(len(ref) - n)
		if i%5 == 0 && ctg == "ctg1" {
			pos = 1000 + rng.IntN(300-n+1) // in the repeat when it fits
			pos = max(pos, 0)
		}
		read := append([]byte{}, ref[pos:pos+n]...)
		if i%3 == 0 {
			read[rng.IntN(n)] = "ACGT"[rng.IntN(4)]
		}
		if i%2 == 0 {
			read = revComp(read)
		}
		name := fmt.Sprintf("e%d", i)
		reads[name] = read
		fq.WriteString(fastqRecord(name, read))
	}
	path := writeFile(t, g.dir, "exact.fq", fq.String())
	opt := DefaultOptions()
	opt.Exact = true
	_, recs := alignToSAM(t, g, []string{path}, opt)
	for _, r := range recs {
		read := reads[r.Name]
		type occ struct {
			ctg string
			pos int
			rev bool
		}
		var all []occ
		for _, ctg := range g.names {
			ref := g.seq[ctg]
			for s, rc := range [][]byte{read, revComp(read)} {
				for p := 0; p+len(rc) <= len(ref); p++ {
					if bytes.Equal(ref[p:p+len(rc)], rc) {
						all = append(all, occ{ctg, p, s == 1})
					}
				}
			}
		}
		if len(all) == 0 {
			if r.Flags&sam.Unmapped == 0 {
				t.Errorf("%s: mapped at %d but occurs nowhere", r.Name, r.Pos)
			}
			continue
		}
		if r.Flags&sam.Unmapped != 0 {
			t.Errorf("%s: unmapped but occurs %d times", r.Name, len(all))
			continue
		}
		found := false
		for _, o := range all {
			found = found || (o.ctg == r.Ref.Name() && o.pos == r.Pos && o.rev == (r.Flags&sam.Reverse != 0))
		}
		if !found {
			t.Errorf("%s: placed at %s:%d, not an occurrence %v", r.Name, r.Ref.Name(), r.Pos, all)
		}
		if (len(all) > 1) != (r.MapQ == 0) {
			t.Errorf("%s: %d occurrences, MAPQ %d", r.Name, len(all), r.MapQ)
		}
	}
}
