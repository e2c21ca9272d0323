package pileup

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/biogo/hts/sam"
)

// samFixture is a 1000-base reference and SAM lines of reads every 10
// bases, half of them carrying a SNP at 501, half on the reverse strand.
func samFixture(t *testing.T) (refPath string, header string, lines []string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(61, 62))
	ref := randomSeq(rng, 1000)
	alt := snp(ref, 500, 1).alt
	for i, p := 0, 0; p+100 <= len(ref); i, p = i+1, p+10 {
		seq := []byte(ref[p : p+100])
		if i%2 == 0 && p <= 500 && 500 < p+100 {
			seq[500-p] = alt[0]
		}
		flag := 0
		if i%4 >= 2 {
			flag = 16
		}
		lines = append(lines, fmt.Sprintf("r%d\t%d\tchr1\t%d\t60\t100M\t*\t0\t0\t%s\t%s", i, flag, p+1, seq, strings.Repeat("I", 100)))
	}
	refPath = writeFASTA(t, t.TempDir(), []testContig{{"chr1", ref}})
	return refPath, "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:1000\n", lines
}

// callSAM writes text as a SAM file and calls it.
func callSAM(t *testing.T, refPath, text string) ([]string, error) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "s.sam")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	opt := DefaultCallOptions()
	opt.Stdout = &out
	if err := CallFiles(refPath, []string{p}, "", opt); err != nil {
		return nil, err
	}
	var recs []string
	for _, l := range strings.Split(out.String(), "\n") {
		if l != "" && l[0] != '#' {
			recs = append(recs, l)
		}
	}
	return recs, nil
}

// TestSAMWithoutHeader feeds records without their header (samtools view
// without -h): an error that says so, not a crash.
func TestSAMWithoutHeader(t *testing.T) {
	refPath, _, lines := samFixture(t)
	_, err := callSAM(t, refPath, strings.Join(lines, "\n")+"\n")
	if err == nil || !strings.Contains(err.Error(), "no @SQ lines") || !strings.Contains(err.Error(), "samtools view -h") {
		t.Fatalf("error %v, want one about the missing header", err)
	}
}

// TestSAMBlankLinesAndUnplacedReads checks that blank lines (inside and at
// the end), a last line without its newline, and unmapped reads with RNAME
// '*' among the placed ones change nothing: the calls are those of the
// clean file.
func TestSAMBlankLinesAndUnplacedReads(t *testing.T) {
	refPath, header, lines := samFixture(t)
	want, err := callSAM(t, refPath, header+strings.Join(lines, "\n")+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 1 || !strings.Contains(want[0], "\t501\t") {
		t.Fatalf("clean file: records %q, want the SNP at 501", want)
	}
	unplaced := "u1\t4\t*\t0\t0\t*\t*\t0\t0\tACGTACGTAC\tIIIIIIIIII"
	var messy []string
	for i, l := range lines {
		messy = append(messy, l)
		if i == 3 {
			messy = append(messy, "", unplaced, "\r")
		}
	}
	for name, text := range map[string]string{
		"blank lines and unplaced reads": header + strings.Join(messy, "\n") + "\n\n",
		"no final newline":               header + strings.Join(lines, "\n"),
	} {
		got, err := callSAM(t, refPath, text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: records\n%q\nwant\n%q", name, got, want)
		}
	}
}

// TestHugeDeletionIsClamped gives `vole pileup` and `vole call` a read
// whose CIGAR deletes two billion bases: both finish, the text shows the
// read's first 50 bases and deleted positions only up to the contig's end.
func TestHugeDeletionIsClamped(t *testing.T) {
	refPath, header, lines := samFixture(t)
	huge := fmt.Sprintf("big\t0\tchr1\t1\t60\t50M2000000000D50M\t*\t0\t0\t%s\t%s", strings.Repeat("A", 100), strings.Repeat("I", 100))
	text := header + huge + "\n" + strings.Join(lines, "\n") + "\n"
	if _, err := callSAM(t, refPath, text); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "h.sam")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteText(refPath, p, &out, TextOptions{MinBaseQ: 13}); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(got) != 1000 {
		t.Fatalf("%d lines, want one per reference base", len(got))
	}
	if f := strings.Split(got[999], "\t"); !strings.Contains(f[4], "*") {
		t.Errorf("last column %q does not show the read's deletion", got[999])
	}
}

