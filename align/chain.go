package align

import (
	"cmp"
	"slices"
)

// Chaining: seed hits that lie on nearly the same diagonal (reference
// position minus read position) and are colinear come from one placement of
// the read, with small indels between them moving the diagonal a little.
// Hits are sorted by strand and diagonal; each joins the first chain still
// within maxChainGap diagonals whose anchors it is colinear with (see
// colinear), else starts a chain. Colinearity is what keeps apart the copies
// of one read interval found at positions shifted by the period of a tandem
// repeat: they use the same read bases, so no single alignment holds two of
// them, and as separate chains they extend to separate, equally good hits
// (MAPQ 0), as in bwa mem. A chain is scored by the read bases its seeds
// cover (bwa mem's chain weight). Chains are filtered as bwa's
// mem_chain_flt does (pickChains): a chain that covers much the same part
// of the read as a stronger one is dropped when it is much weaker (drop
// ratio 0.5 and at least two seed lengths less), but the first chain each
// kept chain overshadows is still extended, so that MAPQ sees the best
// alternative placement; chains on other parts of the read are kept (the
// pieces of a chimeric read, reported as supplementary alignments).

const (
	maxChainGap = 30
	dropRatio   = 0.5
	// maskLevel is the share of the shorter of two read intervals that must
	// overlap for two chains or hits to compete for the same bases (bwa's
	// mask_level).
	maskLevel = 0.5
	// maxChains bounds the extensions per read, strongest chains first and
	// equally strong ones in the order of the read's hash (so no copy of a
	// repeat is favoured). Each copy of a tandem array or repeat family
	// holding the read is a chain; those beyond the bound that would have
	// been extended are counted (readAln.cutTies) so MAPQ and pairing know
	// the placement is not unique. bwa mem has no bound; reads outside
	// repeats have one or two chains. Seed length does not tell the copies
	// of an array at 1% divergence apart (in the tuning data, doc.go, the
	// right copy's chain was one of 62 as strong for a read in a 150-copy
	// satellite, and a bound of 50 left it out), so the bound is as high as
	// the seeds located.
	maxChains = maxOccurrences
	// bandPad is added to a chain's own diagonal spread to give the
	// half-width of the DP band: room for indels no seed spans.
	bandPad = 16
)

// anchor is one located seed: read codes [qb, qe) equal the reference at
// text positions [diag+qb, diag+qe) on the given strand.
type anchor struct {
	diag   int64
	qb, qe int
	rev    bool
}

// colinear reports whether anchors a and b (same strand) can both lie on one
// alignment: they share a diagonal, or one starts and ends before the other
// in the read and in the reference alike.
func colinear(a, b anchor) bool {
	if a.diag == b.diag {
		return true
	}
	if a.qb > b.qb {
		a, b = b, a
	}
	return a.qb < b.qb && a.qe < b.qe &&
		a.diag+int64(a.qb) < b.diag+int64(b.qb) && a.diag+int64(a.qe) < b.diag+int64(b.qe)
}

// chain is a run of colinear anchors, anchors[first:last], close in diagonal.
type chain struct {
	rev         bool
	diag        int64 // diagonal of the longest anchor
	lo, hi      int64 // diagonal range
	cover       int   // read bases covered by the anchors
	first, last int
	// Set by pickChains: the read interval the anchors span (in the read's
	// own orientation), the tie-break hash and the alt flag of its contig.
	qb, qe int
	hash   uint64
	alt    bool
}

// chainWork holds buildChains' scratch buffers.
type chainWork struct {
	chains  []chain
	spans   [][2]int
	prev    []int    // per anchor: the previous anchor of its chain, or -1
	tail    []int    // per chain: its last anchor so far
	open    []int    // chains still within maxChainGap of the current anchor
	id      []int    // per anchor: its chain
	sorted  []anchor // anchors regrouped by chain
	order   []int    // chain indices, strongest first
	kept    []int    // chains kept by pickChains
	dropped []int    // chains pickChains dropped as much weaker (see gaplessOnly)
	shadow  []int    // per chain: the first weaker chain it overlaps, or -1
}

// buildChains sorts anchors, groups them into chains and regroups anchors
// so that each chain's anchors are contiguous, in order of strand and
// diagonal.
func (cw *chainWork) buildChains(anchors []anchor) []chain {
	slices.SortFunc(anchors, func(a, b anchor) int {
		if a.rev != b.rev {
			if a.rev {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.diag, b.diag), cmp.Compare(a.qb, b.qb))
	})
	cw.assign(anchors)
	// Regroup by chain (a counting sort, stable, so each chain keeps its
	// anchors in diagonal order) and describe each chain.
	chains := cw.chains[:0]
	for range cw.tail {
		chains = append(chains, chain{})
	}
	for i := range anchors {
		chains[cw.id[i]].last++
	}
	at := 0
	for k := range chains {
		chains[k].first, at = at, at+chains[k].last
		chains[k].last = chains[k].first
	}
	cw.sorted = slices.Grow(cw.sorted[:0], len(anchors))[:len(anchors)]
	for i, a := range anchors {
		c := &chains[cw.id[i]]
		cw.sorted[c.last] = a
		c.last++
	}
	copy(anchors, cw.sorted)
	for k := range chains {
		c := &chains[k]
		members := anchors[c.first:c.last]
		c.rev, c.lo, c.hi = members[0].rev, members[0].diag, members[len(members)-1].diag
		longest := -1
		cw.spans = cw.spans[:0]
		for _, a := range members {
			if a.qe-a.qb > longest {
				longest, c.diag = a.qe-a.qb, a.diag
			}
			cw.spans = append(cw.spans, [2]int{a.qb, a.qe})
		}
		c.cover = coverage(cw.spans)
	}
	cw.chains = chains
	return chains
}

