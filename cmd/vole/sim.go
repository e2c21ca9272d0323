package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/internal/sim"
)

func init() { register(newSimCmd) }

// newSimCmd builds `vole sim`, the hidden group of simulators used by the
// benchmarks and the held-out evaluation: test genomes, not biology.
func newSimCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:    "sim",
		Short:  "Simulate test data: human-like genomes and diploid samples",
		Hidden: true,
		Long: `Simulators for benchmarks and evaluation (hidden from vole --help: they make
test data, not results). See the help of each subcommand.`,
	}
	cmd.AddCommand(newSimGenomeCmd(), newSimDiploidCmd())
	return cmd
}

// newSimGenomeCmd builds `vole sim genome`.
func newSimGenomeCmd() *cobra.Command {
	var (
		size, out string
		noBed     bool
		quiet     bool
	)
	d := sim.DefaultHumanOptions(0, 1)
	o := &d
	cmd := &cobra.Command{
		Use:   "genome --size N -o OUT.fa",
		Short: "Write a human-like genome of any size (repeats, duplications, satellites, gaps)",
		Long: `Write a human-like genome: GRCh38's 24 chromosomes scaled to --size, each with
telomere gaps and an alpha-satellite centromere around an N gap (short arms
of N on chr13, 14, 15, 21, 22), then small unplaced- and decoy-like contigs,
then optional alt-like contigs. Along the arms: background of isochore-like
G+C around --gc; Alu-like (~300 bp, 2-20% divergence, poly-A tails),
L1-like (6 kb, mostly 5'-truncated), LTR- and DNA-transposon-like families
with subfamilies of different ages; segmental duplications (10-500 kb, 0.5-3%
divergence, within and between chromosomes); satellite arrays; micro-
satellites and homopolymers; scattered N gaps. Sizes of large features shrink
with the genome. The same options and seed always give the same files.

Writes OUT.fa (60 bases a line), BASE.bed (every planted feature: class,
divergence, source; BASE is OUT without .fa/.fasta), BASE.repeats.fa (the
consensus sequences) and, with --alts, OUT.fa.alt: the alt contigs aligned
to their primary regions in SAM, bwa's .alt format, which bwa mem reads
next to its index. Memory stays bounded (segmental-duplication pool plus the
alt sources); the genome is written as it is drawn.

Sizes take k, m, g suffixes (decimal: 1g = 1,000,000,000 bases).`,
		Example: `  vole sim genome --size 4m --seed 7 -o g4m.fa
  vole sim genome --size 3.1g --contigs 3000 --alts 261 --soft-mask -o hs.fa
  vole sim genome --size 50m --alu 0 --l1 0 --segdup 0.1 -o sd.fa   # change the mix`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			n, err := parseBases(size)
			if err != nil {
				return fmt.Errorf("--size: %w", err)
			}
			if out == "" || out == "-" {
				return fmt.Errorf("-o OUT.fa is required (the side files are named after it)")
			}
			o.Size = n
			start := time.Now()
			sum, files, err := writeHumanLike(out, *o, !noBed)
			if err != nil {
				return err
			}
			if !quiet {
				fmt.Fprintf(cmd.ErrOrStderr(), "vole: wrote %d contigs (%d alt), %d bases in %.1fs: %s\n",
					sum.Contigs, sum.Alts, sum.Bases, time.Since(start).Seconds(), strings.Join(files, ", "))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&size, "size", "", "total bases, alts included (e.g. 4m, 1g) (required)")
	f.StringVarP(&out, "output", "o", "", "output FASTA (required)")
	f.Uint64Var(&o.Seed, "seed", o.Seed, "random seed")
	f.IntVar(&o.Contigs, "contigs", 0, "primary and small contigs (0: 24 plus one per Mb, at most 3000)")
	f.IntVar(&o.Alts, "alts", 0, "alt-like contigs (GRCh38 has 261)")
	f.Float64Var(&o.AltFraction, "alt-fraction", o.AltFraction, "share of the bases in alt contigs")
	f.Float64Var(&o.SmallFraction, "small-fraction", o.SmallFraction, "share of the bases in small contigs")
	f.Float64Var(&o.GC, "gc", o.GC, "mean G+C of the background")
	f.Float64Var(&o.Alu, "alu", o.Alu, "share of Alu-like repeats")
	f.Float64Var(&o.L1, "l1", o.L1, "share of L1-like repeats")
	f.Float64Var(&o.LTR, "ltr", o.LTR, "share of LTR/ERV-like repeats")
	f.Float64Var(&o.DNA, "dna", o.DNA, "share of DNA-transposon-like repeats")
	f.Float64Var(&o.SegDup, "segdup", o.SegDup, "share of segmental duplications")
	f.Float64Var(&o.Satellite, "satellite", o.Satellite, "share of satellite arrays")
	f.Float64Var(&o.Microsat, "microsat", o.Microsat, "share of microsatellites and homopolymers")
	f.Float64Var(&o.N, "n", o.N, "share of N gaps")
	f.BoolVar(&o.SoftMask, "soft-mask", false, "write repeats in lower case")
	f.IntVar(&o.PoolBytes, "pool", o.PoolBytes, "bytes kept as segmental duplication sources")
	f.BoolVar(&noBed, "no-bed", false, "do not write the annotation BED")
	f.BoolVarP(&quiet, "quiet", "q", false, "print nothing on success")
	return cmd
}

// newSimDiploidCmd builds `vole sim diploid`.
func newSimDiploidCmd() *cobra.Command {
	var (
		prefix string
		quiet  bool
	)
	d := sim.DefaultDiploidOptions(1)
	o := &d
	cmd := &cobra.Command{
		Use:   "diploid REF.fa -o PREFIX",
		Short: "Plant SNPs and indels in a reference: two haplotype FASTAs and a truth VCF",
		Long: `Plant one diploid sample's SNPs and short indels (heterozygous on a random
haplotype, or homozygous) anywhere in REF.fa, repeats included, and write
PREFIX.hap1.fa and PREFIX.hap2.fa (the two haplotypes, contigs named as in
REF.fa) and PREFIX.vcf (the phased truth, indels left-aligned, as bcftools
norm writes them). Read simulators that take one sequence per haplotype
(ART) then draw half the coverage from each; dwgsim plants its own variants
in REF.fa directly. Memory: REF.fa at 2 bits a base plus its longest contig.`,
		Example: `  vole sim diploid g.fa -o s1 --seed 2
  art_illumina -ss HS25 -p -l 150 -f 15 -m 400 -s 40 -rs 1 -i s1.hap1.fa -o s1_h1_
  art_illumina -ss HS25 -p -l 150 -f 15 -m 400 -s 40 -rs 2 -i s1.hap2.fa -o s1_h2_
  cat s1_h1_1.fq s1_h2_1.fq > s1_R1.fq; cat s1_h1_2.fq s1_h2_2.fq > s1_R2.fq`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if prefix == "" {
				return fmt.Errorf("-o PREFIX is required")
			}
			ref, err := index.ReadFASTA(args[0])
			if err != nil {
				return err
			}
			paths := []string{prefix + ".hap1.fa", prefix + ".hap2.fa", prefix + ".vcf"}
			files, err := createAll(paths)
			defer files.abort()
			if err != nil {
				return err
			}
			sum, err := sim.PlantDiploid(ref, files[0], files[1], files[2], *o)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if err := files.commit(); err != nil {
				return err
			}
			if !quiet {
				fmt.Fprintf(cmd.ErrOrStderr(), "vole: planted %d SNPs and %d indels (%d homozygous): %s\n",
					sum.SNPs, sum.Indels, sum.Hom, strings.Join(paths, ", "))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&prefix, "output", "o", "", "output prefix (required)")
	f.Uint64Var(&o.Seed, "seed", o.Seed, "random seed")
	f.Float64Var(&o.SNPRate, "snp-rate", o.SNPRate, "SNP sites per base")
	f.Float64Var(&o.IndelRate, "indel-rate", o.IndelRate, "indel sites per base")
	f.Float64Var(&o.HomFraction, "hom", o.HomFraction, "share of sites homozygous")
	f.IntVar(&o.MaxIndel, "max-indel", o.MaxIndel, "longest indel")
	f.StringVar(&o.Sample, "sample", o.Sample, "sample name in the VCF")
	f.BoolVarP(&quiet, "quiet", "q", false, "print nothing on success")
	return cmd
}

// writeHumanLike writes the genome and its side files atomically: all of
// them or none. It returns the files written.
func writeHumanLike(out string, o sim.HumanOptions, bed bool) (sim.HumanSummary, []string, error) {
	base := strings.TrimSuffix(strings.TrimSuffix(out, ".fa"), ".fasta")
	paths := []string{out, base + ".repeats.fa"}
	dsts := []*io.Writer{nil, &o.Library}
	if bed {
		paths, dsts = append(paths, base+".bed"), append(dsts, &o.Annotation)
	}
	if o.Alts > 0 {
		paths, dsts = append(paths, out+".alt"), append(dsts, &o.Alt)
	}
	files, err := createAll(paths)
	defer files.abort()
	if err != nil {
		return sim.HumanSummary{}, nil, err
	}
	for i, d := range dsts[1:] {
		*d = files[i+1]
	}
	sum, err := sim.HumanLike(files[0], o)
	if err != nil {
		return sum, nil, fmt.Errorf("%s: %w", out, err)
	}
	return sum, paths, files.commit()
}

// outputSet is a group of outputs that are all written or none: each is
// an atomic file, renamed into place only by commit.
type outputSet []*fileio.AtomicFile

// createAll starts an atomic output for each path; on error the set holds
// those created so far, for abort.
func createAll(paths []string) (outputSet, error) {
	var s outputSet
	for _, p := range paths {
		f, err := fileio.Create(p)
		if err != nil {
			return s, err
		}
		s = append(s, f)
	}
	return s, nil
}

func (s outputSet) commit() error {
	for _, f := range s {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// abort removes every output not committed; `defer s.abort()` is the usual
// pattern.
func (s outputSet) abort() {
	for _, f := range s {
		f.Abort()
	}
}

// parseBases reads a base count with an optional decimal k, m or g suffix
// (either case): 4m, 3.1g, 500k, 1000.
func parseBases(s string) (int, error) {
	mult := 1.0
	t := strings.ToLower(strings.TrimSpace(s))
	if t != "" {
		switch t[len(t)-1] {
		case 'k':
			mult = 1e3
		case 'm':
			mult = 1e6
		case 'g':
			mult = 1e9
		}
		if mult > 1 {
			t = t[:len(t)-1]
		}
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil || !(x >= 0) || x*mult > math.MaxInt32*4 { // !(x >= 0) also catches NaN
		return 0, fmt.Errorf("%q is not a number of bases (e.g. 4m, 3.1g)", s)
	}
	return int(math.Round(x * mult)), nil
}
