package pileup

import (
	"compress/gzip"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/pileup/vcf"
)

// leftmost returns v moved to its leftmost equivalent placement, found by
// trying every earlier position and comparing the haplotypes it spells: the
// brute-force truth for the caller's normalization.
func leftmost(ref string, v variant) variant {
	want, _ := haplotype(ref, []variant{v})
	d := len(v.ref) - len(v.alt)
	best := v
	for p := v.pos - 1; p >= 0; p-- {
		var c variant
		if d > 0 {
			c = variant{pos: p, ref: ref[p : p+1+d], alt: ref[p : p+1]}
		} else {
			ins := len(v.alt) - 1
			// The inserted bases after p are whatever makes the haplotype.
			c = variant{pos: p, ref: ref[p : p+1], alt: ref[p:p+1] + want[p+1:p+1+ins]}
		}
		if got, _ := haplotype(ref, []variant{c}); got == want {
			best = c
		}
	}
	return best
}

// snp returns a SNP at pos to a base other than the reference's.
func snp(ref string, pos, shift int) variant {
	b := strings.IndexByte("ACGT", ref[pos])
	return variant{pos: pos, ref: ref[pos : pos+1], alt: string("ACGT"[(b+shift)%4])}
}

// want is an expected record: 1-based position, alleles and genotypes.
type want struct {
	pos      int
	ref, alt string
	gts      []string
}

func wantOf(v variant, gts ...string) want {
	return want{v.pos + 1, v.ref, v.alt, gts}
}

// checkCalls compares the records with the expectation, position by
// position, and checks every record passes.
func checkCalls(t *testing.T, recs []*vcf.Record, wants []want) {
	t.Helper()
	if len(recs) != len(wants) {
		for _, r := range recs {
			t.Logf("got %d %s %v %v %v", r.Pos, r.Ref, r.Alt, r.Filter, r.Samples)
		}
		t.Fatalf("got %d records, want %d", len(recs), len(wants))
	}
	for i, w := range wants {
		r := recs[i]
		if r.Pos != w.pos || r.Ref != w.ref || strings.Join(r.Alt, ",") != w.alt {
			t.Errorf("record %d: got %d %s>%v, want %d %s>%s", i, r.Pos, r.Ref, r.Alt, w.pos, w.ref, w.alt)
			continue
		}
		for s, gt := range w.gts {
			if got := r.SampleValue(s, "GT"); got != gt {
				t.Errorf("%d %s>%s sample %d: GT %s, want %s (%v)", w.pos, w.ref, w.alt, s, got, gt, r.Samples[s])
			}
		}
		if !r.IsPass() && !strings.HasPrefix(r.SampleValue(0, "GT"), ".") {
			t.Errorf("%d %s>%s: FILTER %v, QUAL %v", w.pos, w.ref, w.alt, r.Filter, r.Qual)
		}
	}
}

// TestKnownGenotypes plants het and hom SNPs, insertions and deletions on
// the two haplotypes of one sample at 40x and Q30 and expects each back with
// its genotype, indels at their leftmost placement.
func TestKnownGenotypes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ref := randomSeq(rng, 3000)
	hetSNP, homSNP := snp(ref, 300, 1), snp(ref, 520, 2)
	hetIns := variant{pos: 800, ref: ref[800:801], alt: ref[800:801] + "GT"}
	homDel := variant{pos: 1100, ref: ref[1100:1104], alt: ref[1100:1101]}
	hetDel := variant{pos: 1400, ref: ref[1400:1402], alt: ref[1400:1401]}
	homIns := variant{pos: 1700, ref: ref[1700:1701], alt: ref[1700:1701] + "T"}
	hap1 := []variant{hetSNP, homSNP, hetIns, homDel, homIns}
	hap2 := []variant{homSNP, homDel, hetDel, homIns}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S1", diploidReads(ref, hap1, hap2, 100, 5, 30), false, false)

	h, recs := callTest(t, refPath, []string{bamPath}, DefaultCallOptions())
	if len(h.Samples) != 1 || h.Samples[0] != "S1" {
		t.Fatalf("samples %v, want [S1] from @RG SM", h.Samples)
	}
	checkCalls(t, recs, []want{
		wantOf(hetSNP, "0/1"), wantOf(homSNP, "1/1"),
		wantOf(leftmost(ref, hetIns), "0/1"), wantOf(leftmost(ref, homDel), "1/1"),
		wantOf(leftmost(ref, hetDel), "0/1"), wantOf(leftmost(ref, homIns), "1/1"),
	})
	for _, r := range recs {
		dp, _ := strconv.Atoi(r.SampleValue(0, "DP"))
		if dp < 35 || dp > 41 {
			t.Errorf("%d: DP %d, want the 40x (±5) the reads were tiled at", r.Pos, dp)
		}
	}
}

