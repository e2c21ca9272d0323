package index

import "math/bits"

// Packed arrays of 1- or 2-bit fields (sample marks, BWT bases) and the
// stream the block merge (merge.go) moves them with.
// It walks down from the top, writing never below where it reads, so a
// merge can rewrite an array in place: every field it overwrites has been
// read already. It moves up to one word of fields per step, so a run of
// rows that shifts as a whole costs a few instructions per 32 or 64 rows.

// fieldArray is a packed array of width-bit fields (width 1 or 2), the
// first field of a word in its low bits. When bwtLayout is set the words are
// the base words of the BWT block layout (occ.go), four of them after every
// four count words; otherwise they follow each other.
type fieldArray struct {
	words     []uint64
	width     uint // 1 or 2
	logPer    uint // log2 of the fields per word: 6 or 5
	bwtLayout bool
}

// newFieldArray returns an array of width-bit fields over words.
func newFieldArray(words []uint64, width uint, bwtLayout bool) fieldArray {
	return fieldArray{words: words, width: width, logPer: 7 - width, bwtLayout: bwtLayout}
}

// perWord returns the number of fields in a word.
func (a *fieldArray) perWord() int64 { return 1 << a.logPer }

// index returns the slice index of word w of the field sequence.
func (a *fieldArray) index(w int64) int64 {
	if a.bwtLayout {
		return w>>2<<3 | 4 | w&3
	}
	return w
}

// set writes value v into field i, which must hold zero.
func (a *fieldArray) set(i, v int64) {
	a.words[a.index(i>>a.logPer)] |= uint64(v) << (uint(i&(a.perWord()-1)) * a.width)
}

// lowMask returns a mask of the low k bits (k in [0,64]).
func lowMask(k uint) uint64 {
	if k == 0 {
		return 0
	}
	return ^uint64(0) >> (64 - k)
}

// fieldStream rewrites a fieldArray in place from the top down: it reads
// the old fields below rpos and writes the new ones below wpos (never below
// rpos). The word holding wpos-1 is assembled in acc (its fields at wpos and
// above) and stored when complete; finish stores the last, partial one
// under the old fields below wpos.
type fieldStream struct {
	a          fieldArray
	rpos, wpos int64
	acc        uint64
}

// newFieldStream starts a stream over a whose old fields are [0, rows) and
// whose new ones are [0, top).
func newFieldStream(a *fieldArray, rows, top int64) *fieldStream {
	return &fieldStream{a: *a, rpos: rows, wpos: top}
}

// read returns the k fields just below rpos (k*width <= 64), the lowest in
// the low bits, and moves rpos down past them.
func (st *fieldStream) read(k int64) uint64 {
	a := &st.a
	lo := st.rpos - k
	st.rpos = lo
	w := lo >> a.logPer
	off := uint(lo&(a.perWord()-1)) * a.width
	nbits := uint(k) * a.width
	v := a.words[a.index(w)] >> off
	if off+nbits > 64 {
		v |= a.words[a.index(w+1)] << (64 - off)
	}
	return v & lowMask(nbits)
}

// write writes the k fields of v (k*width <= 64, lowest field in the low
// bits) to [wpos-k, wpos) and moves wpos down.
func (st *fieldStream) write(k int64, v uint64) {
	a := &st.a
	per := a.perWord()
	lo := st.wpos - k
	// Fields of the current word (the one holding wpos-1) still to fill:
	// [start, wpos), start being its first field.
	start := (st.wpos - 1) &^ (per - 1)
	if lo >= start {
		st.acc |= v << (uint(lo-start) * a.width)
		st.wpos = lo
		if lo == start {
			a.words[a.index(start>>a.logPer)] = st.acc
			st.acc = 0
		}
		return
	}
	// The upper fields complete the current word; the rest (fewer than a
	// word's worth, since at least one field went up) start the next.
	high := st.wpos - start
	a.words[a.index(start>>a.logPer)] = st.acc | v>>(uint(k-high)*a.width)
	st.acc = (v & lowMask(uint(k-high)*a.width)) << (uint(per-(k-high)) * a.width)
	st.wpos = lo
}

// run moves the n fields below rpos up to wpos, a word's worth at a time,
// then writes field f when put is set. It returns the number of set bits
// moved: the number of marked rows when the fields are sample marks.
func (st *fieldStream) run(n int64, f uint64, put bool) int {
	per := st.a.perWord()
	ones := 0
	for ; n >= per; n -= per {
		v := st.read(per)
		ones += bits.OnesCount64(v)
		st.write(per, v)
	}
	var v uint64
	if n > 0 {
		v = st.read(n)
		ones += bits.OnesCount64(v)
	}
	if put {
		v = v<<st.a.width | f
		n++
	}
	if n > 0 {
		st.write(n, v)
	}
	return ones
}

// finish stores the partial word, keeping the old fields below wpos.
func (st *fieldStream) finish() {
	a := &st.a
	low := st.wpos & (a.perWord() - 1)
	if low == 0 {
		return
	}
	i := a.index(st.wpos >> a.logPer)
	a.words[i] = a.words[i]&lowMask(uint(low)*a.width) | st.acc
}
