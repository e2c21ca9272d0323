// Package vcf reads and writes the Variant Call Format, version 4.2
// (https://samtools.github.io/hts-specs/VCFv4.2.pdf): the header, one Record
// per data line, and per-sample genotype fields. It keeps fields as text where
// the caller does not need them parsed, so that a record read and written
// again comes out the same, and parses only what vole works with (positions,
// alleles, QUAL, FILTER, INFO keys, GT).
//
// Reader and Writer mirror each other, in the shape of biogo/hts's sam
// package: a Reader is an iterator like bufio.Scanner; a Writer takes a
// Header once and then Records.
package vcf

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Contig is a ##contig header line: the sequence name and its length.
type Contig struct {
	Name   string
	Length int
}

// Header holds the meta-information lines and the sample names.
type Header struct {
	// Meta holds the ## lines other than ##fileformat and ##contig, without
	// the leading "##", in order (e.g. `INFO=<ID=DP,...>`, `source=vole`).
	Meta    []string
	Contigs []Contig
	Samples []string
}

// InfoField is one INFO key with its value; a flag has an empty Value and
// Flag set.
type InfoField struct {
	Key   string
	Value string
	Flag  bool
}

// Missing is the QUAL of a record whose QUAL is '.'.
var Missing = math.NaN()

// Record is one VCF data line. Pos is 1-based as in the file.
type Record struct {
	Chrom  string
	Pos    int
	ID     string // "." when absent
	Ref    string
	Alt    []string
	Qual   float64 // NaN when '.'
	Filter []string
	Info   []InfoField
	Format []string
	// Samples holds, per sample, the values aligned with Format.
	Samples [][]string
}

// IsPass reports whether the record passed all filters (FILTER is PASS; a
// missing FILTER, '.', counts as passing as bcftools counts it).
func (r *Record) IsPass() bool {
	return len(r.Filter) == 0 || (len(r.Filter) == 1 && (r.Filter[0] == "PASS" || r.Filter[0] == "."))
}

// InfoValue returns the value of INFO key and whether it is present.
func (r *Record) InfoValue(key string) (string, bool) {
	for _, f := range r.Info {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}

// FormatIndex returns the position of key in FORMAT, or -1.
func (r *Record) FormatIndex(key string) int {
	for i, k := range r.Format {
		if k == key {
			return i
		}
	}
	return -1
}

// SampleValue returns sample i's value for FORMAT key, "." when the key or
// value is absent.
func (r *Record) SampleValue(i int, key string) string {
	k := r.FormatIndex(key)
	if k < 0 || i >= len(r.Samples) || k >= len(r.Samples[i]) {
		return "."
	}
	return r.Samples[i][k]
}

// Genotype is a parsed GT value: allele indices (-1 for '.') and phasing.
type Genotype struct {
	Alleles []int
	Phased  bool
}

// ParseGenotype parses a GT string such as "0/1", "1|1", "./." or "1".
func ParseGenotype(s string) (Genotype, error) {
	return parseGenotypeInto(nil, s)
}

// parseGenotypeInto parses s like ParseGenotype, appending the alleles to
// dst[:0] so that a caller looping over samples can reuse one slice. It scans
// bytes directly: it runs once per sample per record in vcf stats.
func parseGenotypeInto(dst []int, s string) (Genotype, error) {
	g := Genotype{Alleles: dst[:0]}
	if s == "" {
		return g, fmt.Errorf("empty GT")
	}
	n, digits, dot := 0, 0, false
	flush := func() bool {
		switch {
		case dot && digits == 0:
			g.Alleles = append(g.Alleles, -1)
		case dot: // "1." or ".1"
			return false
		case digits > 0:
			g.Alleles = append(g.Alleles, n)
		} // empty between separators is skipped: "/1" is "1"
		n, digits, dot = 0, 0, false
		return true
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if digits > 8 {
				return g, fmt.Errorf("bad GT %q", s)
			}
			n, digits = n*10+int(c-'0'), digits+1
		case c == '.' && !dot:
			dot = true
		case c == '/' || c == '|':
			g.Phased = g.Phased || c == '|'
			if !flush() {
				return g, fmt.Errorf("bad GT %q", s)
			}
		default:
			return g, fmt.Errorf("bad GT %q", s)
		}
	}
	if !flush() || len(g.Alleles) == 0 {
		return g, fmt.Errorf("bad GT %q", s)
	}
	return g, nil
}

// Called reports whether no allele is missing.
func (g Genotype) Called() bool {
	for _, a := range g.Alleles {
		if a < 0 {
			return false
		}
	}
	return len(g.Alleles) > 0
}

// IsHomAlt reports a called genotype whose alleles are all the same non-
// reference allele.
func (g Genotype) IsHomAlt() bool {
	if !g.Called() || g.Alleles[0] == 0 {
		return false
	}
	for _, a := range g.Alleles[1:] {
		if a != g.Alleles[0] {
			return false
		}
	}
	return true
}

// IsHet reports a called genotype with two different alleles.
func (g Genotype) IsHet() bool {
	if !g.Called() {
		return false
	}
	for _, a := range g.Alleles[1:] {
		if a != g.Alleles[0] {
			return true
		}
	}
	return false
}

// IsHomRef reports a called genotype of reference alleles only.
func (g Genotype) IsHomRef() bool {
	if !g.Called() {
		return false
	}
	for _, a := range g.Alleles {
		if a != 0 {
			return false
		}
	}
	return true
}

// String formats the genotype as in a VCF ("0/1", "1|1", "./.").
func (g Genotype) String() string {
	sep := "/"
	if g.Phased {
		sep = "|"
	}
	parts := make([]string, len(g.Alleles))
	for i, a := range g.Alleles {
		if a < 0 {
			parts[i] = "."
		} else {
			parts[i] = strconv.Itoa(a)
		}
	}
	return strings.Join(parts, sep)
}
