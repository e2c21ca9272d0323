package index

import (
	"math/bits"
	"slices"
	"unsafe"
)

// Blockwise BWT construction by merging, right to left (after P. Ferragina,
// T. Gagie and G. Manzini 2012, "Lightweight data indexing and compression
// in external memory", and J. Kärkkäinen, D. Kempa and S. J. Puglisi 2015,
// "Parallel external memory suffix sorting" (SAscan); bwa's bwtsw, W.-K.
// Hon, T.-W. Lam, K. Sadakane, W.-K. Sung and S.-M. Yiu 2007, works the same
// way). The text T[0:n] is cut into blocks. The rightmost block's suffixes
// are sorted by SA-IS, which gives the FM-index of that tail of the text;
// then each block [s,e) to its left is merged into the index of the tail
// T[e:n], which becomes the index of T[s:n]. Only the growing BWT and
// sampled rows (allocated once at their final size) and one block's work
// space are ever in memory, never a suffix array of the whole text.
//
// Merging a block:
//
//  1. Rank in the tail. g_i, the number of tail suffixes smaller than T[i:],
//     follows from g_{i+1} by one LF step over the tail's index:
//     g_i = C[T[i]] + Occ(T[i], g_{i+1}), starting from g_e, the row of
//     T[e:] itself (chains.go).
//  2. Sort. Block suffix i sorts before block suffix j exactly when the key
//     sequence K_i K_{i+1} ... K_{e-1} END is smaller than K_j ..., where
//     K_k = (g_k, T[k]) and END = (g_e, 4): a smaller g means a tail suffix
//     lies between the two; equal keys mean equal first bases and the same
//     answer for the suffixes one position later; END, the tail suffix
//     T[e:] itself, sorts after every key with g <= g_e. So the block's
//     suffix order is the suffix order of a string of integer keys: radix
//     sort the keys, then refine groups of equal keys by prefix doubling
//     (blocksort.go).
//  3. Merge. In that order the g are non-decreasing; block suffix i becomes
//     a new row just before tail row g_i, with BWT character T[i-1] (the
//     sentinel for i == s, whose row is the new primary), and the tail's
//     old primary row gets T[e-1]. The merge runs from the top down in
//     place (bwtmerge.go), then recounts the occurrence counts of each BWT
//     block; the sampled rows move along (their text positions do not
//     change).
//
// While a tail is being built its BWT keeps a field for every row: the
// primary row holds a placeholder A that the LF step discounts. The last
// merge (s == 0) leaves out the primary's field, which is the stored form
// of occ.go.

// tailIndex is the FM-index of the tail T[start:n] in its construction form.
type tailIndex struct {
	blocks  []uint64 // BWT of every row, the primary's field a placeholder 0
	c       [5]int64 // c[x]: first row of suffixes starting with x (row 0 is $)
	primary int64    // row of the suffix T[start:]
	rows    int64    // n - start + 1
}

// lf returns C[c] + Occ(c, r): the number of tail suffixes smaller than cX
// when r tail suffixes are smaller than X.
func (t *tailIndex) lf(c byte, r int64) int64 {
	o := occStored(t.blocks, c, r)
	if c == 0 && r > t.primary {
		o-- // the primary's placeholder
	}
	return t.c[c] + o
}

// builder holds the index under construction and the block work space.
type builder struct {
	ref     *Reference
	n       int64
	threads int
	tail    tailIndex
	start   int64    // the tail is T[start:n]
	count   [4]int64 // bases of the tail
	// samples holds row<<32 | position for the rows whose position is a
	// multiple of the sample rate, in row order: merging it costs a
	// comparison per block position, where marks would cost a bit
	// insertion. finish turns it into marks and samples.
	samples []uint64
	every   multiples // of the sample rate
	work    []uint64  // one block's keys and scratch (blocksort.go)
	sorter  blockSorter
}

