package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/vole-bio/vole/internal/sim"
)

// simulate writes a small three-sample data set (40 kb, 15x) into dir.
func simulate(t *testing.T, dir string) *sim.DataSet {
	t.Helper()
	cfg := sim.Config{
		Seed:           5,
		Contigs:        []sim.ContigSpec{{Name: "chrS:1001-41000", Length: 40000}},
		Samples:        []string{"ana", "ben", "cai"},
		ReadLength:     100,
		InsertMean:     300,
		InsertSD:       30,
		Coverage:       15,
		VariantSpacing: 1000,
	}
	ds, err := sim.Write(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func runArgs(ds *sim.DataSet, out string, extra ...string) []string {
	args := []string{"run", "--ref", ds.Ref, "-o", out}
	for _, r := range ds.Reads {
		args = append(args, "--sample", r.Name+"="+r.R1+","+r.R2)
	}
	return append(args, extra...)
}

// TestRunEndToEnd runs the pipeline on simulated data and checks that every
// variant planted homozygous-alternate in all samples is reported as such,
// with its genome coordinate; that a second run skips every step; and that
// one thread gives the same calls as two.
func TestRunEndToEnd(t *testing.T) {
	dir := t.TempDir()
	ds := simulate(t, dir)
	out := filepath.Join(dir, "out")
	stdout, stderr, code := runVole(t, runArgs(ds, out, "-t", "2", "-q")...)
	if code != 0 {
		t.Fatalf("vole run: exit %d: %s", code, stderr)
	}
	planted := 0
	for _, v := range ds.Variants {
		if !homAltInAll(v, len(ds.Samples)) {
			continue
		}
		planted++
		// chrS:1001-41000 position p is chrS:1000+p on the chromosome.
		want := fmt.Sprintf("  chrS:1001-41000:%d %s>%s (genome chrS:%d)\n", v.Pos+1, v.Ref, v.Alt, 1000+v.Pos+1)
		if !strings.Contains(stdout, want) {
			t.Errorf("planted shared hom-alt variant %q not reported:\n%s", want, stdout)
		}
	}
	if planted == 0 {
		t.Fatal("the simulation planted no variant homozygous in all samples")
	}
	for _, f := range []string{"ana.bam", "ana.bam.bai", "calls.vcf.gz", "shared_homalt.vcf", "report.html", "ana.flagstat.txt"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing output: %v", err)
		}
	}
	checkReadGroup(t, filepath.Join(out, "ana.bam"), "@RG\tID:ana\tPL:ILLUMINA\tSM:ana\n")
	html, _ := os.ReadFile(filepath.Join(out, "report.html"))
	if regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:|//)`).Match(html) {
		t.Error("report.html references the network")
	}
	if !regexp.MustCompile(`(?m)^ +ana +6000 +`).MatchString(stdout) {
		t.Errorf("ana should have 6000 reads (3000 pairs):\n%s", stdout)
	}

	checkAgainstBcftools(t, filepath.Join(out, "calls.vcf.gz"), stdout)

	stdout2, stderr2, code := runVole(t, runArgs(ds, out, "-t", "2")...)
	if code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr2)
	}
	for _, step := range []string{"align ana", "align ben", "align cai", "call"} {
		if !strings.Contains(stderr2, step+": up to date, skipped") {
			t.Errorf("second run did not skip %q:\n%s", step, stderr2)
		}
	}
	if stdout2 != stdout {
		t.Errorf("second run answers differ:\n%s\nvs\n%s", stdout2, stdout)
	}

	// A failed rerun (ana's mates now out of sync) must not leave the old
	// report or ana's old alignments standing as if they were current.
	short := filepath.Join(dir, "short_R2.fq")
	writeFirstReads(t, ds.Reads[0].R2, short, 2999)
	bad := runArgs(ds, out, "-q")
	for i, a := range bad {
		if a == ds.Reads[0].Name+"="+ds.Reads[0].R1+","+ds.Reads[0].R2 {
			bad[i] = ds.Reads[0].Name + "=" + ds.Reads[0].R1 + "," + short
		}
	}
	if _, _, code := runVole(t, bad...); code == 0 {
		t.Fatal("rerun with out-of-sync mates succeeded")
	}
	for _, f := range []string{"report.html", "ana.bam", "ana.bam.bai"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("failed rerun left the old %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "ben.bam")); err != nil {
		t.Errorf("failed rerun removed ben's current alignments: %v", err)
	}

	out1 := filepath.Join(dir, "out1")
	if _, stderr, code := runVole(t, runArgs(ds, out1, "-t", "1", "-q")...); code != 0 {
		t.Fatalf("one-thread run: %s", stderr)
	}
	if a, b := vcfBody(t, filepath.Join(out, "calls.vcf.gz")), vcfBody(t, filepath.Join(out1, "calls.vcf.gz")); a != b {
		t.Error("calls differ between 1 and 2 threads")
	}
}

func homAltInAll(v sim.Variant, samples int) bool {
	for s := range samples {
		if v.AltCopies(s) != 2 {
			return false
		}
	}
	return true
}

