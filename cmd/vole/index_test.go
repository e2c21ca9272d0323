package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyToTemp copies a testdata file into a fresh folder, since vole writes
// the index next to the reference.
func copyToTemp(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, name, string(data))
}

// writeTemp writes content to name in a fresh folder.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// folderFiles lists the names in the folder of path.
func folderFiles(t *testing.T, path string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestIndexCommand(t *testing.T) {
	fa := copyToTemp(t, "tiny.fa")
	before, _ := os.ReadFile(fa)
	out, errOut, code := runVole(t, "index", fa)
	if code != 0 || out != "" || !strings.Contains(errOut, "2 contigs, 30 bases") {
		t.Fatalf("index: code %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(fa + ".vole"); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(fa)
	if string(before) != string(after) {
		t.Fatal("vole index modified the FASTA")
	}
	other := filepath.Join(t.TempDir(), "other.vole")
	if _, errOut, code := runVole(t, "index", "-q", fa, "-o", other); code != 0 || errOut != "" {
		t.Fatalf("index -q -o: code %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatal(err)
	}
}

func TestIndexCommandThreads(t *testing.T) {
	// Enough bases for the build to merge blocks (its work space is at
	// least 8 MB, so the first block holds 1.6 Mb).
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for c := 0; c < 3; c++ {
		fmt.Fprintf(&b, ">c%d\n", c)
		for i := 0; i < 800_000; i++ {
			b.WriteByte("ACGT"[rng.IntN(4)])
		}
		b.WriteString("\n")
	}
	fa := writeTemp(t, "ref.fa", b.String())
	var files [2][]byte
	for i, threads := range []string{"1", "2"} {
		out := filepath.Join(t.TempDir(), "ref.vole")
		if _, errOut, code := runVole(t, "index", "-q", "-t", threads, fa, "-o", out); code != 0 {
			t.Fatalf("-t %s: %s", threads, errOut)
		}
		files[i], _ = os.ReadFile(out)
	}
	if len(files[0]) == 0 || !bytes.Equal(files[0], files[1]) {
		t.Fatal("index differs between -t 1 and -t 2")
	}
}

func TestIndexCommandBadInput(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(">a\nACGT\n", 1000)))
	zw.Close()
	cases := []struct{ name, content, want string }{
		{"empty", "", "no FASTA records"},
		{"no header", "ACGT\n", "line 1: sequence before the first '>' header"},
		{"empty contig", ">a\n>b\nAC\n", `line 1: contig "a" has no sequence`},
		{"duplicate", ">a\nAC\n>a\nGT\n", `line 3: duplicate contig name "a"`},
		{"not IUPAC", ">a\nACGT\nACXT\n", `line 3: invalid character 'X'`},
		{"truncated gzip", gz.String()[:gz.Len()/2], "truncated gzip"},
	}
	for _, c := range cases {
		fa := writeTemp(t, "bad.fa", c.content)
		out, errOut, code := runVole(t, "index", fa)
		if code == 0 || out != "" || strings.Count(errOut, "\n") != 1 ||
			!strings.Contains(errOut, fa) || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: code %d, stderr %q; want one line naming %s and saying %q", c.name, code, errOut, fa, c.want)
		}
		if files := folderFiles(t, fa); len(files) != 1 {
			t.Errorf("%s: files left behind: %v", c.name, files)
		}
	}
	fa := copyToTemp(t, "tiny.fa")
	missing := filepath.Join(t.TempDir(), "no", "such", "dir", "x.vole")
	_, errOut, code := runVole(t, "index", fa, "-o", missing)
	if code == 0 || !strings.Contains(errOut, missing) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("unwritable output: code %d, stderr %q", code, errOut)
	}
	if files := folderFiles(t, fa); len(files) != 1 {
		t.Errorf("unwritable output: files left beside the FASTA: %v", files)
	}
	if _, errOut, code := runVole(t, "index", "-"); code == 0 || !strings.Contains(errOut, "needs -o") {
		t.Errorf("index of stdin without -o: code %d, stderr %q", code, errOut)
	}
	before, _ := os.ReadFile(fa)
	_, errOut, code = runVole(t, "index", fa, "-o", fa)
	after, _ := os.ReadFile(fa)
	if code == 0 || !strings.Contains(errOut, "refusing to overwrite an input") || string(before) != string(after) {
		t.Errorf("-o onto the FASTA: code %d, stderr %q", code, errOut)
	}
}
