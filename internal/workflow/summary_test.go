package workflow

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vole-bio/vole/pileup/vcf"
)

const testHeader = "##fileformat=VCFv4.2\n##contig=<ID=c1,length=1000>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\tc\n"

// Hand-made joint calls. Shared by all: 10 (1/1,0/1,1/1), 20 (1/1 x3),
// 30 (indel, 0/1 x3), 60 (1/1 but b carries allele 2, so shared, not the
// same hom-alt). Not shared: 40 (c is 0/0), 50 (filtered), 70 (b missing).
const testCalls = testHeader +
	"c1\t10\t.\tA\tG\t50\tPASS\t.\tGT:AD\t1/1:0,9\t0/1:6,4\t1/1:0,8\n" +
	"c1\t20\t.\tC\tT\t60\tPASS\t.\tGT:AD\t1/1:0,7\t1/1:0,7\t1/1:1,9\n" +
	"c1\t30\t.\tGA\tG\t40\tPASS\t.\tGT:AD\t0/1:5,5\t0/1:3,7\t0/1:0,0\n" +
	"c1\t40\t.\tT\tC\t30\tPASS\t.\tGT:AD\t1/1:0,5\t1/1:0,5\t0/0:5,0\n" +
	"c1\t50\t.\tT\tA\t3\tLowQual\t.\tGT:AD\t1/1:0,5\t1/1:0,5\t1/1:0,5\n" +
	"c1\t60\t.\tG\tA,C\t70\tPASS\t.\tGT:AD\t1/1:0,6,0\t2/2:0,0,6\t1/1:0,6,0\n" +
	"c1\t70\t.\tA\tT\t70\tPASS\t.\tGT:AD\t0/1:4,4\t./.:0,0\t0/1:2,6\n"

func TestSummarizeCalls(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "calls.vcf"), testCalls)
	cs, err := summarizeCalls(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := positions(cs.shared); got != "10 20 30 60" {
		t.Errorf("shared by all at %s, want 10 20 30 60", got)
	}
	if got := positions(cs.homAlt); got != "20" {
		t.Errorf("hom-alt in all at %s, want 20", got)
	}
	// Het calls with reads: a 30 (5/10) 70 (4/8); b 10 (4/10) 30 (7/10);
	// c 70 (6/8); c's het at 30 has no reads.
	want := map[string][]float64{"a": {0.5, 0.5}, "b": {0.4, 0.7}, "c": {0.75}}
	for name, w := range want {
		got := cs.balanceOf(name)
		if len(got) != len(w) {
			t.Errorf("%s balance %v, want %v", name, got, w)
			continue
		}
		for i := range w {
			if got[i] != w[i] {
				t.Errorf("%s balance %v, want %v", name, got, w)
			}
		}
	}
	rows := cs.reportVariants(cs.homAlt)
	if len(rows) != 1 || rows[0].Pos != 20 || strings.Join(rows[0].Genotypes, " ") != "1/1 1/1 1/1" || rows[0].Qual != 60 {
		t.Errorf("report rows %+v", rows)
	}
	out := filepath.Join(t.TempDir(), "shared.vcf")
	if err := cs.writeVCF(out, cs.shared); err != nil {
		t.Fatal(err)
	}
	again, err := summarizeCalls(out)
	if err != nil || positions(again.shared) != "10 20 30 60" {
		t.Errorf("shared.vcf read back: %v, %v", again, err)
	}
}

func positions(recs []*vcf.Record) string {
	var s []string
	for _, r := range recs {
		s = append(s, strconv.Itoa(r.Pos))
	}
	return strings.Join(s, " ")
}

func TestSummarizeCallsBadGenotype(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "calls.vcf"), testHeader+"c1\t10\t.\tA\tG\t50\tPASS\t.\tGT\t1/x\t0/1\t1/1\n")
	_, err := summarizeCalls(path)
	if err == nil || !strings.Contains(err.Error(), "calls.vcf:4") || !strings.Contains(err.Error(), "sample a") {
		t.Errorf("bad GT: error %v", err)
	}
}

func TestScoreTruth(t *testing.T) {
	dir := t.TempDir()
	truth := writeFile(t, filepath.Join(dir, "truth.vcf"), testHeader+
		"c1\t10\t.\tA\tG\t.\tPASS\t.\tGT\t1|1\t0|1\t1|1\n"+ // found, genotypes right
		"c1\t20\t.\tC\tT\t.\tPASS\t.\tGT\t1|1\t1|1\t0|1\n"+ // found, c wrong
		"c1\t30\t.\tGA\tG\t.\tPASS\t.\tGT\t0|1\t0|1\t0|1\n"+ // found indel
		"c1\t35\t.\tA\tAT\t.\tPASS\t.\tGT\t0|1\t0|0\t0|0\n"+ // missed indel
		"c1\t80\t.\tC\tG\t.\tPASS\t.\tGT\t0|1\t0|0\t0|0\n") // missed SNP
	calls := writeFile(t, filepath.Join(dir, "calls.vcf"), testCalls)
	s, err := scoreTruth(truth, calls)
	if err != nil {
		t.Fatal(err)
	}
	// Calls not planted: 40 T>C, 60 G>A, 60 G>C, 70 A>T (50 is filtered).
	if s.PlantedSNPs != 3 || s.PlantedIndels != 2 || s.FoundSNPs != 2 || s.FoundIndels != 1 ||
		s.FalseCalls != 4 || s.GenotypeMatches != 2 {
		t.Errorf("score %+v", *s)
	}
	if r := s.Recall(); r != 0.6 {
		t.Errorf("recall %v, want 0.6", r)
	}
}

func TestScoreTruthMissingFile(t *testing.T) {
	dir := t.TempDir()
	calls := writeFile(t, filepath.Join(dir, "calls.vcf"), testCalls)
	if _, err := scoreTruth(filepath.Join(dir, "none.vcf"), calls); err == nil || !strings.Contains(err.Error(), "none.vcf") {
		t.Errorf("missing truth: %v", err)
	}
	if _, err := os.Stat(calls); err != nil {
		t.Fatal(err)
	}
}
