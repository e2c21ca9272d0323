package htsfile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/bgzf"
	"github.com/biogo/hts/tabix"
)

// vcfLine is one test record and its interval.
type vcfLine struct {
	chrom    string
	beg, end int
	text     string
}

// randomVCF makes a sorted VCF over the contigs: SNPs, deletions (long
// REF) and symbolic records with END=, several sharing positions.
func randomVCF(rng *rand.Rand, contigs []string, lengths []int, n int) (string, []vcfLine) {
	var b strings.Builder
	b.WriteString("##fileformat=VCFv4.2\n")
	b.WriteString("##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n")
	b.WriteString("##INFO=<ID=END,Number=1,Type=Integer,Description=\"End\">\n")
	b.WriteString("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n")
	for i, c := range contigs {
		fmt.Fprintf(&b, "##contig=<ID=%s,length=%d>\n", c, lengths[i])
	}
	b.WriteString("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\n")
	var lines []vcfLine
	for i, c := range contigs {
		pos := 0
		for k := 0; k < n/len(contigs); k++ {
			pos += rng.IntN(lengths[i] / (n / len(contigs)) * 2 / 3)
			pos = min(pos, lengths[i]-1000)
			ref, info := "A", "DP=10"
			switch rng.IntN(5) {
			case 0:
				ref = strings.Repeat("C", 2+rng.IntN(30))
			case 1:
				info = fmt.Sprintf("DP=3;END=%d", pos+1+rng.IntN(800))
			}
			text := fmt.Sprintf("%s\t%d\t.\t%s\tG\t50\tPASS\t%s\tGT\t0/1\n", c, pos+1, ref, info)
			end := pos + len(ref)
			if e := infoEnd([]byte(info)); e > end {
				end = e
			}
			lines = append(lines, vcfLine{c, pos, end, text})
			b.WriteString(text)
		}
	}
	return b.String(), lines
}

