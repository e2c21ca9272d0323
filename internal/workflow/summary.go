package workflow

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vole-bio/vole/internal/report"
	"github.com/vole-bio/vole/pileup/vcf"
)

// callSummary is what the joint call set says about the samples together,
// and the allele balance of each sample's heterozygous calls; the
// per-sample counts come from vcf.Stats. Only PASS records count.
type callSummary struct {
	samples []string
	// shared holds the records where every sample carries an alternate
	// allele; homAlt those where every sample is homozygous for the same
	// alternate allele.
	shared, homAlt []*vcf.Record
	// lowest is the PASS record of lowest QUAL.
	lowest  *vcf.Record
	balance [][]float64
	header  *vcf.Header
}

// summarizeCalls reads the joint VCF at path.
func summarizeCalls(path string) (*callSummary, error) {
	r, err := vcf.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	s := &callSummary{samples: r.Header.Samples, header: r.Header}
	s.balance = make([][]float64, len(s.samples))
	for r.Next() {
		rec := r.Record()
		if !rec.IsPass() {
			continue
		}
		if err := s.add(rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, r.Line(), err)
		}
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// add counts one PASS record.
func (s *callSummary) add(rec *vcf.Record) error {
	if s.lowest == nil || rec.Qual < s.lowest.Qual {
		s.lowest = rec
	}
	carriers, homs := 0, 0
	homAllele := -1
	for i := range s.samples {
		g, err := vcf.ParseGenotype(rec.SampleValue(i, "GT"))
		if err != nil {
			return fmt.Errorf("sample %s: %w", s.samples[i], err)
		}
		alt := firstAlt(g)
		if alt < 0 || alt > len(rec.Alt) {
			continue
		}
		carriers++
		switch {
		case g.IsHomAlt():
			if homs == 0 || homAllele == alt {
				homs++
				homAllele = alt
			}
		case g.IsHet():
			if f, ok := altFraction(rec, i, g); ok {
				s.balance[i] = append(s.balance[i], f)
			}
		}
	}
	if len(s.samples) > 0 && carriers == len(s.samples) {
		s.shared = append(s.shared, rec)
		if homs == len(s.samples) {
			s.homAlt = append(s.homAlt, rec)
		}
	}
	return nil
}

// firstAlt returns the first non-reference allele of g, or -1.
func firstAlt(g vcf.Genotype) int {
	for _, a := range g.Alleles {
		if a > 0 {
			return a
		}
	}
	return -1
}

// altFraction is AD[alt]/(AD[ref]+AD[alt]) for a 0/alt genotype of sample
// i; ok is false without AD or reads, or for a genotype of two alternates.
func altFraction(rec *vcf.Record, i int, g vcf.Genotype) (float64, bool) {
	if len(g.Alleles) != 2 || (g.Alleles[0] != 0 && g.Alleles[1] != 0) {
		return 0, false
	}
	alt := max(g.Alleles[0], g.Alleles[1])
	ad := strings.Split(rec.SampleValue(i, "AD"), ",")
	if alt >= len(ad) {
		return 0, false
	}
	ref, err1 := strconv.Atoi(ad[0])
	a, err2 := strconv.Atoi(ad[alt])
	if err1 != nil || err2 != nil || ref+a == 0 {
		return 0, false
	}
	return float64(a) / float64(ref+a), true
}

// reportVariants turns records into rows of the report's variant table.
func (s *callSummary) reportVariants(recs []*vcf.Record) []report.Variant {
	out := make([]report.Variant, len(recs))
	for k, rec := range recs {
		v := report.Variant{Contig: rec.Chrom, Pos: rec.Pos, Ref: rec.Ref, Alt: strings.Join(rec.Alt, ","), Qual: rec.Qual}
		for i := range s.samples {
			v.Genotypes = append(v.Genotypes, rec.SampleValue(i, "GT"))
		}
		out[k] = v
	}
	return out
}

// balanceOf returns the allele fractions of sample name's het calls.
func (s *callSummary) balanceOf(name string) []float64 {
	for i, n := range s.samples {
		if n == name {
			return s.balance[i]
		}
	}
	return nil
}

// writeVCF writes recs with the call set's header to path.
func (s *callSummary) writeVCF(path string, recs []*vcf.Record) error {
	return writeAtomic(path, func(w io.Writer) error {
		vw, err := vcf.NewWriter(w, s.header)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			if err := vw.Write(rec); err != nil {
				return err
			}
		}
		return vw.Flush()
	})
}