// TestDepthCap piles 400 identical reads on one position: with a cap of
// 100 the text view shows 100 of them and the call counts 100.
func TestDepthCap(t *testing.T) {
	refPath, header, lines := samFixture(t)
	var deep []string
	for i := 0; i < 400; i++ {
		f := strings.Split(lines[45], "\t")
		f[0] = fmt.Sprintf("d%d", i)
		deep = append(deep, strings.Join(f, "\t"))
	}
	all := append(append(append([]string(nil), lines[:45]...), deep...), lines[45:]...)
	p := filepath.Join(t.TempDir(), "d.sam")
	if err := os.WriteFile(p, []byte(header+strings.Join(all, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteText(refPath, p, &out, TextOptions{MinBaseQ: 13, MaxDepth: 100}); err != nil {
		t.Fatal(err)
	}
	maxDepth := 0
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var d int
		fmt.Sscan(strings.Split(l, "\t")[3], &d)
		maxDepth = max(maxDepth, d)
	}
	if maxDepth != 100 {
		t.Errorf("text view: deepest column %d, want the cap 100", maxDepth)
	}
	opt := DefaultCallOptions()
	opt.MaxDepth = 100
	var vcfOut bytes.Buffer
	opt.Stdout = &vcfOut
	if err := CallFiles(refPath, []string{p}, "", opt); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(vcfOut.String(), "\n") {
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.Split(l, "\t")
		dp := strings.Split(f[9], ":")[2]
		if dp != "100" {
			t.Errorf("record at %s: FORMAT/DP %s, want the cap 100", f[1], dp)
		}
	}
}

// TestOutputNeverAnInput refuses outputs that would overwrite an input or
// one of its companions, whatever the name it is given by, and BCF.
func TestOutputNeverAnInput(t *testing.T) {
	refPath, bamPath, _ := regionFixture(t)
	dir := filepath.Dir(bamPath)
	link := filepath.Join(t.TempDir(), "other-name.vcf")
	if err := os.Symlink(bamPath+".bai", link); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(refPath+".fai", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{bamPath + ".bai", link, refPath + ".fai", filepath.Join(dir, ".", filepath.Base(bamPath))} {
		before, _ := os.ReadFile(out)
		err := CallFiles(refPath, []string{bamPath}, out, DefaultCallOptions())
		if err == nil || !strings.Contains(err.Error(), "is the input") {
			t.Errorf("-o %s: error %v, want a refusal", out, err)
		}
		if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
			t.Errorf("-o %s: the input changed", out)
		}
	}
	err := CallFiles(refPath, []string{bamPath}, filepath.Join(t.TempDir(), "x.bcf"), DefaultCallOptions())
	if err == nil || !strings.Contains(err.Error(), "BCF output is not supported") {
		t.Errorf("-o x.bcf: error %v, want a refusal", err)
	}
}

// FuzzCallSAM runs arbitrary SAM text (after a valid header) through the
// caller and the text view: errors are fine, panics are not.
func FuzzCallSAM(f *testing.F) {
	refPath, header, lines := samFixture(&testing.T{})
	f.Add(strings.Join(lines[:5], "\n"))
	f.Add("r\t0\tchr1\t1\t60\t5M2000000000D5M\t*\t0\t0\tACGTACGTAC\tIIIIIIIIII\n\n")
	f.Add("r\t0\t*\t1\t60\t*\t*\t0\t0\t*\t*\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, body string) {
		p := filepath.Join(dir, "f.sam")
		if err := os.WriteFile(p, []byte(header+body), 0o644); err != nil {
			t.Fatal(err)
		}
		opt := DefaultCallOptions()
		var out bytes.Buffer
		opt.Stdout = &out
		CallFiles(refPath, []string{p}, "", opt)
		WriteText(refPath, p, &out, TextOptions{MinBaseQ: 13})
	})
}

// TestRealReadsNA12878 calls the real NA12878 reads of testdata/na12878
// (see its README): every GIAB truth variant of the scored stretch is a
// PASS record with the truth's alleles, and no other PASS record lies
// there.
func TestRealReadsNA12878(t *testing.T) {
	dir := filepath.Join("..", "testdata", "na12878")
	truth, err := os.ReadFile(filepath.Join(dir, "truth.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(truth)), "\n")[1:] {
		f := strings.Split(l, "\t")
		want[f[1]+" "+f[3]+" "+f[4]] = true
	}
	_, recs := callTest(t, filepath.Join(dir, "ref.fa"), []string{filepath.Join(dir, "reads.sam.gz")}, DefaultCallOptions())
	found := 0
	for _, r := range recs {
		if r.Pos < 2847 || r.Pos > 3998 || !r.IsPass() {
			continue
		}
		key := fmt.Sprintf("%d %s %s", r.Pos, r.Ref, strings.Join(r.Alt, ","))
		if !want[key] {
			t.Errorf("PASS record %s is not in the truth (QUAL %.1f, %v)", key, r.Qual, r.Info)
			continue
		}
		found++
	}
	if found != len(want) {
		t.Errorf("found %d of the %d truth variants", found, len(want))
	}
}

// TestPiecesMatchWholeRun calls paired reads with sequencing errors,
// indels near read ends and low mapping qualities, whole on one thread and
// in pieces much shorter than a read on three: the VCFs must be the same
// byte for byte (BAQ, the mate overlaps, the depth cap and the raw depth
// all cross piece boundaries).
func TestPiecesMatchWholeRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(95, 96))
	ref := randomSeq(rng, 6000)
	var hap1, hap2 []variant
	for p := 150; p < len(ref)-150; p += 61 {
		switch rng.IntN(4) {
		case 0:
			hap1 = append(hap1, snp(ref, p, 1))
		case 1:
			hap1, hap2 = append(hap1, snp(ref, p, 2)), append(hap2, snp(ref, p, 2))
		case 2:
			hap2 = append(hap2, variant{pos: p, ref: ref[p : p+3], alt: ref[p : p+1]})
		default:
			hap1 = append(hap1, variant{pos: p, ref: ref[p : p+1], alt: ref[p:p+1] + "T"})
		}
	}
	var reads []testRead
	for hi, hv := range [][]variant{hap1, hap2} {
		h, o := haplotype(ref, hv)
		for i := hi; i+250 < len(h); i += 3 {
			ins := 150 + rng.IntN(100)
			p1, c1, s1, ok1 := readAt(h, o, i, 100)
			p2, c2, s2, ok2 := readAt(h, o, i+ins-100, 100)
			if !ok1 || !ok2 {
				continue
			}
			mq := byte(60)
			if rng.IntN(10) == 0 {
				mq = byte(rng.IntN(30))
			}
			name := fmt.Sprintf("p%d_%d", hi, i)
			mess := func(s string) string {
				b := []byte(s)
				for k := range b {
					if rng.IntN(80) == 0 {
						b[k] = "ACGT"[rng.IntN(4)]
					}
				}
				return string(b)
			}
			reads = append(reads,
				testRead{name: name, pos: p1, cigar: c1, seq: mess(s1), qual: 30, mapq: mq, flags: sam.Paired | sam.Read1, matePos: p2},
				testRead{name: name, pos: p2, cigar: c2, seq: mess(s2), qual: 30, mapq: mq, flags: sam.Paired | sam.Read2 | sam.Reverse, matePos: p1})
		}
	}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, true)
	opt := DefaultCallOptions()
	opt.MaxDepth = 40 // below the depth, so the cap is at work too
	whole := filepath.Join(dir, "whole.vcf")
	if err := CallFiles(refPath, []string{bamPath}, whole, opt); err != nil {
		t.Fatal(err)
	}
	defer func(n int) { pieceLen = n }(pieceLen)
	for _, n := range []int{97, 1000} {
		pieceLen = n
		opt.Threads = 3
		pieces := filepath.Join(dir, "pieces.vcf")
		if err := CallFiles(refPath, []string{bamPath}, pieces, opt); err != nil {
			t.Fatal(err)
		}
		a, _ := os.ReadFile(whole)
		b, _ := os.ReadFile(pieces)
		if !bytes.Equal(a, b) {
			al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
			for i := 0; i < min(len(al), len(bl)); i++ {
				if al[i] != bl[i] {
					t.Fatalf("pieces of %d: line %d differs:\n whole  %s\n pieces %s", n, i+1, al[i], bl[i])
				}
			}
			t.Fatalf("pieces of %d: %d lines, whole run %d", n, len(bl), len(al))
		}
		if strings.Count(string(a), "\nchr1\t") < 50 {
			t.Fatalf("only %d records: the test calls too little to compare", strings.Count(string(a), "\nchr1\t"))
		}
	}
}

