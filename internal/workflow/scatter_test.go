package workflow

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/internal/report"
	"github.com/vole-bio/vole/pileup"
	"github.com/vole-bio/vole/pileup/vcf"
)

// demoRun is the demo data set after `vole run`: the BAMs and joint calls
// that the scatter tests cut up again.
type demoRun struct {
	cfg Config
	res *Result
}

// runDemo simulates the demo data set (seed 3, not the demo's default) and
// runs the pipeline on it.
func runDemo(t *testing.T) *demoRun {
	t.Helper()
	cfg, err := PrepareDemo(filepath.Join(t.TempDir(), "demo"), 3)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Threads = 2
	cfg.CommandLine = "vole run (test)"
	cfg.Version = "test"
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &demoRun{cfg: cfg, res: res}
}

// TestDemoScatter holds the workflow's promises on the demo data set: the
// regions of any size, called one by one and joined, give the whole call
// byte for byte, also when every boundary cuts through an indel; `vole
// report` gives `vole run`'s answers; and the Snakemake workflow (when
// snakemake is installed) gives `vole run`'s calls and answers.
func TestDemoScatter(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and runs the demo data set")
	}
	d := runDemo(t)
	t.Run("regions", d.testRegions)
	t.Run("indel boundaries", d.testIndelBoundaries)
	t.Run("report", d.testReport)
	t.Run("snakemake", d.testSnakemake)
}

// callOptions are the options of every call in these tests: the whole and
// its pieces carry one command line, so that the files can be compared
// byte for byte.
func callOptions(region string) pileup.CallOptions {
	opt := pileup.DefaultCallOptions()
	opt.Threads = 2
	opt.Region = region
	opt.CommandLine = "vole call (test)"
	return opt
}

