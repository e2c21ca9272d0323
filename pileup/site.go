package pileup

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/vole-bio/vole/pileup/vcf"
)

// Model holds the caller's priors, thresholds and hard filters.
// DefaultModel gives the documented defaults.
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
	// Filters are the hard filters; a record failing one carries its name
	// in FILTER.
	Filters HardFilters
}

// DefaultModel is the model `vole call` uses.
var DefaultModel = Model{SNPHet: 1e-3, IndelHet: 1e-4, MinAltReads: 2, MinAltFrac: 0.05, LowQual: 20, MaxAlts: 3, RepeatMargin: 10,
	Filters: DefaultFilters}

// siteCaller turns the columns of a window into VCF records for one contig.
type siteCaller struct {
	m       Model
	contig  string
	ref     *refWindow
	samples int
	ll, lp  []float64
	calls   []genotypeCall
	plBufs  [][]int
	ev      evidence
	// raw depth and mapping quality sums at the position being called,
	// over all samples (kept up to date by the engine from the columns'
	// differences).
	rawDepth, rawMQ0 int
	rawMQSq          int64
}

func newSiteCaller(m Model, contig string, ref *refWindow, samples int) *siteCaller {
	return &siteCaller{m: m, contig: contig, ref: ref, samples: samples,
		calls: make([]genotypeCall, samples), plBufs: make([][]int, samples)}
}

// evidence is a site's observations per sample, labelled: base codes 0-4
// for a SNP site (4 for a deleted base), 0 for the reference and i for the
// i-th indel allele at an indel site. Per sample and label it holds the
// strand counts; per sample the observations for the error model
// (errLikelihoods labels them the same way) and their likelihoods.
type evidence struct {
	labels int
	depths []int // per sample: reads at the site (FORMAT/DP)
	obs    [][]errObs
	counts [][][2]int
	pl     [][]float64
	// values for the rank-sum annotations, pooled over samples: base
	// quality and distance from the read end, per label.
	bq, dist [][]int
}

// reset prepares e for samples samples and m labels.
func (e *evidence) reset(samples, m int) {
	e.labels = m
	for len(e.obs) < samples {
		e.obs, e.counts, e.pl = append(e.obs, nil), append(e.counts, nil), append(e.pl, nil)
		e.depths = append(e.depths, 0)
	}
	for s := 0; s < samples; s++ {
		e.obs[s] = e.obs[s][:0]
		e.counts[s] = append(e.counts[s][:0], make([][2]int, m)...)
	}
	for len(e.bq) < m {
		e.bq, e.dist = append(e.bq, nil), append(e.dist, nil)
	}
	for a := 0; a < m; a++ {
		e.bq[a], e.dist[a] = e.bq[a][:0], e.dist[a][:0]
	}
}

// add records sample s's observation o under label a.
func (e *evidence) add(s, a int, o baseObs) {
	e.obs[s] = append(e.obs[s], makeErrObs(a, o.qual(), o.reverse()))
	e.counts[s][a][o.strand()]++
	e.bq[a] = append(e.bq[a], o.baseQual())
	e.dist[a] = append(e.dist[a], o.endDist())
}

func (e *evidence) count(s, a int) int { return e.counts[s][a][0] + e.counts[s][a][1] }

// depth is sample s's number of reads at the site.
func (e *evidence) depth(s int) int { return e.depths[s] }

// likelihoods computes every sample's genotype likelihoods over the labels.
func (e *evidence) likelihoods(samples int) {
	for s := 0; s < samples; s++ {
		e.pl[s] = errLikelihoods(e.obs[s], e.labels, e.pl[s])
	}
}

