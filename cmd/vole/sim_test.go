package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestSimGenomeThenIndex(t *testing.T) {
	dir := t.TempDir()
	fa := filepath.Join(dir, "g.fa")
	_, errOut, code := runVole(t, "sim", "genome", "--size", "300k", "--seed", "3", "--alts", "2", "--soft-mask", "-o", fa)
	var contigs, alts, bases int
	fmt.Sscanf(errOut, "vole: wrote %d contigs (%d alt), %d bases", &contigs, &alts, &bases)
	if code != 0 || contigs != 26 || alts != 2 || bases < 299_700 || bases > 300_300 {
		t.Fatalf("sim genome: code %d, stderr %q", code, errOut)
	}
	for _, f := range []string{"g.fa", "g.fa.alt", "g.bed", "g.repeats.fa"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, errOut, code := runVole(t, "index", "-q", fa); code != 0 {
		t.Fatalf("index of the simulated genome: code %d, %s", code, errOut)
	}
}

func TestSimGenomeBadInput(t *testing.T) {
	dir := t.TempDir()
	fa := filepath.Join(dir, "g.fa")
	for _, args := range [][]string{
		{"--size", "lots", "-o", fa},
		{"--size", "10k", "-o", fa},
		{"--size", "1m"},
		{"--size", "1m", "--alu", "0.9", "-o", fa},
	} {
		_, errOut, code := runVole(t, append([]string{"sim", "genome"}, args...)...)
		if code == 0 || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: code %d, stderr %q", args, code, errOut)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("failed runs left %d files", len(left))
	}
}

func TestParseBases(t *testing.T) {
	for in, want := range map[string]int{"4m": 4_000_000, "3.1G": 3_100_000_000, "500k": 500_000, "1000": 1000, " 2M ": 2_000_000} {
		if got, err := parseBases(in); err != nil || got != want {
			t.Errorf("parseBases(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "m", "-1k", "1t", "9g", "inf"} {
		if _, err := parseBases(in); err == nil {
			t.Errorf("parseBases(%q) accepted", in)
		}
	}
}

func TestSimDiploid(t *testing.T) {
	dir := t.TempDir()
	fa := filepath.Join(dir, "g.fa")
	if _, errOut, code := runVole(t, "sim", "genome", "--size", "200k", "-q", "-o", fa); code != 0 {
		t.Fatal(errOut)
	}
	prefix := filepath.Join(dir, "s")
	_, errOut, code := runVole(t, "sim", "diploid", fa, "-o", prefix, "--snp-rate", "0.002")
	if code != 0 || !strings.Contains(errOut, "planted ") {
		t.Fatalf("sim diploid: code %d, %s", code, errOut)
	}
	for _, f := range []string{"s.hap1.fa", "s.hap2.fa", "s.vcf"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	_, errOut, code = runVole(t, "sim", "diploid", fa, "-o", filepath.Join(dir, "bad"), "--snp-rate", "0.5")
	if code == 0 || strings.Count(errOut, "\n") != 1 {
		t.Errorf("rate 0.5: code %d, %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.vcf")); err == nil {
		t.Error("a failed run left bad.vcf")
	}
}

// FuzzParseBases checks that any string parses to a sane count or an error,
// and that plain integers round-trip.
func FuzzParseBases(f *testing.F) {
	for _, s := range []string{"4m", "3.1g", "500K", "12", "", "1e3", "-2", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseBases(s)
		if err == nil && (n < 0 || n > math.MaxInt32*4) {
			t.Fatalf("parseBases(%q) = %d", s, n)
		}
		if m, err := strconv.Atoi(s); err == nil && m >= 0 && m <= math.MaxInt32 {
			if n, err := parseBases(s); err != nil || n != m {
				t.Fatalf("parseBases(%q) = %d, %v", s, n, err)
			}
		}
	})
}
