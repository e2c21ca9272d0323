package vcf

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func TestAlleleType(t *testing.T) {
	cases := []struct {
		ref, alt string
		want     VariantType
	}{
		{"A", "G", TypeSNP}, {"A", "A", TypeRef}, {"a", "A", TypeSNP}, {"A", ".", TypeRef},
		{"A", "X", TypeRef}, {"A", "<*>", TypeRef}, {"A", "<NON_REF>", TypeRef}, {"A", "*", TypeOverlap},
		{"A", "<DEL>", TypeOther}, {"G", "G]c1:500]", TypeBND}, {"G", "[c1:5[G", TypeBND},
		{"AC", "A", TypeIndel}, {"A", "ACG", TypeIndel}, {"ACG", "AG", TypeIndel}, {"ACGT", "AT", TypeIndel},
		{"AC", "GT", TypeMNP}, {"ACG", "TCA", TypeMNP}, {"AC", "GC", TypeSNP}, {"CA", "CG", TypeSNP},
		{"ac", "AC", TypeRef}, {"AC", "AC", TypeRef}, {"ACG", "T", TypeOther}, {"ACGT", "AGC", TypeOther},
		{"AT", "GCT", TypeOther}, {"ATG", "ACCG", TypeOther},
	}
	for _, c := range cases {
		if got := AlleleType(c.ref, c.alt); got != c.want {
			t.Errorf("AlleleType(%q, %q) = %b, want %b", c.ref, c.alt, got, c.want)
		}
	}
}

// craftedVCF exercises every class the counts distinguish; the expected
// numbers in TestStatsHandCounted were worked out by hand from it.
const craftedVCF = `##fileformat=VCFv4.2
##contig=<ID=c1,length=1000>
##FILTER=<ID=LowQual,Description="low">
##FILTER=<ID=q10,Description="q">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
#CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	s1	s2
c1	10	.	A	G	50	PASS	.	GT	0/1	1/1
c1	20	.	C	T,A	50	PASS	.	GT	1/2	0/0
c1	30	.	AC	A	50	PASS	.	GT	0/1	./.
c1	40	.	A	ACG	50	.	.	GT	1/1	0/1
c1	50	.	AC	GT	50	PASS	.	GT	0/1	0/0
c1	60	.	A	.	50	PASS	.	GT	0/0	0/0
c1	70	.	A	T	5	LowQual	.	GT	0/1	0/1
c1	80	.	ACG	TCA	50	PASS	.	GT	0/1	1
c1	90	.	A	G,AT	50	PASS	.	GT	1/2	0|1
c1	95	.	A	G,AT	50	PASS	.	GT	0/2	0
c1	100	.	A	<DEL>	50	PASS	.	GT	0/1	0/.
c1	110	.	G	A,C,T	50	PASS	.	GT	0/3	2/2
c1	120	.	CA	CG	50	PASS	.	GT	0/1	1/1
c1	130	.	T	C	9	LowQual;q10	.	GT	1/1	0/1
`

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStatsHandCounted(t *testing.T) {
	s, err := ComputeStats(writeTemp(t, "c.vcf", craftedVCF))
	if err != nil {
		t.Fatal(err)
	}
	// PASS records: 10 20 30 40 50 60 80 90 95 100 110 120.
	// SNP: 10 20 90 95 110 120; MNP: 50 80; indel: 30 40 90 95; other: 100.
	// Multiallelic: 20 90 95 110, of which all-SNP 20 110.
	// Ts: 10 A>G, 20 C>T, 90 A>G, 95 A>G, 110 G>A = 5; Tv: 20 C>A, 110 G>C,
	// 110 G>T = 3; 120 CA>CG compares C with C and is skipped.
	// First ALT: ts 10 20 90 95 110 = 5, tv 0.
	want := Counts{Records: 12, NoALTs: 1, SNPs: 6, MNPs: 2, Indels: 4, Others: 1, Multiallelic: 4, MultiallelicSNP: 2,
		Ts: 5, Tv: 3, TsFirstAlt: 5, TvFirstAlt: 0}
	if s.Pass != want {
		t.Errorf("PASS counts\n got %+v\nwant %+v", s.Pass, want)
	}
	wantF := Counts{Records: 2, SNPs: 2, Ts: 1, Tv: 1, TsFirstAlt: 1, TvFirstAlt: 1}
	if s.Filtered != wantF {
		t.Errorf("filtered counts\n got %+v\nwant %+v", s.Filtered, wantF)
	}
	if fmt.Sprint(s.Filters) != "[{LowQual 2} {q10 1}]" {
		t.Errorf("Filters = %v", s.Filters)
	}
	// s1: homRef 60; het (SNP alleles) 10 20 90 110 120; 95 is 0/2 with the
	// indel allele only, so an indel het; 30 40 indel; 50 80 MNP, 100 other.
	s1 := SampleCounts{Name: "s1", HomRef: 1, Het: 5, Ts: 3, Tv: 2, Indels: 4, IndelHet: 3, IndelHomAlt: 1}
	// s2: homRef 20 50 60; homAlt 10 110 120; het 90; hapAlt 80; hapRef 95;
	// missing 30 100; indel het 40.
	s2 := SampleCounts{Name: "s2", HomRef: 3, Het: 1, HomAlt: 3, Ts: 2, Tv: 2, Indels: 1, IndelHet: 1, HapRef: 1, HapAlt: 1, Missing: 2}
	if len(s.Samples) != 2 || s.Samples[0] != s1 || s.Samples[1] != s2 {
		t.Errorf("samples\n got %+v\nwant %+v\n     %+v", s.Samples, s1, s2)
	}
}

