package align

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/internal/htsfile"
)

// simulatedPairs writes n read pairs with random errors to two FASTQ files.
func simulatedPairs(t testing.TB, g *testGenome, rng *rand.Rand, n int) (string, string) {
	var r1, r2 strings.Builder
	for i := 0; i < n; i++ {
		ctg := g.names[rng.IntN(len(g.names))]
		ref := g.seq[ctg]
		size := 250 + rng.IntN(100)
		s := rng.IntN(len(ref) - size)
		a := append([]byte{}, ref[s:s+100]...)
		b := revComp(ref[s+size-100 : s+size])
		for _, r := range [][]byte{a, b} {
			for e := rng.IntN(4); e > 0; e-- {
				r[rng.IntN(100)] = "ACGT"[rng.IntN(4)]
			}
		}
		r1.WriteString(fastqRecord(fmt.Sprintf("s%d/1", i), a))
		r2.WriteString(fastqRecord(fmt.Sprintf("s%d/2", i), b))
	}
	return writeFile(t, g.dir, "sim1.fq", r1.String()), writeFile(t, g.dir, "sim2.fq", r2.String())
}

// TestThreadsIdentical: 1 and 4 threads, with batches small enough that
// many are in flight, give byte-identical SAM and BAM files (and BAI).
func TestThreadsIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	g := newTestGenome(t, rng, []int{30000, 10000}, 500)
	p1, p2 := simulatedPairs(t, g, rng, 400)
	for _, ext := range []string{"sam", "sam.gz", "bam"} {
		var files [2][]byte
		for k, threads := range []int{1, 4} {
			opt := DefaultOptions()
			opt.Threads, opt.BatchSize, opt.CommandLine = threads, 7, "vole align"
			out := filepath.Join(t.TempDir(), "out."+ext)
			if _, err := AlignFiles(g.ix, []string{p1, p2}, out, opt, io.Discard); err != nil {
				t.Fatal(err)
			}
			var err error
			if files[k], err = os.ReadFile(out); err != nil {
				t.Fatal(err)
			}
			if ext == "bam" {
				bai, err := os.ReadFile(out + ".bai")
				if err != nil {
					t.Fatal(err)
				}
				files[k] = append(files[k], bai...)
			}
		}
		if !bytes.Equal(files[0], files[1]) {
			t.Errorf("%s output differs between -t 1 and -t 4", ext)
		}
	}
}

// TestSortedBAM: `-o x.bam` (sorted through several spilled runs) holds the
// records of the SAM output, each record once, in coordinate order, with
// the read group, a coordinate sort order and a .bai. The sorter itself is
// tested against a naive sort in internal/htsfile.
func TestSortedBAM(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	g := newTestGenome(t, rng, []int{30000, 10000}, 500)
	p1, p2 := simulatedPairs(t, g, rng, 300)
	opt := DefaultOptions()
	opt.SortMemory, opt.TempDir, opt.ReadGroup = 20000, t.TempDir(), `@RG\tID:grp\tSM:sample`
	_, samRecs := alignToSAM(t, g, []string{p1, p2}, opt)
	out := filepath.Join(t.TempDir(), "out.bam")
	if _, err := AlignFiles(g.ix, []string{p1, p2}, out, opt, io.Discard); err != nil {
		t.Fatal(err)
	}
	if runs, _ := filepath.Glob(filepath.Join(opt.TempDir, "*")); len(runs) != 0 {
		t.Errorf("sort runs left behind: %v", runs)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br, err := bam.NewReader(f, 1)
	if err != nil {
		t.Fatal(err)
	}
	if so := br.Header().SortOrder; so != sam.Coordinate {
		t.Errorf("sort order %v", so)
	}
	if rgs := br.Header().RGs(); len(rgs) != 1 || rgs[0].Name() != "grp" {
		t.Errorf("read groups %v", rgs)
	}
	want := map[string]int{}
	for _, r := range samRecs {
		want[r.String()]++
	}
	var prev *sam.Record
	for i := 0; ; i++ {
		r, err := br.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if want[r.String()]--; want[r.String()] < 0 {
			t.Fatalf("record %d not in the SAM output (or twice): %v", i, r)
		}
		if prev != nil && unplacedLast(prev.RefID()) > unplacedLast(r.RefID()) ||
			prev != nil && prev.RefID() == r.RefID() && prev.Pos > r.Pos {
			t.Fatalf("record %d out of order: %v after %v", i, r, prev)
		}
		if tag(r, "RG") != "grp" {
			t.Fatalf("record %d: RG %q", i, tag(r, "RG"))
		}
		prev = r
	}
	for r, n := range want {
		if n != 0 {
			t.Fatalf("SAM record missing from the BAM: %v", r)
		}
	}
	if _, err := os.Stat(out + ".bai"); err != nil {
		t.Fatal(err)
	}
}

// unplacedLast maps the unplaced reference ID -1 after every other.
func unplacedLast(id int) int {
	if id < 0 {
		return int(^uint(0) >> 1)
	}
	return id
}

// TestOutputFormats: .sam.gz is BGZF holding the SAM text -o x.sam writes;
// .cram and .txt are refused before any output is created.
func TestOutputFormats(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	g := newTestGenome(t, rng, []int{20000}, 0)
	p1, p2 := simulatedPairs(t, g, rng, 200)
	dir := t.TempDir()
	var files [2][]byte
	for k, name := range []string{"out.sam", "out.sam.gz"} {
		path := filepath.Join(dir, name)
		if _, err := AlignFiles(g.ix, []string{p1, p2}, path, DefaultOptions(), io.Discard); err != nil {
			t.Fatal(err)
		}
		var err error
		if files[k], err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	if !htsfile.IsBGZF(files[1]) {
		t.Error("out.sam.gz is not BGZF")
	}
	zr, err := gzip.NewReader(bytes.NewReader(files[1]))
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(text, files[0]) {
		t.Errorf("out.sam.gz does not decompress to out.sam (%v)", err)
	}
	for _, name := range []string{"out.cram", "out.txt"} {
		path := filepath.Join(dir, name)
		_, err := AlignFiles(g.ix, []string{p1, p2}, path, DefaultOptions(), io.Discard)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v", name, err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*"+name+"*")); len(left) > 0 {
			t.Errorf("%s: left %v", name, left)
		}
	}
}

// TestAppendSAM: the fast formatter writes what biogo's MarshalSAM writes.
func TestAppendSAM(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	g := newTestGenome(t, rng, []int{20000}, 0)
	p1, p2 := simulatedPairs(t, g, rng, 50)
	opt := DefaultOptions()
	opt.ReadGroup = `@RG\tID:x`
	_, recs := alignToSAM(t, g, []string{p1, p2}, opt)
	for _, r := range recs {
		want, err := r.MarshalSAM(0)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendSAM(nil, r); string(got) != string(want)+"\n" {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
	}
}