// pickChains chooses the chains of w.chains to extend, in order, for a
// read of n bases with key key (bwa's mem_chain_flt; see the top of this
// file), and counts the chains as strong as the strongest left out by
// maxChains.
func (w *worker) pickChains(n int, key uint64) (order []int, cutTies int) {
	cw := &w.cw
	cs := w.chains
	cw.order = cw.order[:0]
	for i := range cs {
		c := &cs[i]
		c.qb, c.qe = n, 0
		for _, a := range w.anchors[c.first:c.last] {
			c.qb, c.qe = min(c.qb, a.qb), max(c.qe, a.qe)
		}
		if c.rev {
			c.qb, c.qe = n-c.qe, n-c.qb
		}
		c.hash = hitKey(key, c.diag, c.rev)
		c.alt = w.isAlt(w.ix.ContigOf(c.diag + int64(w.anchors[c.first].qb)))
		cw.order = append(cw.order, i)
	}
	slices.SortFunc(cw.order, func(a, b int) int {
		return cmp.Or(cmp.Compare(cs[b].cover, cs[a].cover), cmp.Compare(cs[a].hash, cs[b].hash))
	})
	cw.kept, cw.dropped = cw.kept[:0], cw.dropped[:0]
	cw.shadow = slices.Grow(cw.shadow[:0], len(cs))[:len(cs)]
	for i := range cw.shadow {
		cw.shadow[i] = -1
	}
	for _, i := range cw.order {
		drop := false
		for _, j := range cw.kept {
			if !spansOverlap(cs[i].qb, cs[i].qe, cs[j].qb, cs[j].qe) || (cs[j].alt && !cs[i].alt) {
				continue
			}
			if cw.shadow[j] < 0 {
				cw.shadow[j] = i
			}
			if float64(cs[i].cover) < dropRatio*float64(cs[j].cover) && cs[j].cover-cs[i].cover >= 2*minSeedLen {
				drop = true
				break
			}
		}
		switch {
		case drop:
			cw.dropped = append(cw.dropped, i)
		case len(cw.kept) == maxChains:
			cutTies++
		default:
			cw.kept = append(cw.kept, i)
		}
	}
	// The first chain each kept chain overshadows is extended too, for
	// MAPQ's second-best score (bwa's kept=1).
	n0 := len(cw.kept)
	for _, j := range cw.kept[:n0] {
		if s := cw.shadow[j]; s >= 0 && !slices.Contains(cw.kept[:n0], s) && !slices.Contains(cw.kept[n0:], s) {
			cw.kept = append(cw.kept, s)
		}
	}
	if len(cw.kept) > n0 {
		cw.dropped = slices.DeleteFunc(cw.dropped, func(i int) bool { return slices.Contains(cw.kept[n0:], i) })
		rank := cw.shadow // reused: the position of each chain in order
		for k, i := range cw.order {
			rank[i] = k
		}
		slices.SortFunc(cw.kept, func(a, b int) int { return cmp.Compare(rank[a], rank[b]) })
	}
	return cw.kept, cutTies
}

// spansOverlap reports whether read intervals [ab, ae) and [bb, be) share
// at least maskLevel of the shorter one.
func spansOverlap(ab, ae, bb, be int) bool {
	o := min(ae, be) - max(ab, bb)
	return o > 0 && float64(o) >= maskLevel*float64(min(ae-ab, be-bb))
}

// assign gives each anchor (sorted by strand and diagonal) its chain in
// cw.id, numbering chains by their first anchor. An anchor joins the first
// open chain, on its strand and at most maxChainGap diagonals below it, with
// all of whose anchors it is colinear. A read has a handful of anchors
// outside repeats, so the quadratic checks cost little; in a tandem repeat
// only the copies within maxChainGap diagonals are open at once.
func (cw *chainWork) assign(anchors []anchor) {
	cw.prev, cw.id = cw.prev[:0], cw.id[:0]
	cw.tail, cw.open = cw.tail[:0], cw.open[:0]
	for i, a := range anchors {
		open := cw.open[:0]
		for _, k := range cw.open {
			if t := anchors[cw.tail[k]]; t.rev == a.rev && a.diag-t.diag <= maxChainGap {
				open = append(open, k)
			}
		}
		cw.open = open
		join := -1
		for _, k := range cw.open {
			ok := true
			for j := cw.tail[k]; j >= 0 && ok; j = cw.prev[j] {
				ok = colinear(anchors[j], a)
			}
			if ok {
				join = k
				break
			}
		}
		if join < 0 {
			join = len(cw.tail)
			cw.tail = append(cw.tail, -1)
			cw.open = append(cw.open, join)
		}
		cw.prev = append(cw.prev, cw.tail[join])
		cw.tail[join] = i
		cw.id = append(cw.id, join)
	}
}

// coverage is the number of positions covered by the union of the half-open
// intervals in spans (which it sorts).
func coverage(spans [][2]int) int {
	slices.SortFunc(spans, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	total, end := 0, -1
	for _, s := range spans {
		if s[0] > end {
			total += s[1] - s[0]
			end = s[1]
		} else if s[1] > end {
			total += s[1] - end
			end = s[1]
		}
	}
	return total
}
