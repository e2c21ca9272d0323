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
// cover (bwa mem's chain weight), and chains much weaker than the best are
// not extended (bwa's drop ratio 0.5).

const (
	maxChainGap = 30
	dropRatio   = 0.5
	// maxChains bounds the extensions per read. Every copy of a tandem
	// repeat array that holds the read is its own chain, and pairing can
	// only choose the copy its mate's insert size points to when that copy
	// was extended: at 12 the leftmost 12 copies of the demo genome's
	// 19-copy array were kept and 11 pairs were placed wrong with MAPQ
	// 38-40; 32 leaves none. Reads outside repeats have one or two chains.
	maxChains = 32
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
}

// chainWork holds buildChains' scratch buffers.
type chainWork struct {
	chains []chain
	spans  [][2]int
	prev   []int    // per anchor: the previous anchor of its chain, or -1
	tail   []int    // per chain: its last anchor so far
	open   []int    // chains still within maxChainGap of the current anchor
	id     []int    // per anchor: its chain
	sorted []anchor // anchors regrouped by chain
}

// buildChains sorts anchors, groups them into chains and regroups anchors
// so that each chain's anchors are contiguous; the chains are returned
// strongest first (ties by strand then diagonal, so the order never depends
// on threads or map iteration).
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
	slices.SortStableFunc(chains, func(a, b chain) int { return cmp.Compare(b.cover, a.cover) })
	keep := 0
	for _, c := range chains {
		if keep == maxChains || float64(c.cover) < dropRatio*float64(chains[0].cover) {
			break
		}
		keep++
	}
	cw.chains = chains
	return chains[:keep]
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
