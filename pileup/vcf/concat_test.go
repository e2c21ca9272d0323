package vcf

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/bgzf"

	"github.com/vole-bio/vole/internal/htsfile"
)

// concatHeader is a header as vole call writes it; %s is its command line.
const concatHeader = "##fileformat=VCFv4.2\n##source=vole\n##commandline=\"%s\"\n##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n" +
	"##contig=<ID=c1,length=100000>\n##contig=<ID=c2:1-5,length=100000>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\n"

// randomRecords returns n sorted records over c1 and c2:1-5, several at
// some positions, long enough together to fill several BGZF blocks.
func randomRecords(rng *rand.Rand, n int) []string {
	var recs []string
	contig, pos := "c1", 1
	for i := range n {
		if i == n/2 {
			contig, pos = "c2:1-5", 1
		}
		pos += rng.Intn(3)
		recs = append(recs, fmt.Sprintf("%s\t%d\t.\tA\tG,T\t%d.5\tPASS\tDP=%d\tGT:AD\t0/1:%d,%d,0\t1/2:0,%d,%d",
			contig, pos, rng.Intn(999), rng.Intn(99), rng.Intn(40), rng.Intn(40), rng.Intn(40), rng.Intn(40)))
	}
	return recs
}

// bgzfOneWrite is the truth for a .gz output: the whole text handed to
// biogo's BGZF writer in one write, as `vole call` writes its VCF.
func bgzfOneWrite(t *testing.T, text string) []byte {
	var b bytes.Buffer
	bw := bgzf.NewWriter(&b, 1)
	if _, err := bw.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// indexedWhole is the whole text as CreateOutput writes a .gz VCF: BGZF
// through htsfile.IndexedVCF, and its index.
func indexedWhole(t *testing.T, text string, longest int) (data, index []byte) {
	var b, ix bytes.Buffer
	iv := htsfile.NewIndexedVCF(&b, longest, 2)
	if _, err := iv.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := iv.Close(&ix); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), ix.Bytes()
}

