package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

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
	cmd.AddCommand(newSimGenomeCmd())
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

// writeHumanLike writes the genome and its side files atomically: all of
// them or none. It returns the files written.
func writeHumanLike(out string, o sim.HumanOptions, bed bool) (sim.HumanSummary, []string, error) {
	base := strings.TrimSuffix(strings.TrimSuffix(out, ".fa"), ".fasta")
	type file struct {
		path string
		dst  *io.Writer
	}
	files := []file{{out, nil}, {base + ".repeats.fa", &o.Library}}
	if bed {
		files = append(files, file{base + ".bed", &o.Annotation})
	}
	if o.Alts > 0 {
		files = append(files, file{out + ".alt", &o.Alt})
	}
	var created []*fileio.AtomicFile
	defer func() {
		for _, f := range created {
			f.Abort()
		}
	}()
	var names []string
	for _, f := range files {
		af, err := fileio.Create(f.path)
		if err != nil {
			return sim.HumanSummary{}, nil, err
		}
		created = append(created, af)
		names = append(names, f.path)
		if f.dst != nil {
			*f.dst = af
		}
	}
	sum, err := sim.HumanLike(created[0], o)
	if err != nil {
		return sum, nil, fmt.Errorf("%s: %w", out, err)
	}
	for _, f := range created {
		if err := f.Commit(); err != nil {
			return sum, nil, err
		}
	}
	return sum, names, nil
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
	if err != nil || x < 0 || math.IsInf(x, 0) || x*mult > math.MaxInt32*4 {
		return 0, fmt.Errorf("%q is not a number of bases (e.g. 4m, 3.1g)", s)
	}
	return int(math.Round(x * mult)), nil
}
