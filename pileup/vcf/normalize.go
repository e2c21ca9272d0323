package vcf

import (
	"fmt"
	"strings"
)

// Reference returns the bases [start, end) (0-based, half-open) of a contig,
// uppercase. It fails when the contig is unknown or the range runs past the
// contig's end. Normalization reads the reference through it so that tests
// can use sequences held in memory.
type Reference func(contig string, start, end int) (string, error)

// MapReference returns a Reference over in-memory sequences keyed by contig
// name; the sequences are uppercased once.
func MapReference(seqs map[string]string) Reference {
	up := make(map[string]string, len(seqs))
	for k, v := range seqs {
		up[k] = strings.ToUpper(v)
	}
	return func(contig string, start, end int) (string, error) {
		s, ok := up[contig]
		if !ok {
			return "", fmt.Errorf("contig %s is not in the reference", contig)
		}
		if start < 0 || end > len(s) || start > end {
			return "", fmt.Errorf("%s:%d-%d is outside the reference contig (length %d)", contig, start+1, end, len(s))
		}
		return s[start:end], nil
	}
}

// Variant is one biallelic variant in normalized form: Pos is 1-based, Ref
// and Alt are uppercase.
type Variant struct {
	Chrom    string
	Pos      int
	Ref, Alt string
}

// String formats the variant as CHROM:POS:REF:ALT.
func (v Variant) String() string { return fmt.Sprintf("%s:%d:%s:%s", v.Chrom, v.Pos, v.Ref, v.Alt) }

// Normalize splits r into one biallelic Variant per ALT allele and brings
// each to its normalized form (Tan, Abecasis and Kang 2015, "Unified
// representation of genetic variants", Bioinformatics 31:2202; the algorithm
// of vt normalize and bcftools norm): a variant is normalized when it is
// parsimonious (no base can be trimmed from both alleles) and left-aligned
// (no shift to the left represents the same haplotype).
//
// With ref, each variant's REF is first checked against the reference; then
// the common last base is trimmed and, whenever an allele becomes empty, the
// reference base to the left is prepended to both (this moves an indel left
// through a repeat) until neither applies; finally the common first bases are
// trimmed while both alleles keep at least one base. Without ref (nil) only
// the trimming is done, so an indel inside a repeat keeps its position.
//
// Alleles that are not bases (symbolic <DEL>, breakends, '*') are kept as
// written; ALT alleles that do not differ from REF ('.', an ALT equal to REF,
// <*>, <NON_REF>, X) are dropped, so a record without a real ALT gives none.
func Normalize(r *Record, ref Reference) ([]Variant, error) {
	var out []Variant
	for _, alt := range r.Alt {
		switch t := AlleleType(r.Ref, alt); {
		case t == TypeRef || alt == ".":
			continue
		case !isBases(r.Ref) || !isBases(alt):
			out = append(out, Variant{r.Chrom, r.Pos, strings.ToUpper(r.Ref), alt})
			continue
		}
		v := Variant{r.Chrom, r.Pos, strings.ToUpper(r.Ref), strings.ToUpper(alt)}
		if v.Ref == v.Alt {
			continue // differs only in case: no variant
		}
		v, err := normalizeAllele(v, ref)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// isBases reports whether s is made of the letters ACGTN (any case).
func isBases(s string) bool {
	for i := 0; i < len(s); i++ {
		switch upper(s[i]) {
		case 'A', 'C', 'G', 'T', 'N':
		default:
			return false
		}
	}
	return s != ""
}

// normalizeAllele normalizes one biallelic variant whose alleles differ.
func normalizeAllele(v Variant, ref Reference) (Variant, error) {
	if ref != nil {
		got, err := ref(v.Chrom, v.Pos-1, v.Pos-1+len(v.Ref))
		if err != nil {
			return v, err
		}
		if !refMatches(got, v.Ref) {
			return v, fmt.Errorf("REF %s at %s:%d does not match the reference %s", v.Ref, v.Chrom, v.Pos, got)
		}
		if err := leftAlign(&v, ref); err != nil {
			return v, err
		}
	} else {
		for len(v.Ref) > 1 && len(v.Alt) > 1 && v.Ref[len(v.Ref)-1] == v.Alt[len(v.Alt)-1] {
			v.Ref, v.Alt = v.Ref[:len(v.Ref)-1], v.Alt[:len(v.Alt)-1]
		}
	}
	for len(v.Ref) > 1 && len(v.Alt) > 1 && v.Ref[0] == v.Alt[0] {
		v.Ref, v.Alt = v.Ref[1:], v.Alt[1:]
		v.Pos++
	}
	return v, nil
}

// refMatches compares a REF allele with the reference bases at its place; an
// N on either side matches any base.
func refMatches(refSeq, allele string) bool {
	if len(refSeq) != len(allele) {
		return false
	}
	for i := 0; i < len(refSeq); i++ {
		if refSeq[i] != allele[i] && refSeq[i] != 'N' && allele[i] != 'N' {
			return false
		}
	}
	return true
}

// leftAlign runs the trim-and-extend loop of Tan et al.: trim a common last
// base; when an allele is empty, prepend the reference base to the left.
// At the contig's first base an allele cannot be extended, so the last base
// is then trimmed only while both alleles keep one.
func leftAlign(v *Variant, ref Reference) error {
	for {
		switch {
		case v.Ref == "" || v.Alt == "":
			b, err := ref(v.Chrom, v.Pos-2, v.Pos-1)
			if err != nil {
				return err
			}
			v.Ref, v.Alt = b+v.Ref, b+v.Alt
			v.Pos--
		case v.Ref[len(v.Ref)-1] == v.Alt[len(v.Alt)-1] && (v.Pos > 1 || len(v.Ref) > 1 && len(v.Alt) > 1):
			v.Ref, v.Alt = v.Ref[:len(v.Ref)-1], v.Alt[:len(v.Alt)-1]
		default:
			return nil
		}
	}
}