// TestStatsBreakendIsOther: every breakend form, and a symbolic allele, is
// an "other"; a record with a SNP and a breakend allele is both.
func TestStatsBreakendIsOther(t *testing.T) {
	text := "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n" +
		"c1\t10\t.\tA\tA[c1:100[\t50\tPASS\t.\n" +
		"c1\t20\t.\tA\t]c1:200]A\t50\tPASS\t.\n" +
		"c1\t30\t.\tA\tG[c1:300[\t50\tPASS\t.\n" +
		"c1\t40\t.\tA\tG,A]c1:400]\t50\tPASS\t.\n" +
		"c1\t50\t.\tA\t<DEL>\t50\tPASS\t.\n"
	s, err := ComputeStats(writeTemp(t, "bnd.vcf", text))
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Records: 5, SNPs: 1, Others: 5, Multiallelic: 1, Ts: 1, TsFirstAlt: 1}
	if s.Pass != want {
		t.Errorf("got  %+v\nwant %+v", s.Pass, want)
	}
}

func TestStatsBadGT(t *testing.T) {
	bad := strings.Replace(craftedVCF, "c1\t70\t.\tA\tT\t5\tLowQual\t.\tGT\t0/1", "c1\t70\t.\tA\tT\t5\tPASS\t.\tGT\t0/3", 1)
	_, err := ComputeStats(writeTemp(t, "bad.vcf", bad))
	if err == nil || !strings.Contains(err.Error(), "bad.vcf:13: sample s1: GT 0/3 refers to allele 3") {
		t.Fatalf("error %v", err)
	}
}

// bcftoolsStats runs bcftools stats with args on path and returns its SN,
// TSTV and PSC lines as fields keyed by the line's label.
func bcftoolsStats(t *testing.T, path string, args ...string) map[string][]string {
	t.Helper()
	out, err := exec.Command("bcftools", append(append([]string{"stats"}, args...), path)...).Output()
	if err != nil {
		t.Fatalf("bcftools stats: %v", err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, "\t")
		switch f[0] {
		case "SN":
			m[strings.TrimSuffix(f[2], ":")] = f[3:]
		case "TSTV":
			m["TSTV"] = f[2:]
		case "PSC":
			m["PSC "+f[2]] = f[3:]
		}
	}
	return m
}

// compareWithBcftools checks Counts c against bcftools's SN and TSTV lines.
func compareWithBcftools(t *testing.T, label string, c Counts, bc map[string][]string) {
	t.Helper()
	num := func(key string, i int) int {
		v, ok := bc[key]
		if !ok || len(v) <= i {
			t.Fatalf("%s: bcftools output has no %q", label, key)
		}
		n, _ := strconv.Atoi(v[i])
		return n
	}
	got := []int{c.Records, c.NoALTs, c.SNPs, c.MNPs, c.Indels, c.Others, c.Multiallelic, c.MultiallelicSNP, c.Ts, c.Tv, c.TsFirstAlt, c.TvFirstAlt}
	want := []int{num("number of records", 0), num("number of no-ALTs", 0), num("number of SNPs", 0), num("number of MNPs", 0),
		num("number of indels", 0), num("number of others", 0), num("number of multiallelic sites", 0),
		num("number of multiallelic SNP sites", 0), num("TSTV", 0), num("TSTV", 1), num("TSTV", 3), num("TSTV", 4)}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: vole %v, bcftools %v (records noALT SNP MNP indel other multi multiSNP ts tv ts1 tv1)", label, got, want)
	}
	if fmt.Sprintf("%.2f", c.TsTv()) != bc["TSTV"][2] {
		t.Errorf("%s: ts/tv %.2f, bcftools %s", label, c.TsTv(), bc["TSTV"][2])
	}
}

