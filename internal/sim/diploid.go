package sim

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/pileup/vcf"
)

// DiploidOptions describes the variants PlantDiploid plants in one sample.
// Start from DefaultDiploidOptions.
type DiploidOptions struct {
	Seed uint64
	// SNPRate and IndelRate are variant sites per reference base;
	// HomFraction the share of sites where both haplotypes carry the
	// alternate allele (the others are heterozygous, on a random
	// haplotype).
	SNPRate, IndelRate, HomFraction float64
	// MaxIndel is the longest insertion or deletion.
	MaxIndel int
	// Sample names the sample in the truth VCF.
	Sample string
}

// DefaultDiploidOptions returns a human-like sample: a SNP per 1,000 bases
// and an indel per 7,000 against the reference (a human genome carries about
// 3.5 million SNPs and 0.5 million short indels), 35% of sites homozygous,
// indels up to 10 bases.
func DefaultDiploidOptions(seed uint64) DiploidOptions {
	return DiploidOptions{Seed: seed, SNPRate: 0.001, IndelRate: 0.00015, HomFraction: 0.35, MaxIndel: 10, Sample: "sample"}
}

// DiploidSummary counts the planted sites.
type DiploidSummary struct {
	SNPs, Indels, Hom int
}

// PlantDiploid plants SNPs and short indels in ref, contig by contig, and
// writes the sample's two haplotypes as FASTA (same contig names as ref, for
// read simulators such as ART that take one sequence per haplotype) and the
// phased truth VCF (variants left-aligned, as bcftools norm writes them).
// Sites fall anywhere, repeats included, but no REF allele holds an
// ambiguous base. Memory holds ref (2 bits a base) and one contig as bytes.
func PlantDiploid(ref *index.Reference, hap1, hap2, truth io.Writer, o DiploidOptions) (DiploidSummary, error) {
	var sum DiploidSummary
	if o.SNPRate < 0 || o.IndelRate < 0 || o.SNPRate+o.IndelRate > 0.1 || o.HomFraction < 0 || o.HomFraction > 1 || o.MaxIndel < 1 {
		return sum, fmt.Errorf("sim: SNP rate %v, indel rate %v (at most 0.1 together), hom fraction %v or max indel %d out of range",
			o.SNPRate, o.IndelRate, o.HomFraction, o.MaxIndel)
	}
	contigs := make([]vcf.Contig, len(ref.Contigs))
	for i, c := range ref.Contigs {
		contigs[i] = vcf.Contig{Name: c.Name, Length: c.Length}
	}
	tw, err := newTruthWriter(truth, []string{o.Sample}, contigs)
	if err != nil {
		return sum, err
	}
	pl := planter{r: newRNG(o.Seed, variantStream), o: &o}
	haps := [2]*emitter{{fa: bufio.NewWriterSize(hap1, 1<<20)}, {fa: bufio.NewWriterSize(hap2, 1<<20)}}
	for ci, c := range ref.Contigs {
		seq := ref.ContigSeq(ci)
		vars := pl.plant(seq, &sum)
		for h, e := range haps {
			e.startContig(c.Name, nil)
			walkHaplotype(len(seq), vars, 0, 0, h, func(from, to int) { e.emit(seq[from:to], false) },
				func(v *Variant) { e.emit([]byte(v.Alt), false) })
			e.endContig()
		}
		for i := range vars {
			if err := writeTruthRecord(tw, c.Name, &vars[i]); err != nil {
				return sum, err
			}
		}
	}
	for _, e := range haps {
		if err := e.fa.Flush(); err != nil {
			return sum, err
		}
	}
	return sum, tw.Flush()
}

// planter draws the variants of one contig at a time.
type planter struct {
	r *rng
	o *DiploidOptions
}

// plant walks seq with geometric gaps between candidate sites (rate SNPRate
// + IndelRate) and returns the sites, sorted and at least one base apart.
// A candidate that touches N, overlaps the previous site, or (for an indel)
// would have to move left past the previous site to be left-aligned is
// dropped.
func (pl *planter) plant(seq []byte, sum *DiploidSummary) []Variant {
	var vars []Variant
	rate := pl.o.SNPRate + pl.o.IndelRate
	bound := 1 // first position a site may use; keeps an anchor base before indels
	for p := pl.r.geometric(rate); p < len(seq)-pl.o.MaxIndel-1; p += 1 + pl.r.geometric(rate) {
		var v Variant
		var ok bool
		if pl.r.float()*rate < pl.o.SNPRate {
			v, ok = Variant{Pos: p, Ref: string(seq[p]), Alt: string(substitute(pl.r, seq[p]))}, seq[p] != 'N' && p >= bound
		} else {
			v, ok = pl.indel(seq, p, bound)
		}
		hom := pl.r.chance(pl.o.HomFraction)
		h := pl.r.intn(2)
		if !ok || bytes.IndexByte(seq[v.Pos:v.Pos+len(v.Ref)], 'N') >= 0 {
			continue
		}
		v.Haps = [][2]bool{{hom || h == 0, hom || h == 1}}
		if v.IsSNP() {
			sum.SNPs++
		} else {
			sum.Indels++
		}
		if hom {
			sum.Hom++
		}
		vars = append(vars, v)
		bound = v.Pos + len(v.Ref) + 1
		p = max(p, bound-1)
	}
	return vars
}

// indel draws an insertion or a deletion of 1 to MaxIndel bases after p and
// left-aligns it; ok is false when aligning it would cross bound.
func (pl *planter) indel(seq []byte, p, bound int) (Variant, bool) {
	n := min(1+pl.r.geometric(0.5), pl.o.MaxIndel)
	if pl.r.u64()&1 == 0 { // deletion of seq[s : s+n], anchor s-1
		s := p + 1
		for s-1 > bound && seq[s-1] == seq[s+n-1] {
			s--
		}
		if s-1 == bound && seq[s-1] == seq[s+n-1] || s-1 < bound {
			return Variant{}, false
		}
		return Variant{Pos: s - 1, Ref: string(seq[s-1 : s+n]), Alt: string(seq[s-1])}, true
	}
	ins := make([]byte, n) // insertion of ins after the anchor a
	for i := range ins {
		ins[i] = drawBase(pl.r.float(), 0.41)
	}
	a := p
	for a > bound && seq[a] == ins[n-1] {
		copy(ins[1:], ins[:n-1])
		ins[0] = seq[a]
		a--
	}
	if a == bound && seq[a] == ins[n-1] || a < bound {
		return Variant{}, false
	}
	return Variant{Pos: a, Ref: string(seq[a]), Alt: string(seq[a]) + string(ins)}, true
}
