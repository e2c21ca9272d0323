package pileup

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/vole-bio/vole/pileup/vcf"
)

// Model holds the caller's priors and thresholds. DefaultModel gives the
// documented defaults.
type Model struct {
	// SNPHet and IndelHet are the per-site heterozygosities of the genotype
	// prior (samtools' defaults are 1e-3 and 1e-4).
	SNPHet, IndelHet float64
	// MinAltReads is the least number of reads, summed over samples, that an
	// alternate allele needs to be considered; MinAltFrac the least fraction
	// of some sample's reads at the site. They only prune candidates: the
	// genotype likelihoods decide.
	MinAltReads int
	MinAltFrac  float64
	// LowQual is the QUAL below which a record's FILTER is LowQual.
	LowQual float64
	// MaxAlts is the most alternate alleles of one kind (SNP or indel) at a
	// site; the best-supported ones are kept.
	MaxAlts int
	// RepeatMargin is how many bases before an indel and past its repeat a
	// read must reach to count as showing the reference allele; at most
	// keepBehind.
	RepeatMargin int
}

// DefaultModel is the model `vole call` uses.
var DefaultModel = Model{SNPHet: 1e-3, IndelHet: 1e-4, MinAltReads: 2, MinAltFrac: 0.05, LowQual: 20, MaxAlts: 3, RepeatMargin: 10}

// baseCode maps reference letters to 0..3 (A, C, G, T) and 4 for the rest.
var baseCode = func() (t [256]byte) {
	for i := range t {
		t[i] = 4
	}
	for i, c := range "ACGT" {
		t[c], t[c+'a'-'A'] = byte(i), byte(i)
	}
	return t
}()

// siteCaller turns the columns of a window into VCF records for one contig.
type siteCaller struct {
	m       Model
	contig  string
	ref     []byte
	samples int
	ll, lp  []float64
	obs     [][]obsTerms // per sample, the evidence for each allele
	calls   []genotypeCall
	plBufs  [][]int
}

func newSiteCaller(m Model, contig string, ref []byte, samples int) *siteCaller {
	sc := &siteCaller{m: m, contig: contig, ref: ref, samples: samples,
		obs: make([][]obsTerms, samples), calls: make([]genotypeCall, samples), plBufs: make([][]int, samples)}
	return sc
}

// call appends the records at position p: a SNP record, then an indel
// record anchored at p, each only when some sample is not hom-ref.
func (sc *siteCaller) call(w *window, p int, out []vcf.Record) []vcf.Record {
	rb := baseCode[sc.ref[p]]
	if rb > 3 {
		return out
	}
	if sc.anyNonRef(w, p, rb) {
		if r, ok := sc.callSNP(w, p); ok {
			out = append(out, r)
		}
	}
	if r, ok := sc.callIndel(w, p); ok {
		out = append(out, r)
	}
	return out
}

// evidence gives, per sample, the reads showing allele a (a numbering that
// the evidence defines: base codes for SNPs, candidate indices for indels)
// and their likelihood sums, and the sample's depth at the site.
type evidence interface {
	terms(s, a int) obsTerms
	count(s, a int) int
	depth(s int) int
}

// baseEvidence is the SNP evidence of the columns at one position.
type baseEvidence struct {
	w *window
	p int
}

func (e baseEvidence) terms(s, a int) obsTerms { return e.w.peek(e.p, s).terms[a] }
func (e baseEvidence) count(s, a int) int      { return int(e.w.peek(e.p, s).n[a]) }
func (e baseEvidence) depth(s int) int         { return e.w.peek(e.p, s).depth() }

// callSNP genotypes the bases at p.
func (sc *siteCaller) callSNP(w *window, p int) (vcf.Record, bool) {
	ev := baseEvidence{w, p}
	rb := int(baseCode[sc.ref[p]])
	var cands []candidate
	for b := 0; b <= spanned; b++ {
		if b == rb {
			continue
		}
		if n, ok := sc.passes(ev, b); ok {
			cands = append(cands, candidate{key: b, n: n})
		}
	}
	if len(cands) == 0 {
		return vcf.Record{}, false
	}
	alleles, ok := sc.genotypeSite(rb, sc.best(cands), sc.m.SNPHet, ev)
	if !ok || (len(alleles) == 2 && alleles[1] == spanned) {
		return vcf.Record{}, false // the indel record tells of the deletion
	}
	alts := make([]string, len(alleles)-1)
	for i, a := range alleles[1:] {
		alts[i] = string(alleleLetters[a])
	}
	return sc.record(p, string(sc.ref[p]), alts, false, ev, alleles), true
}

// anyNonRef reports whether some sample has a read at p that does not show
// the reference base rb: most columns have none, and need no model.
func (sc *siteCaller) anyNonRef(w *window, p int, rb byte) bool {
	for s := 0; s < sc.samples; s++ {
		if c := w.peek(p, s); c.depth() > int(c.n[rb]) {
			return true
		}
	}
	return false
}

