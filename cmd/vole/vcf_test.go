package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const cliVCF = `##fileformat=VCFv4.2
##contig=<ID=c1,length=41>
##FILTER=<ID=LowQual,Description="low">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
#CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	mum	kid
c1	4	.	TAC	T	50	PASS	.	GT	0/1	1/1
c1	6	.	C	G,T	50	PASS	.	GT	1/2	0/1
c1	17	.	G	A	9	LowQual	.	GT	0/0	1/1
c1	30	.	A	G	50	PASS	.	GT	0/0	0/1
`

// cliRef is the reference the VCFs of these tests are written against.
const cliRef = "GATTACACACAGGTCAGTTTTTTACGATCAGGGCCCATGCA"

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// oneErrorLine checks a failed run: non-zero exit, one "vole: " line on
// stderr that contains want.
func oneErrorLine(t *testing.T, args []string, want string) {
	t.Helper()
	out, errOut, code := runVole(t, args...)
	last := errOut[strings.LastIndex(strings.TrimSuffix(errOut, "\n"), "\n")+1:]
	if code == 0 || !strings.HasPrefix(last, "vole: ") || !strings.Contains(last, want) || strings.Count(last, "\n") != 1 {
		t.Errorf("%v: code %d, stdout %q, stderr %q; want one error line with %q", args, code, out, errOut, want)
	}
}

func TestVCFStatsCommand(t *testing.T) {
	out, errOut, code := runVole(t, "vcf", "stats", writeFile(t, "a.vcf", cliVCF))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// By hand: 3 PASS records; SNP records 6 (C>G,T) and 30 (A>G); one
	// indel (TAC>T); 6 is multi-allelic and all SNP. ts: C>T, A>G; tv: C>G.
	// 17 G>A is filtered: a transition. mum: 1/2 het at SNPs, 0/0 at 30,
	// 0/1 indel het; kid: 0/1 at 6 and 30, 1/1 at the deletion.
	for _, l := range []string{
		"PASS\trecords\t3", "PASS\tSNPs\t2", "PASS\tindels\t1", "PASS\tmultiallelic SNP sites\t1",
		"PASS\tts\t2", "PASS\ttv\t1", "PASS\tts/tv\t2.00", "FILTERED\trecords\t1", "FILTERED\tts\t1", "FILTER\tLowQual\t1",
		"SAMPLE\tmum\t1\t1\t0\t0\t1\t1\t1\t0\t0\t0\t0", "SAMPLE\tkid\t0\t2\t0\t1\t1\t1\t0\t1\t0\t0\t0",
	} {
		if !strings.Contains(out, "\n"+l+"\n") {
			t.Errorf("stats output lacks %q:\n%s", l, out)
		}
	}
}

func TestVCFBadInput(t *testing.T) {
	malformed := writeFile(t, "bad.vcf", cliVCF+"c1\t40\t.\tC\n")
	oneErrorLine(t, []string{"vcf", "stats", malformed}, "bad.vcf:10: 4 tab-separated columns")
	oneErrorLine(t, []string{"vcf", "view", malformed, "-g", "het"}, "bad.vcf:10:")

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(cliVCF + strings.Repeat("c1\t30\t.\tA\tG\t50\tPASS\t.\tGT\t0/0\t0/1\n", 3000)))
	zw.Close()
	trunc := writeFile(t, "trunc.vcf.gz", string(gz.Bytes()[:gz.Len()-200]))
	oneErrorLine(t, []string{"vcf", "stats", trunc}, "trunc.vcf.gz: truncated gzip")

	dir := t.TempDir()
	out := filepath.Join(dir, "out.vcf")
	oneErrorLine(t, []string{"vcf", "view", trunc, "-o", out}, "truncated")
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s left behind after an error", out)
	}
	in := writeFile(t, "in.vcf", cliVCF)
	oneErrorLine(t, []string{"vcf", "view", in, "-o", in}, "refusing to overwrite an input")
	oneErrorLine(t, []string{"vcf", "view", in, "-s", "dad"}, `sample "dad" is not in the VCF`)
	oneErrorLine(t, []string{"vcf", "view", in, "-g", "homo"}, `bad -g "homo"`)
}

func TestVCFIsecCommand(t *testing.T) {
	ref := writeFile(t, "ref.fa", ">c1\n"+cliRef+"\n")
	a := writeFile(t, "a.vcf", cliVCF)
	// b has the deletion written further right and C>T split out.
	b := writeFile(t, "b.vcf", strings.Join(strings.Split(cliVCF, "\n")[:5], "\n")+"\n"+
		"c1\t6\t.\tC\tT\t40\tPASS\t.\tGT\t0/1\t0/1\n"+
		"c1\t8\t.\tCAC\tC\t40\tPASS\t.\tGT\t0/1\t0/1\n")
	out := filepath.Join(t.TempDir(), "both.vcf")
	_, errOut, code := runVole(t, "vcf", "isec", "--ref", ref, "-n", "=2", a, b, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var recs []string
	for _, l := range strings.Split(strings.TrimSpace(string(got)), "\n") {
		if !strings.HasPrefix(l, "#") {
			recs = append(recs, l)
		}
	}
	want := []string{"c1\t4\t.\tTAC\tT\t50\tPASS\tISEC=11", "c1\t6\t.\tC\tT\t50\tPASS\tISEC=11"}
	if strings.Join(recs, "\n") != strings.Join(want, "\n") {
		t.Errorf("isec =2:\n%s\nwant\n%s", strings.Join(recs, "\n"), strings.Join(want, "\n"))
	}

	// Without --ref the two deletions no longer match, and stderr says why.
	stdout, errOut, code := runVole(t, "vcf", "isec", a, b)
	if code != 0 || !strings.Contains(errOut, "not left-aligned") || strings.Contains(stdout, "TAC") || !strings.Contains(stdout, "C\tT\t50") {
		t.Errorf("isec without --ref: code %d stderr %q stdout\n%s", code, errOut, stdout)
	}

	other := writeFile(t, "other.vcf", strings.ReplaceAll(cliVCF, "c1", "chr1"))
	out2 := filepath.Join(t.TempDir(), "x.vcf")
	oneErrorLine(t, []string{"vcf", "isec", a, other, "-o", out2}, "different contigs")
	if _, err := os.Stat(out2); err == nil {
		t.Errorf("%s written despite the error", out2)
	}
	oneErrorLine(t, []string{"vcf", "isec", a, b, "-n", "+3"}, `bad -n "+3"`)
}

func TestVCFViewCommand(t *testing.T) {
	in := writeFile(t, "in.vcf", cliVCF)
	out, errOut, code := runVole(t, "vcf", "view", in, "-g", "het", "-s", "kid", "--pass")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// kid is het at 6 and 30; 17 is LowQual.
	want := "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tkid\n" +
		"c1\t6\t.\tC\tG,T\t50\tPASS\t.\tGT\t0/1\n" +
		"c1\t30\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\n"
	if !strings.HasSuffix(out, want) {
		t.Errorf("view output:\n%s\nwant it to end with\n%s", out, want)
	}
	gz := filepath.Join(t.TempDir(), "hom.vcf.gz")
	if _, errOut, code := runVole(t, "vcf", "view", in, "-g", "1/1", "-o", gz); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	st, _, code := runVole(t, "vcf", "stats", gz)
	if code != 0 || !strings.Contains(st, "PASS\trecords\t1\n") || !strings.Contains(st, "FILTERED\trecords\t1\n") {
		t.Errorf("stats of the -g 1/1 output (BGZF):\n%s", st)
	}
}
