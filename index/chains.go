package index

import (
	"slices"
	"sync/atomic"
)

// Ranking a block in the tail (step 1 of merge.go) is a chain of LF steps,
// each a random access to the tail's BWT: one cache miss per base, the
// build's largest cost. The chain is cut into pieces that run at once, on
// every thread and several per thread: a thread advances chainWays pieces
// in turn, so their cache misses overlap instead of queueing.
//
// A piece [lo, hi) needs g_hi, the rank of T[hi:] among the tail suffixes,
// without the chain above it. Backward search of T[hi:d] over the tail
// index gives it: once the search interval is empty, no tail suffix starts
// with the pattern, so the interval's lower end is exactly the number of
// tail suffixes smaller than T[j:] for the position j reached. The search
// starts searchLen bases right of hi and reaches emptiness in a few dozen
// steps unless T[hi:] begins with a repeat of the tail; then the cut moves
// a little to the left and the search is tried again, and in a long repeat
// the piece is joined to the one above and ranked by its chain.

const (
	chainWays    = 32  // pieces one thread advances in turn; see runChains
	chainsPerWay = 4   // pieces per way and thread, so threads finish together
	searchLen    = 64  // pattern length of a start search
	searchTries  = 4   // start searches per piece before it joins the one above
	searchStep   = 997 // distance between them
)

// minChainLen is the shortest piece worth its start search; tests lower it
// to cut small blocks into many pieces.
var minChainLen int64 = 1 << 12

// chain is a piece of a block to rank: positions [lo, hi), from hi-1 down,
// starting from g, the rank of T[hi:] in the tail.
type chain struct{ lo, hi, g int64 }

// rankBlock fills keys[i-s] with the entry of every block position i in
// [s, e) (e being the tail's start): key g_i*5 + T[i] and prev T[i-1]
// (blocksort.go); and keys[e-s] with the END entry, key g_e*5 + 4.
func (b *builder) rankBlock(s int64, keys []uint64, l entryLayout) {
	e := b.start
	keys[e-s] = l.entry(uint64(b.tail.primary*5+4), 0, e-s)
	chains := b.planChains(s, e)
	var next atomic.Int64
	parallel(min(b.threads, len(chains)), func(int) { b.runChains(chains, &next, keys, s, l) })
}

// planChains cuts [s, e) into pieces and finds each one's starting rank.
func (b *builder) planChains(s, e int64) []chain {
	pieces := min(int64(b.threads*chainWays*chainsPerWay), max(1, (e-s)/minChainLen))
	cuts := make([]int64, pieces+1)
	for p := range cuts {
		cuts[p] = s + (e-s)*int64(p)/pieces
	}
	// A cut moves down to where a start search succeeds, and ranks[p] is
	// then the rank of T[moved[p+1]:]; -1 when none did.
	moved := slices.Clone(cuts)
	ranks := make([]int64, pieces)
	ranks[pieces-1] = b.tail.primary
	var next atomic.Int64
	parallel(min(b.threads, int(pieces-1)), func(int) {
		for p := next.Add(1) - 1; p < pieces-1; p = next.Add(1) - 1 {
			moved[p+1], ranks[p] = b.startRank(cuts[p+1], cuts[p])
		}
	})
	cuts = moved
	// A piece whose start is unknown is ranked by the chain above it.
	var chains []chain
	cur := chain{hi: e, g: ranks[pieces-1]}
	for p := pieces - 2; p >= 0; p-- {
		if ranks[p] >= 0 {
			cur.lo = cuts[p+1]
			chains = append(chains, cur)
			cur = chain{hi: cuts[p+1], g: ranks[p]}
		}
	}
	cur.lo = s
	chains = append(chains, cur)
	return chains
}

// startRank finds a position z' in (lo, z] whose rank among the tail
// suffixes backward search of T[z':z'+searchLen] gives, trying z and a few
// positions below it, and returns z' and the rank, or z and -1 when
// T[z':z'+searchLen] starts a tail suffix at every try (a long repeat).
func (b *builder) startRank(z, lo int64) (int64, int64) {
	t, ref := &b.tail, b.ref
	for try := 0; try < searchTries && z > lo; try, z = try+1, z-searchStep {
		d := min(z+searchLen, b.n)
		l, h := int64(0), t.rows
		j := d
		for j > z && l < h {
			j--
			c := ref.packedBase(j)
			l, h = t.lf(c, l), t.lf(c, h)
		}
		if l < h {
			continue // T[z:d] occurs in the tail
		}
		for j > z {
			j--
			l = t.lf(ref.packedBase(j), l)
		}
		return z, l
	}
	return z, -1
}

// runChains ranks chains taken in turn from the list (next counts those
// taken), chainWays at a time, until none is left. Each round first touches
// the BWT block every piece is about to read, so that their cache misses
// are all in flight together, then takes one LF step in each piece.
func (b *builder) runChains(chains []chain, next *atomic.Int64, keys []uint64, s int64, l entryLayout) {
	t, text, blocks := &b.tail, b.ref.text, b.tail.blocks
	var ways [chainWays]chain
	active := 0
	for ; active < chainWays; active++ {
		k := next.Add(1) - 1
		if k >= int64(len(chains)) {
			break
		}
		ways[active] = chains[k]
	}
	var sink uint64
	for active > 0 {
		for w := 0; w < active; w++ {
			sink += blocks[ways[w].g>>blockShift*blockWords]
		}
		for w := 0; w < active; w++ {
			c := &ways[w]
			i := c.hi - 1
			base := byte(text[i>>5]>>(uint(i&31)*2)) & 3
			c.g = t.lf(base, c.g)
			var prev byte
			if i > 0 {
				prev = byte(text[(i-1)>>5]>>(uint((i-1)&31)*2)) & 3
			}
			keys[i-s] = l.entry(uint64(c.g*5+int64(base)), prev, i-s)
			c.hi = i
			if i > c.lo {
				continue
			}
			if k := next.Add(1) - 1; k < int64(len(chains)) {
				*c = chains[k]
				continue
			}
			active--
			ways[w] = ways[active]
			w-- // the moved piece takes its step in this round
		}
	}
	touchSink.Add(sink)
}

// touchSink keeps the sum of the touched words, so that the compiler keeps
// the loads.
var touchSink atomic.Uint64
