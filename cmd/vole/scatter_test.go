package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRegionsCommand: windows by hand on a contig named like the course's
// region, whose name must come back in braces.
func TestRegionsCommand(t *testing.T) {
	ref := writeFile(t, "ref.fa", ">chr11:5868417-7868417 region\n"+strings.Repeat("ACGTA", 5)+"\n>c2\nACGTACGTAC\n")
	cases := map[string]string{
		"0":  "{chr11:5868417-7868417}:1-25\nc2:1-10\n",
		"10": "{chr11:5868417-7868417}:1-10\n{chr11:5868417-7868417}:11-20\n{chr11:5868417-7868417}:21-25\nc2:1-10\n",
		"30": "{chr11:5868417-7868417}:1-25\nc2:1-10\n",
	}
	for size, want := range cases {
		out, errOut, code := runVole(t, "regions", "-s", size, ref)
		if code != 0 || out != want {
			t.Errorf("regions -s %s: code %d, stderr %q, got\n%s\nwant\n%s", size, code, errOut, out, want)
		}
	}
	oneErrorLine(t, []string{"regions", "-s", "-5", ref}, "-s/--size must be 0 or more, got -5")
	oneErrorLine(t, []string{"regions", filepath.Join(t.TempDir(), "none.fa")}, "none.fa")
}

// TestVCFConcatCommand joins cliVCF cut in two (by arguments and by a
// list file) and refuses pieces out of order.
func TestVCFConcatCommand(t *testing.T) {
	lines := strings.SplitAfter(cliVCF, "\n")
	header, recs := strings.Join(lines[:5], ""), lines[5:]
	a := writeFile(t, "a.vcf", header+strings.Join(recs[:2], ""))
	b := writeFile(t, "b.vcf", header+strings.Join(recs[2:], ""))
	out, errOut, code := runVole(t, "vcf", "concat", a, b)
	if code != 0 || !strings.HasSuffix(out, strings.Join(recs, "")) || !strings.Contains(out, "##commandline=") {
		t.Errorf("vcf concat: code %d, stderr %q, output\n%s", code, errOut, out)
	}
	list := writeFile(t, "list.txt", b+"\n\n")
	joined := filepath.Join(t.TempDir(), "joined.vcf")
	if _, errOut, code := runVole(t, "vcf", "concat", a, "-f", list, "-o", joined); code != 0 {
		t.Fatalf("vcf concat -f: code %d: %s", code, errOut)
	}
	if got, _ := os.ReadFile(joined); string(got) != out {
		t.Errorf("vcf concat -f -o wrote\n%s\nwant\n%s", got, out)
	}
	oneErrorLine(t, []string{"vcf", "concat", b, a}, "c1:4 comes after a record at a later place")
	oneErrorLine(t, []string{"vcf", "concat", a, "-o", a}, "refusing to overwrite an input")
}

// TestReportCommandBadInput: one error line for missing inputs and for a
// VCF whose samples do not match the BAMs.
func TestReportCommandBadInput(t *testing.T) {
	ref := writeFile(t, "ref.fa", ">c1\n"+cliRef+"\n")
	calls := writeFile(t, "calls.vcf", cliVCF)
	out := t.TempDir()
	oneErrorLine(t, []string{"report", "--calls", calls, "-o", out, "x.bam"}, `"ref" not set`)
	oneErrorLine(t, []string{"report", "--ref", ref, "--calls", calls, "-o", out, filepath.Join(out, "none.bam")}, "none.bam")
	oneErrorLine(t, []string{"report", "--ref", ref, "--calls", calls, "-o", out, ref}, "2 samples but 1 BAMs")
}
