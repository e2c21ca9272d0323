package report

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"

	"github.com/vole-bio/vole/internal/binom"
)

func TestGenomeCoord(t *testing.T) {
	for _, c := range []struct {
		contig string
		pos    int
		chrom  string
		gpos   int
		ok     bool
	}{
		{"chr11:5868417-7868417", 1, "chr11", 5868417, true},
		{"chr11:5868417-7868417", 1000, "chr11", 5869416, true},
		{"HLA:a:10-20", 2, "HLA:a", 11, true},
		{"chr11", 5, "", 0, false},
		{"chr1:20-10", 5, "", 0, false},
		{"chr1:10-20", 12, "", 0, false}, // beyond the region
		{"chr1:10-20", 0, "", 0, false},
	} {
		chrom, g, ok := GenomeCoord(c.contig, c.pos)
		if chrom != c.chrom || g != c.gpos || ok != c.ok {
			t.Errorf("GenomeCoord(%q, %d) = %q, %d, %v", c.contig, c.pos, chrom, g, ok)
		}
	}
}

func sampleReport() *Report {
	rows, _ := binom.Table(10, 60, 0.05)
	return &Report{
		Title:     "vole run <test>",
		Reference: "ref.fa",
		Contigs:   []Contig{{Name: "chr11:5868417-7868417", Length: 400}},
		Samples: []Sample{
			{Name: "ana", Reads: 1000, Mapped: 990, ProperlyPaired: 980, SNPs: 7, Indels: 2, Het: 5, HomAlt: 4},
			{Name: "ben", Reads: 800, Mapped: 760, ProperlyPaired: 700, SNPs: 6, Indels: 1, Het: 4, HomAlt: 3},
		},
		SharedAll: 3,
		SharedHomAlt: []Variant{
			{Contig: "chr11:5868417-7868417", Pos: 1000, Ref: "A", Alt: "G", Qual: 99.5, Genotypes: []string{"1/1", "1/1"}},
		},
		Coverage: []Track{
			{Sample: "ana", Contig: "chr11:5868417-7868417", BinSize: 100, Depth: []float64{10, 12, 9, 11}},
			{Sample: "ben", Contig: "chr11:5868417-7868417", BinSize: 100, Depth: []float64{8, 7, 9, 10}},
		},
		AlleleBalance: [][]float64{{0.45, 0.5, 0.55}, {0.4, 0.6}},
		Binom:         rows,
		BinomAlpha:    0.05,
		Truth:         &TruthScore{PlantedSNPs: 8, PlantedIndels: 2, FoundSNPs: 7, FoundIndels: 2, FalseCalls: 1, GenotypeMatches: 8},
		Commands:      []string{"vole run --ref ref.fa --sample ana=a_R1.fq.gz -o out"},
		Files:         []File{{Path: "ana.bam", What: "alignments of ana"}},
	}
}

func TestWriteSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		"<title>vole run &lt;test&gt;</title>", // escaped
		"chr11:5869416",                        // 5868417 + 1000 - 1
		">990<", ">99.00<",                     // mapped and its percentage
		">10.5<", ">8.5<", // mean depths: 4200/400, 3400/400
		"Variants shared by all 2 samples: <b>3</b>",
		"homozygous-alternate in every sample: <b>1</b>",
		"recall <b>90.0%</b>",
		"vole run --ref ref.fa",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// One coverage chart, two allele-balance charts, one binomial chart.
	if n := strings.Count(html, "<svg"); n != 4 {
		t.Errorf("%d inline SVG charts, want 4", n)
	}
	if strings.Contains(html, "<?xml") || strings.Contains(strings.ToLower(html), "<script") {
		t.Error("report holds an XML declaration or a script")
	}
	if m := regexp.MustCompile(`(?i)(src|href|url)\s*[=(]\s*["']?\s*(https?:|//)`).FindString(html); m != "" {
		t.Errorf("report references the network: %q", m)
	}
}

