package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDemo runs `vole demo` as a user would and checks its answers against
// the truth it planted: every variant planted homozygous-alternate in all
// three samples is reported as such, and the recall line is printed.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and runs the whole demo (about 10 s of CPU)")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	stdout, stderr, code := runVole(t, "demo", "-o", dir, "-q", "-t", "2")
	if code != 0 {
		t.Fatalf("vole demo: exit %d: %s", code, stderr)
	}
	truth, err := os.ReadFile(filepath.Join(dir, "data", "truth.vcf"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(truth), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 12 || strings.HasPrefix(line, "#") || f[9] != "1|1" || f[10] != "1|1" || f[11] != "1|1" {
			continue
		}
		n++
		want := fmt.Sprintf("  %s:%s %s>%s", f[0], f[1], f[3], f[4])
		if !strings.Contains(stdout, want) {
			t.Errorf("planted shared hom-alt %q not reported:\n%s", want, stdout)
		}
	}
	if n == 0 {
		t.Fatal("truth.vcf has no variant homozygous in all samples")
	}
	if !regexp.MustCompile(`planted: \d+ SNPs, \d+ indels; found: .*recall \d+\.\d%, false calls \d+`).MatchString(stdout) {
		t.Errorf("no recall line:\n%s", stdout)
	}
	if !strings.Contains(stdout, "report: "+filepath.Join(dir, "results", "report.html")) {
		t.Errorf("report path not printed:\n%s", stdout)
	}
	// A folder holding someone else's files is refused.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "x.txt"), nil, 0o644)
	if _, stderr, code := runVole(t, "demo", "-o", other, "-q"); code == 0 || !strings.Contains(stderr, "not a vole demo folder") {
		t.Errorf("foreign demo folder: exit %d, %q", code, stderr)
	}
}
