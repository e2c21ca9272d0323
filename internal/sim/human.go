package sim

import (
	"bufio"
	"fmt"
	"io"
)

// HumanOptions describes a human-like genome for HumanLike. Start from
// DefaultHumanOptions: the zero value plants nothing. Every fraction is a
// share of all bases (N included) of the primary and small contigs.
type HumanOptions struct {
	// Size is the total number of bases, alt contigs included.
	Size int
	// Seed selects the genome: the same options give the same bytes.
	Seed uint64
	// Contigs is the number of primary and small contigs: up to 24 large
	// ones with GRCh38's relative sizes (chr1..chr22, chrX, chrY), the rest
	// small unplaced- and decoy-like contigs. 0 means 24 plus one small
	// contig per Mb, at most 3,000 in all (GRCh38 with decoys has about
	// 3,000 outside its alts).
	Contigs int
	// Alts is the number of alt-like contigs: copies of primary regions
	// with 0.1-1% divergence, written after all other contigs and listed
	// in Alt. AltFraction is their share of Size.
	Alts        int
	AltFraction float64
	// SmallFraction is the share of Size in the small contigs.
	SmallFraction float64
	// GC is the mean G+C fraction of the background sequence between
	// repeats; isochore-like blocks of a few hundred kb vary around it.
	// The default, 0.405, puts the whole genome near GRCh38's 40.9% with
	// the default repeat mix (measured 40.2-41.1% on seeds 11-17 at
	// 100 Mb, 40.5-41.0% on seeds 21-23 at 1 Gbp).
	GC float64
	// Alu, L1, LTR and DNA are the shares of interspersed repeats of each
	// class; SegDup of segmental duplications (10-500 kb copies at 0.5-3%
	// divergence); Satellite of satellite arrays (alpha-satellite-like
	// 171 bp units in higher-order repeats at each centromere and
	// elsewhere, and HSat-like arrays); Microsat of microsatellites and
	// homopolymers; N of N gaps (telomeres, short arms, centromeres and
	// scattered).
	Alu, L1, LTR, DNA, SegDup, Satellite, Microsat, N float64
	// SoftMask writes interspersed repeats, satellites and microsatellites
	// in lower case, as RepeatMasker and TRF masking do.
	SoftMask bool
	// PoolBytes bounds the memory kept for segmental duplication sources.
	PoolBytes int

	// Annotation, when set, receives a BED of every planted feature (see
	// HumanLike). Alt receives the alt contigs' alignment to the primary
	// assembly in bwa's .alt format (SAM). Library receives the repeat
	// consensus sequences as FASTA.
	Annotation, Alt, Library io.Writer
}

// GRCh38 figures the defaults follow (RepeatMasker and the assembly's own
// statistics): Alu 10%, L1 17%, LTR 8%, DNA transposons 3%, segmental
// duplications 5%, satellites 3%, simple repeats and low complexity 3%,
// N 5% (about 150 Mb of 3.1 Gbp), G+C 41%, unplaced and decoy
// contigs 1.5%, alts 3.5% of the assembly when present.
const (
	grch38Contigs = 3000
	maxLarge      = 24
)

// DefaultHumanOptions returns the GRCh38-like defaults for a genome of size
// bases, without alt contigs, outputs or soft-masking.
func DefaultHumanOptions(size int, seed uint64) HumanOptions {
	return HumanOptions{
		Size: size, Seed: seed,
		AltFraction: 0.035, SmallFraction: 0.015, GC: 0.405,
		Alu: 0.10, L1: 0.17, LTR: 0.08, DNA: 0.03, SegDup: 0.05, Satellite: 0.03, Microsat: 0.03, N: 0.05,
		PoolBytes: 64 << 20,
	}
}

// MinHumanSize is the smallest genome HumanLike makes: below it the 24
// chromosomes cannot hold their centromeres and telomeres.
const MinHumanSize = 100_000

// contigCount is the number of primary and small contigs to make.
func (o *HumanOptions) contigCount() int {
	if o.Contigs > 0 {
		return o.Contigs
	}
	return min(grch38Contigs, maxLarge+o.Size/1_000_000)
}