// TestCoverageFromBAM checks bin depths against a hand count: bins of 10 on
// a 100-bp reference; read 1 is 20M at 5 (5 bases in bin 0, 10 in bin 1, 5
// in bin 2), read 2 is 5M3D5M at 0 (5+2 bases in bin 0, 3 in bin 1), read 3
// is a duplicate and does not count.
func TestCoverageFromBAM(t *testing.T) {
	ref, err := sam.NewReference("c1", "", "", 100, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := sam.NewHeader(nil, []*sam.Reference{ref})
	if err != nil {
		t.Fatal(err)
	}
	h.SortOrder = sam.Coordinate
	mk := func(name string, pos int, cigar string, flags sam.Flags) *sam.Record {
		c, err := sam.ParseCigar([]byte(cigar))
		if err != nil {
			t.Fatal(err)
		}
		n, _ := c.Lengths()
		r, err := sam.NewRecord(name, ref, nil, pos, -1, 0, 60, c, bytes.Repeat([]byte("A"), n), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		r.Flags = flags
		return r
	}
	path := filepath.Join(t.TempDir(), "x.bam")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := bam.NewWriter(f, h, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*sam.Record{
		mk("r2", 0, "5M3D5M", 0),
		mk("r1", 5, "20M", 0),
		mk("r3", 5, "20M", sam.Duplicate),
	} {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	f.Close()
	tracks, err := CoverageFromBAM(path, "s", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1.2, 1.3, 0.5, 0, 0, 0, 0, 0, 0, 0}
	if len(tracks) != 1 || tracks[0].BinSize != 10 || len(tracks[0].Depth) != len(want) {
		t.Fatalf("tracks %+v", tracks)
	}
	for i, d := range tracks[0].Depth {
		if math.Abs(d-want[i]) > 1e-9 {
			t.Errorf("bin %d depth %v, want %v", i, d, want[i])
		}
	}
	if _, err := CoverageFromBAM(filepath.Join(t.TempDir(), "none.bam"), "s", 10); err == nil {
		t.Error("missing BAM accepted")
	}
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"variants shared by all 2 samples: 3\n",
		"shared and homozygous-alternate in all: 1\n",
		"  chr11:5868417-7868417:1000 A>G (genome chr11:5869416)\n",
		"planted: 8 SNPs, 2 indels; found: 7 SNPs, 2 indels, recall 90.0%, false calls 1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`(?m)^ +ana +1000 +990 +99\.00 +980 +10\.5 +7 +2 +5 +4 *$`).MatchString(out) {
		t.Errorf("sample row missing:\n%s", out)
	}
}

// FuzzGenomeCoord checks that GenomeCoord never panics and that an accepted
// name really is chrom:start-end with position 1 at start.
func FuzzGenomeCoord(f *testing.F) {
	for _, s := range []string{"chr11:5868417-7868417", "chr1", "a:1-1", "x:-5-3", "x:99999999999999999999-1", "::1-2"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, contig string, pos int) {
		chrom, g, ok := GenomeCoord(contig, pos)
		if !ok {
			return
		}
		m := regionName.FindStringSubmatch(contig)
		start, _ := strconv.Atoi(m[2])
		end, _ := strconv.Atoi(m[3])
		if m[1] != chrom || g != start+pos-1 || g > end || pos < 1 {
			t.Errorf("GenomeCoord(%q, %d) = %q, %d", contig, pos, chrom, g)
		}
	})
}

// BenchmarkWrite measures rendering a report with its charts.
func BenchmarkWrite(b *testing.B) {
	r := sampleReport()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMeanDepth weighs the short last bin by its length: a 250-bp contig
// in bins of 100 has bins of 100, 100 and 50 bases.
func TestMeanDepth(t *testing.T) {
	r := &Report{
		Contigs:  []Contig{{Name: "a", Length: 250}, {Name: "b", Length: 750}},
		Coverage: []Track{{Sample: "s", Contig: "a", BinSize: 100, Depth: []float64{10, 20, 40}}},
	}
	// (10*100 + 20*100 + 40*50) / (250 + 750) = 5000/1000.
	if got := r.MeanDepth("s"); got != 5 {
		t.Errorf("MeanDepth = %v, want 5", got)
	}
	if got := r.MeanDepth("other"); got != 0 {
		t.Errorf("MeanDepth of a sample without tracks = %v", got)
	}
}

func TestLongestContigs(t *testing.T) {
	c := []Contig{{"a", 5}, {"b", 9}, {"c", 5}, {"d", 7}}
	got := longestContigs(c, 3)
	if len(got) != 3 || got[0].Name != "b" || got[1].Name != "d" || got[2].Name != "a" {
		t.Errorf("longestContigs = %v, want b d a", got)
	}
	if c[0].Name != "a" {
		t.Error("longestContigs reordered its input")
	}
	if got := longestContigs(c, 10); len(got) != 4 {
		t.Errorf("longestContigs(c, 10) has %d contigs", len(got))
	}
}
