package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// callFixture writes a 600-base reference and a sorted SAM of 100-base reads
// every 5 bases, every other one carrying a SNP at position 301, and returns
// their paths and the SNP's alleles.
func callFixture(t *testing.T, sorted bool) (ref, samPath, refBase, altBase string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	seq := make([]byte, 600)
	for i := range seq {
		seq[i] = "ACGT"[rng.IntN(4)]
	}
	refBase = string(seq[300])
	altBase = string("ACGT"[(strings.Index("ACGT", refBase)+1)%4])
	dir := t.TempDir()
	ref = filepath.Join(dir, "ref.fa")
	if err := os.WriteFile(ref, []byte(">chr1\n"+string(seq)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i, p := 0, 0; p+100 <= len(seq); i, p = i+1, p+5 {
		r := []byte(string(seq[p : p+100]))
		if i%2 == 0 && p <= 300 && 300 < p+100 {
			r[300-p] = altBase[0]
		}
		flag := 0
		if i%2 == 1 {
			flag = 16
		}
		lines = append(lines, fmt.Sprintf("r%d\t%d\tchr1\t%d\t60\t100M\t*\t0\t0\t%s\t%s", i, flag, p+1, r, strings.Repeat("I", 100)))
	}
	if !sorted {
		lines[2], lines[7] = lines[7], lines[2]
	}
	samPath = filepath.Join(dir, "sample.sam")
	text := "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:600\n@RG\tID:x\tSM:NA1\n" + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(samPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return ref, samPath, refBase, altBase
}

func TestCallCommand(t *testing.T) {
	ref, samPath, refBase, altBase := callFixture(t, true)
	out, errOut, code := runVole(t, "call", "-t", "1", ref, samPath)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var records []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(l, "#") {
			records = append(records, l)
		}
	}
	for _, h := range []string{"##fileformat=VCFv4.2\n", "##source=vole " + version + "\n", "##commandline=", "##contig=<ID=chr1,length=600>\n", "\tFORMAT\tNA1\n", "##FILTER=<ID=LowQual,Description=\"QUAL below 20\">"} {
		if !strings.Contains(out, h) {
			t.Errorf("header lacks %q", h)
		}
	}
	if len(records) != 1 {
		t.Fatalf("%d records, want the SNP at 301:\n%s", len(records), out)
	}
	f := strings.Split(records[0], "\t")
	if f[1] != "301" || f[3] != refBase || f[4] != altBase || f[6] != "PASS" || !strings.HasPrefix(f[9], "0/1:") {
		t.Errorf("record %q, want 301 %s>%s PASS 0/1", records[0], refBase, altBase)
	}

	// The same run into a .vcf.gz is BGZF with the same records.
	gz := filepath.Join(t.TempDir(), "calls.vcf.gz")
	if _, errOut, code := runVole(t, "call", "-t", "2", "-o", gz, ref, samPath); code != 0 {
		t.Fatalf("-o %s: exit %d: %s", gz, code, errOut)
	}
	fh, err := os.Open(gz)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.Extra) < 4 || string(zr.Extra[:2]) != "BC" {
		t.Errorf("%s is gzip but not BGZF (no BC extra field)", gz)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(text), records[0]+"\n") {
		t.Errorf(".vcf.gz ends %q, want the record %q", string(text)[max(0, len(text)-200):], records[0])
	}
}

func TestCallCommandErrors(t *testing.T) {
	ref, unsorted, _, _ := callFixture(t, false)
	out := filepath.Join(t.TempDir(), "out.vcf")
	// biogo panics on this header line; htsfile.Guard makes it an error.
	badHeader := filepath.Join(t.TempDir(), "bad.sam")
	if err := os.WriteFile(badHeader, []byte("@SQ\t\t0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"call", "-o", out, ref, unsorted}, "sample.sorted.bam` (BAM output is sorted)"},
		{[]string{"call", "-o", out, ref, "/no/such.bam"}, "/no/such.bam"},
		{[]string{"call", "-o", out, ref, unsorted, "--region", "chr1:1-10"}, "needs an indexed BAM"},
		{[]string{"call", "-o", out, "/no/ref.fa", unsorted}, "/no/ref.fa"},
		{[]string{"pileup", ref, unsorted}, "not coordinate-sorted"},
		{[]string{"call", "-o", out, ref, badHeader}, "malformed record or header"},
		{[]string{"pileup", ref, badHeader}, "malformed record or header"},
	} {
		_, errOut, code := runVole(t, c.args...)
		if code == 0 || !strings.HasPrefix(errOut, "vole: ") || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.says) {
			t.Errorf("vole %v: exit %d, stderr %q; want one line saying %q", c.args, code, errOut, c.says)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("vole %v left %s behind", c.args, out)
		}
	}
}

func TestPileupCommand(t *testing.T) {
	ref, samPath, refBase, altBase := callFixture(t, true)
	out, errOut, code := runVole(t, "pileup", ref, samPath)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 600 {
		t.Fatalf("%d lines, want one per covered base (600)", len(lines))
	}
	if want := "chr1\t1\t" + string(lines[0][7]) + "\t1\t^].\tI"; lines[0] != want {
		t.Errorf("first line %q, want %q", lines[0], want)
	}
	// 20 reads cover 301; the 10 forward ones carry the SNP.
	f := strings.Split(lines[300], "\t")
	if f[2] != refBase || f[3] != "20" || strings.Count(f[4], altBase) != 10 || strings.Count(f[4], ",") != 10 {
		t.Errorf("column 301 %q: want 20 reads, 10 %s and 10 ','", lines[300], altBase)
	}
}
