package vcf

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
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