// callWhole calls the demo's BAMs over the whole genome.
func (d *demoRun) callWhole(t *testing.T, dir string) []byte {
	whole := filepath.Join(dir, "whole.vcf.gz")
	if err := pileup.CallFiles(d.cfg.Ref, d.res.BAMs, whole, callOptions("")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// callJoined calls each region and joins the VCFs.
func (d *demoRun) callJoined(t *testing.T, dir string, regions []pileup.Region) []byte {
	var pieces []string
	for i, r := range regions {
		p := filepath.Join(dir, fmt.Sprintf("r%d.vcf.gz", i))
		if err := pileup.CallFiles(d.cfg.Ref, d.res.BAMs, p, callOptions(r.String())); err != nil {
			t.Fatal(err)
		}
		pieces = append(pieces, p)
	}
	joined := filepath.Join(dir, "joined.vcf.gz")
	if err := vcf.ConcatFiles(pieces, joined, vcf.ConcatOptions{CommandLine: "vole call (test)"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(joined)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testRegions: 1, 4 and 16 regions (by Regions' windows) give the whole.
func (d *demoRun) testRegions(t *testing.T) {
	dir := t.TempDir()
	whole := d.callWhole(t, dir)
	total := 0
	for _, c := range d.contigs(t) {
		total += c.Length
	}
	for _, n := range []int{1, 4, 16} {
		chunk := 0
		if n > 1 {
			chunk = (total + n - 1) / n
		}
		regions, err := Regions(d.cfg.Ref, chunk)
		if err != nil {
			t.Fatal(err)
		}
		// One window per contig end too: n windows, plus at most one per
		// contig boundary inside a window.
		if len(regions) < n || len(regions) > n+len(d.contigs(t)) {
			t.Fatalf("chunk %d: %d regions, want about %d", chunk, len(regions), n)
		}
		if got := d.callJoined(t, dir, regions); !bytes.Equal(got, whole) {
			t.Errorf("%d regions (chunk %d): joined VCF differs from the whole call", len(regions), chunk)
		}
	}
}

func (d *demoRun) contigs(t *testing.T) []index.Contig {
	ref, err := index.ReadFASTA(d.cfg.Ref)
	if err != nil {
		t.Fatal(err)
	}
	return ref.Contigs
}

// testIndelBoundaries cuts the genome at every base from just before to
// just after each called indel, so that each indel and its deleted or
// repeated bases lie across boundaries, and checks that the joined VCF is
// the whole.
func (d *demoRun) testIndelBoundaries(t *testing.T) {
	dir := t.TempDir()
	whole := d.callWhole(t, dir)
	r, err := vcf.Open(d.res.CallsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cuts := map[string]map[int]bool{}
	indels := 0
	for r.Next() {
		rec := r.Record()
		span := len(rec.Ref)
		for _, a := range rec.Alt {
			span = max(span, len(a))
		}
		if span == 1 {
			continue
		}
		indels++
		if cuts[rec.Chrom] == nil {
			cuts[rec.Chrom] = map[int]bool{}
		}
		// Pos is 1-based: a cut at c ends a region at base c (1-based)
		// and starts the next at c+1.
		for c := rec.Pos - 2; c <= rec.Pos+span; c++ {
			cuts[rec.Chrom][c] = true
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if indels < 10 {
		t.Fatalf("only %d indels called: the test does not test boundaries inside indels", indels)
	}
	var regions []pileup.Region
	for i, c := range d.contigs(t) {
		start := 0
		for end := 1; end <= c.Length; end++ {
			if cuts[c.Name][end] || end == c.Length {
				regions = append(regions, pileup.Region{Contig: i, Name: c.Name, Start: start, End: end})
				start = end
			}
		}
	}
	if got := d.callJoined(t, dir, regions); !bytes.Equal(got, whole) {
		t.Errorf("%d regions cut around %d indels: joined VCF differs from the whole call", len(regions), indels)
	}
}

// testReport: `vole report` on the run's BAMs and calls gives its answers
// and files; BAMs in the wrong order or number are refused.
func (d *demoRun) testReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report")
	res, err := Report(ReportConfig{Ref: d.cfg.Ref, Calls: d.res.CallsPath, BAMs: d.res.BAMs, OutDir: out, Truth: d.cfg.Truth})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := answers(t, res.Report), answers(t, d.res.Report); got != want {
		t.Errorf("vole report answers\n%s\nvole run answers\n%s", got, want)
	}
	if res.Report.Truth == nil || res.Report.Truth.Recall() < 0.9 {
		t.Errorf("truth score %+v", res.Report.Truth)
	}
	for _, name := range []string{StatsName, SharedName, SharedHomAltName, "ana" + flagstatSuffix} {
		sameApartFromPaths(t, filepath.Join(d.cfg.OutDir, name), filepath.Join(out, name))
	}
	swapped := []string{d.res.BAMs[1], d.res.BAMs[0], d.res.BAMs[2]}
	_, err = Report(ReportConfig{Ref: d.cfg.Ref, Calls: d.res.CallsPath, BAMs: swapped, OutDir: out})
	if err == nil || !strings.Contains(err.Error(), "holds sample ben") {
		t.Errorf("BAMs swapped: error %v", err)
	}
	_, err = Report(ReportConfig{Ref: d.cfg.Ref, Calls: d.res.CallsPath, BAMs: d.res.BAMs[:2], OutDir: out})
	if err == nil || !strings.Contains(err.Error(), "3 samples but 2 BAMs") {
		t.Errorf("a BAM missing: error %v", err)
	}
}

// answers is the text `vole run` prints.
func answers(t *testing.T, r *report.Report) string {
	var b strings.Builder
	if err := report.WriteText(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sameApartFromPaths compares two output files line by line, skipping the
// lines that name the command or the output folder.
func sameApartFromPaths(t *testing.T, a, b string) {
	t.Helper()
	la, lb := comparableLines(t, a), comparableLines(t, b)
	if la != lb {
		t.Errorf("%s and %s differ:\n%s\n---\n%s", a, b, la, lb)
	}
}

// comparableLines is the text of a plain or gzip file without its
// ##commandline line and the "# vole vcf stats PATH" line.
func comparableLines(t *testing.T, path string) string {
	t.Helper()
	f, err := fileio.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	text, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	var keep []string
	for _, l := range strings.Split(string(text), "\n") {
		if strings.HasPrefix(l, "##commandline=") || strings.HasPrefix(l, "# vole vcf stats ") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}
