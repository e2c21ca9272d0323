package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// plantedVariant is one variant of a diploid individual: at 0-based pos,
// the reference bases ref become alt (indels keep their first base as VCF's
// padding base) on the haplotypes marked in onHap.
type plantedVariant struct {
	pos      int
	ref, alt string
	onHap    [2]bool
}

// mutateSpec says what to plant: per-base rates of SNPs and of indels, the
// share of indels placed in homopolymers and tandem repeats (where most
// real indels are, and where callers and aligners struggle), and the share
// of homozygous variants.
type mutateSpec struct {
	seed                 uint64
	snpRate, indelRate   float64
	repeatShare, homFrac float64
	maxIndel             int
}

// plantVariants draws the variants of one diploid individual on contig seq:
// sites at least 10 bases apart, none touching an N; SNPs to a random other
// base; indels of geometric length (mean about 2, at most maxIndel),
// insertions of random bases or, in a repeat, copies of the repeat unit;
// deletions of the bases after the padding base.
func plantVariants(rng *rand.Rand, seq []byte, spec mutateSpec) []plantedVariant {
	var out []plantedVariant
	last := -100
	for p := 1; p+spec.maxIndel+2 < len(seq); p++ {
		u := rng.Float64()
		isSNP := u < spec.snpRate
		isIndel := !isSNP && u < spec.snpRate+spec.indelRate
		if !isSNP && !isIndel {
			continue
		}
		if p-last < 10 || strings.ContainsRune(string(seq[p-1:p+spec.maxIndel+2]), 'N') {
			continue
		}
		var v plantedVariant
		if isSNP {
			v = plantedVariant{pos: p, ref: string(seq[p]), alt: string(otherBase(rng, seq[p]))}
		} else {
			v = plantIndel(rng, seq, p, spec)
		}
		switch {
		case rng.Float64() < spec.homFrac:
			v.onHap = [2]bool{true, true}
		default:
			v.onHap[rng.IntN(2)] = true
		}
		out = append(out, v)
		last = p + len(v.ref)
	}
	return out
}

// plantIndel draws one indel with padding base seq[p].
func plantIndel(rng *rand.Rand, seq []byte, p int, spec mutateSpec) plantedVariant {
	n := 1
	for n < spec.maxIndel && rng.Float64() < 0.45 {
		n++
	}
	pad := string(seq[p])
	if rng.Float64() < spec.repeatShare {
		// Grow or shrink the repeat that starts after the padding base by
		// one unit of its period (1 to 4).
		period := 1 + rng.IntN(4)
		unit := string(seq[p+1 : p+1+period])
		if rng.IntN(2) == 0 && p+1+2*period <= len(seq) {
			return plantedVariant{pos: p, ref: pad + unit, alt: pad}
		}
		return plantedVariant{pos: p, ref: pad, alt: pad + unit}
	}
	if rng.IntN(2) == 0 {
		return plantedVariant{pos: p, ref: string(seq[p : p+1+n]), alt: pad}
	}
	ins := make([]byte, n)
	for i := range ins {
		ins[i] = "ACGT"[rng.IntN(4)]
	}
	return plantedVariant{pos: p, ref: pad, alt: pad + string(ins)}
}

// otherBase returns a random base other than b.
func otherBase(rng *rand.Rand, b byte) byte {
	for {
		if c := "ACGT"[rng.IntN(4)]; c != b {
			return c
		}
	}
}

// applyHaplotype spells haplotype h of seq with the variants.
func applyHaplotype(seq []byte, vs []plantedVariant, h int) []byte {
	out := make([]byte, 0, len(seq)+len(seq)/100)
	p := 0
	for _, v := range vs {
		if !v.onHap[h] {
			continue
		}
		out = append(out, seq[p:v.pos]...)
		out = append(out, v.alt...)
		p = v.pos + len(v.ref)
	}
	return append(out, seq[p:]...)
}

// runMutate implements `benchtool mutate -seed S -o DIR REF.fa`: it writes
// DIR/hap1.fa and DIR/hap2.fa, the two haplotypes of one diploid
// individual, and DIR/truth.vcf, the planted variants with their genotypes,
// for read simulators that copy a genome as it is (ART).
func runMutate(args []string, stdout io.Writer) error {
	fs := newFlags("mutate", "REF.fa")
	spec := mutateSpec{}
	fs.Uint64Var(&spec.seed, "seed", 1, "random seed")
	fs.Float64Var(&spec.snpRate, "snp", 0.001, "SNPs per base")
	fs.Float64Var(&spec.indelRate, "indel", 0.0002, "indels per base")
	fs.Float64Var(&spec.repeatShare, "repeat", 0.5, "share of indels that grow or shrink a repeat")
	fs.Float64Var(&spec.homFrac, "hom", 1.0/3, "share of variants homozygous")
	fs.IntVar(&spec.maxIndel, "max-indel", 10, "longest indel")
	dir := fs.String("o", "", "output `folder` (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *dir == "" || spec.maxIndel < 1 {
		fs.Usage()
		return errors.New("need -o DIR, -max-indel >= 1 and one reference FASTA")
	}
	contigs, err := readFASTA(fs.Arg(0))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(spec.seed, 0x6d75746174))
	vars := make([][]plantedVariant, len(contigs))
	for i, c := range contigs {
		vars[i] = plantVariants(rng, c.Seq, spec)
	}
	for h := 0; h < 2; h++ {
		err := writeFile(filepath.Join(*dir, fmt.Sprintf("hap%d.fa", h+1)), func(w *bufio.Writer) error {
			for i, c := range contigs {
				hap := applyHaplotype(c.Seq, vars[i], h)
				fmt.Fprintf(w, ">%s\n", c.Name)
				for len(hap) > 0 {
					l := min(60, len(hap))
					w.Write(hap[:l])
					w.WriteByte('\n')
					hap = hap[l:]
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	n := 0
	err = writeFile(filepath.Join(*dir, "truth.vcf"), func(w *bufio.Writer) error {
		fmt.Fprintln(w, "##fileformat=VCFv4.2")
		for _, c := range contigs {
			fmt.Fprintf(w, "##contig=<ID=%s,length=%d>\n", c.Name, len(c.Seq))
		}
		fmt.Fprintln(w, "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">")
		fmt.Fprintln(w, "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ttruth")
		for i, c := range contigs {
			for _, v := range vars[i] {
				gt := "0|1"
				switch {
				case v.onHap[0] && v.onHap[1]:
					gt = "1|1"
				case v.onHap[0]:
					gt = "1|0"
				}
				fmt.Fprintf(w, "%s\t%d\t.\t%s\t%s\t.\tPASS\t.\tGT\t%s\n", c.Name, v.pos+1, v.ref, v.alt, gt)
				n++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "planted %d variants\n", n)
	return nil
}

// writeFile writes path through a buffered writer.
func writeFile(path string, fill func(w *bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := fill(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
