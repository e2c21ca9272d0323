package vcf

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Counts are the site counts of one set of records, defined as bcftools
// stats defines its SN and TSTV sections (vcfstats.c), so that the numbers
// can be checked against it:
//   - a record counts once in each class any of its ALT alleles has
//     (a record with a SNP and an indel allele is one SNP and one indel);
//   - NoALTs are records whose ALT alleles are all TypeRef ('.', <*>, ...);
//   - Others are records with a complex, symbolic (<DEL>) or breakend
//     (G]c1:500]) allele. bcftools 1.16 counts a breakend whose ALT starts
//     with the REF base in no class at all (htslib's VCF_BND is not
//     VCF_OTHER), so that such a record is a record of no kind; here it is
//     an "other", as the SN section's own definition ("other type, for
//     example a symbolic allele") says;
//   - Multiallelic are records with two or more ALT alleles,
//     MultiallelicSNP those whose alleles are all SNPs;
//   - Ts and Tv count every SNP ALT allele whose first base and REF's first
//     base are both A, C, G or T and differ; TsFirstAlt and TvFirstAlt count
//     the first ALT only.
type Counts struct {
	Records         int
	NoALTs          int
	SNPs            int
	MNPs            int
	Indels          int
	Others          int
	Multiallelic    int
	MultiallelicSNP int
	Ts, Tv          int
	TsFirstAlt      int
	TvFirstAlt      int
}

// TsTv returns Ts/Tv, or 0 when there is no transversion (as bcftools prints).
func (c Counts) TsTv() float64 { return ratio(c.Ts, c.Tv) }

