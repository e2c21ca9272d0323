package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
)

// tileSpec says where reads are tiled: every step bases over [from, to) of
// contig (all contigs whole when contig < 0).
type tileSpec struct {
	step, contig, from, to int
	seed                   uint64
}

// writeTiles writes a coordinate-sorted SAM of 150-base single-end reads
// tiled over contigs, alternating strands, with a het SNP every 1000 bases
// (on every other read) and 0.5% substitution errors at Q30; reads
// touching an N are left out. It is input for measuring a caller's memory
// and speed at genome scale without aligning anything.
func writeTiles(w io.Writer, contigs []fastaContig, spec tileSpec) error {
	const n = 150
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintln(bw, "@HD\tVN:1.6\tSO:coordinate")
	for _, c := range contigs {
		fmt.Fprintf(bw, "@SQ\tSN:%s\tLN:%d\n", c.Name, len(c.Seq))
	}
	fmt.Fprintln(bw, "@RG\tID:tiles\tSM:tiles")
	rng := rand.New(rand.NewPCG(spec.seed, 0x74696c6573))
	qual := make([]byte, n)
	for i := range qual {
		qual[i] = '?'
	}
	read := make([]byte, n)
	id := 0
	for ci, c := range contigs {
		if spec.contig >= 0 && ci != spec.contig {
			continue
		}
		lo, hi := 0, len(c.Seq)-n
		if spec.contig >= 0 {
			lo, hi = spec.from, min(spec.to, hi)
		}
	reads:
		for p := lo; p < hi; p += spec.step {
			id++
			copy(read, c.Seq[p:p+n])
			for k, b := range read {
				if b == 'N' {
					continue reads
				}
				if (p+k)%1000 == 500 && id%2 == 0 {
					read[k] = otherBase(rng, b)
				}
				if rng.IntN(200) == 0 {
					read[k] = "ACGT"[rng.IntN(4)]
				}
			}
			fmt.Fprintf(bw, "t%d\t%d\t%s\t%d\t60\t%dM\t*\t0\t0\t%s\t%s\n", id, (id%2)*16, c.Name, p+1, n, read, qual)
		}
	}
	return bw.Flush()
}

// runTiles implements `benchtool tiles -step N [-contig I -from A -to B] REF.fa`.
func runTiles(args []string, stdout io.Writer) error {
	fs := newFlags("tiles", "REF.fa")
	spec := tileSpec{}
	fs.IntVar(&spec.step, "step", 5, "bases between read starts (150/step is the depth)")
	fs.IntVar(&spec.contig, "contig", -1, "tile only this contig (0-based index)")
	fs.IntVar(&spec.from, "from", 0, "with -contig: first base (0-based)")
	fs.IntVar(&spec.to, "to", 0, "with -contig: end (exclusive)")
	fs.Uint64Var(&spec.seed, "seed", 1, "random seed")
	out := fs.String("o", "", "output SAM `file` (default stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || spec.step < 1 {
		fs.Usage()
		return errors.New("need -step >= 1 and one reference FASTA")
	}
	contigs, err := readFASTA(fs.Arg(0))
	if err != nil {
		return err
	}
	return writeOutput(*out, stdout, func(w io.Writer) error { return writeTiles(w, contigs, spec) })
}
