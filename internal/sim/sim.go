// Package sim builds the demo data set of `vole demo` from a seed: a small
// genome with the repeats that make read mapping hard (duplicated segments,
// tandem repeats, a microsatellite, a homopolymer, a run of N), variants
// planted per sample (SNPs and short indels, heterozygous and homozygous,
// some shared, one homozygous-alternate in every sample), and paired-end
// reads drawn from each sample's two haplotypes with quality-calibrated
// substitution errors. It writes ref.fa, NAME_R1.fq.gz, NAME_R2.fq.gz and
// truth.vcf, so the pipeline's answers can be scored against known truth.
//
// The simulation follows the model of dwgsim (Homer, DNAA): fragments of
// normally distributed length from a random haplotype, read 1 from either
// end, read 2 from the other end on the opposite strand (FR), and read names
// that carry the true 1-based leftmost reference position of each read in
// dwgsim's layout, contig_pos1_pos2_strand1_strand2_0_0_err1:0:0_err2:0:0_id,
// so mapping accuracy can be scored by the same tools.
//
// Everything is drawn from PCG streams derived from Config.Seed, one stream
// per stage and per sample, so a seed always gives the same bytes.
package sim

import (
	"fmt"
	"math/rand/v2"
)

// Config describes a data set. The zero value is not useful; start from
// DemoConfig.
type Config struct {
	Seed uint64
	// Contigs names the contigs and gives their lengths. A name of the form
	// chr:START-END marks a contig that is a region of a larger genome.
	Contigs []ContigSpec
	// Samples names the simulated individuals.
	Samples []string
	// ReadLength is the length of each read of a pair.
	ReadLength int
	// InsertMean and InsertSD describe the fragment length distribution.
	InsertMean, InsertSD float64
	// Coverage is the mean read depth per sample.
	Coverage float64
	// VariantSpacing is the mean distance between planted variant sites.
	VariantSpacing int
}

// ContigSpec is one contig to simulate.
type ContigSpec struct {
	Name   string
	Length int
}

// DemoConfig is the data set of `vole demo`: 160 kb in two contigs, three
// samples at 20x of 2x100 bp reads, insert 300 +- 30, a variant site every
// 800 bp.
func DemoConfig(seed uint64) Config {
	return Config{
		Seed: seed,
		Contigs: []ContigSpec{
			{Name: "chrD:1000001-1130000", Length: 130000},
			{Name: "chrE", Length: 30000},
		},
		Samples:        []string{"ana", "ben", "cai"},
		ReadLength:     100,
		InsertMean:     300,
		InsertSD:       30,
		Coverage:       20,
		VariantSpacing: 800,
	}
}

// validate rejects a configuration that cannot produce a data set.
func (c *Config) validate() error {
	if len(c.Contigs) == 0 || len(c.Samples) == 0 {
		return fmt.Errorf("sim: need at least one contig and one sample")
	}
	for _, ct := range c.Contigs {
		if ct.Length < 4*int(c.InsertMean) || ct.Length < 2000 {
			return fmt.Errorf("sim: contig %s of %d bp is too short (need 2000 and 4 inserts)", ct.Name, ct.Length)
		}
	}
	if c.ReadLength < 20 || c.InsertMean < float64(c.ReadLength) || c.InsertSD < 0 || c.Coverage <= 0 || c.VariantSpacing < 100 {
		return fmt.Errorf("sim: read length %d, insert %v+-%v, coverage %v, spacing %d out of range",
			c.ReadLength, c.InsertMean, c.InsertSD, c.Coverage, c.VariantSpacing)
	}
	return nil
}

// stream returns the PCG random stream number n of the seed.
func (c *Config) stream(n uint64) *rand.Rand {
	return rand.New(rand.NewPCG(c.Seed, n))
}

// Stream numbers: one per stage, samples from sampleStream upwards.
const (
	genomeStream  = 1
	variantStream = 2
	sampleStream  = 100
)