// gunzipFile returns the decompressed content of the gzip file path.
func gunzipFile(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// vcfBody is the decompressed VCF without its ## header lines.
func vcfBody(t *testing.T, path string) string {
	t.Helper()
	b := gunzipFile(t, path)
	var keep []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "##") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestRunBadInput checks that each bad input gives one error line naming
// the problem, a non-zero exit, and leaves no result that looks complete.
func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	ds := simulate(t, dir)
	r := ds.Reads[0]
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"sample twice", []string{"--sample", "ana=" + r.R1 + "," + r.R2, "--sample", "ana=" + ds.Reads[1].R1}, `sample "ana" is given twice`},
		{"missing FASTQ", []string{"--sample", "ana=" + r.R1 + "," + filepath.Join(dir, "nope.fq.gz")}, "nope.fq.gz"},
		{"bad name", []string{"--sample", "a/b=" + r.R1}, `name "a/b"`},
	}
	for _, c := range cases {
		out := filepath.Join(dir, "out-"+strings.ReplaceAll(c.name, " ", "-"))
		args := append([]string{"run", "--ref", ds.Ref, "-o", out, "-q"}, c.args...)
		_, stderr, code := runVole(t, args...)
		if code == 0 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q, want one line with %q", c.name, code, stderr, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: output folder created", c.name)
		}
	}

	foreign := filepath.Join(dir, "foreign")
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "thesis.tex"), []byte("mine"), 0o644)
	_, stderr, code := runVole(t, runArgs(ds, foreign, "-q")...)
	if code == 0 || !strings.Contains(stderr, "thesis.tex") {
		t.Errorf("foreign folder: exit %d, stderr %q", code, stderr)
	}
	if ents, _ := os.ReadDir(foreign); len(ents) != 1 {
		t.Errorf("foreign folder now holds %d entries, want only thesis.tex", len(ents))
	}

	// R2 with its last read missing: the aligner must notice.
	short := filepath.Join(dir, "short_R2.fq")
	writeFirstReads(t, r.R2, short, 2999)
	out := filepath.Join(dir, "out-sync")
	_, stderr, code = runVole(t, "run", "--ref", ds.Ref, "-o", out, "-q", "--sample", "ana="+r.R1+","+short)
	if code == 0 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "short_R2.fq") {
		t.Errorf("R1/R2 out of sync: exit %d, stderr %q", code, stderr)
	}
	for _, f := range []string{"ana.bam", "ana.bam.bai", "report.html", "calls.vcf.gz"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("R1/R2 out of sync left %s", f)
		}
	}
}

// writeFirstReads copies the first n FASTQ records of the gzip file src to
// the plain file dst.
func writeFirstReads(t *testing.T, src, dst string, n int) {
	t.Helper()
	b := gunzipFile(t, src)
	lines := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(dst, []byte(strings.Join(lines[:4*n], "")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkAgainstBcftools recounts the answers with bcftools, when installed:
// the shared and shared hom-alt counts with bcftools view, and each
// sample's SNP and indel counts from bcftools stats's PSC lines.
func checkAgainstBcftools(t *testing.T, calls, stdout string) {
	t.Helper()
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Log("bcftools not on PATH: answers not cross-checked")
		return
	}
	count := func(expr string) int {
		b, err := exec.Command("bcftools", "view", "-H", "-f", "PASS", "-i", expr, calls).Output()
		if err != nil {
			t.Fatalf("bcftools view -i %q: %v", expr, err)
		}
		return strings.Count(string(b), "\n")
	}
	shared := count(`GT[0]="alt" && GT[1]="alt" && GT[2]="alt"`)
	homAlt := count(`GT[0]="AA" && GT[1]="AA" && GT[2]="AA"`)
	if !strings.Contains(stdout, fmt.Sprintf("variants shared by all 3 samples: %d\n", shared)) ||
		!strings.Contains(stdout, fmt.Sprintf("shared and homozygous-alternate in all: %d\n", homAlt)) {
		t.Errorf("bcftools counts %d shared, %d shared hom-alt:\n%s", shared, homAlt, stdout)
	}
	b, err := exec.Command("bcftools", "stats", "-s", "-", "-f", "PASS", calls).Output()
	if err != nil {
		t.Fatalf("bcftools stats: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, "\t")
		if f[0] != "PSC" {
			continue
		}
		// PSC: id sample nRefHom nNonRefHom nHets nTs nTv nIndels ...
		hom, _ := strconv.Atoi(f[4])
		het, _ := strconv.Atoi(f[5])
		row := regexp.MustCompile(fmt.Sprintf(`(?m)^ +%s( +\S+){5} +%d +%s +`, f[2], hom+het, f[8]))
		if !row.MatchString(stdout) {
			t.Errorf("bcftools stats: %s has %d SNPs and %s indels:\n%s", f[2], hom+het, f[8], stdout)
		}
	}
}

// checkReadGroup checks that the BAM's header holds the read group line
// and an @PG with vole's version (what Picard and GATK require).
func checkReadGroup(t *testing.T, path, rg string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	br, err := bam.NewReader(bytes.NewReader(data), 1)
	if err != nil {
		t.Fatal(err)
	}
	text, err := br.Header().MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{rg, "\tVN:" + version + "\n"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("%s header lacks %q:\n%s", path, want, text)
		}
	}
}