// newBuilder allocates the index arrays at their final sizes and a work
// space of work words.
func newBuilder(ref *Reference, threads int, work int64) *builder {
	n := ref.n
	size := (n>>blockShift + 1) * blockWords
	b := &builder{
		ref: ref, n: n, threads: threads, start: n,
		tail:    tailIndex{blocks: make([]uint64, size, size+blockWords)}, // bwtMerge reads a block past
		samples: make([]uint64, 0, n/int64(SampleRate)+1),
		every:   multiplesOf(SampleRate),
		work:    make([]uint64, work),
		sorter:  blockSorter{threads: threads},
	}
	adviseHugePages(b.tail.blocks[:cap(b.tail.blocks)])
	adviseHugePages(b.work)
	return b
}

// sample records row r of text position pos when pos is sampled.
func (b *builder) sample(r, pos int64) {
	if b.every.has(pos) {
		b.samples = append(b.samples, uint64(r)<<32|uint64(pos))
	}
}

// firstBlock indexes the tail T[s:n] directly: SA-IS over its bases (in the
// work space), then one pass over the suffix array for the BWT and the
// samples. When s == 0 this is the whole index, in stored form.
func (b *builder) firstBlock(s int64) {
	n := b.n
	length := n - s
	codes := unsafe.Slice((*byte)(unsafe.Pointer(&b.work[0])), len(b.work)*8)[:length]
	saWords := b.work[(length+7)/8:]
	sa := unsafe.Slice((*int32)(unsafe.Pointer(&saWords[0])), len(saWords)*2)[:length]
	b.ref.unpackRange(codes, s)
	for _, c := range codes {
		b.count[c]++
	}
	sais(codes, 4, sa, nil)
	p := &bwtPacker{blocks: b.tail.blocks}
	p.add(codes[length-1]) // row 0, the sentinel's suffix
	b.sample(0, n)
	for i, q := range sa {
		r := int64(i) + 1
		b.sample(r, s+int64(q))
		switch {
		case q > 0:
			p.add(codes[q-1])
		case s > 0:
			p.add(0) // the primary's placeholder
			b.tail.primary = r
		default:
			b.tail.primary = r
		}
	}
	p.finish()
	b.setTail(s)
}

// setTail records that the index now covers T[s:n].
func (b *builder) setTail(s int64) {
	b.start = s
	b.tail.rows = b.n - s + 1
	b.tail.c[0] = 1
	for c := 0; c < 4; c++ {
		b.tail.c[c+1] = b.tail.c[c] + b.count[c]
	}
}

// mergeBlock inserts the block [s, start) into the index, given the entries
// of its positions and END in suffix order (blocksort.go): one pass down
// the entries moves the BWT, another, at the same time, the samples.
func (b *builder) mergeBlock(s int64, sorted []uint64, l entryLayout) {
	e := b.start
	rows := b.tail.rows
	length := e - s
	setBase(b.tail.blocks, b.tail.primary, b.ref.packedBase(e-1))
	top := rows + length
	if s == 0 {
		top-- // no base for the primary
	}
	done := make(chan struct{})
	go func() { // the samples do not depend on the BWT
		b.mergeSamples(s, sorted, l)
		close(done)
	}()
	b.mergeBases(s, sorted, l)
	for i := s; i < e; i++ {
		b.count[b.ref.packedBase(i)]++
	}
	<-done
	b.setTail(s)
	recount(b.tail.blocks, top, b.threads)
}

