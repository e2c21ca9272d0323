package sim

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vole-bio/vole/index"
)

// TestPlantDiploid plants variants in a human-like genome and rebuilds both
// haplotypes from the reference and the truth VCF with the test's own code:
// they must equal the FASTAs written; rates, zygosity and left alignment
// must be as asked.
func TestPlantDiploid(t *testing.T) {
	dir := t.TempDir()
	refPath := filepath.Join(dir, "ref.fa")
	o := DefaultHumanOptions(1_000_000, 8)
	o.SoftMask = true
	var fa bytes.Buffer
	if _, err := HumanLike(&fa, o); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(refPath, fa.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ref, err := index.ReadFASTA(refPath)
	if err != nil {
		t.Fatal(err)
	}
	var h1, h2, vcfOut bytes.Buffer
	do := DefaultDiploidOptions(4)
	do.SNPRate, do.IndelRate = 0.004, 0.001
	sum, err := PlantDiploid(ref, &h1, &h2, &vcfOut, do)
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string][]byte{"h1.fa": h1.Bytes(), "h2.fa": h2.Bytes(), "truth.vcf": vcfOut.Bytes()}
	for name, b := range paths {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	truth := readTruth(t, filepath.Join(dir, "truth.vcf"))
	_, hap1 := readFASTA(t, filepath.Join(dir, "h1.fa"))
	_, hap2 := readFASTA(t, filepath.Join(dir, "h2.fa"))
	acgt, snps, indels, hom := 0, 0, 0, 0
	for i, c := range ref.Contigs {
		seq := ref.ContigSeq(i)
		acgt += len(seq) - bytes.Count(seq, []byte("N"))
		for h, got := range [][]byte{hap1[c.Name], hap2[c.Name]} {
			want, _ := applyTruth(seq, c.Name, truth, 0, h)
			if !bytes.Equal(got, want) {
				t.Fatalf("%s haplotype %d differs from reference + truth VCF", c.Name, h+1)
			}
		}
	}
	for _, r := range truth {
		switch {
		case len(r.ref) == 1 && len(r.alt) == 1:
			snps++
		case len(r.ref) > 1 && r.ref[len(r.ref)-1] == r.ref[0], len(r.alt) > 1 && r.alt[len(r.alt)-1] == r.alt[0]:
			t.Errorf("%s:%d %s>%s is not left-aligned", r.chrom, r.pos, r.ref, r.alt)
		default:
			indels++
		}
		if strings.Contains(r.ref, "N") || !r.gt[0][0] && !r.gt[0][1] {
			t.Errorf("%s:%d %s>%s: REF with N or no ALT allele", r.chrom, r.pos, r.ref, r.alt)
		}
		if r.gt[0][0] && r.gt[0][1] {
			hom++
		}
	}
	if snps != sum.SNPs || indels != sum.Indels || hom != sum.Hom {
		t.Errorf("VCF has %d SNPs, %d indels, %d hom; summary %+v", snps, indels, hom, sum)
	}
	near := func(got int, rate float64) bool {
		want := rate * float64(acgt)
		return math.Abs(float64(got)-want) < 5*math.Sqrt(want)+0.03*want
	}
	if !near(snps, do.SNPRate) || !near(indels, do.IndelRate) || math.Abs(float64(hom)/float64(len(truth))-do.HomFraction) > 0.05 {
		t.Errorf("%d SNPs, %d indels, %d hom in %d bases", snps, indels, hom, acgt)
	}
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not installed")
	}
	out, err := exec.Command("bcftools", "norm", "-c", "e", "-f", refPath, "-o", os.DevNull, filepath.Join(dir, "truth.vcf")).CombinedOutput()
	if m := regexp.MustCompile(`total/split/realigned/skipped:\s+(\d+)/0/0/0`).FindSubmatch(out); err != nil || m == nil || string(m[1]) != strconv.Itoa(len(truth)) {
		t.Errorf("bcftools norm: %v: %s", err, out)
	}
}