// TestHomopolymerIndelLeftAligned puts reads whose CIGAR places a deletion
// and an insertion at the right end of homopolymers and expects the records
// at the base before each run.
func TestHomopolymerIndelLeftAligned(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ref := randomSeq(rng, 400) + "CAAAAAAG" + randomSeq(rng, 400) + "GTTTTTC" + randomSeq(rng, 400)
	delRun := strings.Index(ref, "CAAAAAAG")
	insRun := strings.Index(ref, "GTTTTTC")
	// Delete the last A of the run: the haplotype is the same as deleting
	// any of them, and the reads' CIGARs say the last.
	del := variant{pos: delRun + 5, ref: "AA", alt: "A"}
	ins := variant{pos: insRun + 5, ref: "T", alt: "TT"}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "", diploidReads(ref, []variant{del, ins}, []variant{del, ins}, 100, 5, 30), false, false)

	h, recs := callTest(t, refPath, []string{bamPath}, DefaultCallOptions())
	if h.Samples[0] != "s" {
		t.Errorf("sample %q, want the file name s when there is no @RG", h.Samples[0])
	}
	checkCalls(t, recs, []want{
		{delRun + 1, "CA", "C", []string{"1/1"}},
		{insRun + 1, "G", "GT", []string{"1/1"}},
	})
	if l := leftmost(ref, del); l.pos != delRun {
		t.Fatalf("brute-force leftmost deletion at %d, want %d: the test's reference is wrong", l.pos, delRun)
	}
}

// TestLowQualityBasesDoNotCall gives the alternate haplotype's reads base
// quality 12, below the default minimum 13: no record. With the minimum
// lowered to 0 the same reads do make the call, so the filter is what
// stopped it.
func TestLowQualityBasesDoNotCall(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ref := randomSeq(rng, 1000)
	v := snp(ref, 500, 1)
	h1, o1 := haplotype(ref, []variant{v})
	h2, o2 := haplotype(ref, nil)
	reads := append(tileReads(h1, o1, 100, 4, 0, 12, 60, 0), tileReads(h2, o2, 100, 4, 2, 30, 60, 0)...)
	for i := range reads {
		if i%2 == 1 {
			reads[i].flags = sam.Reverse
		}
	}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, false)

	if _, recs := callTest(t, refPath, []string{bamPath}, DefaultCallOptions()); len(recs) != 0 {
		t.Fatalf("low-quality bases made %d records: %v %v", len(recs), recs[0].Pos, recs[0].Samples)
	}
	opt := DefaultCallOptions()
	opt.MinBaseQ = 0
	if _, recs := callTest(t, refPath, []string{bamPath}, opt); len(recs) != 1 || recs[0].Pos != 501 {
		t.Fatalf("with --min-BQ 0: %d records, want the SNP at 501", len(recs))
	}
}

// TestTwoSamplesJoint calls two samples with different genotypes at the
// same site, and a third with no reads there, into one record.
func TestTwoSamplesJoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	ref := randomSeq(rng, 1500)
	v := snp(ref, 700, 3)
	far := variant{pos: 1300, ref: ref[1300:1301], alt: ref[1300:1301] + "A"}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	a, b, c := filepath.Join(dir, "a.bam"), filepath.Join(dir, "b.bam"), filepath.Join(dir, "c.bam")
	writeBAM(t, a, contigs, "A", diploidReads(ref, []variant{v}, nil, 100, 5, 30), false, false)
	writeBAM(t, b, contigs, "B", diploidReads(ref, []variant{v, far}, []variant{v, far}, 100, 5, 30), false, false)
	// C has reads only around the far insertion, which it carries on one
	// haplotype.
	var creads []testRead
	for _, r := range diploidReads(ref, []variant{far}, nil, 100, 5, 30) {
		if r.pos > 1000 {
			creads = append(creads, r)
		}
	}
	writeBAM(t, c, contigs, "C", creads, false, false)

	h, recs := callTest(t, refPath, []string{a, b, c}, DefaultCallOptions())
	if strings.Join(h.Samples, ",") != "A,B,C" {
		t.Fatalf("samples %v", h.Samples)
	}
	checkCalls(t, recs, []want{
		wantOf(v, "0/1", "1/1", "./."),
		wantOf(leftmost(ref, far), "0/0", "1/1", "0/1"),
	})
	if an, _ := recs[0].InfoValue("AN"); an != "4" {
		t.Errorf("AN %s, want 4 (the sample without reads has no alleles)", an)
	}
	if ac, _ := recs[0].InfoValue("AC"); ac != "3" {
		t.Errorf("AC %s, want 3", ac)
	}
}

