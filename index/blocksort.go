package index

import (
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Sorting a block's suffixes (step 2 of merge.go). Each block position i
// has a 64-bit entry key<<(pb+2) | prev<<pb | i: key = g_i*5 + T[i], prev
// the base before it (its BWT character, carried so that the merge reads no
// text), i in pb bits. The entries, made in position order, are sorted into
// a second array by key: one most-significant-digit pass scatters them into
// buckets of the key's top bits, then each bucket, small enough to stay in
// cache, is finished by least-significant-digit passes. The array in
// position order is left as it was, for the refinement.
//
// Entries with equal keys are then ordered by the keys that follow them.
// When they are few (the usual case: ties come from repeats new to the
// tail), by prefix doubling restricted to them (after N. J. Larsson and K.
// Sadakane 2007, "Faster suffix sorting"): at round h a group of entries
// that agree on their first h keys is sorted by the rank of the position h
// further on, which orders it by its first 2h keys. A rank is the entry in
// position order with its position bits replaced by the entry's place in
// its group, zero until the group splits: ordered like the key sequences as
// far as they are known. When ties are many (long exact repeats within the
// block, as in a satellite array), the whole block is sorted again by SA-IS
// over its keys numbered densely, which takes linear time whatever the
// repeats.

const (
	topDigitBits = 12 // bits of the first, scattering pass
	lowDigitBits = 11 // bits of each pass inside a bucket
)

// Sizes that choose how entries are sorted: blocks up to smallSort as a
// whole by comparison; buckets up to smallBucket by insertion, over
// largeBucket by comparison in place, the others by radix. Tests lower
// them to take every path on small blocks.
var (
	smallSort   = 1 << 14
	smallBucket = 64
	largeBucket = 1 << 18
)

// refine gives up doubling for SA-IS when, after the rounds up to
// denseAfter, more than 1/denseTies of the block's entries still tie: a
// long exact repeat that doubling would take many more rounds over. On a
// 50 Mb human-like genome (internal/sim, seed 11) doubling refines blocks
// where up to 46% of the entries tie five times faster than SA-IS, so SA-IS
// is kept for repeats of 64 bases and more. Tests set denseTies to 0
// (never) or to the largest int with denseAfter 0 (whenever any tie).
var (
	denseTies  = 16
	denseAfter = uint64(64)
)

// entryLayout locates the fields of a block's entries.
type entryLayout struct{ pb uint }

func (l entryLayout) key(v uint64) uint64  { return v >> (l.pb + 2) }
func (l entryLayout) pos(v uint64) uint64  { return v & l.posMask() }
func (l entryLayout) posMask() uint64      { return 1<<l.pb - 1 }
func (l entryLayout) prev(v uint64) uint64 { return v >> l.pb & 3 }

// entry returns the entry of block position i.
func (l entryLayout) entry(key uint64, prev byte, i int64) uint64 {
	return key<<(l.pb+2) | uint64(prev)<<l.pb | uint64(i)
}

// blockSorter sorts blocks' entries, keeping its buffers from one block to
// the next so that the build makes little garbage.
type blockSorter struct {
	threads int
	bufs    [][]uint64 // a radix buffer per thread
	groups  []group    // tied groups, and those left open by a round
	open    []group
	pairs   []rankPair
}

// rankPair is a tied entry and the rank it is sorted by in a round.
type rankPair struct{ rank, entry uint64 }

// sortEntries sorts the entries of keys by key (kb bits) into sorted
// (as long as keys); keys is left unchanged.
func (bs *blockSorter) sortEntries(keys, sorted []uint64, l entryLayout, kb uint) {
	threads := bs.threads
	if len(keys) <= smallSort {
		copy(sorted, keys)
		slices.Sort(sorted) // by key, then prev and position
		return
	}
	// Buckets of 16 entries or more on average, 1<<topDigitBits at most.
	top := min(kb, topDigitBits, uint(max(1, bits.Len(uint(len(keys)))-4)))
	shift := l.pb + 2 + kb - top
	starts := scatterTop(keys, sorted, shift, top, threads)
	var next atomic.Int64
	if len(bs.bufs) < threads {
		bs.bufs = make([][]uint64, threads)
	}
	parallel(threads, func(t int) {
		buf := bs.bufs[t]
		defer func() { bs.bufs[t] = buf }()
		for d := next.Add(1) - 1; d < int64(len(starts)-1); d = next.Add(1) - 1 {
			bucket := sorted[starts[d]:starts[d+1]]
			switch {
			case kb == top:
			case len(bucket) <= smallBucket:
				insertionSort(bucket)
			case len(bucket) > largeBucket:
				slices.Sort(bucket)
			default:
				if cap(buf) < len(bucket) {
					buf = make([]uint64, len(bucket)+len(bucket)/4)
				}
				radixSort(bucket, buf[:len(bucket)], l.pb+2, kb-top)
			}
		}
	})
}

// scatterTop moves keys into dst grouped by the digit of width bits at
// shift, in order, and returns the bucket boundaries (1<<width + 1 of them).
// With several threads each counts and moves its own share of keys.
func scatterTop(keys, dst []uint64, shift, width uint, threads int) []int64 {
	buckets := 1 << width
	mask := uint64(buckets - 1)
	parts := min(threads, max(1, len(keys)/(1<<16)))
	counts := make([][]int64, parts)
	share := func(p int) []uint64 { return keys[len(keys)*p/parts : len(keys)*(p+1)/parts] }
	parallel(parts, func(p int) {
		c := make([]int64, buckets)
		for _, v := range share(p) {
			c[v>>shift&mask]++
		}
		counts[p] = c
	})
	starts := make([]int64, buckets+1)
	var sum int64
	for d := 0; d < buckets; d++ {
		starts[d] = sum
		for p := range counts {
			n := counts[p][d]
			counts[p][d] = sum // where part p's keys with digit d go
			sum += n
		}
	}
	starts[buckets] = sum
	parallel(parts, func(p int) {
		next := counts[p]
		for _, v := range share(p) {
			d := v >> shift & mask
			dst[next[d]] = v
			next[d]++
		}
	})
	return starts
}

// parallel runs f(0) ... f(parts-1) at once and waits for them.
func parallel(parts int, f func(p int)) {
	if parts <= 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for p := 0; p < parts; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(p)
		}()
	}
	wg.Wait()
}

