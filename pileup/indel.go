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

// gatherIndels fills sc.ev for the indel alleles anchored at p in any
// sample and returns their keys, the reference's ("") first: label i of the
// evidence is keys[i]. Indel reads come with their own observations; the
// reference allele's are added by callIndel.
func (sc *siteCaller) gatherIndels(w *window, p int) []string {
	keys := []string{""}
	for s := 0; s < sc.samples; s++ {
		for _, o := range w.peek(p, s).indels {
			if indexOf(keys, o.key) < 0 && len(keys) < 16 {
				keys = append(keys, o.key)
			}
		}
	}
	sc.ev.reset(sc.samples, len(keys))
	for s := 0; s < sc.samples; s++ {
		col := w.peek(p, s)
		reads := 0
		for _, o := range col.indels {
			reads += len(o.obs)
			if i := indexOf(keys, o.key); i > 0 {
				for _, x := range o.obs {
					sc.ev.add(s, i, x)
				}
			}
		}
		sc.ev.depths[s] = max(col.depth(), reads)
	}
	return keys
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
// mismatches or a clip to a gap near a read's end) and are left out. Each
// reference read's error is the indel error of the best-supported
// candidate's repeat (indelQual).
func (sc *siteCaller) callIndel(w *window, p int) (vcf.Record, bool) {
	if !sc.anyIndels(w, p) {
		return vcf.Record{}, false
	}
	keys := sc.gatherIndels(w, p)
	var cands []candidate
	for i := 1; i < len(keys); i++ {
		if n, ok := sc.passes(i); ok {
			cands = append(cands, candidate{key: i, n: n})
		}
	}
	if len(cands) == 0 {
		return vcf.Record{}, false
	}
	cands = sc.best(cands)
	need, refQual := p+1, 0
	for i, c := range cands {
		end := sc.contextEnd(p, keys[c.key])
		need = max(need, end+sc.m.RepeatMargin)
		if i == 0 {
			del, ins := indelKey(keys[c.key])
			if del > 0 {
				ins = string(sc.ref.slice(p+1, p+1+del))
			}
			refQual = indelQual(end-(p+1)-del, repeatUnits(ins))
		}
	}
	for s := 0; s < sc.samples; s++ {
		sc.addIndelRef(w, p, s, need, refQual)
	}
	sc.ev.likelihoods(sc.samples)
	alleles, ok := sc.genotypeSite(0, cands, sc.m.IndelHet)
	if !ok {
		return vcf.Record{}, false
	}
	ref, alts := sc.indelAlleles(p, keys, alleles[1:])
	if strings.ContainsRune(ref, 'N') {
		// An ambiguous reference base (any IUPAC code in the FASTA) can
		// be neither checked nor written back as the FASTA spells it.
		return vcf.Record{}, false
	}
	return sc.record(p, ref, alts, true, alleles), true
}

// addIndelRef adds sample s's reference-allele reads at the indel anchor
// p: per strand, the reads with a base at p (before BAQ) or with p inside
// an upstream deletion, less those carrying an indel here (counted or
// unsure) and those that start within RepeatMargin before p or end before
// need, each with error refQual. The rank-sum values of the reference are
// those of the bases at p.
//
// A read whose deletion anchored upstream covers p does not carry these
// indels: it stands for the haplotype without them, as a reference read
// does (bcftools scores such reads against the reference the same way).
// Left out, a homozygous 3-base deletion makes a 1-base deletion inside it,
// seen in 2 misaligned reads of 34, a homozygous call (AD 0,2), as on the
// chr11 ART set.
func (sc *siteCaller) addIndelRef(w *window, p, s, need, refQual int) {
	col := w.peek(p, s)
	n := [2]int{int(col.cover[0]), int(col.cover[1])}
	for _, o := range col.obs {
		if o.allele() == spanned {
			n[o.strand()]++
			continue
		}
		sc.ev.bq[0] = append(sc.ev.bq[0], o.baseQual())
		sc.ev.dist[0] = append(sc.ev.dist[0], o.endDist())
	}
	for _, o := range col.indels {
		for _, x := range o.obs {
			n[x.strand()]--
		}
	}
	n[0] -= int(col.unsure[0])
	n[1] -= int(col.unsure[1])
	for x := p; x < need; x++ {
		if c := w.peek(x, s); c != nil {
			n[0] -= int(c.ends[0])
			n[1] -= int(c.ends[1])
		}
	}
	for x := p - sc.m.RepeatMargin + 1; x <= p; x++ {
		if c := w.peek(x, s); c != nil {
			n[0] -= int(c.starts[0])
			n[1] -= int(c.starts[1])
		}
	}
	for st := 0; st < 2; st++ {
		for i := 0; i < n[st]; i++ {
			sc.ev.obs[s] = append(sc.ev.obs[s], makeErrObs(0, refQual, st == 1))
		}
		sc.ev.counts[s][0][st] += max(n[st], 0)
	}
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
	ref := string(sc.ref.slice(p, p+1+longest))
	out := make([]string, len(alts))
	for i, a := range alts {
		del, ins := indelKey(keys[a])
		out[i] = ref[:1] + ins + ref[1+del:]
	}
	return ref, out
}
