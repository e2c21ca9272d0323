package align

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/biogo/hts/sam"
)

// plantedRead is a read cut from the genome with known edits and the
// alignment it must get.
type plantedRead struct {
	contig string
	pos    int // 0-based leftmost reference base
	cigar  string
	nm     int
	rev    bool
}

// plantRead cuts a 100 bp read from contig at pos with up to two
// mismatches and, by kind, a deletion or insertion of 1-3 bases in the
// middle; it picks edits whose alignment is unambiguous (the indel cannot
// slide, mismatches are at least 15 bases from the indel and 10 from the
// ends), and returns the read in reference orientation and its truth.
func plantRead(rng *rand.Rand, ref []byte, pos int, kind int) ([]byte, string, int, bool) {
	const n = 100
	k := 1 + rng.IntN(3)
	p := 40 + rng.IntN(20) // read offset of the indel
	s := pos + p           // reference position of the indel
	var read []byte
	cigar := fmt.Sprintf("%dM", n)
	nm := 0
	switch kind {
	case 1: // deletion of ref[s:s+k]
		if ref[s-1] == ref[s+k-1] || ref[s] == ref[s+k] {
			return nil, "", 0, false
		}
		read = append(append([]byte{}, ref[pos:s]...), ref[s+k:pos+n+k]...)
		cigar = fmt.Sprintf("%dM%dD%dM", p, k, n-p)
		nm = k
	case 2: // insertion of k random bases before ref[s]
		ins := make([]byte, k)
		for i := range ins {
			ins[i] = "ACGT"[rng.IntN(4)]
		}
		if ins[k-1] == ref[s-1] || ins[0] == ref[s] {
			return nil, "", 0, false
		}
		read = append(append(append([]byte{}, ref[pos:s]...), ins...), ref[s:pos+n-k]...)
		cigar = fmt.Sprintf("%dM%dI%dM", p, k, n-p-k)
		nm = k
	default:
		read = append([]byte{}, ref[pos:pos+n]...)
	}
	for m := rng.IntN(3); m > 0; m-- {
		i := 10 + rng.IntN(n-20)
		if kind != 0 && i > p-15 && i < p+k+15 {
			continue
		}
		if c := read[i]; c != 'X' {
			read[i] = "ACGT"[(strings.IndexByte("ACGT", c)+1+rng.IntN(3))%4]
			nm++
		}
	}
	return read, cigar, nm, true
}

// TestPlantedEdits: reads with planted mismatches and indels at known
// positions, on both strands, are each placed at their true position with
// the CIGAR and NM the edits imply.
func TestPlantedEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	g := newTestGenome(t, rng, []int{60000, 20000}, 0)
	var fq strings.Builder
	truth := map[string]plantedRead{}
	for len(truth) < 300 {
		ctg := g.names[rng.IntN(2)]
		ref := g.seq[ctg]
		pos := rng.IntN(len(ref) - 120)
		read, cigar, nm, ok := plantRead(rng, ref, pos, rng.IntN(3))
		if !ok {
			continue
		}
		name := fmt.Sprintf("r%d", len(truth))
		rev := rng.IntN(2) == 1
		if rev {
			read = revComp(read)
		}
		truth[name] = plantedRead{ctg, pos, cigar, nm, rev}
		fq.WriteString(fastqRecord(name, read))
	}
	path := writeFile(t, g.dir, "planted.fq", fq.String())
	opt := DefaultOptions()
	opt.Threads = 2
	_, recs := alignToSAM(t, g, []string{path}, opt)
	if len(recs) != len(truth) {
		t.Fatalf("%d records for %d reads", len(recs), len(truth))
	}
	for _, r := range recs {
		want := truth[r.Name]
		got := plantedRead{r.Ref.Name(), r.Pos, r.Cigar.String(), 0, r.Flags&0x10 != 0}
		fmt.Sscan(tag(r, "NM"), &got.nm)
		if got != want {
			t.Errorf("%s: got %+v, want %+v", r.Name, got, want)
		}
		if r.MapQ < 20 {
			t.Errorf("%s: unique read has MAPQ %d", r.Name, r.MapQ)
		}
	}
}