// insertionSort sorts a short slice.
func insertionSort(a []uint64) {
	for i := 1; i < len(a); i++ {
		v := a[i]
		j := i
		for ; j > 0 && a[j-1] > v; j-- {
			a[j] = a[j-1]
		}
		a[j] = v
	}
}

// radixSort sorts a by bits [shift, shift+kb) with least-significant-digit
// passes, using buf (as long as a) between passes; the result is in a.
func radixSort(a, buf []uint64, shift, kb uint) {
	passes := (kb + lowDigitBits - 1) / lowDigitBits
	width := (kb + passes - 1) / passes
	var count [1 << lowDigitBits]int32
	src, dst := a, buf
	for p := uint(0); p < passes; p++ {
		sh := shift + p*width
		mask := uint64(1)<<min(width, kb-p*width) - 1
		c := count[:mask+1]
		clear(c)
		for _, v := range src {
			c[v>>sh&mask]++
		}
		var sum int32
		for d, n := range c {
			c[d] = sum
			sum += n
		}
		for _, v := range src {
			d := v >> sh & mask
			dst[c[d]] = v
			c[d]++
		}
		src, dst = dst, src
	}
	if passes%2 == 1 {
		copy(a, src)
	}
}

// group is a run sorted[a:z] of entries not yet told apart.
type group struct{ a, z int }