// writeVCF writes text through an IndexedVCF in pieces of random sizes and
// returns the paths of the VCF and its index.
func writeVCF(t *testing.T, rng *rand.Rand, text string, longest int) (string, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "calls.vcf.gz")
	var data, index bytes.Buffer
	v := NewIndexedVCF(&data, longest, 2)
	for p := text; len(p) > 0; {
		n := min(len(p), 1+rng.IntN(300))
		if _, err := v.Write([]byte(p[:n])); err != nil {
			t.Fatal(err)
		}
		p = p[n:]
	}
	if err := v.Close(&index); err != nil {
		t.Fatal(err)
	}
	ipath := path + VCFIndexExt(longest)
	for _, f := range []struct {
		name string
		b    []byte
	}{{path, data.Bytes()}, {ipath, index.Bytes()}} {
		if err := os.WriteFile(f.name, f.b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return path, ipath
}

// TestIndexedVCF: the bgzipped VCF decompresses to the text written, and
// its TBI, read by biogo's tabix reader, gives for random regions every
// record overlapping the region (brute force over the records); tabix and
// bcftools agree when installed.
func TestIndexedVCF(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	contigs := []string{"chr1", "chr11:5868417-7868417", "chrM"}
	lengths := []int{3_000_000, 2_000_000, 16569}
	text, lines := randomVCF(rng, contigs, lengths, 6000)
	path, ipath := writeVCF(t, rng, text, 3_000_000)
	data, index := readFiles(t, path, ipath)
	if got := inflate(t, data); string(got) != text {
		t.Fatal("the bgzipped VCF does not decompress to the text written")
	}
	zr, err := bgzf.NewReader(bytes.NewReader(index), 1)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := tabix.ReadFrom(zr)
	if err != nil {
		t.Fatal(err)
	}
	if got := idx.Names(); strings.Join(got, ",") != strings.Join(contigs, ",") {
		t.Fatalf("contigs %v, want %v", got, contigs)
	}
	for q := 0; q < 300; q++ {
		c := rng.IntN(len(contigs))
		beg := rng.IntN(lengths[c])
		end := min(lengths[c], beg+1+rng.IntN(100000))
		want := overlapping(lines, contigs[c], beg, end)
		chunks, err := idx.Chunks(contigs[c], beg, end)
		if err != nil && want != "" {
			t.Fatalf("%s:%d-%d: %v", contigs[c], beg, end, err)
		}
		got := vcfThroughIndex(t, data, chunks, contigs[c], beg, end)
		if got != want {
			t.Fatalf("%s:%d-%d: %q through the index, want %q", contigs[c], beg, end, got, want)
		}
	}
	htslibQueries(t, rng, path, lines, contigs, lengths)
}

// overlapping joins the lines on chrom overlapping [beg, end).
func overlapping(lines []vcfLine, chrom string, beg, end int) string {
	var b strings.Builder
	for _, l := range lines {
		if l.chrom == chrom && l.beg < end && l.end > beg {
			b.WriteString(l.text)
		}
	}
	return b.String()
}

// vcfThroughIndex reads the text the chunks span (each block decompressed
// on its own, so a virtual offset maps to a place in the text) and keeps
// the lines overlapping [beg, end) of chrom.
func vcfThroughIndex(t *testing.T, data []byte, chunks []bgzf.Chunk, chrom string, beg, end int) string {
	t.Helper()
	blocks := splitBlocks(t, data)
	starts := map[int64]int{}
	var text []byte
	for off := int64(0); off < int64(len(data)); {
		starts[off] = len(text)
		text = append(text, blocks[off]...)
		off += int64(binary.LittleEndian.Uint16(data[off+16:])) + 1
	}
	at := func(o bgzf.Offset) int { return starts[o.File] + int(o.Block) }
	seen := map[int]bool{}
	var b strings.Builder
	for _, c := range chunks {
		for p := at(c.Begin); p < at(c.End); {
			n := bytes.IndexByte(text[p:], '\n') + 1
			chr, lb, le, err := vcfInterval(text[p : p+n])
			if err != nil {
				t.Fatal(err)
			}
			if string(chr) == chrom && lb < end && le > beg && !seen[p] {
				seen[p] = true
				b.Write(text[p : p+n])
			}
			p += n
		}
	}
	return b.String()
}

// htslibQueries lists the contigs with tabix -l and compares region
// queries by tabix and bcftools view -R with brute force, when installed.
// The contig whose name holds ':' and '-' is queried in braces.
func htslibQueries(t *testing.T, rng *rand.Rand, path string, lines []vcfLine, contigs []string, lengths []int) {
	if _, err := exec.LookPath("tabix"); err != nil {
		t.Skip("tabix not installed")
	}
	out, err := exec.Command("tabix", "-l", path).CombinedOutput()
	if err != nil || strings.Join(strings.Fields(string(out)), ",") != strings.Join(contigs, ",") {
		t.Fatalf("tabix -l: %v %q", err, out)
	}
	_, bcferr := exec.LookPath("bcftools")
	for q := 0; q < 20; q++ {
		c := rng.IntN(len(contigs))
		beg := rng.IntN(lengths[c])
		end := min(lengths[c], beg+1+rng.IntN(50000))
		region := fmt.Sprintf("{%s}:%d-%d", contigs[c], beg+1, end)
		want := overlapping(lines, contigs[c], beg, end)
		got, err := exec.Command("tabix", path, region).CombinedOutput()
		if err != nil || string(got) != want {
			t.Fatalf("tabix %s: %v\n%s\nwant\n%s", region, err, got, want)
		}
		if bcferr != nil {
			continue
		}
		// bcftools -r does not take braces: a regions file holds any name.
		regions := filepath.Join(t.TempDir(), "regions.tsv")
		if err := os.WriteFile(regions, []byte(fmt.Sprintf("%s\t%d\t%d\n", contigs[c], beg+1, end)), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err = exec.Command("bcftools", "view", "-H", "-R", regions, path).Output()
		if err != nil || string(got) != want {
			t.Fatalf("bcftools view -R %s: %v\n%s\nwant\n%s", region, err, got, want)
		}
	}
}

// TestIndexedVCFCSI: a contig of 2^29 bases or more gets a CSI whose
// auxiliary data is the tabix header; tabix answers queries past 2^29
// through it when installed.
func TestIndexedVCFCSI(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	contigs, lengths := []string{"long"}, []int{700_000_000}
	text, lines := randomVCF(rng, contigs, lengths, 3000)
	path, ipath := writeVCF(t, rng, text, lengths[0])
	if !strings.HasSuffix(ipath, ".csi") {
		t.Fatalf("index %s, want a .csi", ipath)
	}
	if _, err := exec.LookPath("tabix"); err != nil {
		t.Skip("tabix not installed")
	}
	for _, r := range [][2]int{{MaxBAILength - 2_000_000, MaxBAILength + 2_000_000}, {650_000_000, 699_000_000}} {
		want := overlapping(lines, "long", r[0], r[1])
		got, err := exec.Command("tabix", path, fmt.Sprintf("long:%d-%d", r[0]+1, r[1])).CombinedOutput()
		if err != nil || string(got) != want {
			t.Fatalf("tabix long:%d-%d: %v\n%.500s\nwant\n%.500s", r[0]+1, r[1], err, got, want)
		}
	}
}

// TestIndexedVCFUnsorted: records out of order are an error naming the
// line, as tabix would refuse them.
func TestIndexedVCFUnsorted(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"#h\nc1\t10\t.\tA\tG\nc1\t9\t.\tA\tG\n", "line 3: position 9 after 10"},
		{"#h\nc1\t10\t.\tA\tG\nc2\t9\t.\tA\tG\nc1\t20\t.\tA\tG\n", "line 4: contig c1 again after c2"},
		{"#h\nc1\tx\t.\tA\tG\n", "line 2: bad POS"},
		{"c1\t5\n", "line 1: 2 columns"},
	} {
		v := NewIndexedVCF(io.Discard, 1000, 1)
		_, err := v.Write([]byte(c.text))
		if cerr := v.Close(io.Discard); err == nil {
			err = cerr
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.text, err, c.want)
		}
	}
}

// FuzzIndexedVCF: any text gives an error or a bgzipped copy of itself with
// an index, never a panic.
func FuzzIndexedVCF(f *testing.F) {
	f.Add("#h\nc1\t10\t.\tAC\tG\t.\t.\tEND=30\nc1\t12\t.\tA\tG\n")
	f.Add("c1\t1\t.\tA\n\nc2\t3")
	f.Fuzz(func(t *testing.T, text string) {
		var data bytes.Buffer
		v := NewIndexedVCF(&data, 1000, 1)
		_, err := v.Write([]byte(text))
		if cerr := v.Close(io.Discard); err == nil {
			err = cerr
		}
		if err == nil && string(inflate(t, data.Bytes())) != text {
			t.Fatal("the bgzipped VCF differs from the text")
		}
	})
}
