package vcf

import "strings"

// VariantType is a set of variant classes, as bits, in the classification of
// htslib's bcf_set_variant_type (vcf.c), which bcftools stats counts by: an
// allele is compared with REF after removing the common prefix and suffix.
// A record's type is the union of its ALT alleles' types; TypeRef (zero)
// means no ALT differs from REF.
type VariantType uint8

// The variant classes. TypeRef is the empty set.
const (
	TypeRef     VariantType = 0
	TypeSNP     VariantType = 1 << iota // one base differs
	TypeMNP                             // several bases differ, same length
	TypeIndel                           // one allele is the other plus inserted/deleted bases
	TypeOther                           // complex substitution or symbolic allele (<DEL>)
	TypeBND                             // breakend (ALT with '[' or ']')
	TypeOverlap                         // '*': allele removed by an overlapping deletion
)

// AlleleType classifies one ALT allele against REF (letters compared without
// regard to case except for two single bases), following htslib: '.' or an ALT equal to REF is TypeRef; so
// are mpileup's placeholder alleles X, <X>, <*> and gVCF's <NON_REF>.
func AlleleType(ref, alt string) VariantType {
	if alt == "*" {
		return TypeOverlap
	}
	if len(ref) == 1 && len(alt) == 1 {
		if alt == "." || alt == "X" || ref == alt { // case-sensitive here, as in htslib
			return TypeRef
		}
		return TypeSNP
	}
	if strings.HasPrefix(alt, "<") {
		switch alt {
		case "<X>", "<*>", "<NON_REF>":
			return TypeRef
		}
		return TypeOther
	}
	if strings.ContainsAny(alt, "[]") {
		return TypeBND
	}
	// Strip the common prefix.
	p := 0
	for p < len(ref) && p < len(alt) && eqFold(ref[p], alt[p]) {
		p++
	}
	r, a := ref[p:], alt[p:]
	switch {
	case r == "" && a == "":
		return TypeRef
	case r == "" || a == "":
		return TypeIndel
	}
	// Strip the common suffix, keeping at least one base of each.
	re, ae := len(r)-1, len(a)-1
	for re > 0 && ae > 0 && eqFold(r[re], a[ae]) {
		re--
		ae--
	}
	switch {
	case ae == 0 && re == 0:
		return TypeSNP
	case ae == 0 || re == 0:
		if eqFold(r[re], a[ae]) {
			return TypeIndel
		}
		return TypeOther
	case re == ae:
		return TypeMNP
	}
	return TypeOther
}

// Type returns the union of the types of the record's ALT alleles.
func (r *Record) Type() VariantType {
	var t VariantType
	for _, a := range r.Alt {
		t |= AlleleType(r.Ref, a)
	}
	return t
}

// eqFold compares two ASCII letters without regard to case.
func eqFold(a, b byte) bool { return upper(a) == upper(b) }

// upper maps an ASCII lowercase letter to uppercase.
func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// isTransition reports whether ref>alt (single bases, any case) is a
// transition (A<->G or C<->T); ok is false when either is not A, C, G or T.
func isTransition(ref, alt byte) (ts, ok bool) {
	r, a := baseCode(ref), baseCode(alt)
	if r < 0 || a < 0 || r == a {
		return false, false
	}
	return r-a == 2 || a-r == 2, true
}

// baseCode numbers A, C, G, T as 0..3 (so transitions differ by 2), -1 else.
func baseCode(c byte) int {
	return strings.IndexByte("ACGT", upper(c))
}
