package align

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/sam"
)

// TestSplitRead: a read whose first 90 bases come from ctg1 and last 60
// from ctg2 (a chimeric molecule) gets a primary record for the longer part
// with the other soft-clipped, and a supplementary record (flag 0x800) for
// the shorter part, hard-clipped, with SEQ holding only its aligned bases;
// each carries an SA tag naming the other, as bwa mem writes them.
func TestSplitRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	g := newTestGenome(t, rng, []int{20000, 20000}, 0)
	c1, c2 := g.seq["ctg1"], g.seq["ctg2"]
	// The junction must not align one base further on either side.
	c1[5090] = "ACGT"[(strings.IndexByte("ACGT", c2[8000])+1)%4]
	c2[7999] = "ACGT"[(strings.IndexByte("ACGT", c1[5089])+1)%4]
	g.rebuild(t)
	a, b := c1[5000:5090], c2[8000:8060]
	read := append(append([]byte{}, a...), b...)
	fq := fastqRecord("chim", read) + fastqRecord("chimrc", revComp(read))
	st, recs := alignToSAM(t, g, []string{writeFile(t, g.dir, "chim.fq", fq)}, DefaultOptions())
	if st.Reads != 2 || st.Supplementary != 2 || len(recs) != 4 {
		t.Fatalf("stats %+v, %d records", st, len(recs))
	}
	for k := 0; k < 4; k += 2 {
		p, s := recs[k], recs[k+1]
		rc := k == 2
		wantP, wantS := "ctg1 5000 90M60S", "ctg2 8000 90H60M"
		flagP, flagS := sam.Flags(0), sam.Supplementary
		if rc { // same records, on the reverse strand
			flagP, flagS = sam.Reverse, sam.Supplementary|sam.Reverse
		}
		if got := fmt.Sprintf("%s %d %v", p.Ref.Name(), p.Pos, p.Cigar); got != wantP || p.Flags != flagP {
			t.Errorf("%s primary: %s flags %d, want %s flags %d", p.Name, got, p.Flags, wantP, flagP)
		}
		if got := fmt.Sprintf("%s %d %v", s.Ref.Name(), s.Pos, s.Cigar); got != wantS || s.Flags != flagS {
			t.Errorf("%s supplementary: %s flags %d, want %s flags %d", s.Name, got, s.Flags, wantS, flagS)
		}
		if s.Seq.Length != 60 || string(s.Seq.Expand()) != string(b) {
			t.Errorf("%s supplementary SEQ %s, want the 60 aligned bases", s.Name, s.Seq.Expand())
		}
		strand := "+"
		if rc {
			strand = "-"
		}
		soft := strings.ReplaceAll(strings.Fields(wantS)[2], "H", "S")
		wantSA := fmt.Sprintf("ctg2,8001,%s,%s,%d,0;", strand, soft, s.MapQ)
		if tag(p, "SA") != wantSA {
			t.Errorf("%s primary SA %q, want %q", p.Name, tag(p, "SA"), wantSA)
		}
		if want := fmt.Sprintf("ctg1,5001,%s,%s,%d,0;", strand, p.Cigar, p.MapQ); tag(s, "SA") != want {
			t.Errorf("%s supplementary SA %q, want %q", s.Name, tag(s, "SA"), want)
		}
		if s.MapQ > p.MapQ || p.MapQ < 20 {
			t.Errorf("%s MAPQ %d (supplementary %d)", p.Name, p.MapQ, s.MapQ)
		}
	}
}

// TestXA: a read in a three-copy repeat (the other copies with one
// substitution each) is placed on its own copy, which it matches exactly,
// and lists the other two in XA as bwa does ("contig,±pos,CIGAR,NM;").
func TestXA(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	g := newTestGenome(t, rng, []int{30000}, 0)
	ref := g.seq["ctg1"]
	src := append([]byte{}, ref[2000:2400]...)
	copy(ref[10000:], src)
	copy(ref[20000:], src)
	ref[10000+150] = "ACGT"[(strings.IndexByte("ACGT", ref[10000+150])+1)%4]
	ref[20000+180] = "ACGT"[(strings.IndexByte("ACGT", ref[20000+180])+1)%4]
	g.rebuild(t)
	fq := fastqRecord("x", ref[2100:2200]) + fastqRecord("xrc", revComp(ref[2100:2200]))
	_, recs := alignToSAM(t, g, []string{writeFile(t, g.dir, "x.fq", fq)}, DefaultOptions())
	for _, r := range recs {
		s := "+"
		if r.Name == "xrc" {
			s = "-"
		}
		a, b := fmt.Sprintf("ctg1,%s10101,100M,1;", s), fmt.Sprintf("ctg1,%s20101,100M,1;", s)
		if xa := tag(r, "XA"); r.Pos != 2100 || (xa != a+b && xa != b+a) || tag(r, "XS") != "95" {
			want := a + b
			t.Errorf("%s: pos %d XA %q XS %s, want 2100, %q, 95", r.Name, r.Pos, tag(r, "XA"), tag(r, "XS"), want)
		}
	}
}

