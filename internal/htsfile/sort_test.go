package htsfile

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/bgzf"
	"github.com/biogo/hts/sam"
)

// writeSorted writes recs through a SortedBAM with a memory budget that
// spills at least three runs, and checks that no run is left behind.
func writeSorted(t *testing.T, h *sam.Header, recs []*sam.Record, threads int) string {
	t.Helper()
	tmp := t.TempDir()
	out := filepath.Join(t.TempDir(), "out.bam")
	size := 0
	for _, r := range recs {
		size += 40 + len(r.Name) + 4*len(r.Cigar) + len(r.Qual)*3/2
	}
	s := NewSortedBAM(out, h, SortOptions{Threads: threads, Memory: int64(size / 4), TempDir: tmp})
	for _, r := range recs {
		if err := s.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.runs) < 3 {
		t.Fatalf("%d runs spilled, want several", len(s.runs))
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if runs, _ := filepath.Glob(filepath.Join(tmp, "*")); len(runs) != 0 {
		t.Errorf("sort runs left behind: %v", runs)
	}
	return out
}

// TestSortedBAM: the BAM holds the records stably sorted (compared with an
// insertion sort), reads back with biogo, and its BAI answers region
// queries (through biogo's reader) with exactly the records overlapping
// the region, as a scan finds them; samtools agrees when installed.
func TestSortedBAM(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	h := testHeader(t, 1_000_000, 40000)
	recs := randomRecords(t, rng, h, 4000)
	out := writeSorted(t, h, recs, 2)
	want := insertionSort(recs)
	data, baiData := readFiles(t, out, out+".bai")
	br, err := bam.NewReader(bytes.NewReader(data), 1)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for ; ; i++ {
		r, err := br.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(want) || r.String() != want[i].String() {
			t.Fatalf("record %d: got %v, want %v", i, r, want[min(i, len(want)-1)])
		}
	}
	if i != len(want) {
		t.Fatalf("%d records read, %d written", i, len(want))
	}
	idx, err := bam.ReadIndex(bytes.NewReader(baiData))
	if err != nil {
		t.Fatal(err)
	}
	for q := 0; q < 200; q++ {
		ref := h.Refs()[rng.IntN(2)]
		beg := rng.IntN(ref.Len())
		end := min(ref.Len(), beg+1+rng.IntN(50000))
		wantN := countOverlaps(want, ref, beg, end)
		chunks, err := idx.Chunks(ref, beg, end)
		if err != nil && wantN > 0 {
			t.Fatalf("%s:%d-%d: %v", ref.Name(), beg, end, err)
		}
		if got := countChunks(t, br, chunks, ref, beg, end); got != wantN {
			t.Fatalf("%s:%d-%d: %d records through the index, %d by scan", ref.Name(), beg, end, got, wantN)
		}
	}
	samtoolsRegions(t, out, want, h)
}

// countChunks counts the records in chunks that overlap [beg, end) of ref.
func countChunks(t *testing.T, br *bam.Reader, chunks []bgzf.Chunk, ref *sam.Reference, beg, end int) int {
	t.Helper()
	if len(chunks) == 0 {
		return 0
	}
	it, err := bam.NewIterator(br, chunks)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for it.Next() {
		r := it.Record()
		if r.Ref.ID() == ref.ID() && r.Pos < end && max(r.End(), r.Pos+1) > beg {
			n++
		}
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	return n
}

// countOverlaps counts records on ref overlapping [beg, end), an unmapped
// placed record covering its position alone.
func countOverlaps(recs []*sam.Record, ref *sam.Reference, beg, end int) int {
	n := 0
	for _, r := range recs {
		if r.Ref == ref && r.Pos < end && max(r.End(), r.Pos+1) > beg {
			n++
		}
	}
	return n
}

// samtoolsRegions checks the BAM with samtools quickcheck and counts
// region queries with samtools view when samtools is installed.
func samtoolsRegions(t *testing.T, out string, want []*sam.Record, h *sam.Header) {
	if _, err := exec.LookPath("samtools"); err != nil {
		t.Skip("samtools not installed")
	}
	if msg, err := exec.Command("samtools", "quickcheck", "-v", out).CombinedOutput(); err != nil {
		t.Fatalf("samtools quickcheck: %v %s", err, msg)
	}
	ref := h.Refs()[0]
	for _, region := range [][2]int{{16000, 17500}, {1, ref.Len()}, {500000, 500001}} {
		wantN := countOverlaps(want, ref, region[0]-1, region[1])
		got, err := exec.Command("samtools", "view", "-c", out, fmt.Sprintf("%s:%d-%d", ref.Name(), region[0], region[1])).Output()
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(string(got)) != fmt.Sprint(wantN) {
			t.Errorf("samtools view -c %v: %s, want %d", region, got, wantN)
		}
	}
}

// TestSortedBAMThreads: the BAM and BAI do not depend on the number of
// compressing threads.
func TestSortedBAMThreads(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	h := testHeader(t, 200000)
	recs := randomRecords(t, rng, h, 2000)
	var files [2]string
	for k, threads := range []int{1, 3} {
		out := writeSorted(t, h, recs, threads)
		b, bai := readFiles(t, out, out+".bai")
		files[k] = string(b) + string(bai)
	}
	if files[0] != files[1] {
		t.Error("output differs between 1 and 3 threads")
	}
}