// checkAgainstBcftools compares ComputeStats on path with bcftools stats on
// the same file: PASS counts and per-sample counts with -f PASS,. and
// filtered counts with -f on the failing FILTER names.
func checkAgainstBcftools(t *testing.T, path string) {
	t.Helper()
	s, err := ComputeStats(path)
	if err != nil {
		t.Fatal(err)
	}
	bc := bcftoolsStats(t, path, "-f", "PASS,.", "-s", "-")
	compareWithBcftools(t, path+" PASS", s.Pass, bc)
	for _, c := range s.Samples {
		got := fmt.Sprint([]int{c.HomRef, c.HomAlt, c.Het, c.Ts, c.Tv, c.Indels, c.HapRef, c.HapAlt, c.Missing})
		p := bc["PSC "+c.Name]
		if len(p) < 11 {
			t.Fatalf("no PSC line for %s", c.Name)
		}
		want := "[" + strings.Join([]string{p[0], p[1], p[2], p[3], p[4], p[5], p[8], p[9], p[10]}, " ") + "]"
		if got != want {
			t.Errorf("%s sample %s: vole %s, bcftools %s (homRef homAlt het ts tv indels hapRef hapAlt missing)", path, c.Name, got, want)
		}
	}
	if len(s.Filters) > 0 {
		var names []string
		for _, f := range s.Filters {
			names = append(names, f.Filter)
		}
		compareWithBcftools(t, path+" filtered", s.Filtered, bcftoolsStats(t, path, "-f", strings.Join(names, ",")))
	}
}

func TestStatsMatchBcftoolsCrafted(t *testing.T) {
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	checkAgainstBcftools(t, writeTemp(t, "crafted.vcf", craftedVCF))
}