// refine finishes the order of sorted, whose entries are sorted by key, so
// that equal keys are ordered by the keys that follow them (merge.go, step
// 2). keys holds the same entries in position order, the END entry last; it
// is rewritten (and, when ties are many, used as work space).
func (bs *blockSorter) refine(sorted, keys []uint64, l entryLayout, text *Reference, s int64) {
	groups := bs.groups[:0]
	tied := 0
	for a := 0; a < len(sorted); {
		z := a + 1
		for z < len(sorted) && l.key(sorted[z]) == l.key(sorted[a]) {
			z++
		}
		if z-a > 1 {
			groups = append(groups, group{a, z})
			tied += z - a
		}
		a = z
	}
	bs.groups = groups
	if tied > 0 && !bs.refineSparse(sorted, keys, l, tied) {
		resortDense(sorted, keys, l, text, s)
	}
}

// refineSparse orders the entries of the tied groups by prefix doubling. It
// reports false when it gives up, leaving sorted still sorted by key.
func (bs *blockSorter) refineSparse(sorted, keys []uint64, l entryLayout, tied int) bool {
	posMask := l.posMask()
	rankMask := ^(uint64(3) << l.pb) // drops prev: the rank is key, place
	groups, open, pairs := bs.groups, bs.open, bs.pairs
	// The two group lists swap roles every round; keep both for the next
	// block.
	defer func() { bs.groups, bs.open, bs.pairs = groups, open, pairs }()
	for _, g := range groups {
		for _, v := range sorted[g.a:g.z] {
			keys[l.pos(v)] &^= posMask // place 0 in the group
		}
	}
	for h := uint64(1); len(groups) > 0; h *= 2 {
		if h >= denseAfter && tied*denseTies > len(sorted) {
			return false
		}
		open = open[:0]
		tied = 0
		for _, g := range groups {
			pairs = pairs[:0]
			for _, v := range sorted[g.a:g.z] {
				// A group's entries agree on h keys, so none reaches past
				// END, the last position.
				pairs = append(pairs, rankPair{keys[l.pos(v)+h] & rankMask, v})
			}
			slices.SortFunc(pairs, func(x, y rankPair) int {
				switch {
				case x.rank < y.rank:
					return -1
				case x.rank > y.rank:
					return 1
				}
				return 0
			})
			last := len(pairs) - 1
			for j := last; j >= 0; j-- {
				v := pairs[j].entry
				sorted[g.a+j] = v
				keys[l.pos(v)] = keys[l.pos(v)]&^posMask | uint64(g.a+last)
				if j > 0 && pairs[j-1].rank != pairs[j].rank {
					if last > j {
						open = append(open, group{g.a + j, g.a + last + 1})
						tied += last + 1 - j
					}
					last = j - 1
				}
			}
			if last > 0 {
				open = append(open, group{g.a, g.a + last + 1})
				tied += last + 1
			}
		}
		groups, open = open, groups
	}
	return true
}

// resortDense sorts the block again by SA-IS over its keys numbered densely
// in sorted order (END, unique and last, needs no sentinel of its own), then
// rewrites the entries in that order, their BWT characters read from the
// text. keys becomes the numbered text and the suffix array.
func resortDense(sorted, keys []uint64, l entryLayout, text *Reference, s int64) {
	n := len(sorted)
	ids := unsafe.Slice((*int32)(unsafe.Pointer(&keys[0])), 2*n)
	ids, sa := ids[:n], ids[n:]
	names := 0
	for j, v := range sorted {
		if j > 0 && l.key(v) != l.key(sorted[j-1]) {
			names++
		}
		ids[l.pos(v)] = int32(names)
	}
	sais(ids, names+1, sa, nil)
	keyBits := ^l.posMask() &^ (3 << l.pb)
	for j, p := range sa {
		var prev byte
		if i := s + int64(p); i > 0 && int(p) < n-1 {
			prev = text.packedBase(i - 1)
		}
		sorted[j] = sorted[j]&keyBits | l.entry(0, prev, int64(p))
	}
}