// TsTvFirstAlt returns TsFirstAlt/TvFirstAlt, or 0 without transversions.
func (c Counts) TsTvFirstAlt() float64 { return ratio(c.TsFirstAlt, c.TvFirstAlt) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// add counts one record.
func (c *Counts) add(r *Record) {
	c.Records++
	t := r.Type()
	if t == TypeRef {
		c.NoALTs++
	}
	if t&TypeSNP != 0 {
		c.SNPs++
		c.addTsTv(r)
	}
	if t&TypeMNP != 0 {
		c.MNPs++
	}
	if t&TypeIndel != 0 {
		c.Indels++
	}
	if t&(TypeOther|TypeBND) != 0 {
		c.Others++
	}
	if len(r.Alt) > 1 {
		c.Multiallelic++
		if t == TypeSNP {
			c.MultiallelicSNP++
		}
	}
}

// addTsTv counts the transitions and transversions of r's SNP alleles.
func (c *Counts) addTsTv(r *Record) {
	for i, a := range r.Alt {
		if AlleleType(r.Ref, a)&TypeSNP == 0 {
			continue
		}
		ts, ok := isTransition(r.Ref[0], a[0])
		if !ok {
			continue
		}
		if ts {
			c.Ts++
		} else {
			c.Tv++
		}
		if i == 0 && ts {
			c.TsFirstAlt++
		} else if i == 0 {
			c.TvFirstAlt++
		}
	}
}

// SampleCounts are one sample's genotype counts, defined as in bcftools
// stats's PSC section: a genotype with a missing allele is Missing; a haploid
// one is HapRef or HapAlt; a diploid (or higher) one counts as HomRef at any
// site, and as Het or HomAlt only when one of its ALT alleles is a SNP (or no
// ALT differs from REF). Indels counts non-reference genotypes carrying an
// indel allele, IndelHet and IndelHomAlt split them. Ts and Tv classify the
// lowest ALT allele of non-reference SNP genotypes by the first bases of REF
// and that allele.
type SampleCounts struct {
	Name        string
	HomRef      int
	Het         int
	HomAlt      int
	Ts, Tv      int
	Indels      int
	IndelHet    int
	IndelHomAlt int
	HapRef      int
	HapAlt      int
	Missing     int
}

// genotype classes, as htslib's bcf_gt_type.
const (
	gtMissing = iota
	gtHomRef
	gtHetRA  // reference and one ALT
	gtHetAA  // two different ALTs
	gtHomAlt // one ALT only
	gtHapRef
	gtHapAlt
)

// classify returns the class of g and its lowest and second ALT allele
// (0 when none).
func classify(g Genotype) (class, lo, hi int) {
	if !g.Called() {
		return gtMissing, 0, 0
	}
	hasRef := false
	for _, a := range g.Alleles {
		switch {
		case a == 0:
			hasRef = true
		case lo == 0:
			lo = a
		case a < lo:
			lo, hi = a, lo
		case a > lo && hi == 0:
			hi = a
		}
	}
	switch {
	case len(g.Alleles) == 1 && hasRef:
		return gtHapRef, 0, 0
	case len(g.Alleles) == 1:
		return gtHapAlt, lo, 0
	case lo == 0:
		return gtHomRef, 0, 0
	case hasRef:
		return gtHetRA, lo, hi
	case hi != 0:
		return gtHetAA, lo, hi
	}
	return gtHomAlt, lo, 0
}

// add counts sample s's genotype g at r; gt is its GT text.
func (s *SampleCounts) add(r *Record, g Genotype, gt string) error {
	for _, a := range g.Alleles {
		if a > len(r.Alt) {
			return fmt.Errorf("sample %s: GT %s refers to allele %d but the record has %d ALT alleles", s.Name, gt, a, len(r.Alt))
		}
	}
	class, lo, hi := classify(g)
	switch class {
	case gtMissing:
		s.Missing++
		return nil
	case gtHapRef:
		s.HapRef++
		return nil
	case gtHapAlt:
		s.HapAlt++
		return nil
	}
	var t VariantType
	if lo > 0 {
		t |= AlleleType(r.Ref, r.Alt[lo-1])
	}
	if hi > 0 {
		t |= AlleleType(r.Ref, r.Alt[hi-1])
	}
	if t&TypeSNP != 0 || t == TypeRef {
		switch class {
		case gtHomRef:
			s.HomRef++
		case gtHomAlt:
			s.HomAlt++
		default:
			s.Het++
		}
		if class != gtHomRef && AlleleType(r.Ref, r.Alt[lo-1])&TypeSNP != 0 {
			if baseCode(r.Alt[lo-1][0]) < 0 {
				return nil // bcftools skips the rest, indel counts included
			}
			// bcftools compares first bases without checking REF's, so a
			// SNP at a later base (CA>CG) counts as a transversion.
			if d := baseCode(r.Ref[0]) - baseCode(r.Alt[lo-1][0]); d == 2 || d == -2 {
				s.Ts++
			} else {
				s.Tv++
			}
		}
	}
	if t&TypeIndel != 0 && class != gtHomRef {
		s.Indels++
		if class == gtHomAlt {
			s.IndelHomAlt++
		} else {
			s.IndelHet++
		}
	}
	return nil
}

// FilterCount is the number of records that carry one FILTER name.
type FilterCount struct {
	Filter  string
	Records int
}

// Stats summarises a VCF: the headline counts over passing records (FILTER
// PASS or '.'), the same counts over the filtered ones, the records per
// FILTER name, and per-sample genotype counts over passing records.
type Stats struct {
	Path     string
	Pass     Counts
	Filtered Counts
	// Filters lists the failing FILTER names by name with their record
	// counts; a record with two names counts under both.
	Filters []FilterCount
	// Samples holds the per-sample counts over passing records, in header
	// order.
	Samples []SampleCounts

	alleles []int // reused by every GT parse
}

// NewStats returns empty Stats for a VCF with header h; path names it.
func NewStats(path string, h *Header) *Stats {
	s := &Stats{Path: path}
	for _, name := range h.Samples {
		s.Samples = append(s.Samples, SampleCounts{Name: name})
	}
	return s
}

// Add counts one record. It fails on a GT that cannot be parsed or that
// refers to an allele the record does not have.
func (s *Stats) Add(r *Record) error {
	if !r.IsPass() {
		s.Filtered.add(r)
		s.addFilters(r.Filter)
		return nil
	}
	s.Pass.add(r)
	k := r.FormatIndex("GT")
	if k < 0 {
		return nil
	}
	for i := range s.Samples {
		gt := "."
		if i < len(r.Samples) && k < len(r.Samples[i]) {
			gt = r.Samples[i][k]
		}
		g, err := parseGenotypeInto(s.alleles, gt)
		if err != nil {
			return fmt.Errorf("sample %s: %w", s.Samples[i].Name, err)
		}
		s.alleles = g.Alleles
		if err := s.Samples[i].add(r, g, gt); err != nil {
			return err
		}
	}
	return nil
}

// addFilters counts the FILTER names of a failing record.
func (s *Stats) addFilters(names []string) {
	for _, n := range names {
		i := sort.Search(len(s.Filters), func(i int) bool { return s.Filters[i].Filter >= n })
		if i == len(s.Filters) || s.Filters[i].Filter != n {
			s.Filters = append(s.Filters, FilterCount{})
			copy(s.Filters[i+1:], s.Filters[i:])
			s.Filters[i] = FilterCount{Filter: n}
		}
		s.Filters[i].Records++
	}
}

// ComputeStats reads the VCF at path (plain, gzip or BGZF; "-" is standard
// input) and counts it. Errors name the file and line.
func ComputeStats(path string) (*Stats, error) {
	vr, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer vr.Close()
	s := NewStats(path, vr.Header)
	for vr.Next() {
		if err := s.Add(vr.Record()); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", vr.Name(), vr.Line(), err)
		}
	}
	if err := vr.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// WriteText writes the report `vole vcf stats` prints: the headline section
// over passing records, the same numbers for filtered records, the FILTER
// names, and a table per sample. Lines are "key<TAB>value" so that they can be
// grepped, with '#' comments saying what the numbers mean.
func (s *Stats) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# vole vcf stats %s\n", s.Path)
	fmt.Fprintf(&b, "# PASS: records whose FILTER is PASS or '.'; the headline counts are over these only.\n")
	fmt.Fprintf(&b, "# A record counts once in each class one of its ALT alleles has (bcftools stats's definitions).\n")
	writeCounts(&b, "PASS", s.Pass)
	fmt.Fprintf(&b, "# FILTERED: records that failed a filter, counted the same way and not included above.\n")
	writeCounts(&b, "FILTERED", s.Filtered)
	for _, f := range s.Filters {
		fmt.Fprintf(&b, "FILTER\t%s\t%d\n", f.Filter, f.Records)
	}
	if len(s.Samples) > 0 {
		fmt.Fprintf(&b, "# Per sample, PASS records only. het/homAlt/homRef count SNP genotypes (bcftools PSC); indel genotypes are counted apart.\n")
		fmt.Fprintf(&b, "#SAMPLE\tsample\thomRef\thet\thomAlt\tts\ttv\tindels\tindelHet\tindelHomAlt\thapRef\thapAlt\tmissing\n")
		for _, c := range s.Samples {
			fmt.Fprintf(&b, "SAMPLE\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", c.Name, c.HomRef, c.Het, c.HomAlt,
				c.Ts, c.Tv, c.Indels, c.IndelHet, c.IndelHomAlt, c.HapRef, c.HapAlt, c.Missing)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCounts writes one Counts block with its section name in front.
func writeCounts(b *strings.Builder, section string, c Counts) {
	rows := []struct {
		key string
		n   int
	}{
		{"records", c.Records}, {"no-ALTs", c.NoALTs}, {"SNPs", c.SNPs}, {"MNPs", c.MNPs},
		{"indels", c.Indels}, {"others", c.Others}, {"multiallelic sites", c.Multiallelic},
		{"multiallelic SNP sites", c.MultiallelicSNP}, {"ts", c.Ts}, {"tv", c.Tv},
	}
	for _, r := range rows {
		fmt.Fprintf(b, "%s\t%s\t%d\n", section, r.key, r.n)
	}
	fmt.Fprintf(b, "%s\tts/tv\t%.2f\n", section, c.TsTv())
	fmt.Fprintf(b, "%s\tts/tv (1st ALT)\t%.2f\n", section, c.TsTvFirstAlt())
}
