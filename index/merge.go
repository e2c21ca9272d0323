package index

import (
	"math/bits"
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
// T[e:n], which becomes the index of T[s:n]. Only the growing BWT, sample
// marks and samples (allocated once at their final size) and one block's
// work space are ever in memory, never a suffix array of the whole text.
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
//     place (fields.go), then recounts the occurrence counts of each BWT
//     block; sample marks and samples move along (samples hold text
//     positions, which do not change).
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
	bwt     fieldArray
	sa      *saSamples
	marks   fieldArray
	work    []uint64 // one block's keys and scratch (blocksort.go)
	sorter  blockSorter
}

// newBuilder allocates the index arrays at their final sizes and a work
// space of work words.
func newBuilder(ref *Reference, threads int, work int64) *builder {
	n := ref.n
	b := &builder{ref: ref, n: n, threads: threads, start: n, sorter: blockSorter{threads: threads}}
	b.bwt = newFieldArray(make([]uint64, (n>>blockShift+1)*blockWords), 2, true)
	b.sa = newSamples(n+1, SampleRate)
	b.marks = newFieldArray(b.sa.marks, 1, false)
	b.tail.blocks = b.bwt.words
	b.work = make([]uint64, work)
	return b
}

// firstBlock indexes the tail T[s:n] directly: SA-IS over its bases (in the
// work space), then one pass over the suffix array for the BWT, marks and
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
	p := &bwtPacker{blocks: b.bwt.words}
	p.add(codes[length-1]) // row 0, the sentinel's suffix
	b.sa.add(0, n)
	for i, q := range sa {
		r := int64(i) + 1
		pos := s + int64(q)
		b.sa.add(r, pos)
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
// the entries moves the BWT, another the sample marks and samples.
func (b *builder) mergeBlock(s int64, sorted []uint64, l entryLayout) {
	e := b.start
	rows := b.tail.rows
	length := e - s
	final := s == 0
	b.bwt.set(b.tail.primary, int64(b.ref.packedBase(e-1)))
	top := rows + length
	if final {
		top-- // no field for the primary
	}
	st := newFieldStream(&b.bwt, rows, top)
	hi := rows // old rows [g, hi) move up by the block rows below them
	k := length
	for j := len(sorted) - 1; j >= 0; j-- {
		v := sorted[j]
		i := int64(l.pos(v))
		if i == length {
			continue // END
		}
		k--
		g := int64(l.key(v) / 5)
		f := l.prev(v)
		if i == 0 {
			b.tail.primary = g + k
			f = 0 // the new primary's placeholder (none when final)
		}
		st.run(hi-g, f, i > 0 || !final)
		hi = g
	}
	st.finish()
	b.mergeSamples(s, sorted, l)
	for i := s; i < e; i++ {
		b.count[b.ref.packedBase(i)]++
	}
	b.setTail(s)
	recount(b.bwt.words, top)
}

// mergeSamples inserts the sample marks of the block [s, start) into the
// marks, and the positions of its marked rows into the samples.
func (b *builder) mergeSamples(s int64, sorted []uint64, l entryLayout) {
	length := b.start - s
	sa := b.sa
	marked := 0
	for _, v := range sorted {
		if i := int64(l.pos(v)); i < length && sa.sampled(s+i) {
			marked++
		}
	}
	oldSamples := len(sa.samples)
	samples := sa.samples[:oldSamples+marked]
	from, to := oldSamples, len(samples) // old samples [.., from) move up to end at to
	st := newFieldStream(&b.marks, b.tail.rows, b.tail.rows+length)
	hi := b.tail.rows
	for j := len(sorted) - 1; j >= 0; j-- {
		v := sorted[j]
		i := int64(l.pos(v))
		if i == length {
			continue // END
		}
		g := int64(l.key(v) / 5)
		pos := s + i
		mark := sa.sampled(pos)
		var f uint64
		if mark {
			f = 1
		}
		if m := st.run(hi-g, f, true); m > 0 && from != to {
			copy(samples[to-m:to], samples[from-m:from])
			from -= m
			to -= m
		} else {
			from -= m
			to -= m
		}
		if mark {
			to--
			samples[to] = uint32(pos)
		}
		hi = g
	}
	st.finish()
	sa.samples = samples
}

// recount rewrites the occurrence counts at the head of every BWT block for
// a BWT of fields bases, from the bases themselves.
func recount(blocks []uint64, fields int64) {
	var counts [4]uint64
	for start := int64(0); start <= fields; start += blockBases {
		blk := blocks[(start>>blockShift)*blockWords:][:blockWords]
		copy(blk[:4], counts[:])
		r := uint(min(fields-start, blockBases))
		var others uint64
		for c := byte(1); c < 4; c++ {
			k := uint64(countInBlock(blk, c, r))
			counts[c] += k
			others += k
		}
		counts[0] += uint64(r) - others
	}
}

// unpackRange writes the packed bases from position start on into dst, one
// code per byte (ambiguous positions keeping their stored pseudo-random
// base).
func (r *Reference) unpackRange(dst []byte, start int64) {
	for i := range dst {
		dst[i] = r.packedBase(start + int64(i))
	}
}

// keyBits returns the number of bits of a key g*5+c for a tail of rows rows.
func keyBits(rows int64) uint { return uint(bits.Len64(uint64(rows)*5 + 4)) }
