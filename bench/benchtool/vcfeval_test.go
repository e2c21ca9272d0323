package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseVCFRecord(t *testing.T) {
	pass := vcfFilter{DwgsimGT: true}
	cases := []struct {
		line string
		f    vcfFilter
		want map[variantKey]callInfo
	}{
		{"c\t5\t.\tA\tG\t50\tPASS\t.\tGT\t1|0", pass,
			map[variantKey]callInfo{{"c", 5, "A", "G"}: {kindSNP, "0/1"}}},
		{"c\t5\t.\tAT\tA\t50\t.\t.\tGT:DP\t1/1:9", pass,
			map[variantKey]callInfo{{"c", 5, "AT", "A"}: {kindIndel, "1/1"}}},
		// MNP: one SNP per differing base
		{"c\t5\t.\tACG\tTCA\t50\tPASS\t.\tGT\t0/1", pass,
			map[variantKey]callInfo{{"c", 5, "A", "T"}: {kindSNP, "0/1"}, {"c", 7, "G", "A"}: {kindSNP, "0/1"}}},
		// hom-ref, no-call and symbolic ALTs are not calls
		{"c\t5\t.\tA\tG\t50\tPASS\t.\tGT\t0/0", pass, nil},
		{"c\t5\t.\tA\tG\t50\tPASS\t.\tGT\t./.", pass, nil},
		{"c\t5\t.\tA\tG\t50\tPASS\t.\tGT\t0", pass, nil},
		{"c\t5\t.\tA\t<*>\t50\tPASS\t.\tGT\t0/1", pass, nil},
		// FILTER: only PASS and '.' unless AllFilter
		{"c\t5\t.\tA\tG\t50\tLowQual\t.\tGT\t0/1", pass, nil},
		{"c\t5\t.\tA\tG\t50\tLowQual\t.\tGT\t0/1", vcfFilter{AllFilter: true},
			map[variantKey]callInfo{{"c", 5, "A", "G"}: {kindSNP, "0/1"}}},
		{"c\t5\t.\tA\tG\t9.5\tPASS\t.\tGT\t0/1", vcfFilter{MinQual: 10}, nil},
		// no sample: GT from dwgsim's pl when asked, else unknown
		{"c\t5\t.\tA\tG\t100\tPASS\tAF=1.0;pl=3;mt=SUBSTITUTE", pass,
			map[variantKey]callInfo{{"c", 5, "A", "G"}: {kindSNP, "1/1"}}},
		{"c\t5\t.\tA\tG\t100\tPASS\tAF=0.5;pl=2;mt=SUBSTITUTE", pass,
			map[variantKey]callInfo{{"c", 5, "A", "G"}: {kindSNP, "0/1"}}},
		{"c\t5\t.\tA\tG\t100\tPASS\tAF=0.5;pl=2", vcfFilter{},
			map[variantKey]callInfo{{"c", 5, "A", "G"}: {kindSNP, "."}}},
	}
	for _, c := range cases {
		got, err := parseVCFRecord(c.line, c.f)
		if err != nil {
			t.Errorf("%q: %v", c.line, err)
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: got %v, want %v", c.line, got, c.want)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%q: %v = %v, want %v", c.line, k, got[k], v)
			}
		}
	}
	for _, bad := range []string{"c\t5\t.\tA", "c\tx\t.\tA\tG\t1\tPASS\t.", "c\t5\t.\tA\tG,T\t1\tPASS\t.", "c\t5\t.\tA\tG\tq\tPASS\t."} {
		if _, err := parseVCFRecord(bad, vcfFilter{MinQual: 1}); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestCompareCallsHand checks precision, recall, F1 and GT agreement on a
// hand-made case: truth 4 SNPs + 2 indels, calls 3 of the SNPs (one with the
// wrong genotype) + 1 false SNP + 1 of the indels + 1 false indel.
func TestCompareCallsHand(t *testing.T) {
	k := func(pos int, ref, alt string) variantKey { return variantKey{"c", pos, ref, alt} }
	truth := map[variantKey]callInfo{
		k(1, "A", "G"): {kindSNP, "0/1"}, k(2, "A", "G"): {kindSNP, "1/1"},
		k(3, "A", "G"): {kindSNP, "."}, k(4, "A", "G"): {kindSNP, "0/1"},
		k(10, "AT", "A"): {kindIndel, "0/1"}, k(20, "A", "AC"): {kindIndel, "1/1"},
	}
	called := map[variantKey]callInfo{
		k(1, "A", "G"): {kindSNP, "0/1"}, k(2, "A", "G"): {kindSNP, "0/1"},
		k(3, "A", "G"): {kindSNP, "1/1"}, k(5, "A", "G"): {kindSNP, "0/1"},
		k(4, "A", "C"):   {kindSNP, "0/1"}, // same position, other allele: FP and FN
		k(10, "AT", "A"): {kindIndel, "0/1"}, k(30, "C", "CA"): {kindIndel, "0/1"},
	}
	s := compareCalls(truth, called)
	// SNP: TP 3 (pos 1,2,3), called 5, truth 4; P=3/5 R=3/4 F1=2*.6*.75/1.35=2/3.
	// GT agree: pos1 equal, pos2 differs, pos3 truth unknown -> 2.
	snp := s[kindSNP]
	if snp.TP != 3 || snp.Called != 5 || snp.Truth != 4 || snp.GTAgree != 2 {
		t.Errorf("snp %+v", snp)
	}
	if !near(snp.Precision, 0.6) || !near(snp.Recall, 0.75) || !near(snp.F1, 2.0/3) {
		t.Errorf("snp P/R/F1 %v %v %v", snp.Precision, snp.Recall, snp.F1)
	}
	ind := s[kindIndel]
	if ind.TP != 1 || ind.Called != 2 || ind.Truth != 2 || ind.GTAgree != 1 || !near(ind.F1, 0.5) {
		t.Errorf("indel %+v", ind)
	}
	var out bytes.Buffer
	writeText(&out, s)
	want := "snp   truth=4 called=5 TP=3 FP=2 FN=1 precision=0.6000 recall=0.7500 F1=0.6667 GT_agree=2/3\n" +
		"indel truth=2 called=2 TP=1 FP=1 FN=1 precision=0.5000 recall=0.5000 F1=0.5000 GT_agree=1/1\n"
	if out.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", out.String(), want)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestVcfevalNormalizes runs the whole subcommand through bcftools norm: the
// truth writes a deletion in a T run at its right end, the caller at its left
// end, and a multi-allelic record must be split; after normalization both
// agree.
func TestVcfevalNormalizes(t *testing.T) {
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	dir := t.TempDir()
	// 1-based: A at 2, 5, 20; the T run is 11-14 after G at 10.
	ref := ">c\nGATTACAGGGTTTTCACGTACGATCAGT\n"
	head := "##fileformat=VCFv4.2\n##contig=<ID=c,length=28>\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"g\">\n##FILTER=<ID=LowQual,Description=\"q\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts\n"
	truth := head +
		"c\t2\t.\tA\tC\t.\tPASS\t.\tGT\t0/1\n" +
		"c\t5\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n" +
		"c\t13\t.\tTT\tT\t.\tPASS\t.\tGT\t1/1\n" +
		"c\t20\t.\tA\tT\t.\tPASS\t.\tGT\t0/1\n"
	called := head +
		"c\t2\t.\tA\tC,T\t30\tPASS\t.\tGT\t1/2\n" + // splits to A>C (TP) and A>T (FP)
		"c\t10\t.\tGT\tG\t30\tPASS\t.\tGT\t1/1\n" + // left-aligned form of the truth's deletion
		"c\t20\t.\tA\tT\t30\tLowQual\t.\tGT\t0/1\n" // not PASS: ignored by default
	files := map[string]string{"ref.fa": ref, "truth.vcf": truth, "called.vcf": called}
	for n, body := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := func(n string) string { return filepath.Join(dir, n) }
	var out bytes.Buffer
	if err := runVcfeval([]string{p("ref.fa"), p("truth.vcf"), p("called.vcf")}, &out); err != nil {
		t.Fatal(err)
	}
	// SNP: truth {2 A>C, 5 A>G, 20 A>T}; called {2 A>C, 2 A>T}: TP 1, P 0.5, R 1/3, F1 0.4.
	// The split 1/2 gives A>C the genotype 0/1 (bcftools norm -m writes 1/0): agrees.
	// Indel: 10 GT>G after left-alignment on both sides: TP 1.
	want := "snp   truth=3 called=2 TP=1 FP=1 FN=2 precision=0.5000 recall=0.3333 F1=0.4000 GT_agree=1/1\n" +
		"indel truth=1 called=1 TP=1 FP=0 FN=0 precision=1.0000 recall=1.0000 F1=1.0000 GT_agree=1/1\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
	out.Reset()
	if err := runVcfeval([]string{"-all", p("ref.fa"), p("truth.vcf"), p("called.vcf")}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "snp   truth=3 called=3 TP=2 ") {
		t.Errorf("-all: %s", out.String())
	}
	if err := runVcfeval([]string{p("ref.fa"), p("truth.vcf"), p("missing.vcf")}, &out); err == nil || !strings.Contains(err.Error(), "missing.vcf") {
		t.Errorf("missing file: error %v", err)
	}
}

func FuzzParseVCFRecord(f *testing.F) {
	f.Add("c\t5\t.\tACG\tTCA\t50\tPASS\t.\tGT\t0/1")
	f.Add("c\t5\t.\tA\tG\t100\tPASS\tAF=1.0;pl=3;mt=SUBSTITUTE")
	f.Add("c\t5\t.\tAT\tA\t.\t.\t.\tGT:DP\t1|1:9")
	f.Fuzz(func(t *testing.T, line string) {
		got, err := parseVCFRecord(line, vcfFilter{MinQual: 1, DwgsimGT: true})
		if err != nil {
			return
		}
		for k, v := range got {
			if k.Pos < 1 || (v.Kind == kindSNP && (len(k.Ref) != 1 || len(k.Alt) != 1)) {
				t.Fatalf("%q gave %+v %+v", line, k, v)
			}
		}
	})
}

// TestParseVCFSample scores one sample of a joint VCF: a site where the
// chosen sample is hom-ref is not its call, whatever the other sample has.
func TestParseVCFSample(t *testing.T) {
	joint := "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\n" +
		"c\t5\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\t0/0\n" +
		"c\t9\t.\tC\tT\t50\tPASS\t.\tGT\t0/0\t1/1\n"
	for sample, want := range map[string]variantKey{"": {"c", 5, "A", "G"}, "a": {"c", 5, "A", "G"}, "b": {"c", 9, "C", "T"}} {
		got, err := parseVCF(strings.NewReader(joint), vcfFilter{Sample: sample})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[want].Kind != kindSNP {
			t.Errorf("sample %q: got %v, want only %v", sample, got, want)
		}
	}
	if _, err := parseVCF(strings.NewReader(joint), vcfFilter{Sample: "z"}); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("unknown sample: error %v", err)
	}
}
