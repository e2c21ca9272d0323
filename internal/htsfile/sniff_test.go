package htsfile

import (
	"bytes"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSniff: SAM text, gzipped SAM, BGZF SAM and BAM are told apart by
// content, from a kilobyte of their start.
func TestSniff(t *testing.T) {
	sam := []byte("@HD\tVN:1.6\nr1\t4\t*\t0\t0\t*\t*\t0\t0\tACGT\tIIII\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(sam)
	zw.Close()
	var bg bytes.Buffer
	z := NewWriter(&bg, DefaultLevel, 1)
	z.Write(sam)
	if _, err := z.Close(); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(51, 52))
	h := testHeader(t, 5000)
	bamPath := writeSorted(t, h, randomRecords(t, rng, h, 200), 1)
	bamData, _ := readFiles(t, bamPath, bamPath+".bai")
	for _, c := range []struct {
		name string
		data []byte
		kind Kind
		bgzf bool
	}{
		{"SAM", sam, Text, false}, {"gzip SAM", gz.Bytes(), Gzip, false},
		{"BGZF SAM", bg.Bytes(), Gzip, true}, {"BAM", bamData, BAM, true},
		{"empty", nil, Text, false}, {"gzip magic only", []byte{0x1f, 0x8b}, Gzip, false},
	} {
		head := c.data[:min(len(c.data), 1024)]
		if got := Sniff(head); got != c.kind {
			t.Errorf("%s: Sniff %v, want %v", c.name, got, c.kind)
		}
		if got := IsBGZF(head); got != c.bgzf {
			t.Errorf("%s: IsBGZF %v, want %v", c.name, got, c.bgzf)
		}
	}
}

// TestGuard: biogo's panic on the header line "@SQ\t\t0" comes back as an
// error, and a short stream is named truncated.
func TestGuard(t *testing.T) {
	_, err := NewSAMReader(strings.NewReader("@SQ\t\t0\n"))
	if err == nil || !strings.Contains(err.Error(), "malformed") {
		t.Errorf("header @SQ\\t\\t0: %v", err)
	}
	if err := Truncated(io.ErrUnexpectedEOF); !strings.Contains(err.Error(), "truncated file") {
		t.Errorf("Truncated: %v", err)
	}
	if Truncated(nil) != nil || Truncated(io.EOF) != io.EOF {
		t.Error("Truncated changed nil or io.EOF")
	}
}

// TestCheckEOF: a BGZF file cut short is reported by name.
func TestCheckEOF(t *testing.T) {
	var bg bytes.Buffer
	z := NewWriter(&bg, DefaultLevel, 1)
	z.Write([]byte("some text"))
	if _, err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := CheckEOF(bytes.NewReader(bg.Bytes()), "x.bam", "BAM"); err != nil {
		t.Errorf("whole file: %v", err)
	}
	cut := bg.Bytes()[:bg.Len()-5]
	if err := CheckEOF(bytes.NewReader(cut), "x.bam", "BAM"); err == nil || !strings.Contains(err.Error(), "x.bam: truncated BAM") {
		t.Errorf("cut file: %v", err)
	}
}

// TestReadBAMIndex: the BAI or CSI beside a BAM is found and answers a
// query; none gives nil; one older than the BAM is stale, unless a fresh
// one of the other kind is there.
func TestReadBAMIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 54))
	for _, length := range []int{100_000, 600_000_000} {
		h := testHeader(t, length)
		recs := randomRecords(t, rng, h, 500)
		out := writeSorted(t, h, recs, 1)
		idx, name, err := ReadBAMIndex(out)
		ipath := IndexPath(out, h)
		if err != nil || idx == nil || name != ipath {
			t.Fatalf("length %d: %v %q %v, want the index %s", length, idx, name, err, ipath)
		}
		ref := h.Refs()[0]
		chunks, err := idx.Chunks(ref, 0, length)
		if err != nil || len(chunks) == 0 {
			t.Fatalf("length %d: chunks %v %v", length, chunks, err)
		}
		old := time.Now().Add(-time.Hour)
		if err := os.Chtimes(ipath, old, old); err != nil {
			t.Fatal(err)
		}
		if _, _, err := ReadBAMIndex(out); err == nil || !strings.Contains(err.Error(), "stale") {
			t.Errorf("length %d: stale index: %v", length, err)
		}
		os.Remove(ipath)
		if idx, _, err := ReadBAMIndex(out); idx != nil || err != nil {
			t.Errorf("length %d: no index: %v %v", length, idx, err)
		}
	}
	if _, _, err := ReadBAMIndex(filepath.Join(t.TempDir(), "none.bam")); err == nil {
		t.Error("missing BAM: no error")
	}
}

// FuzzSniff: any start of a stream gets a kind, never a panic; BAM and
// Gzip only for the gzip magic.
func FuzzSniff(f *testing.F) {
	f.Add([]byte{0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 'B', 'C', 2, 0, 0x1b, 0})
	f.Add([]byte("@HD\tVN:1.6\n"))
	f.Fuzz(func(t *testing.T, head []byte) {
		k := Sniff(head)
		if k != Text && (len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b) {
			t.Fatalf("kind %v without the gzip magic", k)
		}
		IsBGZF(head)
	})
}