// TestOverlappingMatesCountOnce makes pairs whose two reads cover the same
// bases: the depth is the number of pairs, not reads.
func TestOverlappingMatesCountOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	ref := randomSeq(rng, 600)
	v := snp(ref, 300, 1)
	h1, o1 := haplotype(ref, []variant{v})
	var reads []testRead
	for i := 0; i < 10; i++ {
		start := 220 + i*5
		_, cigar, seq, _ := readAt(h1, o1, start, 100)
		name := fmt.Sprintf("pair%d", i)
		// Half the pairs come from the other strand of the fragment.
		first, second := sam.Paired|sam.Read1, sam.Paired|sam.Read2|sam.Reverse
		if i%2 == 1 {
			first, second = sam.Paired|sam.Read2, sam.Paired|sam.Read1|sam.Reverse
		}
		reads = append(reads,
			testRead{name: name, pos: start, cigar: cigar, seq: seq, qual: 30, mapq: 60, flags: first, matePos: start + 10},
			testRead{name: name, pos: start + 10, cigar: "90M", seq: seq[10:], qual: 30, mapq: 60, flags: second, matePos: start})
	}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, false)
	_, recs := callTest(t, refPath, []string{bamPath}, DefaultCallOptions())
	checkCalls(t, recs, []want{wantOf(v, "1/1")})
	if dp := recs[0].SampleValue(0, "DP"); dp != "10" {
		t.Fatalf("DP %s, want 10 (ten pairs, each read twice)", dp)
	}
}

// TestLikelihoodsByHand checks PL, GQ and QUAL at a site of 6 reference
// reads and 4 alternate reads at Q20, on both strands, against the revised
// MAQ error model computed the long way (naiveErrmod) and the prior.
func TestLikelihoodsByHand(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	ref := randomSeq(rng, 400)
	v := snp(ref, 200, 2)
	h1, o1 := haplotype(ref, []variant{v})
	h2, o2 := haplotype(ref, nil)
	var reads []testRead
	var obs []errObs
	rb, ab := strings.IndexByte("ACGT", v.ref[0]), strings.IndexByte("ACGT", v.alt[0])
	for i := 0; i < 10; i++ {
		h, o, allele := h2, o2, rb
		if i < 4 {
			h, o, allele = h1, o1, ab
		}
		var flags sam.Flags
		if i%2 == 1 {
			flags = sam.Reverse
		}
		pos, cigar, seq, _ := readAt(h, o, 150+i*3, 80)
		reads = append(reads, testRead{pos: pos, cigar: cigar, seq: seq, qual: 20, mapq: 60, flags: flags})
		obs = append(obs, makeErrObs(allele, 20, i%2 == 1))
	}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, false)
	_, recs := callTest(t, refPath, []string{bamPath}, DefaultCallOptions())
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}

	// Genotypes over the labels A, C, G, T, * (m = 5), then the three over
	// ref and alt.
	all := naiveErrmod(obs, 5)
	at := func(a, b int) float64 { a, b = min(a, b), max(a, b); return all[b*(b+1)/2+a] }
	phred := []float64{at(rb, rb), at(rb, ab), at(ab, ab)}
	best := math.Min(phred[0], math.Min(phred[1], phred[2]))
	var pl []string
	ls := make([]float64, 3)
	for g, p := range phred {
		pl = append(pl, strconv.Itoa(int(math.Round(p-best))))
		ls[g] = math.Pow(10, -p/10)
	}
	theta := DefaultModel.SNPHet
	post := []float64{ls[0] * (1 - 1.5*theta), ls[1] * theta, ls[2] * theta / 2}
	total := post[0] + post[1] + post[2]
	qual := -10 * math.Log10(post[0]/total)
	gq := int(math.Round(-10 * math.Log10((post[0]+post[2])/total)))

	r := recs[0]
	if got := r.SampleValue(0, "PL"); got != strings.Join(pl, ",") {
		t.Errorf("PL %s, want %s", got, strings.Join(pl, ","))
	}
	if got := r.SampleValue(0, "GT"); got != "0/1" {
		t.Errorf("GT %s, want 0/1", got)
	}
	if got := r.SampleValue(0, "GQ"); got != strconv.Itoa(min(gq, 99)) {
		t.Errorf("GQ %s, want %d", got, gq)
	}
	for key, want := range map[string]string{"AD": "6,4", "ADF": "3,2", "ADR": "3,2"} {
		if got := r.SampleValue(0, key); got != want {
			t.Errorf("%s %s, want %s", key, got, want)
		}
	}
	if math.Abs(r.Qual-qual) > 0.01 {
		t.Errorf("QUAL %v, want %.2f", r.Qual, qual)
	}
}

