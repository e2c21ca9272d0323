package workflow

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// testSnakemake runs workflow/Snakefile with Debian's snakemake on the demo
// data set, calling in windows that cut the genome into several regions, and
// checks that it gives the calls and answers of `vole run`: calls.vcf.gz
// with the same records and header apart from ##commandline, answers.txt as
// vole run prints them, and the same statistics and shared-variant files.
func (d *demoRun) testSnakemake(t *testing.T) {
	snakemake, err := exec.LookPath("snakemake")
	if err != nil {
		t.Skip("snakemake is not installed (Debian: apt-get install snakemake)")
	}
	dir := t.TempDir()
	vole := filepath.Join(dir, "vole")
	// The version of the binary is the run's, so that the ##source lines
	// agree.
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+d.cfg.Version, "-o", vole, "github.com/vole-bio/vole/cmd/vole")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	sheet := filepath.Join(dir, "samples.tsv")
	text := "name\tr1\tr2\n"
	for _, s := range d.cfg.Samples {
		text += s.Name + "\t" + strings.Join(s.Reads, "\t") + "\n"
	}
	writeFile(t, sheet, text)
	snakefile, err := filepath.Abs(filepath.Join("..", "..", "workflow", "Snakefile"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(snakemake, "-s", snakefile, "--cores", "2", "--quiet",
		"--config", "ref="+d.cfg.Ref, "samples="+sheet, "outdir="+out, "chunk=45000", "vole="+vole, "truth="+d.cfg.Truth)
	cmd.Dir = dir // snakemake keeps its state in .snakemake/ of the working folder
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("snakemake: %v\n%s", err, b)
	}
	regions, err := os.ReadFile(filepath.Join(out, "regions.txt"))
	if err != nil || strings.Count(string(regions), "\n") < 4 {
		t.Fatalf("regions.txt: %v\n%s", err, regions)
	}
	sameApartFromPaths(t, d.res.CallsPath, filepath.Join(out, CallsName))
	if _, err := os.Stat(filepath.Join(out, CallsName+".tbi")); err != nil {
		t.Errorf("no index beside the calls: %v", err)
	}
	got, err := os.ReadFile(filepath.Join(out, "answers.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := answers(t, d.res.Report) + fmt.Sprintf("report: %s\n", filepath.Join(out, ReportName))
	if string(got) != want {
		t.Errorf("workflow answers.txt\n%s\nvole run answers\n%s", got, want)
	}
	for _, name := range []string{StatsName, SharedName, SharedHomAltName, "cai" + flagstatSuffix, ReportName} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("workflow output missing: %v", err)
		}
	}
	for _, name := range []string{StatsName, SharedName, SharedHomAltName, "cai" + flagstatSuffix} {
		sameApartFromPaths(t, filepath.Join(d.cfg.OutDir, name), filepath.Join(out, name))
	}
}
