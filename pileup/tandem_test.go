package pileup

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/pileup/vcf"
)

// naiveTandemRun is tandemRun computed the long way: for every unit
// length k, mark every position i of [first, last) whose base equals the
// base k further on, cut the marks into maximal runs, and take the union
// of the runs of at least k marks (two whole units) that hold x-1 or x,
// each run [a, b) standing for the repeat [a, b+k).
func naiveTandemRun(seq string, x, back int) (lo, hi int) {
	lo, hi = x, x
	first, last := max(0, x-back), min(len(seq), x+maxShift)
	for k := 1; k <= maxPeriod; k++ {
		var runs [][2]int
		for i := first; i+k < last; i++ {
			if seq[i] != seq[i+k] {
				continue
			}
			if n := len(runs); n > 0 && runs[n-1][1] == i {
				runs[n-1][1] = i + 1
			} else {
				runs = append(runs, [2]int{i, i + 1})
			}
		}
		for _, r := range runs {
			holds := (r[0] <= x-1 && x-1 < r[1]) || (r[0] <= x && x < r[1])
			if holds && r[1]-r[0] >= k {
				lo, hi = min(lo, r[0]), max(hi, r[1]+k)
			}
		}
	}
	return lo, hi
}

// TestTandemRunNaive checks tandemRun against the naive version on random
// sequences over two letters (full of short repeats) and over four with
// planted microsatellites, at every gap.
func TestTandemRunNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(91, 92))
	for trial := 0; trial < 200; trial++ {
		letters := "ACGT"
		if trial%2 == 0 {
			letters = "AC"
		}
		b := make([]byte, 40+rng.IntN(300))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		for range 3 {
			unit := randomSeq(rng, 1+rng.IntN(maxPeriod))
			at := rng.IntN(len(b))
			copy(b[at:], strings.Repeat(unit, 2+rng.IntN(12)))
		}
		seq := string(b)
		ref := wholeRef(seq)
		for x := 1; x < len(seq); x++ {
			back := 1 + rng.IntN(80)
			lo, hi := tandemRun(ref, x, back)
			wlo, whi := naiveTandemRun(seq, x, back)
			if lo != wlo || hi != whi {
				t.Fatalf("%s gap before %d (back %d): [%d, %d), want [%d, %d)", seq, x, back, lo, hi, wlo, whi)
			}
		}
	}
	// By hand: (CA)x5 at 4-13 of GGGTCACACACACAGGG; the gap before 8 is
	// inside it; the gap before 1 is in GGG only.
	ref := wholeRef("GGGTCACACACACAGGG")
	if lo, hi := tandemRun(ref, 8, 64); lo != 4 || hi != 14 {
		t.Errorf("(CA)n: [%d, %d), want [4, 14)", lo, hi)
	}
	if lo, hi := tandemRun(ref, 1, 64); lo != 0 || hi != 3 {
		t.Errorf("GGG: [%d, %d), want [0, 3)", lo, hi)
	}
}

// TestIndelInRepeatNearReadEnds plants the tuning set's false indel: a
// homozygous 1-base insertion in a (TG)n repeat that reads ending a few
// bases into the repeat's remainder write as a 1-base deletion (their
// last bases then mismatch, as aligners write them). The insertion is
// called 1/1 and no deletion passes; the same misaligned reads ending past
// the repeat would show a real deletion, and one is called.
func TestIndelInRepeatNearReadEnds(t *testing.T) {
	rng := rand.New(rand.NewPCG(93, 94))
	left, right := randomSeq(rng, 300), randomSeq(rng, 300)
	ref := left + strings.Repeat("TG", 15) + right // the repeat is 300-329
	hap := left + "G" + strings.Repeat("TG", 15) + right
	var reads []testRead
	// 20 reads of the insertion haplotype through the repeat, both strands.
	for i := 0; i < 20; i++ {
		p := 205 + i*4
		n := 300 - p // bases before the repeat
		r := testRead{pos: p, cigar: fmt.Sprintf("%dM1I%dM", n, 99-n), seq: hap[p : p+100], qual: 30, mapq: 60}
		if i%2 == 1 {
			r.flags = sam.Reverse
		}
		reads = append(reads, r)
	}
	// 4 reads ending 5-12 bases into the repeat that show a deletion of
	// its G at 305 (as the tuning set's misaligned reads did; here the
	// reads are the reference less that base, so the gap is all they
	// show).
	deletion := func(p, end int) testRead {
		seq := ref[p:305] + ref[306:end]
		return testRead{pos: p, cigar: fmt.Sprintf("%dM1D%dM", 305-p, end-306), seq: seq, qual: 30, mapq: 60}
	}
	for i := 0; i < 4; i++ {
		reads = append(reads, deletion(215+i, 311+i*2))
	}
	recs := callReads(t, ref, reads, DefaultCallOptions())
	var ins, del *vcf.Record
	for _, r := range recs {
		if !r.IsPass() {
			continue
		}
		switch {
		case len(r.Alt[0]) > len(r.Ref):
			ins = r
		case len(r.Alt[0]) < len(r.Ref):
			del = r
		}
	}
	if ins == nil || ins.Samples[0][0] != "1/1" {
		t.Errorf("insertion: %v, want a PASS 1/1 record", ins)
	}
	if del != nil {
		t.Errorf("deletion from reads ending inside the repeat: PASS %d %s>%v %v", del.Pos, del.Ref, del.Alt, del.Samples)
	}
	// Control: the deletion's 4 reads reaching 40 bases past the repeat
	// are evidence of a deletion there.
	reads = reads[:20]
	for i := 0; i < 4; i++ {
		reads = append(reads, deletion(215+i, 370+i))
	}
	recs = callReads(t, ref, reads, DefaultCallOptions())
	del = nil
	for _, r := range recs {
		if len(r.Alt[0]) < len(r.Ref) {
			del = r
		}
	}
	if del == nil {
		t.Error("control: no deletion record from 4 reads through the whole repeat")
	}
}
