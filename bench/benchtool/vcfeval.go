package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
)

// loadNormalized runs `bcftools norm -f ref -m -any --check-ref s` on a VCF
// (split multi-allelic records, left-align and trim indels against the
// reference, as vcfcmp.py does) and parses what it prints. bcftools is one of
// the anchors the bench runs anyway, and its normalization is the reference
// behaviour the scores must agree with.
func loadNormalized(ref, path string, f vcfFilter) (map[variantKey]callInfo, error) {
	cmd := exec.Command("bcftools", "norm", "-f", ref, "-m", "-any", "--check-ref", "s", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bcftools norm on %s: %w (Debian package bcftools)", path, err)
	}
	calls, perr := parseVCF(out, f)
	if perr != nil {
		io.Copy(io.Discard, out)
	}
	werr := cmd.Wait()
	if werr != nil {
		return nil, fmt.Errorf("bcftools norm -f %s %s: %w: %s", ref, path, werr, lastLine(stderr.String()))
	}
	if perr != nil {
		return nil, fmt.Errorf("%s (normalized by bcftools norm): %w", path, perr)
	}
	return calls, nil
}

// parseVCF reads VCF text into variants; a later record with the same key
// replaces an earlier one.
func parseVCF(r io.Reader, f vcfFilter) (map[variantKey]callInfo, error) {
	calls := map[variantKey]callInfo{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.HasPrefix(text, "#CHROM") && f.Sample != "" {
			i := slices.Index(strings.Split(text, "\t"), f.Sample)
			if i < 9 {
				return nil, fmt.Errorf("line %d: no sample %q in the #CHROM line", line, f.Sample)
			}
			f.sampleCol = i
		}
		if text == "" || text[0] == '#' {
			continue
		}
		vs, err := parseVCFRecord(text, f)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		for k, v := range vs {
			calls[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return calls, nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// kindScore is the comparison of one variant kind.
type kindScore struct {
	Kind                  variantKind
	Truth, Called, TP     int
	GTAgree               int // true positives whose genotypes agree (truth "." agrees with any)
	Precision, Recall, F1 float64
}

// compareCalls scores called variants against the truth, per kind: a true
// positive is an exact match of chrom, pos, ref and alt after normalization.
func compareCalls(truth, called map[variantKey]callInfo) [2]kindScore {
	var s [2]kindScore
	for i := range s {
		s[i].Kind = variantKind(i)
	}
	for k, t := range truth {
		s[t.Kind].Truth++
		if c, ok := called[k]; ok && c.Kind == t.Kind {
			s[t.Kind].TP++
			if t.GT == "." || t.GT == c.GT {
				s[t.Kind].GTAgree++
			}
		}
	}
	for _, c := range called {
		s[c.Kind].Called++
	}
	for i := range s {
		x := &s[i]
		if x.Called > 0 {
			x.Precision = float64(x.TP) / float64(x.Called)
		}
		if x.Truth > 0 {
			x.Recall = float64(x.TP) / float64(x.Truth)
		}
		if x.Precision+x.Recall > 0 {
			x.F1 = 2 * x.Precision * x.Recall / (x.Precision + x.Recall)
		}
	}
	return s
}

// writeText prints the scores in vcfcmp.py's format.
func writeText(w io.Writer, s [2]kindScore) error {
	for _, x := range s {
		_, err := fmt.Fprintf(w, "%-5s truth=%d called=%d TP=%d FP=%d FN=%d precision=%.4f recall=%.4f F1=%.4f GT_agree=%d/%d\n",
			x.Kind, x.Truth, x.Called, x.TP, x.Called-x.TP, x.Truth-x.TP, x.Precision, x.Recall, x.F1, x.GTAgree, x.TP)
		if err != nil {
			return err
		}
	}
	return nil
}

// vcfevalTSVHeader names the columns of writeTSV.
const vcfevalTSVHeader = "SNP P\tSNP R\tSNP F1\tindel P\tindel R\tindel F1\tGT agree %"

// writeTSV prints one tab-separated row for bench tables; GT agreement is
// over SNP and indel true positives together.
func writeTSV(w io.Writer, s [2]kindScore) error {
	_, err := fmt.Fprintf(w, "%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.2f\n",
		s[0].Precision, s[0].Recall, s[0].F1, s[1].Precision, s[1].Recall, s[1].F1,
		pct(s[0].GTAgree+s[1].GTAgree, s[0].TP+s[1].TP))
	return err
}

// runVcfeval implements `benchtool vcfeval [flags] REF.fa TRUTH.vcf CALLED.vcf`.
func runVcfeval(args []string, stdout io.Writer) error {
	fs := newFlags("vcfeval", "REF.fa TRUTH.vcf CALLED.vcf")
	minQual := fs.Float64("minqual", 0, "ignore called records with QUAL below this")
	all := fs.Bool("all", false, "count called records whatever their FILTER (default: only PASS and '.')")
	dwgsimGT := fs.Bool("dwgsim-gt", true, "take truth genotypes from dwgsim's INFO pl when the truth has no GT (false: truth GT '.' agrees with any call, as vcfcmp.py)")
	tsv := fs.Bool("tsv", false, "print one tab-separated row ("+strings.ReplaceAll(vcfevalTSVHeader, "\t", ", ")+")")
	header := fs.Bool("header", false, "with -tsv, print only the column names and exit")
	sample := fs.String("sample", "", "score this sample of a multi-sample called VCF (default: the first)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *tsv && *header {
		_, err := fmt.Fprintln(stdout, vcfevalTSVHeader)
		return err
	}
	if fs.NArg() != 3 {
		fs.Usage()
		return fmt.Errorf("need REF.fa TRUTH.vcf CALLED.vcf")
	}
	ref, truthPath, calledPath := fs.Arg(0), fs.Arg(1), fs.Arg(2)
	truth, err := loadNormalized(ref, truthPath, vcfFilter{AllFilter: true, DwgsimGT: *dwgsimGT})
	if err != nil {
		return err
	}
	called, err := loadNormalized(ref, calledPath, vcfFilter{MinQual: *minQual, AllFilter: *all, Sample: *sample})
	if err != nil {
		return err
	}
	s := compareCalls(truth, called)
	if *tsv {
		return writeTSV(stdout, s)
	}
	return writeText(stdout, s)
}
