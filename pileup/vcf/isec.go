package vcf

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// IsecOptions says which variants Intersect keeps and how it normalizes.
type IsecOptions struct {
	// A variant is kept when the number of files holding it is in
	// [Min, Max]; see ParseIsecCount.
	Min, Max int
	// Ref, when set, checks REF and left-aligns indels; without it records
	// are only split and trimmed.
	Ref Reference
	// RefContigs are Ref's contigs: they order the output and are checked
	// against the files' ##contig lines.
	RefContigs []Contig
	// PassOnly reads only records whose FILTER is PASS or '.', as bcftools
	// isec -f PASS,. does.
	PassOnly bool
}

// ParseIsecCount parses the -n argument of `vole vcf isec` for nFiles files,
// as bcftools isec -n does: "=N" exactly N files, "+N" at least N, "-N" at
// most N; a bare "N" means exactly N. The empty string means all files.
func ParseIsecCount(s string, nFiles int) (min, max int, err error) {
	if s == "" {
		return nFiles, nFiles, nil
	}
	op, num := byte('='), s
	if s[0] == '=' || s[0] == '+' || s[0] == '-' {
		op, num = s[0], s[1:]
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || n > nFiles {
		return 0, 0, fmt.Errorf("bad -n %q: want =N, +N or -N with N from 1 to the %d files", s, nFiles)
	}
	switch op {
	case '+':
		return n, nFiles, nil
	case '-':
		return 1, n, nil
	}
	return n, n, nil
}

// Isec is the result of Intersect: sites-only records of the kept variants,
// sorted by contig (in reference or header order), position, REF and ALT.
type Isec struct {
	Files   []string
	Header  *Header
	Records []*Record
}

// isecSite is one normalized variant with the files it was found in and the
// first record that had it.
type isecSite struct {
	v     Variant
	files []bool
	first *Record
}

// Intersect reads the VCFs at paths, normalizes every ALT allele (Normalize:
// split multi-allelic records, trim, left-align with opt.Ref) and keeps the
// variants found in between opt.Min and opt.Max of the files, as bcftools
// isec -n does after bcftools norm -m -any. A variant found twice in one
// file counts once for it. A record whose ALT is '.' is a site of its own
// (REF and ALT '.'), matched at the same position and REF, as bcftools
// does; other ALT alleles that do not differ from REF are dropped.
//
// The output is sites-only: ID, QUAL and FILTER come from the first file (in
// argument order) that holds the variant, INFO is ISEC=<one 0/1 per file>
// like bcftools isec's sites.txt. Files whose ##contig lines disagree (a
// contig missing from one, or of another length, or another length than in
// the reference) are an error, as is a record on a contig its own header does
// not declare.
func Intersect(paths []string, opt IsecOptions) (*Isec, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("isec needs at least one VCF")
	}
	var readers []*Reader
	defer func() {
		for _, vr := range readers {
			vr.Close()
		}
	}()
	var headers []*Header
	for _, p := range paths {
		vr, err := Open(p)
		if err != nil {
			return nil, err
		}
		readers = append(readers, vr)
		headers = append(headers, vr.Header)
	}
	contigs, err := checkContigs(paths, headers, opt.RefContigs)
	if err != nil {
		return nil, err
	}
	sites := map[Variant]*isecSite{}
	for i, vr := range readers {
		if err := collectSites(vr, i, len(paths), opt, contigs, sites); err != nil {
			return nil, err
		}
	}
	x := &Isec{Files: paths, Header: isecHeader(paths, contigs)}
	for _, s := range sites {
		if n := countTrue(s.files); n >= opt.Min && n <= opt.Max {
			x.Records = append(x.Records, s.record())
		}
	}
	sortRecords(x.Records, contigs)
	return x, nil
}

// collectSites adds the normalized variants of vr, file number i, to sites.
// Each record's contig must be declared in the file's own ##contig lines,
// or, for a file without them, be one of known (when known is not empty).
func collectSites(vr *Reader, i, nFiles int, opt IsecOptions, known []Contig, sites map[Variant]*isecSite) error {
	declared, where := map[string]bool{}, "the contigs of the other files or the reference"
	if len(vr.Header.Contigs) > 0 {
		known, where = vr.Header.Contigs, "the file's ##contig lines"
	}
	for _, c := range known {
		declared[c.Name] = true
	}
	for vr.Next() {
		r := vr.Record()
		if len(declared) > 0 && !declared[r.Chrom] {
			return fmt.Errorf("%s:%d: contig %s is not in %s", vr.Name(), vr.Line(), r.Chrom, where)
		}
		if opt.PassOnly && !r.IsPass() {
			continue
		}
		vs, err := Normalize(r, opt.Ref)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", vr.Name(), vr.Line(), err)
		}
		if len(r.Alt) == 0 { // ALT '.': a site bcftools isec matches too
			vs = []Variant{{r.Chrom, r.Pos, strings.ToUpper(r.Ref), "."}}
		}
		for _, v := range vs {
			s := sites[v]
			if s == nil {
				s = &isecSite{v: v, files: make([]bool, nFiles), first: r}
				sites[v] = s
			}
			s.files[i] = true
		}
	}
	return vr.Err()
}

