package index

import "math/bits"

// bwtMerge rewrites the BWT under construction (2-bit bases in the block
// layout of occ.go, of which it touches only the base words) in place, from
// the top down, in one pass down a block's sorted entries: the old bases
// [0, rows) move up to make room for one new base per entry. It reads the
// old base at rpos-1 next and writes the new one at wpos-1, never below
// rpos, so every base it overwrites has been read already. The word holding
// wpos-1 is assembled in acc (its bases at wpos and above) and stored when
// complete; finish stores the last, partial word over the old bases below
// it. A run of old bases moves 32 at a time, by funnel shifts; the words
// are read a block past the array's length, so the slice it is given has
// one spare block of capacity.
type bwtMerge struct {
	words      []uint64
	rpos, wpos int64
	acc        uint64
	// Old bases below sideTop are read from side, a copy of whole blocks
	// from sideBase on (see keepLow); sideTop is -1 when there is none.
	side              []uint64
	sideBase, sideTop int64
}

// baseWord returns the index in the blocks of the word holding bases
// [32w, 32w+32).
func baseWord(w int64) int64 { return w>>2*blockWords | 4 | w&3 }

// newBWTMerge starts a merge of the BWT in blocks (with a spare block of
// capacity) whose old bases are [0, rows) and new ones [0, top).
func newBWTMerge(blocks []uint64, rows, top int64) *bwtMerge {
	return &bwtMerge{words: blocks[:cap(blocks)], rpos: rows, wpos: top, sideTop: -1}
}

// keepLow copies the old bases [lo, hi) (and up to 32 more) aside, for a
// merge whose lower half runs at the same time and overwrites them, and
// reads them from the copy.
func (m *bwtMerge) keepLow(lo, hi int64) {
	m.sideBase = lo &^ (blockBases - 1)
	m.sideTop = min(hi+32, m.rpos)
	from, to := m.sideBase>>blockShift*blockWords, (m.sideTop>>blockShift+1)*blockWords
	m.side = make([]uint64, to-from+blockWords) // a spare block, as for words
	copy(m.side, m.words[from:to])
}

// run takes the steps of the entries sorted[from:to] (END excluded), from
// the top, k being the number of entries other than END below to and rows
// the old row above them (the top of the old bases, or where the merge of
// the entries above takes over). It returns the new row of the block's
// first position (the primary), or -1 when it is not among them.
func (m *bwtMerge) run(sorted []uint64, l entryLayout, from, to int, k, length, rows int64, final bool) int64 {
	hi := rows // old rows [g, hi) move up by the entries below them
	primary := int64(-1)
	for j := to - 1; j >= from; j-- {
		v := sorted[j]
		i := int64(l.pos(v))
		if i == length {
			continue // END
		}
		k--
		g := int64(l.key(v) / 5)
		c := l.prev(v)
		if i == 0 {
			primary = g + k
			c = 0 // the new primary's placeholder (none when final)
		}
		m.step(hi-g, c, i > 0 || !final)
		hi = g
	}
	return primary
}

// step moves the n old bases below rpos up to wpos, then, when put is set,
// writes the base c below them. It is the build's innermost loop after the
// LF steps (once per base of the text per block), so it is written out with
// one place that reads and one that writes.
func (m *bwtMerge) step(n int64, c uint64, put bool) {
	words := m.words
	rpos, wpos, acc := m.rpos, m.wpos, m.acc
	rem := n // bases to write, the last being c when put
	if put {
		rem++
	}
	for rem > 0 {
		k := min(rem, 32)
		fromOld := k
		last := k == rem && put
		if last {
			fromOld--
		}
		// Read bases [rpos-fromOld, rpos).
		lo := rpos - fromOld
		var v uint64
		if rpos <= m.sideTop {
			v = readBases(m.side, lo-m.sideBase, fromOld)
		} else {
			v = readBases(words, lo, fromOld)
		}
		rpos = lo
		if last {
			v = v<<2 | c
		}
		// Write bases [wpos-k, wpos); start is the first base of the word
		// holding wpos-1.
		lo = wpos - k
		start := (wpos - 1) &^ 31
		i := baseWord(start >> 5)
		if lo >= start {
			acc |= v << (uint(lo-start) * 2)
			if lo == start {
				words[i] = acc
				acc = 0
			}
		} else {
			high := uint(wpos-start) * 2
			words[i] = acc | v>>(uint(k)*2-high)
			acc = v << (64 - (uint(k)*2 - high))
		}
		wpos = lo
		rem -= k
	}
	m.rpos, m.wpos, m.acc = rpos, wpos, acc
}

// readBases returns bases [lo, lo+k) of the BWT in blocks (k <= 32), read
// from the two words they may span: a shift by 64 gives 0 when they sit in
// one, and the mask of 0 bases is 0.
func readBases(blocks []uint64, lo, k int64) uint64 {
	off := uint(lo&31) * 2
	v := blocks[baseWord(lo>>5)]>>off | blocks[baseWord(lo>>5+1)]<<(64-off)
	return v & (^uint64(0) >> (64 - 2*uint(k)))
}

// finish stores the partial word, keeping the old bases below wpos.
func (m *bwtMerge) finish() {
	if low := uint(m.wpos & 31); low != 0 {
		i := baseWord(m.wpos >> 5)
		m.words[i] = m.words[i]&(1<<(2*low)-1) | m.acc
	}
}

// setBase writes base c into position i of the BWT, where it holds 0.
func setBase(blocks []uint64, i int64, c byte) {
	blocks[baseWord(i>>5)] |= uint64(c) << (uint(i&31) * 2)
}

// recount rewrites the occurrence counts at the head of every BWT block for
// a BWT of fields bases, from the bases themselves: each part of the blocks
// counts its own bases on its own thread, then the parts' totals are added
// in.
func recount(blocks []uint64, fields int64, threads int) {
	nblocks := fields>>blockShift + 1
	parts := int64(min(threads, int(max(1, nblocks>>12))))
	totals := make([][4]uint64, parts)
	parallel(int(parts), func(p int) {
		lo, hi := nblocks*int64(p)/parts, nblocks*int64(p+1)/parts
		var counts [4]uint64
		for blk := lo; blk < hi; blk++ {
			b := (*[blockWords]uint64)(blocks[blk*blockWords:])
			copy(b[:4], counts[:])
			r := min(fields-blk*blockBases, blockBases)
			for w := int64(0); w < 4 && w*32 < r; w++ {
				// Mask the bases of this word below r; a masked base
				// reads as A and is taken off A's count below.
				f := min(r-w*32, 32)
				mask := ^uint64(0) >> (64 - 2*uint(f))
				x := b[4+w] & mask
				lo, hi := x&evenBits, x>>1&evenBits
				c := uint64(bits.OnesCount64(lo &^ hi))
				g := uint64(bits.OnesCount64(hi &^ lo))
				t := uint64(bits.OnesCount64(lo & hi))
				counts[1] += c
				counts[2] += g
				counts[3] += t
				counts[0] += uint64(f) - c - g - t
			}
		}
		totals[p] = counts
	})
	parallel(int(parts), func(p int) {
		var before [4]uint64 // bases of the parts before p
		for q := 0; q < p; q++ {
			for c := range before {
				before[c] += totals[q][c]
			}
		}
		for blk := nblocks * int64(p) / parts; p > 0 && blk < nblocks*int64(p+1)/parts; blk++ {
			b := blocks[blk*blockWords:][:4]
			for c := range b {
				b[c] += before[c]
			}
		}
	})
}
