package align

import (
	"cmp"
	"slices"
)

// Chaining: seed hits that lie on nearly the same diagonal (reference
// position minus read position) come from one placement of the read, with
// small indels between them moving the diagonal a little. Hits are sorted by
// strand and diagonal and cut into chains where consecutive diagonals differ
// by more than maxChainGap; a chain is scored by the read bases its seeds
// cover (bwa mem's chain weight), and chains much weaker than the best are
// not extended (bwa's drop ratio 0.5).

const (
	maxChainGap = 30
	dropRatio   = 0.5
	maxChains   = 12
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

// chain is a run of anchors of anchors[first:last] close in diagonal.
type chain struct {
	rev         bool
	diag        int64 // diagonal of the longest anchor
	lo, hi      int64 // diagonal range
	cover       int   // read bases covered by the anchors
	first, last int
}

// buildChains sorts anchors and groups them into chains, returned strongest
// first (ties by strand then diagonal, so the order never depends on
// threads or map iteration).
func buildChains(anchors []anchor, chains []chain, spans [][2]int) ([]chain, [][2]int) {
	slices.SortFunc(anchors, func(a, b anchor) int {
		if a.rev != b.rev {
			if a.rev {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.diag, b.diag), cmp.Compare(a.qb, b.qb))
	})
	chains = chains[:0]
	for i := 0; i < len(anchors); {
		j := i + 1
		for j < len(anchors) && anchors[j].rev == anchors[i].rev && anchors[j].diag-anchors[j-1].diag <= maxChainGap {
			j++
		}
		c := chain{rev: anchors[i].rev, lo: anchors[i].diag, hi: anchors[j-1].diag, first: i, last: j}
		longest := -1
		spans = spans[:0]
		for _, a := range anchors[i:j] {
			if a.qe-a.qb > longest {
				longest, c.diag = a.qe-a.qb, a.diag
			}
			spans = append(spans, [2]int{a.qb, a.qe})
		}
		c.cover = coverage(spans)
		chains = append(chains, c)
		i = j
	}
	slices.SortStableFunc(chains, func(a, b chain) int { return cmp.Compare(b.cover, a.cover) })
	keep := 0
	for _, c := range chains {
		if keep == maxChains || float64(c.cover) < dropRatio*float64(chains[0].cover) {
			break
		}
		keep++
	}
	return chains[:keep], spans
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
