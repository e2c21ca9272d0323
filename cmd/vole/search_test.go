package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// The hits below were worked out by hand from testdata/tiny.fa:
// chr1:1-20 = ACGTACGTNNACGTTTGCAA, chr2|x = GGCAACGTAC.
func TestSearchCommand(t *testing.T) {
	fa := copyToTemp(t, "tiny.fa")
	out, errOut, code := runVole(t, "search", fa, "ttgc")
	want := "chr1:1-20\t15\t+\nchr1:1-20\t17\t-\nchr2|x\t2\t-\n"
	if code != 0 || out != want {
		t.Fatalf("search TTGC: code %d\n%s\nwant\n%s\nstderr %q", code, out, want, errOut)
	}
	if !strings.Contains(errOut, "building index "+fa+".vole") {
		t.Errorf("first search did not say it builds the index: %q", errOut)
	}
	if _, err := os.Stat(fa + ".vole"); err != nil {
		t.Fatal(err)
	}
	// ACGT is its own reverse complement: both strands at each place; the
	// copy across the N run (GTNNAC) and across the contigs (CAAGG) is
	// never reported.
	out, errOut, code = runVole(t, "search", "--count", fa, "ACGT", "CAAGG", "GTAC")
	want = "ACGT\t8\nCAAGG\t0\nGTAC\t4\n"
	if code != 0 || out != want || errOut != "" {
		t.Fatalf("search --count: code %d\n%s\nwant\n%s\nstderr %q", code, out, want, errOut)
	}
	out, _, _ = runVole(t, "search", fa, "CAAC", "AAAA", "TACGT")
	want = "chr2|x\t3\t+\tCAAC\n" +
		"chr1:1-20\t1\t-\tTACGT\nchr1:1-20\t4\t+\tTACGT\nchr2|x\t5\t-\tTACGT\n"
	if out != want {
		t.Fatalf("two patterns:\n%s\nwant\n%s", out, want)
	}
}

func TestSearchCommandErrors(t *testing.T) {
	fa := copyToTemp(t, "tiny.fa")
	if _, errOut, code := runVole(t, "search", fa, "ACNT"); code == 0 || !strings.Contains(errOut, `"ACNT"`) {
		t.Errorf("pattern with N: code %d, stderr %q", code, errOut)
	}
	if _, errOut, code := runVole(t, "search", fa+".missing", "ACGT"); code == 0 || !strings.Contains(errOut, fa+".missing") {
		t.Errorf("missing reference: code %d, stderr %q", code, errOut)
	}
	if _, _, code := runVole(t, "index", "-q", fa); code != 0 {
		t.Fatal("index failed")
	}
	later := time.Now().Add(time.Minute)
	os.WriteFile(fa, []byte(">chr1\nACGTTTGC\n"), 0o644)
	os.Chtimes(fa, later, later)
	_, errOut, code := runVole(t, "search", fa, "ACGT")
	if code == 0 || !strings.Contains(errOut, "stale") || !strings.Contains(errOut, "vole index") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("changed reference: code %d, stderr %q", code, errOut)
	}
}
