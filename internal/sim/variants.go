package sim

import (
	"math/rand/v2"
	"sort"
)

// Variant is a planted variant in VCF form: Pos is 0-based on the contig,
// Ref and Alt share their first base for an indel, and the indel is
// left-normalized (it cannot be shifted left), so it compares equal to a
// normalized call. Haps[s][h] says whether haplotype h of sample s carries
// Alt.
type Variant struct {
	Contig int
	Pos    int
	Ref    string
	Alt    string
	Haps   [][2]bool
}

// AltCopies is the number of Alt alleles sample s carries: 0, 1 or 2.
func (v *Variant) AltCopies(s int) int {
	n := 0
	for _, h := range v.Haps[s] {
		if h {
			n++
		}
	}
	return n
}

// IsSNP reports a single-base substitution.
func (v *Variant) IsSNP() bool { return len(v.Ref) == 1 && len(v.Alt) == 1 }

// Variant site rules: the margin keeps sites away from contig ends, the
// spacing keeps each site alone in its read window, the flank keeps it off
// repeats.
const (
	siteMargin  = 400
	siteSpacing = 60
	repeatFlank = 30
	maxIndel    = 4
)

// plantVariants draws about one site per cfg.VariantSpacing bases outside
// repeats. The first site is a SNP homozygous-alternate in every sample, so
// the "shared homozygous" answer always exists; every other site is a SNP
// (80%) or an indel of 1-4 bases, with each sample homozygous-reference
// (50%), heterozygous (30%, on a random haplotype) or homozygous-alternate
// (20%), redrawn until some sample carries it.
func plantVariants(cfg *Config, g []Contig) []Variant {
	rng := cfg.stream(variantStream)
	ns := len(cfg.Samples)
	var out []Variant
	for ci := range g {
		c := &g[ci]
		want := max(1, len(c.Seq)/cfg.VariantSpacing)
		taken := map[int]bool{}
		for tries := 0; len(taken) < want && tries < 50*want; tries++ {
			pos := siteMargin + rng.IntN(len(c.Seq)-2*siteMargin)
			if !c.free(pos, taken) {
				continue
			}
			var v Variant
			if len(out) == 0 {
				v = Variant{Pos: pos, Ref: string(c.Seq[pos]), Alt: string(otherBase(rng, c.Seq[pos])), Haps: allHomAlt(ns)}
			} else {
				var ok bool
				if v, ok = drawAlleles(rng, c, pos); !ok {
					continue
				}
				v.Haps = drawGenotypes(rng, ns)
			}
			v.Contig = ci
			taken[pos] = true
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Contig != out[j].Contig {
			return out[i].Contig < out[j].Contig
		}
		return out[i].Pos < out[j].Pos
	})
	return out
}

// free reports whether a site at pos is off repeats and N by repeatFlank and
// at least siteSpacing from every taken site.
func (c *Contig) free(pos int, taken map[int]bool) bool {
	for j := pos - repeatFlank; j <= pos+repeatFlank+maxIndel; j++ {
		if c.Repeat[j] || c.Seq[j] == 'N' {
			return false
		}
	}
	for p := range taken {
		if p > pos-siteSpacing && p < pos+siteSpacing {
			return false
		}
	}
	return true
}

// drawAlleles draws a SNP (80%) or a left-normalized indel at pos; ok is
// false when the drawn indel could shift left (the caller then tries another
// site).
func drawAlleles(rng *rand.Rand, c *Contig, pos int) (Variant, bool) {
	r := rng.Float64()
	anchor := c.Seq[pos]
	n := 1 + rng.IntN(maxIndel)
	switch {
	case r < 0.8:
		return Variant{Pos: pos, Ref: string(anchor), Alt: string(otherBase(rng, anchor))}, true
	case r < 0.9: // deletion of Seq[pos+1 : pos+1+n]
		if c.Seq[pos+n] == anchor {
			return Variant{}, false
		}
		return Variant{Pos: pos, Ref: string(c.Seq[pos : pos+1+n]), Alt: string(anchor)}, true
	default: // insertion of ins after pos
		ins := randomBases(rng, n)
		if ins[n-1] == anchor {
			return Variant{}, false
		}
		return Variant{Pos: pos, Ref: string(anchor), Alt: string(anchor) + string(ins)}, true
	}
}

func allHomAlt(ns int) [][2]bool {
	h := make([][2]bool, ns)
	for i := range h {
		h[i] = [2]bool{true, true}
	}
	return h
}

func drawGenotypes(rng *rand.Rand, ns int) [][2]bool {
	h := make([][2]bool, ns)
	for {
		any := false
		for i := range h {
			switch r := rng.Float64(); {
			case r < 0.5:
				h[i] = [2]bool{}
			case r < 0.8:
				k := rng.IntN(2)
				h[i] = [2]bool{k == 0, k == 1}
				any = true
			default:
				h[i] = [2]bool{true, true}
				any = true
			}
		}
		if any {
			return h
		}
	}
}