// validate rejects options that cannot make a genome.
func (o *HumanOptions) validate() error {
	if o.Size < MinHumanSize {
		return fmt.Errorf("sim: genome size %d is below the minimum of %d bases", o.Size, MinHumanSize)
	}
	if o.Contigs < 0 || o.Alts < 0 || o.PoolBytes < 0 {
		return fmt.Errorf("sim: contigs %d, alts %d and pool %d must not be negative", o.Contigs, o.Alts, o.PoolBytes)
	}
	fr := []struct {
		name string
		v    float64
	}{{"alt fraction", o.AltFraction}, {"small-contig fraction", o.SmallFraction}, {"GC", o.GC},
		{"Alu", o.Alu}, {"L1", o.L1}, {"LTR", o.LTR}, {"DNA", o.DNA}, {"segdup", o.SegDup},
		{"satellite", o.Satellite}, {"microsatellite", o.Microsat}, {"N", o.N}}
	sum := 0.0
	for i, f := range fr {
		if f.v < 0 || f.v >= 1 {
			return fmt.Errorf("sim: %s %v is not in [0, 1)", f.name, f.v)
		}
		if i >= 3 {
			sum += f.v
		}
	}
	if sum > 0.9 {
		return fmt.Errorf("sim: repeat and N fractions add up to %.2f; they must leave at least 10%% to background", sum)
	}
	if o.AltFraction+o.SmallFraction > 0.5 {
		return fmt.Errorf("sim: alt and small-contig fractions add up to more than half the genome")
	}
	if n := o.contigCount() - min(o.contigCount(), maxLarge); n*minSmallContig > o.Size/4 {
		return fmt.Errorf("sim: %d small contigs of at least %d bases do not fit in a quarter of %d bases; use fewer contigs or a larger size",
			n, minSmallContig, o.Size)
	}
	if o.Alts*minAlt > o.Size/4 {
		return fmt.Errorf("sim: %d alt contigs of at least %d bases do not fit in a quarter of %d bases", o.Alts, minAlt, o.Size)
	}
	return nil
}

// HumanSummary counts what HumanLike wrote.
type HumanSummary struct {
	Contigs int // all contigs, alts included
	Alts    int
	Bases   int
}

// HumanLike writes a human-like genome as FASTA to w, streaming: memory
// holds the segmental-duplication pool (PoolBytes), the sources of the alt
// contigs (AltFraction of Size when Alts > 0) and buffers, never the genome.
//
// The genome follows GRCh38's large-scale layout: chromosome-like contigs
// with GRCh38's relative lengths, each with telomeric N, an alpha-satellite
// centromere around an N gap (and for chr13, 14, 15, 21 and 22 a short arm of
// N), then small unplaced- and decoy-like contigs (a third of them satellite
// arrays, like GRCh38's chrUn contigs), then alt-like contigs. Along the arms
// a Poisson process plants, between stretches of isochore-like background,
// the interspersed repeats of the families in families.go (with target-site
// duplications and poly-A tails where the real ones have them),
// microsatellites, scattered satellite arrays and N gaps, and segmental
// duplications: copies of earlier stretches of this or another contig, kept
// in a bounded pool.
//
// The annotation is BED (0-based, half-open) with four columns after the
// strand: class, divergence (edited bases / consensus bases, in %), source
// (for a repeat the consensus range "name:from-to", 1-based; for a
// segmental duplication or alt the copied region "contig:from-to"), and the
// length of the poly-A tail included in the interval (on the minus strand it
// is at the start). The score is the divergence in tenths of a percent.
// Features inside segmental duplications and alts are not annotated again.
func HumanLike(w io.Writer, opt HumanOptions) (HumanSummary, error) {
	if err := opt.validate(); err != nil {
		return HumanSummary{}, err
	}
	g := newGenerator(w, &opt)
	if err := g.run(); err != nil {
		return HumanSummary{}, err
	}
	return g.summary, nil
}

// outputs bundles the buffered writers of one run; a nil writer is skipped.
type outputs struct {
	fa, bed, alt *bufio.Writer
}

func bufferOrNil(w io.Writer) *bufio.Writer {
	if w == nil {
		return nil
	}
	return bufio.NewWriterSize(w, 1<<20)
}

// flush flushes every output and returns the first error.
func (o *outputs) flush() error {
	for _, b := range []*bufio.Writer{o.fa, o.bed, o.alt} {
		if b == nil {
			continue
		}
		if err := b.Flush(); err != nil {
			return err
		}
	}
	return nil
}
