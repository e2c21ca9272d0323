package index

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	fasta := randomFASTA(rng, []int{300, 1, 77, 1000}, 0.03)
	ix, fa := buildFromFASTA(t, fasta)
	path := Path(fa)
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path, fa)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Contigs(), ix.Contigs()) || !slices.Equal(got.ref.runs, ix.ref.runs) ||
		got.n != ix.n || got.primary != ix.primary || got.c != ix.c || got.ref.fingerprint != ix.ref.fingerprint {
		t.Fatalf("header differs after load")
	}
	if !slices.Equal(got.blocks, ix.blocks) || !slices.Equal(got.ref.text, ix.ref.text) ||
		!slices.Equal(got.sa.samples, ix.sa.samples) || !slices.Equal(got.sa.marks, ix.sa.marks) {
		t.Fatalf("arrays differ after load")
	}
	for i := range ix.Contigs() {
		if string(got.Reference().ContigSeq(i)) != string(ix.Reference().ContigSeq(i)) {
			t.Fatalf("contig %d differs after load", i)
		}
	}
	all := got.Locate(got.Full(), -1, nil)
	slices.Sort(all)
	for i, p := range all {
		if p != int64(i) {
			t.Fatalf("locate of every row after load: position %d at %d", p, i)
		}
	}
	if err := got.Close(); err != nil {
		t.Fatal(err)
	}
	if err := got.Close(); err != nil || ix.Close() != nil {
		t.Fatal("second Close, or Close of a built index, failed")
	}
}

func TestLoadRefusesBadFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ix, fa := buildFromFASTA(t, randomFASTA(rng, []int{500, 200}, 0.01))
	path := Path(fa)
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, content []byte, want string) {
		t.Helper()
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path, fa)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got error %v, want one naming %s and saying %q", name, err, path, want)
		}
	}
	for _, cut := range []int{0, 3, 8, 17, 100, len(good) / 2, len(good) - 8, len(good) - 1} {
		check("truncated", good[:cut], "truncated")
	}
	for _, at := range []int{20, 200, len(good) / 2, len(good) - 3} {
		bad := slices.Clone(good)
		bad[at] ^= 0x10
		check("corrupt", bad, "corrupt")
	}
	check("not an index", []byte(">chr1\nACGT\n"), "not a vole index")
	// Damage that keeps a valid checksum is still caught by the consistency
	// checks: the sample rate, the text length, C[1].
	for _, at := range []int{16, 24, 48} {
		bad := slices.Clone(good)
		bad[at] ^= 0x10
		binary.LittleEndian.PutUint64(bad[len(bad)-8:], uint64(crc32.Checksum(bad[:len(bad)-8], castagnoli)))
		check(fmt.Sprintf("consistent checksum, byte %d", at), bad, "corrupt")
	}

	// A changed FASTA with a new mtime is stale; a touched but unchanged one
	// is not.
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(fa, later, later); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path, fa); err != nil {
		t.Fatalf("touched FASTA: %v", err)
	}
	content, _ := os.ReadFile(fa)
	content[len(content)-3] = "AC"[content[len(content)-3]%2] // change one base
	if err := os.WriteFile(fa, content, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path, fa)
	if err == nil || !strings.Contains(err.Error(), "stale") || !strings.Contains(err.Error(), "vole index") {
		t.Fatalf("changed FASTA: got %v, want a stale-index error", err)
	}

	// A missing FASTA is named as missing; rebuilding the index cannot help.
	if err := os.Remove(fa); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path, fa)
	if err == nil || !strings.Contains(err.Error(), fa+" is missing") || strings.Contains(err.Error(), "vole index") {
		t.Fatalf("missing FASTA: got %v, want one saying %s is missing", err, fa)
	}
}

// TestManyContigs indexes 100,000 short contigs (GRCh38 with decoys and
// alts has about 3,000; some assemblies have far more) and checks the
// round trip and that every position maps back to its contig.
func TestManyContigs(t *testing.T) {
	rng := rand.New(rand.NewPCG(81, 82))
	var b strings.Builder
	var starts []int64
	var pos int64
	for i := 0; i < 100000; i++ {
		n := 1 + rng.IntN(20)
		fmt.Fprintf(&b, ">c%d\n", i)
		for j := 0; j < n; j++ {
			b.WriteByte("ACGT"[rng.IntN(4)])
		}
		b.WriteByte('\n')
		starts = append(starts, pos)
		pos += int64(n)
	}
	ix, fa := buildFromFASTA(t, b.String())
	if err := ix.Save(Path(fa)); err != nil {
		t.Fatal(err)
	}
	got, err := Load(Path(fa), fa)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if len(got.Contigs()) != len(starts) || got.TextLen() != pos {
		t.Fatalf("%d contigs, %d bases; want %d, %d", len(got.Contigs()), got.TextLen(), len(starts), pos)
	}
	for i, c := range got.Contigs() {
		if c.Name != fmt.Sprintf("c%d", i) || c.Offset != starts[i] {
			t.Fatalf("contig %d: %+v", i, c)
		}
		if got.ContigOf(c.Offset) != i || got.ContigOf(c.End()-1) != i {
			t.Fatalf("ContigOf at contig %d's ends: %d, %d", i, got.ContigOf(c.Offset), got.ContigOf(c.End()-1))
		}
	}
}

// FuzzIndexFile feeds the index decoder damaged and truncated files: it must
// refuse them with an error, never panic, and accept only the intact file.
func FuzzIndexFile(f *testing.F) {
	rng := rand.New(rand.NewPCG(91, 92))
	ix, _ := buildFromFASTA(f, randomFASTA(rng, []int{300, 40}, 0.02))
	var good bytes.Buffer
	if err := ix.write(&good); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	f.Add(good.Bytes()[:good.Len()/2])
	f.Add([]byte("VOLEFMI\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Sections are used in place, so the buffer must be 8-byte aligned
		// as a mapped file is.
		words := make([]uint64, (len(data)+7)/8)
		buf := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(words))), len(words)*8)[:len(data)]
		copy(buf, data)
		got, err := decode(buf)
		if err == nil && !bytes.Equal(data, good.Bytes()) {
			if got.n != ix.n || got.primary != ix.primary {
				t.Fatalf("accepted a different file (n %d, primary %d)", got.n, got.primary)
			}
		}
	})
}
