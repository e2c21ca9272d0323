package align

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/biogo/hts/sam"
)

// TestPairs: fragments of known length and strand give read 1 and read 2
// at their true positions with flags 99/147 or 83/163, mate fields pointing
// at each other and TLEN = ±fragment length; a pair whose second read is
// junk has it unmapped and placed at its mate's position (SAM spec 2.4).
func TestPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	g := newTestGenome(t, rng, []int{80000}, 0)
	ref := g.seq["ctg1"]
	var r1, r2 strings.Builder
	type truth struct{ frag, size int }
	want := map[string]truth{}
	for i := 0; i < 200; i++ {
		size := 280 + rng.IntN(41)
		s := rng.IntN(len(ref) - size)
		left, right := ref[s:s+100], revComp(ref[s+size-100:s+size])
		name := fmt.Sprintf("p%d", i)
		a, b := left, right
		if i%2 == 1 { // read 1 from the reverse strand
			a, b = right, left
		}
		if i == 7 {
			b = []byte(strings.Repeat("ACGTTGCA", 12) + "ACGT")
		}
		want[name] = truth{s, size}
		r1.WriteString(fastqRecord(name+"/1", a))
		r2.WriteString(fastqRecord(name+"/2", b))
	}
	p1 := writeFile(t, g.dir, "r1.fq", r1.String())
	p2 := writeFile(t, g.dir, "r2.fq", r2.String())
	st, recs := alignToSAM(t, g, []string{p1, p2}, DefaultOptions())
	if st.Pairs != 200 || len(recs) != 400 {
		t.Fatalf("stats %+v, %d records", st, len(recs))
	}
	for k := 0; k < len(recs); k += 2 {
		a, b := recs[k], recs[k+1]
		w := want[a.Name]
		if a.Name == "p7" {
			if b.Flags&sam.Unmapped == 0 || b.Pos != a.Pos || b.Ref != a.Ref || a.Flags&sam.MateUnmapped == 0 || a.MatePos != a.Pos {
				t.Errorf("p7: unmapped mate not placed with its partner: %v / %v", a, b)
			}
			continue
		}
		first, second := 99, 147
		if k/2%2 == 1 {
			first, second = 83, 163
		}
		if int(a.Flags) != first || int(b.Flags) != second {
			t.Errorf("%s: flags %d %d, want %d %d", a.Name, a.Flags, b.Flags, first, second)
		}
		left, right := a, b
		if k/2%2 == 1 {
			left, right = b, a
		}
		if left.Pos != w.frag || right.Pos != w.frag+w.size-100 {
			t.Errorf("%s: positions %d %d, want %d %d", a.Name, left.Pos, right.Pos, w.frag, w.frag+w.size-100)
		}
		if left.TempLen != w.size || right.TempLen != -w.size {
			t.Errorf("%s: TLEN %d %d, want %d %d", a.Name, left.TempLen, right.TempLen, w.size, -w.size)
		}
		if a.MatePos != b.Pos || b.MatePos != a.Pos || a.MateRef != b.Ref {
			t.Errorf("%s: mate fields do not point at each other", a.Name)
		}
	}
}

// TestInsertModel: the fitted model recovers the mean and sd of normal
// distances and ignores far outliers; an orientation needs minDirPairs
// pairs and minDirRatio of the commonest one's.
func TestInsertModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var ins []insertSample
	for i := 0; i < 5000; i++ {
		ins = append(ins, insertSample{dirFR, int64(400 + rng.NormFloat64()*30 + .5)})
	}
	ins = append(ins, insertSample{dirFR, 5}, insertSample{dirFR, 9000}, insertSample{dirFR, 10000})
	for i := 0; i < 200; i++ { // 4%: below minDirRatio
		ins = append(ins, insertSample{dirRF, int64(3000 + rng.IntN(100))})
	}
	m := fitInserts(ins)
	o := m.dirs[dirFR]
	if !m.ok || !o.ok || o.mean < 398 || o.mean > 402 || o.sd < 28 || o.sd > 32 {
		t.Fatalf("model %+v, want mean 400 sd 30", o)
	}
	if o.low > 400-4*30 || o.high < 400+4*30 {
		t.Errorf("proper range [%d, %d] narrower than 4 sd", o.low, o.high)
	}
	if m.dirs[dirRF].ok || m.dirs[dirFF].ok || m.dirs[dirRR].ok {
		t.Errorf("rare or absent orientations used: %+v", m.dirs)
	}
	if fitInserts(ins[:minDirPairs-1]).ok {
		t.Fatal("model learned from too few pairs")
	}
}

