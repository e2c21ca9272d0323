package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// Tandem-array genome for the held-out alignment benchmark: reads inside
// arrays of a 150-base unit are the hardest to place and to give a MAPQ
// (every copy is a candidate, the right one differs by a few bases), and a
// segment present twice exactly shows whether equal hits are shared between
// the copies. The layout: two contigs, each a run of random spacers
// (tandemSpacer bases, uniform A/C/G/T) with, between them, one array per
// copy count of tandemCopies at each divergence of tandemDivergence (half
// the arrays on each contig), and one copy of a tandemSegment-base random
// segment on each contig.

var (
	tandemCopies     = []int{20, 60, 150, 500, 1000}
	tandemDivergence = []float64{0, 0.005, 0.01, 0.02}
)

const (
	tandemUnit    = 150
	tandemSpacer  = 20000
	tandemSegment = 5000
)

// tandemFeature is one planted feature: contig index, 0-based start, end
// and name.
type tandemFeature struct {
	contig     int
	start, end int
	name       string
}

// tandemGenome builds the genome of seed: two contigs and their features.
// Each array copies its unit and substitutes each base with probability
// equal to the divergence, independently per copy.
func tandemGenome(seed uint64) ([2][]byte, []tandemFeature) {
	rng := rand.New(rand.NewPCG(seed, 0x7a4d3e))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "ACGT"[rng.IntN(4)]
		}
		return b
	}
	var g [2][]byte
	var feats []tandemFeature
	add := func(c int, seq []byte, name string) {
		g[c] = append(g[c], random(tandemSpacer)...)
		feats = append(feats, tandemFeature{c, len(g[c]), len(g[c]) + len(seq), name})
		g[c] = append(g[c], seq...)
	}
	segment := random(tandemSegment)
	k := 0
	for _, n := range tandemCopies {
		for _, d := range tandemDivergence {
			unit := random(tandemUnit)
			arr := make([]byte, 0, n*tandemUnit)
			for i := 0; i < n; i++ {
				for _, b := range unit {
					if rng.Float64() < d {
						b = "ACGT"[(strings.IndexByte("ACGT", b)+1+rng.IntN(3))%4]
					}
					arr = append(arr, b)
				}
			}
			add(k%2, arr, fmt.Sprintf("array_%dx%d_div%g", n, tandemUnit, d))
			k++
		}
	}
	add(0, segment, "segment_copy1")
	add(1, segment, "segment_copy2")
	for c := range g {
		g[c] = append(g[c], random(tandemSpacer)...)
	}
	return g, feats
}

// runTandem implements `benchtool tandem [-seed S] -o OUT.fa`: writes the
// tandem-array genome as OUT.fa and its features as OUT.bed (BED: contig,
// 0-based start, end, name).
func runTandem(args []string, _ io.Writer) error {
	fs := newFlags("tandem", "")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("o", "", "output FASTA `file` (required; the BED is written beside it)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		fs.Usage()
		return errors.New("-o OUT.fa is required")
	}
	g, feats := tandemGenome(*seed)
	names := [2]string{"tandem1", "tandem2"}
	err := writeOutput(*out, nil, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		for c, s := range g {
			fmt.Fprintf(bw, ">%s\n", names[c])
			for i := 0; i < len(s); i += 60 {
				bw.Write(s[i:min(i+60, len(s))])
				bw.WriteByte('\n')
			}
		}
		return bw.Flush()
	})
	if err != nil {
		return err
	}
	bed := strings.TrimSuffix(strings.TrimSuffix(*out, ".fa"), ".fasta") + ".bed"
	return writeOutput(bed, nil, func(w io.Writer) error {
		for _, f := range feats {
			if _, err := fmt.Fprintf(w, "%s\t%d\t%d\t%s\n", names[f.contig], f.start, f.end, f.name); err != nil {
				return err
			}
		}
		return nil
	})
}