// randomStatsVCF makes a sorted VCF of n records with alleles of every class
// and genotypes of every kind, for comparing counts with bcftools.
func randomStatsVCF(rng *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteString("##fileformat=VCFv4.2\n##contig=<ID=c1,length=100000>\n")
	b.WriteString("##FILTER=<ID=LowQual,Description=\"l\">\n##FILTER=<ID=q10,Description=\"q\">\n")
	b.WriteString("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n")
	b.WriteString("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\tC\n")
	seq := func(n int) string {
		s := make([]byte, n)
		for i := range s {
			s[i] = "ACGTN"[rng.Intn(5)]
		}
		return string(s)
	}
	filters := []string{"PASS", ".", "LowQual", "q10", "LowQual;q10"}
	gts := []string{"0/0", "0/1", "1/1", "1/2", "0/2", "2/2", "./.", "0/.", "0", "1", "0|1", "1|0", "2"}
	for i := 0; i < n; i++ {
		ref := seq(1 + rng.Intn(3))
		var alts []string
		for k := 1 + rng.Intn(3); k > 0; k-- {
			switch rng.Intn(8) {
			case 0:
				alts = append(alts, ref[:1]+seq(1+rng.Intn(2))) // insertion
			case 1:
				alts = append(alts, "<DEL>")
			case 2:
				alts = append(alts, "*")
			default:
				alts = append(alts, seq(len(ref)))
			}
		}
		alt := strings.Join(alts, ",")
		if rng.Intn(15) == 0 {
			alt = "."
			alts = nil
		}
		fmt.Fprintf(&b, "c1\t%d\t.\t%s\t%s\t30\t%s\t.\tGT", 10*(i+1), ref, alt, filters[rng.Intn(len(filters))])
		for s := 0; s < 3; s++ {
			g := gts[rng.Intn(len(gts))]
			for strings.Contains(g, "2") && len(alts) < 2 || strings.Contains(g, "1") && len(alts) < 1 {
				g = gts[rng.Intn(len(gts))] // only alleles the record has
			}
			b.WriteString("\t" + g)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestStatsMatchBcftoolsRandom(t *testing.T) {
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 5; i++ {
		checkAgainstBcftools(t, writeTemp(t, fmt.Sprintf("random%d.vcf", i), randomStatsVCF(rng, 300)))
	}
}

// haplotypeEdit is one difference of a simulated haplotype from the
// reference at 0-based position Pos: a base change, a deletion of Del bases
// after Pos, or the insertion of Ins after Pos.
type haplotypeEdit struct {
	Pos  int
	Base byte
	Del  int
	Ins  string
}

// simulatedSAM tiles reads of length 60 every 3 bases over each haplotype
// of a diploid sample and writes them as SAM text with their CIGARs.
func simulatedSAM(ref string, haps [2][]haplotypeEdit) string {
	var b strings.Builder
	fmt.Fprintf(&b, "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:c\tLN:%d\n@RG\tID:s\tSM:sim\n", len(ref))
	type read struct {
		start      int
		cigar, seq string
	}
	var reads []read
	for _, edits := range haps {
		at := map[int]haplotypeEdit{}
		for _, e := range edits {
			at[e.Pos] = e
		}
		for start := 0; start+70 < len(ref); start += 3 {
			if e, ok := at[start-1]; ok && e.Del > 0 {
				continue // do not start inside a deletion
			}
			var seq strings.Builder
			var ops []string
			op := func(n int, c byte) {
				if k := len(ops); k > 0 && ops[k-1][len(ops[k-1])-1] == c {
					var m int
					fmt.Sscanf(ops[k-1], "%d", &m)
					ops[k-1] = fmt.Sprintf("%d%c", m+n, c)
					return
				}
				ops = append(ops, fmt.Sprintf("%d%c", n, c))
			}
			for p := start; p < start+60; p++ {
				e, ok := at[p]
				switch {
				case ok && e.Base != 0:
					seq.WriteByte(e.Base)
				default:
					seq.WriteByte(ref[p])
				}
				op(1, 'M')
				if ok && e.Ins != "" && p+1 < start+60 {
					seq.WriteString(e.Ins)
					op(len(e.Ins), 'I')
				}
				if ok && e.Del > 0 && p+e.Del+1 < start+60 {
					op(e.Del, 'D')
					p += e.Del
				}
			}
			reads = append(reads, read{start, strings.Join(ops, ""), seq.String()})
		}
	}
	sort.SliceStable(reads, func(i, j int) bool { return reads[i].start < reads[j].start })
	for i, r := range reads {
		fmt.Fprintf(&b, "r%d\t0\tc\t%d\t60\t%s\t*\t0\t0\t%s\t%s\tRG:Z:s\n", i, r.start+1, r.cigar, r.seq, strings.Repeat("I", len(r.seq)))
	}
	return b.String()
}

// TestStatsMatchBcftoolsOnCalls calls variants with bcftools mpileup | call
// on simulated reads (hom and het SNPs, an insertion, a deletion) and
// compares vole's counts of that VCF with bcftools stats.
func TestStatsMatchBcftoolsOnCalls(t *testing.T) {
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	rng := rand.New(rand.NewSource(9))
	ref := randomSeq(rng, 1500, "ACGT")
	other := func(b byte) byte { return "CGTA"[strings.IndexByte("ACGT", b)] }
	var haps [2][]haplotypeEdit
	for p := 100; p < 1400; p += 97 {
		e := haplotypeEdit{Pos: p, Base: other(ref[p])}
		haps[0] = append(haps[0], e)
		if p%2 == 0 {
			haps[1] = append(haps[1], e) // hom
		}
	}
	haps[0] = append(haps[0], haplotypeEdit{Pos: 450, Del: 3}, haplotypeEdit{Pos: 900, Ins: "TTG"})
	haps[1] = append(haps[1], haplotypeEdit{Pos: 900, Ins: "TTG"})
	dir := t.TempDir()
	fa := writeTemp(t, "ref.fa", ">c\n"+ref+"\n")
	samPath := writeTemp(t, "sim.sam", simulatedSAM(ref, haps))
	calls := filepath.Join(dir, "calls.vcf")
	mp := exec.Command("bcftools", "mpileup", "-f", fa, samPath)
	call := exec.Command("bcftools", "call", "-m", "-o", calls)
	pipe, err := mp.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	call.Stdin = pipe
	var errb strings.Builder
	mp.Stderr, call.Stderr = &errb, &errb
	if err := mp.Start(); err != nil {
		t.Fatal(err)
	}
	if err := call.Run(); err != nil {
		t.Fatalf("bcftools call: %v\n%s", err, errb.String())
	}
	if err := mp.Wait(); err != nil {
		t.Fatalf("bcftools mpileup: %v\n%s", err, errb.String())
	}
	s, err := ComputeStats(calls)
	if err != nil {
		t.Fatal(err)
	}
	if s.Pass.SNPs < 10 || s.Pass.Indels < 2 || s.Samples[0].Het == 0 || s.Samples[0].HomAlt == 0 {
		t.Fatalf("simulation did not give the variants it should: %+v %+v", s.Pass, s.Samples)
	}
	checkAgainstBcftools(t, calls)
}

// BenchmarkComputeStats reads and counts a 20,000-record, 3-sample VCF.
func BenchmarkComputeStats(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.vcf")
	if err := os.WriteFile(path, []byte(randomStatsVCF(rand.New(rand.NewSource(1)), 20000)), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ComputeStats(path); err != nil {
			b.Fatal(err)
		}
	}
}