// TestPairDir: orientations and 5'-to-5' distances of hand-placed hits,
// read 1 on either strand.
func TestPairDir(t *testing.T) {
	fwd := func(pos int64) *hit { return &hit{pos: pos, rlen: 100} }
	rev := func(pos int64) *hit { return &hit{pos: pos, rlen: 100, rev: true} }
	for _, c := range []struct {
		a, b *hit
		dir  int
		dist int64
	}{
		{fwd(1000), rev(1300), dirFR, 399}, // innie: read 2 ends 400 bases on
		{rev(1300), fwd(1000), dirFR, 399}, // the same fragment, read 1 reverse
		{fwd(1300), rev(1000), dirRF, 201}, // outie
		{rev(1000), fwd(1300), dirRF, 201},
		{fwd(1000), fwd(1300), dirFF, 300}, // same strand, read 2 downstream
		{rev(1300), rev(1000), dirFF, 300},
		{fwd(1300), fwd(1000), dirRR, 300},
	} {
		if d, dist := pairDir(c.a, c.b); d != c.dir || dist != c.dist {
			t.Errorf("%+v %+v: %s %d, want %s %d", *c.a, *c.b, dirNames[d], dist, dirNames[c.dir], c.dist)
		}
	}
}

// TestInterleavedSameAsTwoFiles: one interleaved file (-p) gives the same
// records as the two mate files it was made from.
func TestInterleavedSameAsTwoFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	g := newTestGenome(t, rng, []int{30000}, 0)
	p1, p2 := simulatedPairs(t, g, rng, 60)
	a, _ := readAll(mustRead(t, p1))
	b, _ := readAll(mustRead(t, p2))
	var inter strings.Builder
	for i := range a {
		inter.WriteString(fastqRecord(string(a[i].Name)+"/1", a[i].Seq))
		inter.WriteString(fastqRecord(string(b[i].Name)+"/2", b[i].Seq))
	}
	pi := writeFile(t, g.dir, "inter.fq", inter.String())
	_, two := alignToSAM(t, g, []string{p1, p2}, DefaultOptions())
	opt := DefaultOptions()
	opt.Interleaved = true
	_, one := alignToSAM(t, g, []string{pi}, opt)
	if len(one) != len(two) || len(one) != 120 {
		t.Fatalf("%d and %d records", len(one), len(two))
	}
	for i := range one {
		if one[i].String() != two[i].String() {
			t.Fatalf("record %d: %v vs %v", i, one[i], two[i])
		}
	}
}

// mustRead returns a file's text.
func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMateRescue: a mate with a substitution every 18 bases has no exact
// seed of 19 bases, so it cannot align alone, but is found by rescue in
// the window its partner implies, paired properly and given the pair's
// MAPQ; partners at a
// contig's very start or end (where the rescue window is cut short) are
// handled without error.
func TestMateRescue(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	g := newTestGenome(t, rng, []int{40000}, 0)
	ref := g.seq["ctg1"]
	var r1, r2 strings.Builder
	type truth struct{ pos1, pos2 int }
	want := map[string]truth{}
	for i := 0; i < 120; i++ {
		size := 290 + rng.IntN(21)
		s := 1000 + rng.IntN(len(ref)-2000-size)
		a, b := ref[s:s+100], revComp(ref[s+size-100:s+size])
		name := fmt.Sprintf("q%d", i)
		if i%4 == 0 {
			b = append([]byte{}, b...)
			for k := 9; k < 100; k += 18 {
				b[k] = "ACGT"[(strings.IndexByte("ACGT", b[k])+1)%4]
			}
			want[name] = truth{s, s + size - 100}
		}
		r1.WriteString(fastqRecord(name+"/1", a))
		r2.WriteString(fastqRecord(name+"/2", b))
	}
	junk := []byte(strings.Repeat("ACGTTGCA", 12) + "ACGT")
	r1.WriteString(fastqRecord("start/1", revComp(ref[0:100])) + fastqRecord("end/1", ref[len(ref)-100:]))
	r2.WriteString(fastqRecord("start/2", junk) + fastqRecord("end/2", junk))
	p1 := writeFile(t, g.dir, "m1.fq", r1.String())
	p2 := writeFile(t, g.dir, "m2.fq", r2.String())
	_, recs := alignToSAM(t, g, []string{p1, p2}, DefaultOptions())
	found := 0
	for k := 0; k < len(recs); k += 2 {
		a, b := recs[k], recs[k+1]
		w, ok := want[a.Name]
		if !ok {
			continue
		}
		found++
		if a.Pos != w.pos1 || b.Pos != w.pos2 || b.Flags&sam.Unmapped != 0 || a.Flags&sam.ProperPair == 0 || tag(b, "NM") != "6" {
			t.Errorf("%s: got %d %d flags %d %d NM %s, want %d %d proper", a.Name, a.Pos, b.Pos, a.Flags, b.Flags, tag(b, "NM"), w.pos1, w.pos2)
		}
		// The rescued mate is unique in its window: the pair vouches for
		// it (it used to get the single-end MAPQ 0 of a read without seeds).
		if b.MapQ < 20 {
			t.Errorf("%s: rescued mate MAPQ %d", a.Name, b.MapQ)
		}
	}
	if found != len(want) {
		t.Fatalf("%d of %d rescued pairs in the output", found, len(want))
	}
}