// mergeBases merges the BWT bases of the block [s, start) into the BWT.
// With two threads or more, and when it finds where to cut, it merges the
// lower and upper halves of the entries at once: the lower half's output
// ends below the upper half's on a word boundary, and the old bases the
// lower half overwrites before the upper half has read them (as many as
// the lower half has entries) are copied aside first.
func (b *builder) mergeBases(s int64, sorted []uint64, l entryLayout) {
	length := b.start - s
	rows := b.tail.rows
	final := s == 0
	top := rows + length
	if final {
		top-- // no base for the primary
	}
	end := slices.IndexFunc(sorted, func(v uint64) bool { return int64(l.pos(v)) == length })
	g := func(k int64) int64 { // the old row the k-th entry goes before
		j := k
		if j >= int64(end) {
			j++
		}
		return int64(l.key(sorted[j]) / 5)
	}
	// j is the index in sorted of entry k.
	index := func(k int64) int {
		if k >= int64(end) {
			return int(k) + 1
		}
		return int(k)
	}
	var cut, r int64 // entries [cut, length) and old rows [r, rows) go up
	if b.threads > 1 && !final && length >= 2*parallelMerge {
		for d := int64(0); d < length/4 && cut == 0; d++ {
			for _, k := range []int64{length/2 + d, length/2 - d} {
				lo := g(k - 1)
				rk := lo + (-(lo + k))&31 // the first row at or above lo that lands on a word
				if rk <= g(k) {
					cut, r = k, rk
					break
				}
			}
		}
	}
	if cut == 0 {
		m := newBWTMerge(b.tail.blocks, rows, top)
		b.tail.primary = m.run(sorted, l, 0, len(sorted), length, length, rows, final)
		m.finish()
		return
	}
	upper := newBWTMerge(b.tail.blocks, rows, top)
	upper.keepLow(r, r+cut)
	lower := newBWTMerge(b.tail.blocks, r, r+cut)
	var p1, p2 int64 = -1, -1
	runHalves(func() {
		p1 = lower.run(sorted, l, 0, index(cut), cut, length, r, final)
		lower.finish()
	}, func() {
		p2 = upper.run(sorted, l, index(cut), len(sorted), length, length, rows, final)
		upper.step(g(cut)-r, 0, false) // old rows [r, g(cut)) below the last entry
		upper.finish()
	})
	b.tail.primary = max(p1, p2)
}

// runHalves runs the lower and upper halves of a BWT merge at once. Tests
// run the lower one first instead: then it certainly overwrites old bases
// before the upper one reads them.
var runHalves = func(lower, upper func()) {
	parallel(2, func(half int) {
		if half == 0 {
			lower()
		} else {
			upper()
		}
	})
}

// mergeSamples inserts the sampled rows of the block [s, start) into the
// samples, in place from the top down: an old sample at row r moves up by
// the number of block rows inserted at or below r.
func (b *builder) mergeSamples(s int64, sorted []uint64, l entryLayout) {
	length := b.start - s
	added := 0
	for _, v := range sorted {
		if i := int64(l.pos(v)); i < length && b.every.has(s+i) {
			added++
		}
	}
	old := len(b.samples)
	samples := b.samples[:old+added]
	from, to := old, len(samples)
	k := length
	for j := len(sorted) - 1; j >= 0; j-- {
		v := sorted[j]
		i := int64(l.pos(v))
		if i == length {
			continue // END
		}
		k--
		g := uint64(l.key(v) / 5)
		for from > 0 && samples[from-1]>>32 >= g {
			from--
			to--
			samples[to] = samples[from] + uint64(k+1)<<32
		}
		if pos := s + i; b.every.has(pos) {
			to--
			samples[to] = (g+uint64(k))<<32 | uint64(pos)
		}
	}
	b.samples = samples
}

// finish returns the index: the C array, the BWT and the samples, turned
// into marks and positions in row order (the rank directory comes once the
// sampled rows have been dropped, as does the caller's k-mer table, so the
// end of the build takes no more memory than a block).
func (b *builder) finish() *Index {
	ix := &Index{ref: b.ref, n: b.n, primary: b.tail.primary, c: b.tail.c, blocks: b.tail.blocks}
	ix.sa = &saSamples{
		rate:    int64(SampleRate),
		every:   b.every,
		marks:   make([]uint64, (b.n+64)/64),
		samples: make([]uint32, len(b.samples)),
	}
	for k, v := range b.samples {
		r := v >> 32
		ix.sa.marks[r>>6] |= 1 << (r & 63)
		ix.sa.samples[k] = uint32(v)
	}
	b.samples = nil
	return ix
}

// unpackRange writes the packed bases from position start on into dst, one
// code per byte (ambiguous positions keeping their stored pseudo-random
// base).
func (r *Reference) unpackRange(dst []byte, start int64) {
	for i := range dst {
		dst[i] = r.packedBase(start + int64(i))
	}
}

// keyBits returns the number of bits of a key g*5+c for a tail of rows rows
// (35 at MaxTextLen), or minKeyBits when that is more.
func keyBits(rows int64) uint { return max(uint(bits.Len64(uint64(rows)*5+4)), minKeyBits) }

// minKeyBits is 0 except in tests, which raise it to the width of the keys
// of the longest text, with its entries' top bits, on small texts.
var minKeyBits uint
