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

func gzipBytes(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

func TestOpenReadsEveryGzipMember(t *testing.T) {
	// BGZF and `cat a.gz b.gz` are several members; an empty member (BGZF's
	// end-of-file block) ends the stream.
	path := filepath.Join(t.TempDir(), "multi.gz")
	data := append(append(gzipBytes([]byte("first\n")), gzipBytes([]byte("second\n"))...), gzipBytes(nil)...)
	os.WriteFile(path, data, 0o644)
	got, err := readAll(t, path)
	if err != nil || string(got) != "first\nsecond\n" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestOpenGzipTrailingGarbage(t *testing.T) {
	dir := t.TempDir()
	member := gzipBytes(bytes.Repeat([]byte("ACGT\n"), 1000))
	// Short garbage (shorter than a gzip header) used to be called
	// "truncated"; long garbage "invalid header".
	for _, junk := range []string{"x", "garbage\n", strings.Repeat("junk", 100)} {
		path := filepath.Join(dir, "junk.gz")
		os.WriteFile(path, append(append([]byte(nil), member...), junk...), 0o644)
		_, err := readAll(t, path)
		if err == nil || !strings.Contains(err.Error(), "trailing garbage after gzip data") ||
			!strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "truncated") {
			t.Errorf("junk %q: got %v", junk, err)
		}
	}
}

func TestOpenCorruptGzipNamesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.gz")
	data := gzipBytes(bytes.Repeat([]byte("ACGT"), 1000))
	data[len(data)-5] ^= 0xff // the stored length no longer matches
	os.WriteFile(path, data, 0o644)
	if _, err := readAll(t, path); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("got %v", err)
	}
}

// FuzzOpenGzip checks the member-by-member gzip reader against the gzip
// package's own multi-member mode: both accept the same streams and give
// the same bytes, and every error names the file.
func FuzzOpenGzip(f *testing.F) {
	one := gzipBytes([]byte("ACGT\n"))
	f.Add(one)
	f.Add(append(append([]byte(nil), one...), one...))
	f.Add(append(append([]byte(nil), one...), "junk"...))
	f.Add(append(append([]byte(nil), one...), gzipBytes(nil)...))
	f.Add(one[:len(one)-3])
	path := filepath.Join(f.TempDir(), "in.gz")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			return // not gzip: Open passes the bytes through
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readAll(t, path)
		var want []byte
		zr, wantErr := gzip.NewReader(bytes.NewReader(data))
		if wantErr == nil {
			want, wantErr = io.ReadAll(zr)
		}
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("Open: %v; gzip package: %v", err, wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), path) {
			t.Fatalf("error %q does not name the file", err)
		}
		if err == nil && !bytes.Equal(got, want) {
			t.Fatalf("Open read %q, the gzip package %q", got, want)
		}
	})
}