// TestArrayPairsNotConfident: pairs drawn from a 300-copy tandem array of a
// 150-base unit (45 kb, longer than any insert), with copies identical or
// 1% divergent, are never placed wrong with MAPQ >= 20 (every copy is a
// candidate for both mates: more than any cap on chains), while pairs with
// one mate in unique sequence next to the array still place it confidently.
func TestArrayPairsNotConfident(t *testing.T) {
	for _, div := range []float64{0, 0.01} {
		rng := rand.New(rand.NewPCG(43, uint64(div*1000)))
		g := newTestGenome(t, rng, []int{80000}, 0)
		ref := g.seq["ctg1"]
		const start, unit, copies = 10000, 150, 300
		plantArray(rng, ref, start, unit, copies, div)
		g.rebuild(t)
		end := start + unit*copies
		var frags [][3]int
		for i := 0; i < 600; i++ { // pairs for the insert model
			frags = append(frags, [3]int{end + 1000 + rng.IntN(20000), 300 + rng.IntN(60), 0})
		}
		for i := 0; i < 300; i++ { // inside the array
			frags = append(frags, [3]int{start + rng.IntN(end-start-400), 300 + rng.IntN(60), 0})
		}
		for i := 0; i < 100; i++ { // read 2 in the array, read 1 in front of it
			frags = append(frags, [3]int{start - 150 - rng.IntN(100), 300 + rng.IntN(60), 0})
		}
		p1, p2 := writePairs(t, g.dir, ref, frags, "arr")
		_, recs := alignToSAM(t, g, []string{p1, p2}, DefaultOptions())
		confident := 0
		for k := 0; k < len(recs); k += 2 {
			var i, s int
			fmt.Sscanf(recs[k].Name, "arr%d_%d", &i, &s)
			l := frags[i][1]
			for m, r := range recs[k : k+2] {
				want := s
				if m == 1 {
					want = s + l - 100
				}
				if r.Pos != want && r.MapQ >= 20 {
					t.Errorf("div %g: %s/%d at %d MAPQ %d, truth %d", div, r.Name, m+1, r.Pos, r.MapQ, want)
				}
			}
			if i >= 900 && recs[k].Pos == s && recs[k].MapQ >= 20 {
				confident++
			}
		}
		if confident < 90 {
			t.Errorf("div %g: %d of 100 unique mates next to the array placed with MAPQ >= 20", div, confident)
		}
	}
}

// plantArray turns ref[start:start+unit*copies] into a tandem array of its
// first unit, each base of a copy changed with probability div from the
// copy before it (a chain: neighbouring copies are the most alike).
func plantArray(rng *rand.Rand, ref []byte, start, unit, copies int, div float64) {
	plantCopies(rng, ref, start, unit, copies, div, false)
}

// plantCopies is plantArray, with star each copy changed from the first
// unit on its own (as benchtool tandem makes its arrays: any two copies
// are as alike as any other two).
func plantCopies(rng *rand.Rand, ref []byte, start, unit, copies int, div float64, star bool) {
	for i := start + unit; i < start+unit*copies; i++ {
		src := i - unit
		if star {
			src = start + (i-start)%unit
		}
		ref[i] = ref[src]
		if rng.Float64() < div {
			ref[i] = "ACGT"[(strings.IndexByte("ACGT", ref[i])+1)%4]
		}
	}
}