// call appends the records at position p: a SNP record, then an indel
// record anchored at p, each only when some sample is not hom-ref.
func (sc *siteCaller) call(w *window, p int, out []vcf.Record) []vcf.Record {
	rb := baseCode[sc.ref.at(p)]
	if rb > 3 {
		return out
	}
	if sc.anyNonRef(w, p, rb) {
		if r, ok := sc.callSNP(w, p, int(rb)); ok {
			out = append(out, r)
		}
	}
	if r, ok := sc.callIndel(w, p); ok {
		out = append(out, r)
	}
	return out
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

// passes reports whether label a is worth genotyping, and its total count.
func (sc *siteCaller) passes(a int) (int, bool) {
	total, frac := 0, false
	for s := 0; s < sc.samples; s++ {
		c := sc.ev.count(s, a)
		total += c
		if c > 0 && float64(c) >= sc.m.MinAltFrac*float64(sc.ev.depth(s)) {
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

// callSNP genotypes the bases at p, rb being the reference base's code.
func (sc *siteCaller) callSNP(w *window, p, rb int) (vcf.Record, bool) {
	ev := &sc.ev
	ev.reset(sc.samples, 5)
	for s := 0; s < sc.samples; s++ {
		col := w.peek(p, s)
		for _, o := range col.obs {
			ev.add(s, o.allele(), o)
		}
		ev.depths[s] = col.depth()
	}
	var cands []candidate
	for b := 0; b <= spanned; b++ {
		if b == rb {
			continue
		}
		if n, ok := sc.passes(b); ok {
			cands = append(cands, candidate{key: b, n: n})
		}
	}
	if len(cands) == 0 {
		return vcf.Record{}, false
	}
	ev.likelihoods(sc.samples)
	alleles, ok := sc.genotypeSite(rb, sc.best(cands), sc.m.SNPHet)
	if !ok || (len(alleles) == 2 && alleles[1] == spanned) {
		return vcf.Record{}, false // the indel record tells of the deletion
	}
	alts := make([]string, len(alleles)-1)
	for i, a := range alleles[1:] {
		alts[i] = string(alleleLetters[a])
	}
	return sc.record(p, string(sc.ref.at(p)), alts, false, alleles), true
}

// genotypeSite calls every sample over the reference label ref and the
// candidates, then drops the alternate alleles no called genotype uses and
// calls again over the rest. It returns the labels (reference first) and
// false when no sample carries an alternate allele.
func (sc *siteCaller) genotypeSite(ref int, cands []candidate, theta float64) ([]int, bool) {
	alleles := []int{ref}
	for _, c := range cands {
		alleles = append(alleles, c.key)
	}
	for {
		used := sc.genotypeAll(alleles, theta)
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

// genotypeAll calls every sample with reads over the labels alleles; it
// returns which of them the called genotypes use.
func (sc *siteCaller) genotypeAll(alleles []int, theta float64) []bool {
	sc.lp = logPriors(len(alleles), theta, sc.lp)
	used := make([]bool, len(alleles))
	for s := range sc.calls {
		if sc.ev.depth(s) == 0 {
			sc.calls[s] = genotypeCall{}
			continue
		}
		sc.ll = sc.ll[:0]
		pl := sc.ev.pl[s]
		for k := range alleles {
			for j := 0; j <= k; j++ {
				a, b := min(alleles[j], alleles[k]), max(alleles[j], alleles[k])
				sc.ll = append(sc.ll, -pl[b*(b+1)/2+a]*math.Ln10/10)
			}
		}
		sc.calls[s] = callGenotype(sc.ll, sc.lp, sc.plBufs[s])
		sc.plBufs[s] = sc.calls[s].pl
		j, k := genotypeAlleles(sc.calls[s].best)
		used[j], used[k] = true, true
	}
	return used
}

// record formats the genotyped site: the labels alleles (reference first)
// of sc.ev spelled ref and alts.
func (sc *siteCaller) record(p int, ref string, alts []string, indel bool, alleles []int) vcf.Record {
	ev := &sc.ev
	r := vcf.Record{Chrom: sc.contig, Pos: p + 1, ID: ".", Ref: ref, Alt: alts,
		Format: []string{"GT", "GQ", "DP", "AD", "ADF", "ADR", "PL"}, Samples: make([][]string, sc.samples)}
	var (
		logPRef      float64
		strands      strandTable
		carrierDepth int
	)
	ac := make([]int, len(alts))
	ad, adf, adr := make([]int, len(alleles)), make([]int, len(alleles)), make([]int, len(alleles))
	an := 0
	for s, c := range sc.calls {
		for i, a := range alleles {
			f, rv := ev.counts[s][a][0], ev.counts[s][a][1]
			ad[i], adf[i], adr[i] = f+rv, f, rv
			if i == 0 {
				strands.refFwd += f
				strands.refRev += rv
			} else {
				strands.altFwd += f
				strands.altRev += rv
			}
		}
		if !c.observed {
			r.Samples[s] = []string{"./.", ".", "0", joinInts(ad), joinInts(adf), joinInts(adr), "."}
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
		if k > 0 {
			for _, x := range ad {
				carrierDepth += x
			}
		}
		r.Samples[s] = []string{strconv.Itoa(j) + "/" + strconv.Itoa(k), strconv.Itoa(c.gq), strconv.Itoa(ev.depth(s)),
			joinInts(ad), joinInts(adf), joinInts(adr), joinInts(c.pl)}
	}
	r.Qual = math.Max(0, -10*logPRef/math.Ln10)
	ann := sc.annotations(r.Qual, strands, carrierDepth, alleles, indel)
	r.Filter = sc.m.Filters.apply(r.Qual, sc.m.LowQual, indel, ann)
	if indel {
		r.Info = append(r.Info, vcf.InfoField{Key: "INDEL", Flag: true})
	}
	r.Info = append(r.Info, ann.info()...)
	r.Info = append(r.Info,
		vcf.InfoField{Key: "AC", Value: joinInts(ac)},
		vcf.InfoField{Key: "AN", Value: strconv.Itoa(an)})
	return r
}

// annotations computes the site's annotations from the evidence and the
// raw depth the engine keeps.
func (sc *siteCaller) annotations(qual float64, st strandTable, carrierDepth int, alleles []int, indel bool) siteAnnotations {
	a := siteAnnotations{dp: sc.rawDepth, strands: st, fs: fisherStrand(st), sor: strandOddsRatio(st)}
	if sc.rawDepth > 0 {
		a.mq = math.Sqrt(float64(sc.rawMQSq) / float64(sc.rawDepth))
		a.mq0f = float64(sc.rawMQ0) / float64(sc.rawDepth)
	}
	if carrierDepth > 0 {
		a.qd, a.hasQD = qual/float64(carrierDepth), true
	}
	var altBQ, refBQ, altDist, refDist []int
	refBQ, refDist = append(refBQ, sc.ev.bq[alleles[0]]...), append(refDist, sc.ev.dist[alleles[0]]...)
	for _, l := range alleles[1:] {
		altBQ, altDist = append(altBQ, sc.ev.bq[l]...), append(altDist, sc.ev.dist[l]...)
	}
	a.posRankSum, a.hasPosRankSum = rankSumZ(altDist, refDist)
	a.endBias = endBias(altDist, refDist)
	if !indel { // an indel read's base quality is its flanks', not comparable
		a.bqRankSum, a.hasBQRankSum = rankSumZ(altBQ, refBQ)
		a.lowBQ = lowBaseQuality(altBQ, refBQ)
	}
	return a
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
