package main

import (
	"errors"
	"io"

	"github.com/vole-bio/vole/internal/sim"
)

// runGenome implements `benchtool genome -size N [-contigs K] [-alts A]
// [-seed S] -o OUT.fa`: the human-like genome of internal/sim with its
// GRCh38-like defaults (repeat families, segmental duplications,
// satellites, N gaps, small contigs), so that bench/run.sh needs nothing but
// benchtool. `vole sim genome` exposes the same generator with every option
// and its annotation; this subcommand writes the FASTA alone.
func runGenome(args []string, stdout io.Writer) error {
	fs := newFlags("genome", "")
	size := fs.Int("size", 0, "total genome `bases` (required)")
	contigs := fs.Int("contigs", 0, "primary and small contigs (0: 24 plus one per Mb, at most 3000)")
	alts := fs.Int("alts", 0, "alt-like contigs")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("o", "", "output FASTA `file` (default stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *size < sim.MinHumanSize || *contigs < 0 || *alts < 0 {
		fs.Usage()
		return errors.New("need -size >= 100000 and non-negative -contigs and -alts")
	}
	o := sim.DefaultHumanOptions(*size, *seed)
	o.Contigs, o.Alts = *contigs, *alts
	return writeOutput(*out, stdout, func(w io.Writer) error {
		_, err := sim.HumanLike(w, o)
		return err
	})
}