// TestHeldHitsBounded: while the insert model is learned, the fragments of
// a 300-copy array (hundreds of hits each) are not held with their hits,
// so the memory held is bounded by maxHeldHits per fragment; those dropped
// align again to exactly what was dropped, on another worker.
func TestHeldHitsBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(47, 48))
	g := newTestGenome(t, rng, []int{80000}, 0)
	ref := g.seq["ctg1"]
	const start, unit, copies = 10000, 150, 300
	plantArray(rng, ref, start, unit, copies, 0.01)
	g.rebuild(t)
	end := start + unit*copies
	var frags [][3]int
	for i := 0; i < 200; i++ {
		frags = append(frags, [3]int{start + rng.IntN(end-start-400), 300 + rng.IntN(60), 0})
		frags = append(frags, [3]int{end + 1000 + rng.IntN(20000), 300 + rng.IntN(60), 0})
	}
	p1, p2 := writePairs(t, g.dir, ref, frags, "held")
	src, err := openFragments([]string{p1, p2}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	opt := DefaultOptions()
	opt.BatchSize = 50
	p := &pipeline{ix: g.ix, opt: &opt, sc: DefaultScoring(), src: src}
	held, _, err := p.learn()
	if err != nil {
		t.Fatal(err)
	}
	dropped := 0
	for _, b := range held {
		full := p.alignBatchSE(b.frags)
		for i := range b.frags {
			ra, ok := b.aligned(i)
			if !ok {
				dropped++
				ra = full[i]
				if n := len(ra[0].hits) + len(ra[1].hits); n <= maxHeldHits {
					t.Errorf("%s: %d hits, not held", b.frags[i].Mates[0].Name, n)
				}
			} else if n := len(ra[0].hits) + len(ra[1].hits); n > maxHeldHits {
				t.Errorf("%s: %d hits held", b.frags[i].Mates[0].Name, n)
			}
			if again := p.alignSE(p.newWorker(), &b.frags[i]); !reflect.DeepEqual(again, ra) {
				t.Errorf("%s: aligned again differently", b.frags[i].Mates[0].Name)
			}
		}
	}
	if dropped < 50 { // 90 with seed 47: reads of close copies
		t.Errorf("%d of 200 array fragments not held", dropped)
	}
}

// TestLargeArrayPairsNotConfident: pairs from a 600-copy array of a
// 150-base unit whose copies each differ from the first at 0.5% of their
// bases (any two copies alike but for about 1.5 bases), each read with one
// sequencing error, are placed wrong with MAPQ >= 20 no more often than
// those MAPQs promise (the sum of 10^(-MAPQ/10) over them) give or take
// Poisson chance at p < 0.001. A read there matches hundreds of copies
// with one mismatch; when its greedy seeds see only a few of them, its
// pair's MAPQ rests on those few.
func TestLargeArrayPairsNotConfident(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	g := newTestGenome(t, rng, []int{130000}, 0)
	ref := g.seq["ctg1"]
	const start, unit, copies = 10000, 150, 600
	plantCopies(rng, ref, start, unit, copies, 0.005, true)
	g.rebuild(t)
	end := start + unit*copies
	var frags [][3]int
	for i := 0; i < 300; i++ { // pairs for the insert model
		frags = append(frags, [3]int{end + 1000 + rng.IntN(25000), 300 + rng.IntN(60), 0})
	}
	for i := 0; i < 1500; i++ {
		frags = append(frags, [3]int{start + rng.IntN(end-start-400), 300 + rng.IntN(60), 0})
	}
	p1, p2 := writePairs(t, g.dir, ref, frags, "big")
	for _, p := range []string{p1, p2} {
		addErrors(t, rng, p)
	}
	_, recs := alignToSAM(t, g, []string{p1, p2}, DefaultOptions())
	wrong, promised := 0, 0.0
	for k := 0; k < len(recs); k += 2 {
		var i, s int
		fmt.Sscanf(recs[k].Name, "big%d_%d", &i, &s)
		for m, r := range recs[k : k+2] {
			if r.MapQ < 20 {
				continue
			}
			promised += math.Pow(10, -float64(r.MapQ)/10)
			want := s
			if m == 1 {
				want = s + frags[i][1] - 100
			}
			if r.Pos != want {
				wrong++
				t.Logf("%s/%d at %d MAPQ %d, truth %d", r.Name, m+1, r.Pos, r.MapQ, want)
			}
		}
	}
	if p := poissonTail(promised, wrong); p < 0.001 {
		t.Errorf("%d reads wrong at MAPQ >= 20, their MAPQs promise %.2f (P = %.2g)", wrong, promised, p)
	}
}

// poissonTail is the probability of k or more events when lambda are
// expected.
func poissonTail(lambda float64, k int) float64 {
	below, term := 0.0, math.Exp(-lambda)
	for i := 0; i < k; i++ {
		below += term
		term *= lambda / float64(i+1)
	}
	return max(1-below, 0)
}

// addErrors changes one random base of each read of FASTQ file path, as a
// sequencing error would.
func addErrors(t *testing.T, rng *rand.Rand, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i := 1; i < len(lines); i += 4 {
		s := []byte(lines[i])
		j := rng.IntN(len(s))
		s[j] = "ACGT"[(strings.IndexByte("ACGT", s[j])+1+rng.IntN(3))%4]
		lines[i] = string(s)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}
