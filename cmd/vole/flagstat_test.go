package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// flagstatSAM has a proper pair, a read whose mate is unmapped, that mate,
// a secondary alignment and a QC-failed duplicate.
const flagstatSAM = "@SQ\tSN:c1\tLN:100\n@SQ\tSN:c2\tLN:100\n" +
	"p1\t99\tc1\t1\t60\t4M\t=\t20\t23\tACGT\tIIII\n" +
	"p1\t147\tc1\t20\t60\t4M\t=\t1\t-23\tACGT\tIIII\n" +
	"s1\t73\tc2\t5\t30\t4M\t=\t5\t0\tACGT\tIIII\n" +
	"s1\t133\tc2\t5\t0\t*\t=\t5\t0\tACGT\tIIII\n" +
	"x1\t256\tc1\t50\t0\t4M\t*\t0\t0\tACGT\tIIII\n" +
	"d1\t1536\tc1\t60\t60\t4M\t*\t0\t0\tACGT\tIIII\n"

func TestFlagstatCommand(t *testing.T) {
	path := writeFile(t, "a.sam", flagstatSAM)
	out, errOut, code := runVole(t, "flagstat", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// By hand: 5 QC-passed records, 4 primary, 1 secondary; mapped: p1 x2,
	// s1 (73), x1 = 4 of 5 (80%), primary mapped 3 of 4 (75%); paired 4,
	// read1 2 (99, 73), read2 2; properly paired 2 of 4; both mapped 2;
	// singleton s1/73. QC-failed: one mapped duplicate, not paired.
	want := `5 + 1 in total (QC-passed reads + QC-failed reads)
4 + 1 primary
1 + 0 secondary
0 + 0 supplementary
0 + 1 duplicates
0 + 1 primary duplicates
4 + 1 mapped (80.00% : 100.00%)
3 + 1 primary mapped (75.00% : 100.00%)
4 + 0 paired in sequencing
2 + 0 read1
2 + 0 read2
2 + 0 properly paired (50.00% : N/A)
2 + 0 with itself and mate mapped
1 + 0 singletons (25.00% : N/A)
0 + 0 with mate mapped to a different chr
0 + 0 with mate mapped to a different chr (mapQ>=5)
`
	if out != want {
		t.Errorf("flagstat:\n%s\nwant\n%s", out, want)
	}
	js, errOut, code := runVole(t, "flagstat", "--json", path)
	var parsed map[string]map[string]any
	if code != 0 || json.Unmarshal([]byte(js), &parsed) != nil {
		t.Fatalf("--json: code %d, stderr %q, output %q", code, errOut, js)
	}
	if parsed["QC-passed reads"]["total"] != 5.0 || parsed["QC-failed reads"]["properly paired %"] != nil {
		t.Errorf("--json values: %v", parsed)
	}
}

func TestFlagstatBadInput(t *testing.T) {
	bad := writeFile(t, "bad.sam", strings.Replace(flagstatSAM, "\t73\t", "\tx\t", 1))
	oneErrorLine(t, []string{"flagstat", bad}, "bad.sam: line 5:")
	oneErrorLine(t, []string{"flagstat", "/no/such.bam"}, "/no/such.bam")
}
