// Package report writes the answer page of `vole run`: one self-contained
// HTML file (inline CSS and inline SVG charts, no scripts, no network
// references) with the answers a course assignment asks for (reads, mapped
// reads, SNPs and indels per sample, variants shared by all samples, those
// homozygous-alternate in all), coverage along the reference, the allele
// balance of heterozygous calls, the binomial threshold curve and the exact
// commands that produced the results.
//
// The page is rendered from a plain Report value with html/template, so the
// pipeline fills in numbers and the report package only lays them out; the
// charts are drawn with gonum/plot and embedded as SVG elements.
package report

import (
	"github.com/vole-bio/vole/internal/binom"
)

// Report holds everything the page shows.
type Report struct {
	Title     string
	Reference string
	Contigs   []Contig
	Samples   []Sample
	// SharedAll is the number of PASS variants every sample carries (at
	// least one alternate allele).
	SharedAll int
	// SharedHomAlt lists the PASS variants homozygous-alternate in every
	// sample.
	SharedHomAlt []Variant
	// Sites are pictures of the reads at chosen calls.
	Sites []SiteImage
	// Coverage holds one track per sample and contig.
	Coverage []Track
	// AlleleBalance holds per sample the alternate-allele fraction
	// AD[alt]/(AD[ref]+AD[alt]) of its heterozygous PASS calls.
	AlleleBalance [][]float64
	// Binom is the threshold curve of the one-sided binomial test.
	Binom      []binom.Row
	BinomAlpha float64
	// Truth, when set, scores the calls against planted variants (demo).
	Truth *TruthScore
	// Commands are the command lines that reproduce each step.
	Commands []string
	// Files names the result files, relative to the report.
	Files []File
}

// Contig is a reference sequence and its length.
type Contig struct {
	Name   string
	Length int
}

// Sample is one row of the answers table.
type Sample struct {
	Name                          string
	Reads, Mapped, ProperlyPaired int64
	// SNPs and Indels count the PASS sites where the sample carries an
	// alternate allele; Het and HomAlt split them by genotype.
	SNPs, Indels, Het, HomAlt int
}

// MappedPercent is Mapped as a percentage of Reads.
func (s Sample) MappedPercent() float64 { return percent(s.Mapped, s.Reads) }

// PairedPercent is ProperlyPaired as a percentage of Reads.
func (s Sample) PairedPercent() float64 { return percent(s.ProperlyPaired, s.Reads) }

func percent(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// Variant is one row of the shared-variants table. Pos is 1-based on Contig.
type Variant struct {
	Contig    string
	Pos       int
	Ref, Alt  string
	Qual      float64
	Genotypes []string
}

// Track is the mean read depth of one sample in equal bins along a contig.
type Track struct {
	Sample, Contig string
	BinSize        int
	Depth          []float64
}

// TruthScore compares calls with planted variants: Planted and Found count
// the planted sites and those called with the same alleles, FalseCalls the
// called sites that were not planted.
type TruthScore struct {
	PlantedSNPs, PlantedIndels int
	FoundSNPs, FoundIndels     int
	FalseCalls                 int
	// GenotypeMatches counts found sites whose called genotypes equal the
	// planted ones in every sample.
	GenotypeMatches int
}

// Recall is the fraction of planted sites that were called.
func (t TruthScore) Recall() float64 {
	n := t.PlantedSNPs + t.PlantedIndels
	if n == 0 {
		return 0
	}
	return float64(t.FoundSNPs+t.FoundIndels) / float64(n)
}

// File is a result file the report links to by relative path.
type File struct {
	Path, What string
}

// MeanDepth is the mean read depth of sample over the whole reference,
// from its coverage tracks (0 without tracks).
func (r *Report) MeanDepth(sample string) float64 {
	lengths := map[string]int{}
	total := 0
	for _, c := range r.Contigs {
		lengths[c.Name] = c.Length
		total += c.Length
	}
	if total == 0 {
		return 0
	}
	sum := 0.0
	for _, t := range r.Coverage {
		if t.Sample != sample {
			continue
		}
		for i, d := range t.Depth {
			sum += d * float64(max(0, min(t.BinSize, lengths[t.Contig]-i*t.BinSize)))
		}
	}
	return sum / float64(total)
}
