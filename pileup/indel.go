package pileup

import (
	"strconv"
	"strings"

	"github.com/vole-bio/vole/pileup/vcf"
)

// deletionKey is the indel key of a deletion of n bases.
func deletionKey(n int) string { return "-" + strconv.Itoa(n) }

// indelKey decodes an indel key: the deleted length (0 for an insertion) and
// the inserted sequence.
func indelKey(key string) (del int, ins string) {
	if key[0] == '-' {
		n, _ := strconv.Atoi(key[1:])
		return n, ""
	}
	return 0, key[1:]
}

// indelEvidence is the evidence at one anchor: allele 0 is the reference,
// allele i > 0 the indel keys[i]; per sample and allele the read count and
// likelihood sums, and the sample's depth.
type indelEvidence struct {
	keys   []string
	n      [][]int
	t      [][]obsTerms
	depths []int
}

func (e *indelEvidence) terms(s, a int) obsTerms { return e.t[s][a] }
func (e *indelEvidence) count(s, a int) int      { return e.n[s][a] }
func (e *indelEvidence) depth(s int) int         { return e.depths[s] }

// gatherIndels collects the indel alleles anchored at p in any sample.
func (sc *siteCaller) gatherIndels(w *window, p int) *indelEvidence {
	ev := &indelEvidence{keys: []string{""}, n: make([][]int, sc.samples), t: make([][]obsTerms, sc.samples), depths: make([]int, sc.samples)}
	for s := 0; s < sc.samples; s++ {
		for _, o := range w.peek(p, s).indels {
			if indexOf(ev.keys, o.key) < 0 {
				ev.keys = append(ev.keys, o.key)
			}
		}
	}
	for s := 0; s < sc.samples; s++ {
		col := w.peek(p, s)
		ev.n[s] = make([]int, len(ev.keys))
		ev.t[s] = make([]obsTerms, len(ev.keys))
		reads := 0
		for _, o := range col.indels {
			i := indexOf(ev.keys, o.key)
			ev.n[s][i], ev.t[s][i] = o.n, o.terms
			reads += o.n
		}
		ev.depths[s] = max(col.depth(), reads)
	}
	return ev
}

// indexOf returns the position of key in keys, or -1.
func indexOf(keys []string, key string) int {
	for i, k := range keys {
		if k == key {
			return i
		}
	}
	return -1
}

// callIndel genotypes the indels anchored at p. The reference allele is
// supported by the reads through p that carry no indel here and reach from
// RepeatMargin bases before p to RepeatMargin bases past the repeat the
// candidate indels sit in (their rightmost equivalent placement); reads that
// end inside it show neither allele for sure (an aligner prefers
// mismatches or a clip to a gap near a read's end) and are left out. Each read's error is the indel error of the
// best-supported candidate's repeat (indelQual).
func (sc *siteCaller) callIndel(w *window, p int) (vcf.Record, bool) {
	if !sc.anyIndels(w, p) {
		return vcf.Record{}, false
	}
	ev := sc.gatherIndels(w, p)
	var cands []candidate
	for i := 1; i < len(ev.keys); i++ {
		if n, ok := sc.passes(ev, i); ok {
			cands = append(cands, candidate{key: i, n: n})
		}
	}
	if len(cands) == 0 {
		return vcf.Record{}, false
	}
	cands = sc.best(cands)
	need, slide := p+1, 0
	for i, c := range cands {
		end := sc.contextEnd(p, ev.keys[c.key])
		need = max(need, end+sc.m.RepeatMargin)
		if i == 0 {
			del, _ := indelKey(ev.keys[c.key])
			slide = end - (p + 1) - del
		}
	}
	refQual := indelQual(slide)
	for s := 0; s < sc.samples; s++ {
		col := w.peek(p, s)
		ambiguous := 0
		for x := p; x < need; x++ {
			if c := w.peek(x, s); c != nil {
				ambiguous += int(c.ends)
			}
		}
		for x := p - sc.m.RepeatMargin + 1; x <= p; x++ {
			if c := w.peek(x, s); c != nil {
				ambiguous += int(c.starts)
			}
		}
		reads := 0
		for _, o := range col.indels {
			reads += o.n
		}
		ref := max(0, col.baseDepth()-reads-ambiguous)
		ev.n[s][0] = ref
		ev.t[s][0].addScaled(termTable[refQual], float64(ref))
	}
	alleles, ok := sc.genotypeSite(0, cands, sc.m.IndelHet, ev)
	if !ok {
		return vcf.Record{}, false
	}
	ref, alts := sc.indelAlleles(p, ev.keys, alleles[1:])
	if strings.ContainsRune(ref, 'N') {
		// An ambiguous reference base (any IUPAC code in the FASTA) can
		// be neither checked nor written back as the FASTA spells it.
		return vcf.Record{}, false
	}
	return sc.record(p, ref, alts, true, ev, alleles), true
}

// anyIndels reports whether some sample has an indel anchored at p.
func (sc *siteCaller) anyIndels(w *window, p int) bool {
	for s := 0; s < sc.samples; s++ {
		if len(w.peek(p, s).indels) > 0 {
			return true
		}
	}
	return false
}

// contextEnd is the first reference position after the rightmost placement
// of the indel key anchored at p.
func (sc *siteCaller) contextEnd(p int, key string) int {
	del, ins := indelKey(key)
	if del > 0 {
		return deletionContextEnd(sc.ref, p+1, del)
	}
	return insertionContextEnd(sc.ref, p+1, ins)
}

// indelAlleles spells the VCF alleles of the indels keys[alts] anchored at p:
// REF runs from the padding base at p over the longest deletion, and each
// ALT is the padding base, its inserted bases, and the reference after its
// deleted ones up to REF's end.
func (sc *siteCaller) indelAlleles(p int, keys []string, alts []int) (string, []string) {
	longest := 0
	for _, a := range alts {
		del, _ := indelKey(keys[a])
		longest = max(longest, del)
	}
	ref := string(sc.ref[p : p+1+longest])
	out := make([]string, len(alts))
	for i, a := range alts {
		del, ins := indelKey(keys[a])
		out[i] = ref[:1] + ins + ref[1+del:]
	}
	return ref, out
}
