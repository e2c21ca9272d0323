package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
)

// genomeSpec describes a synthetic genome.
type genomeSpec struct {
	Size      int     // total bases over all contigs
	Contigs   int     // number of contigs, of near-equal length
	Seed      uint64  // PCG seed: the same spec always gives the same genome
	RepeatFrc float64 // fraction of bases that are mutated copies of earlier segments
}

// synthGenome generates the contigs of spec. Bases are uniform i.i.d. except
// that about RepeatFrc of them are copies (1-5 kb, 1% substitutions) of
// earlier segments of the same contig, so that the suffix array meets the
// long shared prefixes real genomes have (an i.i.d. text has none longer than
// ~log4(n) bases and flatters index builders).
func synthGenome(spec genomeSpec) [][]byte {
	rng := rand.New(rand.NewPCG(spec.Seed, 0x766f6c65))
	const acgt = "ACGT"
	contigs := make([][]byte, spec.Contigs)
	for c := range contigs {
		n := spec.Size / spec.Contigs
		if c < spec.Size%spec.Contigs {
			n++
		}
		s := make([]byte, 0, n)
		for len(s) < n {
			if len(s) > 10000 && rng.Float64() < spec.RepeatFrc/3000 {
				l := min(1000+rng.IntN(4000), n-len(s))
				from := rng.IntN(len(s) - l)
				for i := range l {
					b := s[from+i]
					if rng.IntN(100) == 0 {
						b = acgt[rng.IntN(4)]
					}
					s = append(s, b)
				}
				continue
			}
			s = append(s, acgt[rng.IntN(4)])
		}
		contigs[c] = s
	}
	return contigs
}

// writeFASTA writes contigs named prefix1, prefix2, ... with 60-base lines.
func writeFASTA(w io.Writer, prefix string, contigs [][]byte) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	for i, s := range contigs {
		fmt.Fprintf(bw, ">%s%d\n", prefix, i+1)
		for len(s) > 0 {
			l := min(60, len(s))
			bw.Write(s[:l])
			bw.WriteByte('\n')
			s = s[l:]
		}
	}
	return bw.Flush()
}

// runGenome implements `benchtool genome -size N [-contigs K] [-seed S] -o OUT.fa`.
func runGenome(args []string, stdout io.Writer) error {
	fs := newFlags("genome", "")
	var spec genomeSpec
	fs.IntVar(&spec.Size, "size", 0, "total genome `bases` (required)")
	fs.IntVar(&spec.Contigs, "contigs", 1, "number of contigs")
	fs.Uint64Var(&spec.Seed, "seed", 1, "random seed")
	fs.Float64Var(&spec.RepeatFrc, "repeats", 0.05, "fraction of bases in mutated copies of earlier segments")
	out := fs.String("o", "", "output FASTA `file` (default stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if spec.Size < 1 || spec.Contigs < 1 || spec.Contigs > spec.Size || spec.RepeatFrc < 0 || spec.RepeatFrc >= 1 {
		fs.Usage()
		return errors.New("need -size >= 1, 1 <= -contigs <= size and 0 <= -repeats < 1")
	}
	contigs := synthGenome(spec)
	return writeOutput(*out, stdout, func(w io.Writer) error { return writeFASTA(w, "synth", contigs) })
}
