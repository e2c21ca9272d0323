package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBinomCommand(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "q3.png")
	out, errOut, code := runVole(t, "binom", "--min", "9", "--max", "10", "--plot", png)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// n=9: P(X<=1) = 10/512 = .0195, P(X<=2) = 46/512 = .0898 -> k=1.
	// n=10: P(X<=1) = 11/1024, P(X<=2) = 56/1024 = .0547 -> k=1.
	want := "n\tk\tk/n\n9\t1\t0.1111\n10\t1\t0.1000\n"
	if out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	b, err := os.ReadFile(png)
	if err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
		t.Errorf("plot %s not a PNG (err %v)", png, err)
	}
}

func TestBinomCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"binom", "--min", "0"},
		{"binom", "--alpha", "2"},
		{"binom", "--plot", filepath.Join(dir, "q3.jpg")},
	} {
		_, errOut, code := runVole(t, args...)
		if code == 0 || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	// n=4: P(X=0) = 1/16 = .0625, nothing is rejected.
	out, _, code := runVole(t, "binom", "--min", "4", "--max", "4")
	if code != 0 || out != "n\tk\tk/n\n4\t-1\tNA\n" {
		t.Errorf("n=4: exit %d, stdout %q", code, out)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("bad plot name left files: %v", ents)
	}
}