// TestMateTags: paired records carry their mate's CIGAR (MC) and MAPQ
// (MQ), as samtools fixmate would add them; a read whose mate is unmapped
// carries neither.
func TestMateTags(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	g := newTestGenome(t, rng, []int{40000}, 0)
	p1, p2 := simulatedPairs(t, g, rng, 100)
	f1 := mustRead(t, p1) + fastqRecord("lone/1", g.seq["ctg1"][500:600])
	f2 := mustRead(t, p2) + fastqRecord("lone/2", []byte(strings.Repeat("ACGTTGCA", 12)+"ACGT"))
	_, recs := alignToSAM(t, g, []string{writeFile(t, g.dir, "t1.fq", f1), writeFile(t, g.dir, "t2.fq", f2)}, DefaultOptions())
	for k := 0; k < len(recs); k += 2 {
		a, b := recs[k], recs[k+1]
		for _, x := range [][2]*sam.Record{{a, b}, {b, a}} {
			me, mate := x[0], x[1]
			if mate.Flags&sam.Unmapped != 0 {
				if tag(me, "MC") != "" || tag(me, "MQ") != "" {
					t.Errorf("%s: MC/MQ for an unmapped mate", me.Name)
				}
				continue
			}
			if tag(me, "MC") != mate.Cigar.String() || tag(me, "MQ") != fmt.Sprint(mate.MapQ) {
				t.Errorf("%s: MC %s MQ %s, mate has %v %d", me.Name, tag(me, "MC"), tag(me, "MQ"), mate.Cigar, mate.MapQ)
			}
		}
	}
}

// TestAltContigs: with an alt contig that copies a region of the primary
// assembly with a few differences (listed in a bwa-style .alt file), reads
// from the region keep a high MAPQ on the primary contig and list the alt
// hit in XA; reads matching the alt copy better are placed on the primary
// contig all the same, with the better alt hit as a supplementary record;
// reads from the alt contig's own sequence go to the alt contig. Without
// the .alt file the region's reads get MAPQ 0, as with bwa.
func TestAltContigs(t *testing.T) {
	rng := rand.New(rand.NewPCG(37, 38))
	g := newTestGenome(t, rng, []int{30000, 8000}, 0)
	pri, alt := g.seq["ctg1"], g.seq["ctg2"]
	copy(alt[1000:], pri[10000:15000])
	for _, d := range []int{1500, 2500, 3500, 4500} {
		alt[d] = "ACGT"[(strings.IndexByte("ACGT", alt[d])+1)%4]
	}
	g.rebuild(t)
	altFile := writeFile(t, g.dir, "ref.fa.alt", "@HD\tVN:1.6\nctg2\t0\tctg1\t10001\t60\t5000M\t*\t0\t0\t*\t*\n")
	var fq strings.Builder
	fq.WriteString(fastqRecord("same", pri[11000:11100]))      // identical on both
	fq.WriteString(fastqRecord("altbetter", alt[2450:2550]))   // one difference from ctg1
	fq.WriteString(fastqRecord("altonly", alt[7000:7100]))     // alt's own sequence
	fq.WriteString(fastqRecord("pribetter", pri[12450:12550])) // one difference from ctg2
	path := writeFile(t, g.dir, "alt.fq", fq.String())
	opt := DefaultOptions()
	opt.AltFile = altFile
	_, recs := alignToSAM(t, g, []string{path}, opt)
	got := map[string][]*sam.Record{}
	for _, r := range recs {
		got[r.Name] = append(got[r.Name], r)
	}
	check := func(name, where string, q0 int, nrec int, xa string) {
		t.Helper()
		rs := got[name]
		r := rs[0]
		if fmt.Sprintf("%s %d", r.Ref.Name(), r.Pos) != where || int(r.MapQ) < q0 || len(rs) != nrec || !strings.HasPrefix(tag(r, "XA"), xa) {
			t.Errorf("%s: %s %d MAPQ %d, %d records, XA %q; want %s, MAPQ >= %d, %d records, XA %q", name, r.Ref.Name(), r.Pos, r.MapQ, len(rs), tag(r, "XA"), where, q0, nrec, xa)
		}
	}
	check("same", "ctg1 11000", 50, 1, "ctg2,+2001,100M,0;")
	check("pribetter", "ctg1 12450", 50, 1, "ctg2,+3451,100M,1;")
	check("altonly", "ctg2 7000", 50, 1, "")
	check("altbetter", "ctg1 11450", 50, 2, "")
	if rs := got["altbetter"]; len(rs) == 2 && (rs[1].Flags&sam.Supplementary == 0 || rs[1].Ref.Name() != "ctg2" || rs[1].Cigar.String() != "100M") {
		t.Errorf("altbetter: second record %v, want the alt hit as supplementary", rs[1])
	}
	_, plain := alignToSAM(t, g, []string{path}, DefaultOptions())
	for _, r := range plain {
		if r.Name == "same" && r.MapQ != 0 {
			t.Errorf("without the .alt file: %s MAPQ %d, want 0", r.Name, r.MapQ)
		}
	}
	bad := writeFile(t, g.dir, "bad.alt", "chrX\t0\n")
	opt.AltFile = bad
	if _, err := AlignFiles(g.ix, []string{path}, filepath.Join(t.TempDir(), "o.sam"), opt, io.Discard); err == nil || !strings.Contains(err.Error(), "bad.alt: line 1: alt contig \"chrX\" is not in the reference") {
		t.Errorf("alt file naming an unknown contig: %v", err)
	}
}

