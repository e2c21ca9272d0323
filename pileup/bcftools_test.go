package pileup

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/biogo/hts/sam"
)

// TestBcftoolsAccepts runs Debian's bcftools over a plain and a BGZF VCF of
// the caller (multi-contig, a contig name that needs braces, SNPs and
// indels): `bcftools view`, `bcftools norm --check-ref e -f REF` and the
// filter expressions people write for bcftools' and GATK's output must
// succeed without a warning (every tag they name is declared), and norm
// must find nothing to realign.
func TestBcftoolsAccepts(t *testing.T) {
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	refPath, bamPath, _ := regionFixture(t)
	dir := t.TempDir()
	for _, name := range []string{"calls.vcf", "calls.vcf.gz"} {
		out := filepath.Join(dir, name)
		opt := DefaultCallOptions()
		opt.CommandLine = `vole call "ref.fa" s.bam`
		if err := CallFiles(refPath, []string{bamPath}, out, opt); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{
			{"view", out},
			{"norm", "--check-ref", "e", "-f", refPath, out},
			// GATK's and bcftools users' hard-filter recipes, unchanged.
			{"filter", "-e", "MQ<30 || FS>60 || SOR>3 || QD<2 || MQ0F>0.1 || ReadPosRankSum<-8 || BaseQRankSum<-8", out},
			{"filter", "-e", "QUAL<20 || INFO/DP<5 || INFO/DP>1000 || DP4[2]+DP4[3]<2", out},
			{"view", "-i", "FMT/GQ>=20 && FMT/DP>=10 && FMT/AD[0:1]>=2 && FMT/ADF[0:1]+FMT/ADR[0:1]>=2", out},
			{"view", "-f", "PASS", "-e", "FILTER~\"StrandBias\" || FILTER~\"ReadEnd\" || FILTER~\"LowBaseQ\"", out},
		} {
			cmd := exec.Command("bcftools", args...)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			stdout, err := cmd.Output()
			if err != nil {
				t.Fatalf("bcftools %v: %v: %s", args, err, stderr.String())
			}
			if strings.Contains(stderr.String(), "[W::") || strings.Contains(strings.ToLower(stderr.String()), "warn") {
				t.Errorf("bcftools %v warns: %s", args, stderr.String())
			}
			if strings.Contains(stderr.String(), "not defined") || strings.Contains(stderr.String(), "[E::") {
				t.Errorf("bcftools %v: %s", args, stderr.String())
			}
			if args[0] == "norm" && !strings.Contains(stderr.String(), "/0/0/0") {
				t.Errorf("bcftools norm changed records: %s", stderr.String())
			}
			if n := strings.Count(string(stdout), "\nchr"); args[0] != "filter" && args[1] != "-i" && n < 40 {
				t.Errorf("bcftools %v printed %d records", args, n)
			}
		}
	}
}