// regionFixture is a small two-contig data set with an index, the first
// contig named like the course's region so that braces are needed.
func regionFixture(t *testing.T) (refPath, bamPath string, contigs []testContig) {
	t.Helper()
	rng := rand.New(rand.NewPCG(13, 14))
	contigs = []testContig{{"chr11:5868417-7868417", randomSeq(rng, 4000)}, {"chrM", randomSeq(rng, 1500)}}
	var reads []testRead
	for ci, c := range contigs {
		var hap1, hap2 []variant
		for p := 150; p < len(c.seq)-150; p += 97 {
			switch p % 5 {
			case 0:
				hap1 = append(hap1, snp(c.seq, p, 1))
			case 1:
				hap1, hap2 = append(hap1, snp(c.seq, p, 2)), append(hap2, snp(c.seq, p, 2))
			case 2:
				hap2 = append(hap2, variant{pos: p, ref: c.seq[p : p+3], alt: c.seq[p : p+1]})
			case 3:
				hap1 = append(hap1, variant{pos: p, ref: c.seq[p : p+1], alt: c.seq[p:p+1] + "CA"})
			}
		}
		for _, r := range diploidReads(c.seq, hap1, hap2, 100, 7, 30) {
			r.contig = ci
			reads = append(reads, r)
		}
	}
	dir := t.TempDir()
	refPath = writeFASTA(t, dir, contigs)
	bamPath = filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, true)
	return refPath, bamPath, contigs
}

// TestRegionIsSliceOfWholeRun calls a region and expects exactly the records
// of the whole run inside it; and calls with threads over many small pieces
// and expects the whole run byte for byte.
func TestRegionIsSliceOfWholeRun(t *testing.T) {
	refPath, bamPath, _ := regionFixture(t)
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.vcf")
	opt := DefaultCallOptions()
	if err := CallFiles(refPath, []string{bamPath}, whole, opt); err != nil {
		t.Fatal(err)
	}
	_, all := readVCF(t, whole)
	if len(all) < 40 {
		t.Fatalf("whole run made %d records; the fixture plants about 50", len(all))
	}
	for _, region := range []string{"{chr11:5868417-7868417}:1000-2500", "chrM", "chr11:5868417-7868417"} {
		opt.Region = region
		_, got := callTest(t, refPath, []string{bamPath}, opt)
		reg, err := ParseRegion(region, []ContigLength{{"chr11:5868417-7868417", 4000}, {"chrM", 1500}})
		if err != nil {
			t.Fatal(err)
		}
		var wantRecs []*vcf.Record
		for _, r := range all {
			if r.Chrom == reg.Name && r.Pos > reg.Start && r.Pos <= reg.End {
				wantRecs = append(wantRecs, r)
			}
		}
		if len(got) != len(wantRecs) {
			t.Fatalf("region %s: %d records, the whole run has %d there", region, len(got), len(wantRecs))
		}
		for i := range got {
			if fmt.Sprint(*got[i]) != fmt.Sprint(*wantRecs[i]) {
				t.Errorf("region %s: record %d\n got %v\nwant %v", region, i, *got[i], *wantRecs[i])
			}
		}
	}

	defer func(n int) { pieceLen = n }(pieceLen)
	pieceLen = 333
	opt.Region, opt.Threads = "", 3
	pieces := filepath.Join(dir, "pieces.vcf")
	if err := CallFiles(refPath, []string{bamPath}, pieces, opt); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(whole)
	b, _ := os.ReadFile(pieces)
	if string(a) != string(b) {
		t.Fatalf("output with 3 threads over %d-base pieces differs from one thread", pieceLen)
	}
}

