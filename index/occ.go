package index

import "math/bits"

// The BWT is stored without its sentinel ($) in blocks of one 64-byte cache
// line each, the layout of bwa's bwt.c: four 64-bit counts of A, C, G and T in
// the BWT before the block, then 128 bases at two bits each (32 per word,
// first base in the low bits). Occ(c, i) therefore touches one cache line:
// the block's count for c plus a popcount over at most four words.
const (
	blockBases = 128
	blockWords = 8 // 4 counts + 4 words of bases
	blockShift = 7 // log2(blockBases)
)

// evenBits has the low bit of every 2-bit field set.
const evenBits = 0x5555555555555555

// matchMask returns a word with the low bit of each 2-bit field set where the
// packed base in w equals c: XOR with c repeated makes matching fields 00,
// then a field is 00 exactly when neither of its bits is set.
func matchMask(w uint64, c byte) uint64 {
	y := w ^ (uint64(c) * evenBits)
	return ^(y | y>>1) & evenBits
}

// occStored returns the number of c in the stored (sentinel-free) BWT before
// position i; c must be 0-3 and i in [0, n].
func occStored(blocks []uint64, c byte, i int64) int64 {
	b := blocks[(i>>blockShift)*blockWords:][:blockWords]
	return int64(b[c]) + countInBlock(b, c, uint(i&(blockBases-1)))
}

// occStoredPair returns occStored for i and j (i <= j) together, reading the
// block once when both fall in it, as they do in most steps of a search once
// the interval is narrow.
func occStoredPair(blocks []uint64, c byte, i, j int64) (int64, int64) {
	if i>>blockShift != j>>blockShift {
		return occStored(blocks, c, i), occStored(blocks, c, j)
	}
	b := blocks[(i>>blockShift)*blockWords:][:blockWords]
	base := int64(b[c])
	return base + countInBlock(b, c, uint(i&(blockBases-1))), base + countInBlock(b, c, uint(j&(blockBases-1)))
}

// countInBlock counts c among the first r bases of block b: the match mask
// of each of the four words, cut to the bases below r, popcounted. Doing
// all four without branches costs less than mispredicting where r falls.
func countInBlock(b []uint64, c byte, r uint) int64 {
	var n int
	for k, w := range b[4:8:8] {
		f := uint(min(max(int(r)-32*k, 0), 32)) // bases of this word below r
		n += bits.OnesCount64(matchMask(w, c) & (^uint64(0) >> (64 - 2*f)))
	}
	return int64(n)
}

// storedBase returns the base at position i of the stored BWT.
func storedBase(blocks []uint64, i int64) byte {
	w := blocks[(i>>blockShift)*blockWords+4+(i&(blockBases-1))>>5]
	return byte(w>>(uint(i&31)*2)) & 3
}

// bwtPacker fills blocks with a BWT one base at a time, keeping the running
// counts that head each block.
type bwtPacker struct {
	blocks []uint64
	counts [4]uint64
	i      int64
}

// add appends base c (0-3).
func (p *bwtPacker) add(c byte) {
	b := p.blocks[(p.i>>blockShift)*blockWords:][:blockWords]
	if p.i&(blockBases-1) == 0 {
		copy(b[:4], p.counts[:])
	}
	b[4+(p.i&(blockBases-1))>>5] |= uint64(c) << (uint(p.i&31) * 2)
	p.counts[c]++
	p.i++
}

// finish writes the counts of the block that follows the last base, which
// occStored reads when i is a multiple of blockBases.
func (p *bwtPacker) finish() []uint64 {
	if p.i&(blockBases-1) == 0 {
		copy(p.blocks[(p.i>>blockShift)*blockWords:], p.counts[:])
	}
	return p.blocks
}
