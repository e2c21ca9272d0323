package fileio

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeGzip(t *testing.T, path string, data []byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, path string) ([]byte, error) {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

func TestOpenPlainAndGzipGiveSameBytes(t *testing.T) {
	dir := t.TempDir()
	want := []byte(">a\nACGT\n")
	plain := filepath.Join(dir, "x.fa")
	os.WriteFile(plain, want, 0o644)
	// The gzip file deliberately has no .gz suffix: detection is by content.
	packed := filepath.Join(dir, "y.fa")
	writeGzip(t, packed, want)
	for _, p := range []string{plain, packed} {
		got, err := readAll(t, p)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: got %q, %v; want %q", p, got, err, want)
		}
	}
}

func TestOpenTruncatedGzipNamesFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cut.fq.gz")
	writeGzip(t, path, bytes.Repeat([]byte("ACGT"), 10000))
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)/2], 0o644)
	_, err := readAll(t, path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("truncated gzip: got %v", err)
	}
}

func TestOpenMissingFileNamesIt(t *testing.T) {
	_, err := Open("/no/such/file.fa")
	if err == nil || !strings.Contains(err.Error(), "/no/such/file.fa") {
		t.Fatalf("got %v", err)
	}
}

func TestAtomicFileCommitAndAbort(t *testing.T) {
	dir := t.TempDir()
	done := filepath.Join(dir, "done.txt")
	f, err := Create(done)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("complete")
	if _, err := os.Stat(done); !os.IsNotExist(err) {
		t.Fatalf("final name exists before Commit: %v", err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // after Commit: must not remove the file
	if got, _ := os.ReadFile(done); string(got) != "complete" {
		t.Fatalf("committed file holds %q", got)
	}

	failed := filepath.Join(dir, "failed.txt")
	g, err := Create(failed)
	if err != nil {
		t.Fatal(err)
	}
	g.WriteString("half")
	g.Abort()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "done.txt" {
		names := []string{}
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("after Abort the folder holds %v, want only done.txt", names)
	}
}

func TestCreateInMissingFolderNamesPath(t *testing.T) {
	_, err := Create("/no/such/dir/out.vcf")
	if err == nil || !strings.Contains(err.Error(), "/no/such/dir/out.vcf") {
		t.Fatalf("got %v", err)
	}
}

func TestCreateOutputStdout(t *testing.T) {
	for _, p := range []string{"", "-"} {
		o, err := CreateOutput(p)
		if err != nil || o.Writer != os.Stdout {
			t.Fatalf("CreateOutput(%q) = %v, %v; want stdout", p, o, err)
		}
		o.Abort() // must be a no-op for stdout
		if err := o.Commit(); err != nil {
			t.Fatal(err)
		}
	}
}