// candidate is an alternate allele and its total read count.
type candidate struct {
	key, n int
}

// passes reports whether allele a is worth genotyping, and its total count.
func (sc *siteCaller) passes(ev evidence, a int) (int, bool) {
	total, frac := 0, false
	for s := 0; s < sc.samples; s++ {
		c := ev.count(s, a)
		total += c
		if c > 0 && float64(c) >= sc.m.MinAltFrac*float64(ev.depth(s)) {
			frac = true
		}
	}
	return total, frac && total >= sc.m.MinAltReads
}

// best keeps the MaxAlts best-supported candidates, by count then key.
func (sc *siteCaller) best(c []candidate) []candidate {
	sort.Slice(c, func(i, j int) bool {
		if c[i].n != c[j].n {
			return c[i].n > c[j].n
		}
		return c[i].key < c[j].key
	})
	return c[:min(len(c), sc.m.MaxAlts)]
}

// genotypeSite calls every sample over the reference allele ref and the
// candidates, then drops the alternate alleles no called genotype uses and
// calls again over the rest. It returns the alleles (reference first) and
// false when no sample carries an alternate allele.
func (sc *siteCaller) genotypeSite(ref int, cands []candidate, theta float64, ev evidence) ([]int, bool) {
	alleles := []int{ref}
	for _, c := range cands {
		alleles = append(alleles, c.key)
	}
	for {
		used := sc.genotypeAll(alleles, theta, ev)
		kept := alleles[:1:1]
		for i := 1; i < len(alleles); i++ {
			if used[i] {
				kept = append(kept, alleles[i])
			}
		}
		if len(kept) == 1 {
			return nil, false
		}
		if len(kept) == len(alleles) {
			return alleles, true
		}
		alleles = kept
	}
}

// genotypeAll calls every sample with reads over alleles; it returns which
// of them the called genotypes use.
func (sc *siteCaller) genotypeAll(alleles []int, theta float64, ev evidence) []bool {
	sc.lp = logPriors(len(alleles), theta, sc.lp)
	used := make([]bool, len(alleles))
	for s := range sc.calls {
		if ev.depth(s) == 0 {
			sc.calls[s] = genotypeCall{}
			continue
		}
		sc.obs[s] = sc.obs[s][:0]
		for _, a := range alleles {
			sc.obs[s] = append(sc.obs[s], ev.terms(s, a))
		}
		sc.ll = logLikelihoods(sc.obs[s], sc.ll)
		sc.calls[s] = callGenotype(sc.ll, sc.lp, sc.plBufs[s])
		sc.plBufs[s] = sc.calls[s].pl
		j, k := genotypeAlleles(sc.calls[s].best)
		used[j], used[k] = true, true
	}
	return used
}

// record formats the genotyped site.
func (sc *siteCaller) record(p int, ref string, alts []string, indel bool, ev evidence, alleles []int) vcf.Record {
	r := vcf.Record{Chrom: sc.contig, Pos: p + 1, ID: ".", Ref: ref, Alt: alts,
		Format: []string{"GT", "GQ", "DP", "AD", "PL"}, Samples: make([][]string, sc.samples)}
	var logPRef float64
	ac := make([]int, len(alts))
	ad := make([]int, len(alleles))
	an, dp := 0, 0
	for s, c := range sc.calls {
		d := ev.depth(s)
		dp += d
		for i, a := range alleles {
			ad[i] = ev.count(s, a)
		}
		if !c.observed {
			r.Samples[s] = []string{"./.", ".", "0", joinInts(ad), "."}
			continue
		}
		logPRef += c.logPRef
		j, k := genotypeAlleles(c.best)
		for _, a := range [2]int{j, k} {
			an++
			if a > 0 {
				ac[a-1]++
			}
		}
		r.Samples[s] = []string{strconv.Itoa(j) + "/" + strconv.Itoa(k), strconv.Itoa(c.gq), strconv.Itoa(d), joinInts(ad), joinInts(c.pl)}
	}
	r.Qual = math.Max(0, -10*logPRef/math.Ln10)
	if r.Qual < sc.m.LowQual {
		r.Filter = []string{"LowQual"}
	} else {
		r.Filter = []string{"PASS"}
	}
	if indel {
		r.Info = append(r.Info, vcf.InfoField{Key: "INDEL", Flag: true})
	}
	r.Info = append(r.Info,
		vcf.InfoField{Key: "DP", Value: strconv.Itoa(dp)},
		vcf.InfoField{Key: "AC", Value: joinInts(ac)},
		vcf.InfoField{Key: "AN", Value: strconv.Itoa(an)})
	return r
}

// joinInts formats v comma-separated.
func joinInts(v []int) string {
	var b strings.Builder
	for i, x := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(x))
	}
	return b.String()
}
