package vcf

import (
	"fmt"
	"sort"
	"strings"
)

// ViewOptions select records and samples for `vole vcf view`.
type ViewOptions struct {
	// Genotype keeps a record when at least one selected sample has this
	// genotype: "hom" (homozygous ALT, haploid ALT included), "het" (two
	// different alleles, 1/2 included), "ref" (homozygous REF), "miss" (an
	// allele missing), or an exact GT. An exact GT written with '/' matches
	// whatever the phase and allele order ("0/1" matches 1|0); written with
	// '|' it matches that phased genotype only. Empty keeps every record.
	//
	// bcftools view -g hom also keeps homozygous-REF genotypes; vole's "hom"
	// means ALT only, and "hom" together with "ref" is bcftools's "hom".
	Genotype string
	// Samples restricts the output to these samples, in this order, and the
	// Genotype test to them. Empty means all samples.
	Samples []string
	// PassOnly keeps only records whose FILTER is PASS or '.'.
	PassOnly bool
}

// View applies ViewOptions to the records of one VCF.
type View struct {
	// Header is the output header: the input's with the selected samples.
	Header  *Header
	columns []int // input sample columns to keep, in output order
	match   func(Genotype) bool
	pass    bool
}

// NewView checks opt against the input header h: every sample named must
// exist and Genotype must be a class or a valid GT.
func NewView(h *Header, opt ViewOptions) (*View, error) {
	v := &View{pass: opt.PassOnly}
	out := *h
	if len(opt.Samples) > 0 {
		index := map[string]int{}
		for i, s := range h.Samples {
			index[s] = i
		}
		out.Samples = nil
		for _, s := range opt.Samples {
			i, ok := index[s]
			if !ok {
				return nil, fmt.Errorf("sample %q is not in the VCF (samples: %s)", s, strings.Join(h.Samples, ", "))
			}
			if i < 0 {
				return nil, fmt.Errorf("sample %q is named twice", s)
			}
			index[s] = -1 // taken
			v.columns = append(v.columns, i)
			out.Samples = append(out.Samples, s)
		}
	} else {
		for i := range h.Samples {
			v.columns = append(v.columns, i)
		}
	}
	v.Header = &out
	if opt.Genotype != "" {
		m, err := genotypeMatcher(opt.Genotype)
		if err != nil {
			return nil, err
		}
		v.match = m
	}
	return v, nil
}

// genotypeMatcher returns the test for a -g argument.
func genotypeMatcher(s string) (func(Genotype) bool, error) {
	switch s {
	case "hom":
		return Genotype.IsHomAlt, nil
	case "het":
		return Genotype.IsHet, nil
	case "ref":
		return Genotype.IsHomRef, nil
	case "miss":
		return func(g Genotype) bool { return !g.Called() }, nil
	}
	want, err := ParseGenotype(s)
	if err != nil || !wellFormedGT(s) {
		return nil, fmt.Errorf("bad -g %q: want hom, het, ref, miss or a GT such as 1/1", s)
	}
	if want.Phased {
		text := want.String()
		return func(g Genotype) bool { return g.String() == text }, nil
	}
	key := unorderedKey(want)
	return func(g Genotype) bool { return unorderedKey(g) == key }, nil
}

// wellFormedGT reports whether a -g genotype has an allele (a number or
// '.') on each side of every separator. ParseGenotype reads data leniently
// ("1/" as "1"), but a -g "1/" is a typing slip that would otherwise match
// only haploid calls, and so nothing, in silence.
func wellFormedGT(s string) bool {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '/' || s[i] == '|' {
			if i == start {
				return false
			}
			start = i + 1
		}
	}
	return true
}

// unorderedKey writes a genotype's alleles sorted, ignoring phase.
func unorderedKey(g Genotype) string {
	a := append([]int(nil), g.Alleles...)
	sort.Ints(a)
	return fmt.Sprint(a)
}

// Apply returns r restricted to the selected samples and whether it is kept.
// A record that needs a genotype test but has no GT, or whose GT cannot be
// parsed, fails with an error naming the sample.
func (v *View) Apply(r *Record) (*Record, bool, error) {
	if v.pass && !r.IsPass() {
		return nil, false, nil
	}
	if v.match != nil {
		ok, err := v.anyMatch(r)
		if err != nil || !ok {
			return nil, false, err
		}
	}
	if len(v.columns) == len(r.Samples) && isIdentity(v.columns) {
		return r, true, nil
	}
	out := *r
	out.Samples = make([][]string, len(v.columns))
	for i, c := range v.columns {
		out.Samples[i] = r.Samples[c]
	}
	return &out, true, nil
}

// anyMatch reports whether a selected sample's GT passes the genotype test.
func (v *View) anyMatch(r *Record) (bool, error) {
	k := r.FormatIndex("GT")
	if k < 0 {
		return false, nil
	}
	for i, c := range v.columns {
		gt := "." // a GT dropped as a trailing field is missing
		if k < len(r.Samples[c]) {
			gt = r.Samples[c][k]
		}
		g, err := ParseGenotype(gt)
		if err != nil {
			return false, fmt.Errorf("sample %s: %w", v.Header.Samples[i], err)
		}
		if v.match(g) {
			return true, nil
		}
	}
	return false, nil
}

// isIdentity reports whether cols is 0, 1, 2, ...
func isIdentity(cols []int) bool {
	for i, c := range cols {
		if i != c {
			return false
		}
	}
	return true
}
