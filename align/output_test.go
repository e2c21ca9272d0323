package align

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
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
	for _, ext := range []string{"sam", "bam"} {
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

// TestSortedBAM: the BAM (sorted through several spilled runs) holds the
// same records as the SAM, in coordinate order with input order kept among
// equal keys, reads back with biogo, has a .bai, and passes samtools
// quickcheck and flagstat when samtools is installed.
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
	// Expected order: the SAM records stably sorted by key.
	want := append([]*sam.Record{}, samRecs...)
	sortStable(want)
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
		if tag(r, "RG") != "grp" {
			t.Fatalf("record %d: RG %q", i, tag(r, "RG"))
		}
	}
	if i != len(want) {
		t.Fatalf("%d BAM records, %d SAM records", i, len(want))
	}
	if _, err := os.Stat(out + ".bai"); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("samtools"); err != nil {
		t.Skip("samtools not installed")
	}
	if msg, err := exec.Command("samtools", "quickcheck", "-v", out).CombinedOutput(); err != nil {
		t.Fatalf("samtools quickcheck: %v %s", err, msg)
	}
	fs, err := exec.Command("samtools", "flagstat", out).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(fs), fmt.Sprintf("%d + 0 in total", len(want))) {
		t.Errorf("samtools flagstat: %s", fs)
	}
	if msg, err := exec.Command("samtools", "idxstats", out).CombinedOutput(); err != nil {
		t.Errorf("samtools idxstats: %v %s", err, msg)
	}
	// A region query through our .bai finds exactly the records that
	// overlap the region.
	for _, region := range [][3]any{{"ctg1", 16000, 17500}, {"ctg1", 1, 30000}, {"ctg2", 9000, 10000}} {
		wantN := 0
		for _, r := range want {
			if r.Ref != nil && r.Ref.Name() == region[0] && r.Pos < region[2].(int) && r.End() >= region[1].(int) {
				wantN++
			}
		}
		got, err := exec.Command("samtools", "view", "-c", out, fmt.Sprintf("%s:%d-%d", region[:]...)).Output()
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(string(got)) != fmt.Sprint(wantN) {
			t.Errorf("samtools view -c %v: %s, want %d", region, got, wantN)
		}
	}
}

// sortKey orders records by reference (unplaced last), position, strand.
func sortKey(a, b *sam.Record) int {
	ra, rb := a.RefID(), b.RefID()
	if ra < 0 {
		ra = int(^uint(0) >> 1)
	}
	if rb < 0 {
		rb = int(^uint(0) >> 1)
	}
	return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a.Pos, b.Pos),
		cmp.Compare(a.Flags&sam.Reverse, b.Flags&sam.Reverse))
}

// sortStable is the naive reference sort for TestSortedBAM: insertion by
// the coordinate key, stable.
func sortStable(recs []*sam.Record) {
	for i := 1; i < len(recs); i++ {
		for j := i; j > 0 && sortKey(recs[j-1], recs[j]) > 0; j-- {
			recs[j-1], recs[j] = recs[j], recs[j-1]
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

// TestAppendBAM: the record encoder writes what biogo's bam.Writer writes,
// and the BGZF writer's blocks decompress to what was written, with tell
// pointing at each record's start.
func TestAppendBAM(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	g := newTestGenome(t, rng, []int{20000}, 0)
	p1, p2 := simulatedPairs(t, g, rng, 400)
	opt := DefaultOptions()
	opt.ReadGroup = `@RG\tID:x`
	samPath := filepath.Join(t.TempDir(), "out.sam")
	if _, err := AlignFiles(g.ix, []string{p1, p2}, samPath, opt, io.Discard); err != nil {
		t.Fatal(err)
	}
	h, recs := readSAM(t, samPath)
	var ref bytes.Buffer
	bw, err := bam.NewWriter(&ref, h, 1)
	if err != nil {
		t.Fatal(err)
	}
	var enc []byte
	var starts []uint64
	var out bytes.Buffer
	z := newBGZFWriter(&out, -1, 3)
	for _, r := range recs {
		if err := bw.Write(r); err != nil {
			t.Fatal(err)
		}
		n := len(enc)
		if enc, err = appendBAM(enc, r); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, z.tell())
		z.write(enc[n:])
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	offsets, err := z.close()
	if err != nil {
		t.Fatal(err)
	}
	var hdr bytes.Buffer
	if err := h.EncodeBinary(&hdr); err != nil {
		t.Fatal(err)
	}
	want := inflate(t, ref.Bytes())
	if !bytes.Equal(want, append(hdr.Bytes(), enc...)) {
		t.Fatal("encoded records differ from bam.Writer's")
	}
	data := out.Bytes()
	if got := inflate(t, data); !bytes.Equal(got, enc) {
		t.Fatal("BGZF blocks do not decompress to the records")
	}
	for i, v := range starts {
		fv := blockOffsets(v, offsets)
		block := inflate(t, data[fv>>16:])
		var one []byte
		one, _ = appendBAM(one, recs[i])
		if !bytes.HasPrefix(block[fv&0xffff:], one) {
			t.Fatalf("record %d not at its virtual offset %x", i, fv)
		}
	}
}

// inflate decompresses concatenated gzip members.
func inflate(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
