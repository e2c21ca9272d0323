package workflow

import (
	"fmt"

	"github.com/vole-bio/vole/internal/report"
	"github.com/vole-bio/vole/pileup/vcf"
)

// alleleKey names one alternate allele at a site; planted and called indels
// are both left-normalized, so equal variants have equal keys.
type alleleKey struct {
	chrom    string
	pos      int
	ref, alt string
}

// scoreTruth compares the PASS calls in callsPath with the variants planted
// in truthPath: a planted allele is found when some PASS record carries the
// same allele in some sample; a called allele that some sample carries but
// that was not planted is a false call. Genotypes match when every sample
// (matched by name) carries the planted number of copies.
func scoreTruth(truthPath, callsPath string) (*report.TruthScore, error) {
	planted, truthSamples, err := carriedAlleles(truthPath)
	if err != nil {
		return nil, err
	}
	called, callSamples, err := carriedAlleles(callsPath)
	if err != nil {
		return nil, err
	}
	col := make([]int, len(truthSamples)) // truth sample -> calls column
	for i, n := range truthSamples {
		col[i] = -1
		for j, m := range callSamples {
			if n == m {
				col[i] = j
			}
		}
	}
	var s report.TruthScore
	for k, copies := range planted {
		snp := vcf.AlleleType(k.ref, k.alt) == vcf.TypeSNP
		if snp {
			s.PlantedSNPs++
		} else {
			s.PlantedIndels++
		}
		got, ok := called[k]
		if !ok {
			continue
		}
		if snp {
			s.FoundSNPs++
		} else {
			s.FoundIndels++
		}
		match := true
		for i, c := range col {
			if c < 0 || got[c] != copies[i] {
				match = false
			}
		}
		if match {
			s.GenotypeMatches++
		}
	}
	for k := range called {
		if _, ok := planted[k]; !ok {
			s.FalseCalls++
		}
	}
	return &s, nil
}

// carriedAlleles reads a VCF and returns, for every alternate allele that
// some sample carries in a PASS record, the number of copies per sample.
func carriedAlleles(path string) (map[alleleKey][]int, []string, error) {
	r, err := vcf.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	out := map[alleleKey][]int{}
	ns := len(r.Header.Samples)
	for r.Next() {
		rec := r.Record()
		if !rec.IsPass() {
			continue
		}
		for i := range ns {
			g, err := vcf.ParseGenotype(rec.SampleValue(i, "GT"))
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d: sample %s: %w", path, r.Line(), r.Header.Samples[i], err)
			}
			for _, a := range g.Alleles {
				if a < 1 || a > len(rec.Alt) {
					continue
				}
				k := alleleKey{rec.Chrom, rec.Pos, rec.Ref, rec.Alt[a-1]}
				if out[k] == nil {
					out[k] = make([]int, ns)
				}
				out[k][i]++
			}
		}
	}
	return out, r.Header.Samples, r.Err()
}