// writePairs writes the pairs of fragments frags (start, length, read 1
// reverse) of contig ref as two FASTQ files, reads of 100 bases in the
// orientation orient ("FR": read 2 from the other strand at the other
// end, "RF": the reads facing outwards).
func writePairs(t *testing.T, dir string, ref []byte, frags [][3]int, prefix string) (string, string) {
	var r1, r2 strings.Builder
	for i, f := range frags {
		s, l := f[0], f[1]
		a, b := ref[s:s+100], revComp(ref[s+l-100:s+l])
		if f[2] == 1 { // RF: read 1 is the reverse of the left end
			a, b = revComp(ref[s:s+100]), ref[s+l-100:s+l]
		}
		r1.WriteString(fastqRecord(fmt.Sprintf("%s%d_%d/1", prefix, i, s), a))
		r2.WriteString(fastqRecord(fmt.Sprintf("%s%d_%d/2", prefix, i, s), b))
	}
	return writeFile(t, dir, prefix+"1.fq", r1.String()), writeFile(t, dir, prefix+"2.fq", r2.String())
}

// TestRFLibrary: a mate-pair-like library whose reads face outwards (RF)
// is recognised, and its pairs are marked proper.
func TestRFLibrary(t *testing.T) {
	rng := rand.New(rand.NewPCG(39, 40))
	g := newTestGenome(t, rng, []int{60000}, 0)
	var frags [][3]int
	for i := 0; i < 300; i++ {
		frags = append(frags, [3]int{rng.IntN(55000), 2000 + rng.IntN(400), 1})
	}
	p1, p2 := writePairs(t, g.dir, g.seq["ctg1"], frags, "rf")
	var log bytes.Buffer
	out := filepath.Join(t.TempDir(), "rf.sam")
	st, err := AlignFiles(g.ix, []string{p1, p2}, out, DefaultOptions(), &log)
	if err != nil {
		t.Fatal(err)
	}
	if st.ProperPairs < 290 || !strings.Contains(log.String(), "insert size RF from 300 pairs") || strings.Contains(log.String(), "FR from") {
		t.Errorf("%d of 300 pairs proper; log %q", st.ProperPairs, log.String())
	}
}

// TestBatchSizeIdentical: the output is the same for any batch size, also
// when the first batches hold no pair the insert model could learn from
// (contaminant reads first): the model comes from the first unique pairs
// wherever they are.
func TestBatchSizeIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	g := newTestGenome(t, rng, []int{50000}, 700)
	var r1, r2 strings.Builder
	for i := 0; i < 150; i++ { // contamination: aligns nowhere
		j := make([]byte, 100)
		for k := range j {
			j[k] = "ACGT"[rng.IntN(4)]
		}
		r1.WriteString(fastqRecord(fmt.Sprintf("c%d/1", i), j))
		r2.WriteString(fastqRecord(fmt.Sprintf("c%d/2", i), revComp(j)))
	}
	p1, p2 := simulatedPairs(t, g, rng, 400)
	f1 := writeFile(t, g.dir, "b1.fq", r1.String()+mustRead(t, p1))
	f2 := writeFile(t, g.dir, "b2.fq", r2.String()+mustRead(t, p2))
	var first []byte
	for _, bs := range []int{10000, 100, 20, 7} {
		opt := DefaultOptions()
		opt.BatchSize, opt.Threads = bs, 3
		out := filepath.Join(t.TempDir(), "o.sam")
		st, err := AlignFiles(g.ix, []string{f1, f2}, out, opt, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
			if st.ProperPairs < 380 {
				t.Errorf("batch %d: %d proper pairs of 400", bs, st.ProperPairs)
			}
		} else if !bytes.Equal(b, first) {
			t.Errorf("batch size %d gives a different SAM", bs)
		}
	}
}