// TestRepeatSharedEvenly: reads wholly inside an exact two-copy repeat get
// MAPQ 0, XS equal to AS and one of the two copies, chosen by the read's
// name, so that each copy gets about half of them (bwa mem shares them by
// a hash too; always taking the leftmost copy left the other one without
// coverage); the same holds for pairs wholly inside it, whose two reads go
// to the same copy. Reads outside keep a high MAPQ.
func TestRepeatSharedEvenly(t *testing.T) {
	const rep, copyAt = 1900, 3000 // [1000, 2900) is copied to [3000, 4900)
	rng := rand.New(rand.NewPCG(3, 4))
	g := newTestGenome(t, rng, []int{20000}, rep)
	ref := g.seq["ctg1"]
	var fq, r1, r2 strings.Builder
	const n = 300
	for i := 0; i < n; i++ {
		pos := 1000 + rng.IntN(rep-100)
		read := ref[pos : pos+100]
		if i%2 == 1 {
			read = revComp(read)
		}
		fq.WriteString(fastqRecord(fmt.Sprintf("rep%d_%d", i, pos), read))
		upos := 5000 + rng.IntN(10000)
		fq.WriteString(fastqRecord(fmt.Sprintf("uniq%d_%d", i, upos), ref[upos:upos+100]))
		f := 1000 + rng.IntN(rep-300)
		r1.WriteString(fastqRecord(fmt.Sprintf("pair%d_%d/1", i, f), ref[f:f+100]))
		r2.WriteString(fastqRecord(fmt.Sprintf("pair%d_%d/2", i, f), revComp(ref[f+200:f+300])))
	}
	// Pairs from unique sequence teach the insert model.
	for i := 0; i < 200; i++ {
		f := 5000 + rng.IntN(10000)
		r1.WriteString(fastqRecord(fmt.Sprintf("u%d/1", i), ref[f:f+100]))
		r2.WriteString(fastqRecord(fmt.Sprintf("u%d/2", i), revComp(ref[f+200:f+300])))
	}
	_, recs := alignToSAM(t, g, []string{writeFile(t, g.dir, "rep.fq", fq.String())}, DefaultOptions())
	second := 0
	for _, r := range recs {
		var pos int
		fmt.Sscan(r.Name[strings.IndexByte(r.Name, '_')+1:], &pos)
		if strings.HasPrefix(r.Name, "rep") {
			if r.MapQ != 0 || (r.Pos != pos && r.Pos != pos+copyAt-1000) {
				t.Errorf("%s: pos %d MAPQ %d, want pos %d or %d and MAPQ 0", r.Name, r.Pos, r.MapQ, pos, pos+copyAt-1000)
			}
			if r.Pos != pos {
				second++
			}
			if tag(r, "XS") != tag(r, "AS") {
				t.Errorf("%s: XS %s != AS %s for an exact repeat", r.Name, tag(r, "XS"), tag(r, "AS"))
			}
		} else if r.MapQ < 20 || r.Pos != pos {
			t.Errorf("%s: pos %d MAPQ %d, want pos %d MAPQ >= 20", r.Name, r.Pos, r.MapQ, pos)
		}
	}
	if second < n*35/100 || second > n*65/100 {
		t.Errorf("%d of %d repeat reads on the second copy, want about half", second, n)
	}
	_, precs := alignToSAM(t, g, []string{writeFile(t, g.dir, "r1.fq", r1.String()), writeFile(t, g.dir, "r2.fq", r2.String())}, DefaultOptions())
	second = 0
	for k := 0; k < len(precs); k += 2 {
		a, b := precs[k], precs[k+1]
		if !strings.HasPrefix(a.Name, "pair") {
			continue
		}
		var f int
		fmt.Sscan(a.Name[strings.IndexByte(a.Name, '_')+1:], &f)
		shift := 0
		if a.Pos != f {
			shift = copyAt - 1000
			second++
		}
		if a.Pos != f+shift || b.Pos != f+200+shift || a.MapQ != 0 || b.MapQ != 0 || a.Flags&sam.ProperPair == 0 {
			t.Errorf("%s: %d %d MAPQ %d %d flags %d, want %d %d (or the other copy) MAPQ 0, proper", a.Name, a.Pos, b.Pos, a.MapQ, b.MapQ, a.Flags, f, f+200)
		}
	}
	if second < n*35/100 || second > n*65/100 {
		t.Errorf("%d of %d repeat pairs on the second copy, want about half", second, n)
	}
}