// checkContigs reports files whose ##contig lines disagree with each other or
// with the reference, and returns the contig order for the output: the
// reference's, else the first file's with ##contig lines (nil when no file
// has them).
func checkContigs(paths []string, headers []*Header, refContigs []Contig) ([]Contig, error) {
	base, baseName := refContigs, "the reference"
	for i, h := range headers {
		if len(h.Contigs) == 0 {
			continue
		}
		if base == nil {
			base, baseName = h.Contigs, paths[i]
			continue
		}
		if err := sameContigs(base, baseName, h.Contigs, paths[i], refContigs != nil); err != nil {
			return nil, err
		}
	}
	return base, nil
}

// sameContigs compares two contig lists by name and length. With subset,
// b may declare fewer contigs than a (a file against its reference).
func sameContigs(a []Contig, aName string, b []Contig, bName string, subset bool) error {
	lengths := map[string]int{}
	for _, c := range a {
		lengths[c.Name] = c.Length
	}
	for _, c := range b {
		la, ok := lengths[c.Name]
		switch {
		case !ok:
			return fmt.Errorf("different contigs: %s declares contig %s, %s does not", bName, c.Name, aName)
		case la != 0 && c.Length != 0 && la != c.Length:
			return fmt.Errorf("different contigs: %s has length %d in %s but %d in %s", c.Name, la, aName, c.Length, bName)
		}
	}
	if !subset && len(b) != len(a) {
		return fmt.Errorf("different contigs: %s declares %d contigs, %s declares %d", aName, len(a), bName, len(b))
	}
	return nil
}

// countTrue counts the true values of b.
func countTrue(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// record builds the sites-only output record of s.
func (s *isecSite) record() *Record {
	mask := make([]byte, len(s.files))
	for i, in := range s.files {
		mask[i] = '0'
		if in {
			mask[i] = '1'
		}
	}
	return &Record{
		Chrom: s.v.Chrom, Pos: s.v.Pos, ID: s.first.ID, Ref: s.v.Ref, Alt: []string{s.v.Alt},
		Qual: s.first.Qual, Filter: s.first.Filter,
		Info: []InfoField{{Key: "ISEC", Value: string(mask)}},
	}
}

// isecHeader is the output header: the contigs, the ISEC INFO definition and
// the input files in order.
func isecHeader(paths []string, contigs []Contig) *Header {
	return &Header{
		Meta: []string{
			"source=vole vcf isec",
			"vole_isec_files=" + strings.Join(paths, ","),
			`INFO=<ID=ISEC,Number=1,Type=String,Description="Presence in each input file, in the order of vole_isec_files (1 present, 0 absent)">`,
		},
		Contigs: contigs,
	}
}

// sortRecords sorts records by contig (in the order of contigs, then unknown
// contigs by name), position, REF and ALT.
func sortRecords(recs []*Record, contigs []Contig) {
	rank := map[string]int{}
	for i, c := range contigs {
		rank[c.Name] = i
	}
	key := func(name string) int {
		if r, ok := rank[name]; ok {
			return r
		}
		return math.MaxInt
	}
	sort.Slice(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		if ka, kb := key(a.Chrom), key(b.Chrom); ka != kb {
			return ka < kb
		}
		if a.Chrom != b.Chrom {
			return a.Chrom < b.Chrom
		}
		if a.Pos != b.Pos {
			return a.Pos < b.Pos
		}
		if a.Ref != b.Ref {
			return a.Ref < b.Ref
		}
		return a.Alt[0] < b.Alt[0]
	})
}

// Write writes the result as a VCF.
func (x *Isec) Write(w io.Writer) error {
	vw, err := NewWriter(w, x.Header)
	if err != nil {
		return err
	}
	for _, r := range x.Records {
		if err := vw.Write(r); err != nil {
			return err
		}
	}
	return vw.Flush()
}
