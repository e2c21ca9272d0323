package pileup

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBcftoolsAccepts runs Debian's bcftools over a plain and a BGZF VCF of
// the caller (multi-contig, a contig name that needs braces, SNPs and
// indels): `bcftools view` and `bcftools norm --check-ref e -f REF` must
// succeed without a warning, and norm must find nothing to realign.
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
			if args[0] == "norm" && !strings.Contains(stderr.String(), "/0/0/0") {
				t.Errorf("bcftools norm changed records: %s", stderr.String())
			}
			if n := strings.Count(string(stdout), "\nchr"); n < 40 {
				t.Errorf("bcftools %v printed %d records", args, n)
			}
		}
	}
}