// TestMultiAllelic gives one sample two different SNP alleles at one site
// and a deletion and an insertion at one anchor: each is one record with
// two alternate alleles and genotype 1/2, the indel alleles padded to the
// longer reference allele.
func TestMultiAllelic(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	ref := randomSeq(rng, 1200)
	s1, s2 := snp(ref, 400, 1), snp(ref, 400, 2)
	del := variant{pos: 800, ref: ref[800:803], alt: ref[800:801]}
	ins := variant{pos: 800, ref: ref[800:801], alt: ref[800:801] + "G"}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", diploidReads(ref, []variant{s1, del}, []variant{s2, ins}, 100, 5, 30), false, false)
	_, recs := callTest(t, refPath, []string{bamPath}, DefaultCallOptions())
	alts := []string{s1.alt, s2.alt}
	if s2.alt < s1.alt {
		alts = []string{s2.alt, s1.alt} // equal support: alleles in letter order
	}
	insAlt := ref[800:801] + "G" + ref[801:803]
	checkCalls(t, recs, []want{
		{401, s1.ref, strings.Join(alts, ","), []string{"1/2"}},
		{801, ref[800:803], ref[800:801] + "," + insAlt, []string{"1/2"}},
	})
	if ad := recs[0].SampleValue(0, "AD"); ad != "0,20,20" {
		t.Errorf("SNP AD %s, want 0,20,20", ad)
	}
}

// TestCoverageGap has reads only at both ends of a contig, far more bases
// apart than the pileup's window holds, and a SNP at each end.
func TestCoverageGap(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	ref := randomSeq(rng, 20000)
	a, b := snp(ref, 300, 1), snp(ref, 19700, 2)
	var reads []testRead
	for _, r := range diploidReads(ref, []variant{a, b}, []variant{a, b}, 100, 5, 30) {
		if r.pos < 600 || r.pos > 19400 {
			reads = append(reads, r)
		}
	}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, false)
	_, recs := callTest(t, refPath, []string{bamPath}, DefaultCallOptions())
	checkCalls(t, recs, []want{wantOf(a, "1/1"), wantOf(b, "1/1")})
}

// TestStdinInput streams the same alignments through standard input as BAM
// and as gzipped SAM, and reads the gzipped SAM as a file, and expects the
// records of the run from the BAM file.
func TestStdinInput(t *testing.T) {
	refPath, bamPath, _ := regionFixture(t)
	dir := t.TempDir()
	_, want := callTest(t, refPath, []string{bamPath}, DefaultCallOptions())

	samPath := filepath.Join(dir, "s.sam.gz")
	bamToSAMGz(t, bamPath, samPath)
	if _, got := callTest(t, refPath, []string{samPath}, DefaultCallOptions()); len(got) != len(want) {
		t.Fatalf("s.sam.gz as a file: %d records, want %d", len(got), len(want))
	}
	for _, in := range []string{bamPath, samPath} {
		f, err := os.Open(in)
		if err != nil {
			t.Fatal(err)
		}
		saved := os.Stdin
		os.Stdin = f
		_, got := callTest(t, refPath, []string{"-"}, DefaultCallOptions())
		os.Stdin = saved
		f.Close()
		if len(got) != len(want) {
			t.Fatalf("%s on stdin: %d records, want %d", filepath.Base(in), len(got), len(want))
		}
		for i := range got {
			if fmt.Sprint(*got[i]) != fmt.Sprint(*want[i]) {
				t.Fatalf("%s on stdin: record %d\n got %v\nwant %v", filepath.Base(in), i, *got[i], *want[i])
			}
		}
	}
}

// bamToSAMGz rewrites a BAM as gzipped SAM text with biogo's SAM writer.
func bamToSAMGz(t *testing.T, bamPath, samPath string) {
	t.Helper()
	in, err := os.Open(bamPath)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	br, err := bam.NewReader(in, 1)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(samPath)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(out)
	sw, err := sam.NewWriter(zw, br.Header(), sam.FlagDecimal)
	if err != nil {
		t.Fatal(err)
	}
	eachRecord(t, br, func(rec *sam.Record) {
		if err := sw.Write(rec); err != nil {
			t.Fatal(err)
		}
	})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