// TestContigEnds: a read running off the end of a contig is soft-clipped
// there rather than aligned across into the next contig; one starting
// before a contig's first base is clipped at its start.
func TestContigEnds(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	g := newTestGenome(t, rng, []int{5000, 5000}, 0)
	c1, c2 := g.seq["ctg1"], g.seq["ctg2"]
	junk := []byte("GATTACAGATTACAGATTAC")
	tail := append(append([]byte{}, c1[len(c1)-130:]...), junk...)     // 130 bases then junk
	head := append(append([]byte{}, junk...), c2[:130]...)             // junk then 130 bases
	across := append(append([]byte{}, c1[len(c1)-75:]...), c2[:75]...) // spans the boundary
	fq := fastqRecord("tail", tail) + fastqRecord("head", revComp(head)) + fastqRecord("across", across)
	_, recs := alignToSAM(t, g, []string{writeFile(t, g.dir, "ends.fq", fq)}, DefaultOptions())
	want := map[string]string{"tail": "ctg1 4870 130M20S", "head": "ctg2 0 20S130M"}
	for _, r := range recs {
		if r.Name == "across" {
			if r.Flags&0x4 == 0 && r.Cigar.String() == "150M" {
				t.Errorf("across: aligned over the contig boundary: %s %d %s", r.Ref.Name(), r.Pos, r.Cigar)
			}
			continue
		}
		if got := fmt.Sprintf("%s %d %s", r.Ref.Name(), r.Pos, r.Cigar); got != want[r.Name] {
			t.Errorf("%s: got %s, want %s", r.Name, got, want[r.Name])
		}
	}
}

// TestTandemRepeatMAPQ: in a tandem array of a 30-base unit, longer than a
// read, every copy shifted by a whole number of units matches a read from
// inside the array equally well, so such reads get MAPQ below 5; reads
// reaching 30 or more bases into the unique sequence on either side are
// placed at their true position with MAPQ >= 20.
func TestTandemRepeatMAPQ(t *testing.T) {
	const start, unit, copies = 8000, 30, 12 // array [8000, 8360)
	rng := rand.New(rand.NewPCG(5, 6))
	g := newTestGenome(t, rng, []int{20000}, 0)
	ref := g.seq["ctg1"]
	for i := start + unit; i < start+unit*copies; i++ {
		ref[i] = ref[i-unit]
	}
	g.rebuild(t)
	end := start + unit*copies
	var fq strings.Builder
	for i := 0; i < 40; i++ {
		read := func(kind string, pos int) {
			r := ref[pos : pos+100]
			if i%2 == 1 {
				r = revComp(r)
			}
			fq.WriteString(fastqRecord(fmt.Sprintf("%s%d_%d", kind, i, pos), r))
		}
		read("in", start+rng.IntN(end-start-100+1))
		read("left", start-100+30+rng.IntN(40)) // 30-69 unique bases on the left
		read("right", end-30-rng.IntN(40))      // 30-69 unique bases on the right
	}
	path := writeFile(t, g.dir, "tandem.fq", fq.String())
	_, recs := alignToSAM(t, g, []string{path}, DefaultOptions())
	if len(recs) != 120 {
		t.Fatalf("%d records, want 120", len(recs))
	}
	for _, r := range recs {
		var pos int
		fmt.Sscan(r.Name[strings.IndexByte(r.Name, '_')+1:], &pos)
		if strings.HasPrefix(r.Name, "in") {
			if r.MapQ >= 5 || r.Pos < start || r.Pos > end-100 || (r.Pos-pos)%unit != 0 {
				t.Errorf("%s: pos %d MAPQ %d, want a copy of pos %d and MAPQ < 5", r.Name, r.Pos, r.MapQ, pos)
			}
		} else if r.MapQ < 20 || r.Pos != pos {
			t.Errorf("%s: pos %d MAPQ %d, want pos %d MAPQ >= 20", r.Name, r.Pos, r.MapQ, pos)
		}
	}
}