// TestLikelihoodsMatchBcftools compares the SNP genotype likelihoods with
// those of bcftools mpileup (without BAQ on both sides, same base quality
// threshold; its cap of a base's quality at its neighbours' plus 30 as vole
// does) on reads with random per-base qualities, random strands and
// 2% sequencing errors over planted het and hom SNPs: the PLs of ref/ref,
// ref/alt and alt/alt, each set relative to its smallest, agree within 1
// (rounding) wherever bcftools did not cap them at 255.
func TestLikelihoodsMatchBcftools(t *testing.T) {
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	rng := rand.New(rand.NewPCG(91, 92))
	ref := randomSeq(rng, 3000)
	var hap1, hap2 []variant
	for p := 200; p < 2800; p += 150 {
		v := snp(ref, p, 1+rng.IntN(3))
		hap1 = append(hap1, v)
		if rng.IntN(3) == 0 {
			hap2 = append(hap2, v)
		}
	}
	reads := diploidReads(ref, hap1, hap2, 100, 12, 30)
	for i := range reads {
		seq := []byte(reads[i].seq)
		reads[i].quals = make([]byte, len(seq))
		for k := range seq {
			reads[i].quals[k] = byte(2 + rng.IntN(39))
			if rng.IntN(50) == 0 {
				seq[k] = "ACGT"[rng.IntN(4)]
			}
		}
		reads[i].seq = string(seq)
		reads[i].flags = sam.Flags(rng.IntN(2)) * sam.Reverse
	}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, true)
	opt := DefaultCallOptions()
	opt.NoBAQ = true
	opt.MinMapQ = 0
	_, recs := callTest(t, refPath, []string{bamPath}, opt)
	ours := map[string][]int{}
	for _, r := range recs {
		if len(r.Alt) == 1 && len(r.Ref) == 1 {
			ours[strconv.Itoa(r.Pos)+r.Alt[0]] = plInts(r.SampleValue(0, "PL"))
		}
	}
	out, err := exec.Command("bcftools", "mpileup", "-B", "-Q", "13", "-a", "AD", "-f", refPath, bamPath).Output()
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 10 || line[0] == '#' {
			continue
		}
		mine, ok := ours[f[1]+strings.Split(f[4], ",")[0]]
		if !ok {
			continue
		}
		keys := strings.Split(f[8], ":")
		vals := strings.Split(f[9], ":")
		var theirs []int
		for i, k := range keys {
			if k == "PL" {
				theirs = plInts(vals[i])[:3]
			}
		}
		if theirs == nil || max(theirs[0], theirs[1], theirs[2]) >= 255 {
			continue
		}
		compared++
		a, b := relative(mine), relative(theirs)
		for g := range a {
			if d := a[g] - b[g]; d > 1 || d < -1 {
				t.Errorf("position %s: PL %v, bcftools %v", f[1], a, b)
				break
			}
		}
	}
	if compared < 5 {
		t.Fatalf("only %d sites compared", compared)
	}
}

// plInts parses a PL field.
func plInts(s string) []int {
	var v []int
	for _, x := range strings.Split(s, ",") {
		n, _ := strconv.Atoi(x)
		v = append(v, n)
	}
	return v
}

// relative subtracts the smallest value.
func relative(v []int) []int {
	m := min(v[0], v[1], v[2])
	return []int{v[0] - m, v[1] - m, v[2] - m}
}

// TestIndexedOutput writes the region fixture's calls to calls.vcf.gz with
// one, two and three threads: the BGZF file and its .tbi must be the same
// byte for byte, and bcftools (when present) must answer a region query from
// the index with exactly the records of the plain VCF inside the region.
func TestIndexedOutput(t *testing.T) {
	refPath, bamPath, _ := regionFixture(t)
	dir := t.TempDir()
	defer func(n int) { pieceLen = n }(pieceLen)
	pieceLen = 700
	var files [3][2][]byte
	for i, threads := range []int{1, 2, 3} {
		out := filepath.Join(dir, strconv.Itoa(threads), "calls.vcf.gz")
		os.MkdirAll(filepath.Dir(out), 0o755)
		opt := DefaultCallOptions()
		opt.Threads = threads
		if err := CallFiles(refPath, []string{bamPath}, out, opt); err != nil {
			t.Fatal(err)
		}
		for j, name := range []string{out, out + ".tbi"} {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[i][j] = b
		}
	}
	for i := 1; i < len(files); i++ {
		if !bytes.Equal(files[0][0], files[i][0]) || !bytes.Equal(files[0][1], files[i][1]) {
			t.Fatalf("-t 1 and -t %d wrote different calls.vcf.gz or .tbi", i+1)
		}
	}
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	gz := filepath.Join(dir, "1", "calls.vcf.gz")
	region := "chrM:200-1200" // bcftools' -r does not take the braces a name with ':' needs
	got, err := exec.Command("bcftools", "view", "-H", "-r", region, gz).Output()
	if err != nil {
		t.Fatalf("bcftools view -r: %v", err)
	}
	_, all := callTest(t, refPath, []string{bamPath}, DefaultCallOptions())
	want := 0
	for _, r := range all {
		if r.Chrom == "chrM" && r.Pos+len(r.Ref)-1 >= 200 && r.Pos <= 1200 {
			want++
		}
	}
	if n := strings.Count(string(got), "\n"); n != want || want == 0 {
		t.Errorf("bcftools view -r %s: %d records through the index, the VCF has %d there", region, n, want)
	}
}