// writeFai writes a samtools faidx index for a FASTA written by writeFASTA
// (60 bases a line), worked out from the layout.
func writeFai(t *testing.T, path string, contigs []testContig) {
	t.Helper()
	var b strings.Builder
	off := 0
	for _, c := range contigs {
		off += len(">" + c.name + " test contig\n")
		fmt.Fprintf(&b, "%s\t%d\t%d\t60\t61\n", c.name, len(c.seq), off)
		off += len(c.seq) + (len(c.seq)+59)/60
	}
	if err := os.WriteFile(path+".fai", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFaidxReference calls the region fixture with the reference read into
// memory (gzip FASTA), through the faidx table scanned from the plain FASTA
// and through a .fai (the bases fetched from the file as the pileup
// moves): the VCFs must be the same, on one thread and in pieces; the
// scanned table is the one the .fai holds; a .fai that does not fit the
// file is an error that says so, and one older than the FASTA is not used.
func TestFaidxReference(t *testing.T) {
	refPath, bamPath, contigs := regionFixture(t)
	dir := t.TempDir()
	// run gives the VCF but for its ##reference line, which names ref.
	run := func(ref, name string, threads int) string {
		t.Helper()
		out := filepath.Join(dir, name)
		opt := DefaultCallOptions()
		opt.Threads = threads
		if err := CallFiles(ref, []string{bamPath}, out, opt); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(out)
		return strings.Replace(string(b), "##reference=file://"+ref+"\n", "", 1)
	}
	gz := gzipFile(t, refPath)
	if src, err := openFaidx(gz); err != nil || src != nil {
		t.Fatalf("a gzip FASTA is read through a faidx table: %v", err)
	}
	inMemory := run(gz, "mem.vcf", 1)
	scanned, err := openFaidx(refPath)
	if err != nil || scanned == nil || scanned.fai != "" {
		t.Fatalf("the FASTA without a .fai is not scanned: %v", err)
	}
	writeFai(t, filepath.Join(dir, "ref.fa"), contigs)
	if want, err := readFai(filepath.Join(dir, "ref.fa.fai")); err != nil || !reflect.DeepEqual(scanned.index, want) {
		t.Fatalf("scanned table %v, want %v (%v)", scanned.index, want, err)
	}
	defer func(n int) { pieceLen = n }(pieceLen)
	for _, fai := range []bool{false, true} {
		if fai {
			writeFai(t, refPath, contigs)
			if src, err := openFaidx(refPath); err != nil || src == nil || src.fai == "" {
				t.Fatalf("the test's .fai is not used: %v", err)
			}
		}
		pieceLen = 500
		for _, threads := range []int{1, 3} {
			if got := run(refPath, "fai.vcf", threads); got != inMemory {
				t.Errorf("-t %d through the faidx table (.fai %v): the VCF differs from the in-memory reference's", threads, fai)
			}
		}
	}
	// A line width the file does not have.
	fai, _ := os.ReadFile(refPath + ".fai")
	if err := os.WriteFile(refPath+".fai", []byte(strings.ReplaceAll(string(fai), "\t60\t61", "\t50\t51")), 0o644); err != nil {
		t.Fatal(err)
	}
	err = CallFiles(refPath, []string{bamPath}, filepath.Join(dir, "bad.vcf"), DefaultCallOptions())
	if err == nil || !strings.Contains(err.Error(), ".fai") || !strings.Contains(err.Error(), "samtools faidx") {
		t.Errorf("stale .fai: error %v", err)
	}
	// An index older than the FASTA is left alone.
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(refPath+".fai", old, old); err != nil {
		t.Fatal(err)
	}
	if got := run(refPath, "old.vcf", 1); got != inMemory {
		t.Errorf("with an old .fai the VCF differs")
	}
}