// writePiece writes a piece as plain text or, for a .gz name, BGZF.
func writePiece(t *testing.T, path, text string) {
	data := []byte(text)
	if strings.HasSuffix(path, ".gz") {
		data = bgzfOneWrite(t, text)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestConcatIsTheWhole cuts a VCF into pieces at random record boundaries
// (empty pieces included, each with its own command line, plain or BGZF)
// and checks that joining them gives the whole file byte for byte: plain,
// and BGZF as one write of the whole text gives.
func TestConcatIsTheWhole(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	recs := randomRecords(rng, 6000)
	whole := fmt.Sprintf(concatHeader, "vole call whole") + strings.Join(recs, "\n") + "\n"
	if len(whole) < 3*bgzf.BlockSize {
		t.Fatalf("test VCF of %d bytes fills fewer than three BGZF blocks", len(whole))
	}
	for _, pieces := range []int{1, 4, 16, 50} {
		dir := t.TempDir()
		cuts := []int{0, len(recs)}
		for range pieces - 1 {
			cuts = append(cuts, rng.Intn(len(recs)+1))
		}
		sortInts(cuts)
		var paths []string
		for i := 0; i+1 < len(cuts); i++ {
			body := ""
			if cuts[i] < cuts[i+1] {
				body = strings.Join(recs[cuts[i]:cuts[i+1]], "\n") + "\n"
			}
			p := filepath.Join(dir, fmt.Sprintf("p%d.vcf", i))
			if i%2 == 1 {
				p += ".gz"
			}
			writePiece(t, p, fmt.Sprintf(concatHeader, fmt.Sprintf("vole call --region r%d", i))+body)
			paths = append(paths, p)
		}
		for _, out := range []string{"out.vcf", "out.vcf.gz"} {
			out = filepath.Join(dir, out)
			if err := ConcatFiles(paths, out, ConcatOptions{CommandLine: "vole call whole"}); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(out)
			want := []byte(whole)
			if strings.HasSuffix(out, ".gz") {
				var wantIndex []byte
				want, wantIndex = indexedWhole(t, whole, 100000)
				if gotIndex, _ := os.ReadFile(out + ".tbi"); !bytes.Equal(gotIndex, wantIndex) {
					t.Errorf("%d pieces: %s.tbi differs from the whole VCF's index", pieces, filepath.Base(out))
				}
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%d pieces: %s differs from the whole VCF (%d bytes, want %d)", pieces, filepath.Base(out), len(got), len(want))
			}
		}
	}
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// TestConcatCommandLine: the inputs' ##commandline lines give way to the
// concat's, where the first file had its own, else before #CHROM; none is
// written without one.
func TestConcatCommandLine(t *testing.T) {
	dir := t.TempDir()
	noCmd := "##fileformat=VCFv4.2\n##source=x\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
	cases := []struct{ in, cmd, want string }{
		{fmt.Sprintf(concatHeader, "a"), "b \"q\"", fmt.Sprintf(concatHeader, "b 'q'")},
		{fmt.Sprintf(concatHeader, "a"), "", strings.Replace(fmt.Sprintf(concatHeader, "a"), "##commandline=\"a\"\n", "", 1)},
		{noCmd, "b", strings.Replace(noCmd, "#CHROM", "##commandline=\"b\"\n#CHROM", 1)},
	}
	for i, c := range cases {
		in := filepath.Join(dir, fmt.Sprintf("in%d.vcf", i))
		writePiece(t, in, c.in)
		var out bytes.Buffer
		if err := ConcatFiles([]string{in, in}, "-", ConcatOptions{CommandLine: c.cmd, Stdout: &out}); err != nil {
			t.Fatal(err)
		}
		if out.String() != c.want {
			t.Errorf("case %d: got\n%s\nwant\n%s", i, out.String(), c.want)
		}
	}
}

// TestConcatErrors: each bad input is one error naming the file, and no
// output file is left.
func TestConcatErrors(t *testing.T) {
	h := fmt.Sprintf(concatHeader, "x")
	rec := func(contig string, pos int) string {
		return fmt.Sprintf("%s\t%d\t.\tA\tG\t50\tPASS\t.\tGT:AD\t0/1:1,1\t0/1:1,1\n", contig, pos)
	}
	cases := []struct {
		name   string
		pieces []string
		want   string
	}{
		{"overlap", []string{h + rec("c1", 10) + rec("c1", 20), h + rec("c1", 15)}, "p1.vcf:8: c1:15 comes after a record at a later place"},
		{"contig order", []string{h + rec("c2:1-5", 10), h + rec("c1", 15)}, "p1.vcf:8: c1:15 comes after"},
		{"unsorted within", []string{h + rec("c1", 20) + rec("c1", 10)}, "p0.vcf:9: c1:10 comes after"},
		{"undeclared contig back", []string{h + rec("x", 1) + rec("c1", 1)}, "c1:1 comes after"},
		{"other samples", []string{h, strings.Replace(h, "\tb\n", "\tc\n", 1)}, "p1.vcf: header differs"},
		{"other header", []string{h, strings.Replace(h, "##source=vole\n", "", 1)}, "p1.vcf: header differs"},
		{"no #CHROM", []string{h, "##fileformat=VCFv4.2\n"}, "p1.vcf:1: no #CHROM header line"},
		{"junk before #CHROM", []string{"##a\nc1\t1\n"}, "p0.vcf:2: expected a ## meta line"},
		{"bad POS", []string{h + "c1\tx\t.\n"}, "p0.vcf:8: not a VCF record"},
		{"no tab", []string{h + "c1\n"}, "p0.vcf:8: not a VCF record"},
		{"missing", []string{h, ""}, "p1.vcf: no such file"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		var paths []string
		for i, p := range c.pieces {
			path := filepath.Join(dir, fmt.Sprintf("p%d.vcf", i))
			if p != "" {
				writePiece(t, path, p)
			}
			paths = append(paths, path)
		}
		out := filepath.Join(dir, "out.vcf.gz")
		err := ConcatFiles(paths, out, ConcatOptions{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if _, serr := os.Stat(out); serr == nil {
			t.Errorf("%s: output left behind after an error", c.name)
		}
	}
	if err := ConcatFiles(nil, "-", ConcatOptions{Stdout: &bytes.Buffer{}}); err == nil {
		t.Error("no inputs: no error")
	}
}

// FuzzConcat joins a fuzzed file to itself cut in two: whatever the input,
// no panic, and on success the records out are the input's non-blank data
// lines in order.
func FuzzConcat(f *testing.F) {
	f.Add([]byte(fmt.Sprintf(concatHeader, "x") + "c1\t1\t.\tA\tG\t1\t.\t.\tGT\t0/1\t1/1\nc1\t5\t.\n\nc2:1-5\t3\n"))
	f.Add([]byte("##a\n#CHROM\nz\t0\nz\t00\n"))
	f.Add([]byte("#CHROM\r\nq\t-1\n"))
	f.Add([]byte("#CHROM\n\r")) // a lone CR at the end: a blank last line
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		in := filepath.Join(dir, "in.vcf")
		if err := os.WriteFile(in, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := ConcatFiles([]string{in}, "-", ConcatOptions{Stdout: &out}); err != nil {
			return
		}
		var want []string
		for _, l := range strings.Split(string(data), "\n") {
			// One CR before the line's end (LF or the end of the file) is
			// part of the line ending, as in bufio.ScanLines.
			l = strings.TrimSuffix(l, "\r")
			if l != "" && !strings.HasPrefix(l, "#") {
				want = append(want, l)
			}
		}
		var got []string
		for _, l := range strings.Split(out.String(), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				got = append(got, l)
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("records out %q, want %q", got, want)
		}
	})
}
