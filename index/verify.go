package index

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
)

// The structure checks below run at every Load behind the checksum (see
// check in load.go): a file whose checksum was recomputed after damage must
// be refused, not panic or loop in a lookup.

// fullCheckLen is the longest text whose index Load inverts (checkInversion):
// one LF step per base, about 0.1 s for 8 Mb, affordable next to aligning
// against a bacterial genome and not for a mammalian one.
const fullCheckLen = 8 << 20

// checkCounts verifies the occurrence counts heading every BWT block: those
// of the first block are zero and each block's are the previous block's
// plus the bases of that block. Occ is then exact for the stored bases, so
// backward search and LF steps stay inside the rows whatever the bases are.
func (ix *Index) checkCounts() error {
	var want [4]uint64
	last := ix.n >> blockShift
	for k := int64(0); ; k++ {
		b := ix.blocks[k*blockWords:][:blockWords]
		if b[0] != want[0] || b[1] != want[1] || b[2] != want[2] || b[3] != want[3] {
			return fmt.Errorf("corrupt BWT: occurrence counts of block %d", k)
		}
		if k == last {
			return nil
		}
		for _, w := range b[4:8] {
			lo, hi := w&evenBits, w>>1&evenBits
			t := uint64(bits.OnesCount64(lo & hi))
			c, g := uint64(bits.OnesCount64(lo))-t, uint64(bits.OnesCount64(hi))-t
			want[0] += 32 - c - g - t
			want[1] += c
			want[2] += g
			want[3] += t
		}
	}
}

// checkSamples verifies the sampled suffix array: the rank directory counts
// the marks, there is one sample per mark, the samples are the multiples of
// the rate up to n, each once, and the rows whose suffixes are known without
// the BWT hold theirs: the primary row suffix 0, row 0 (the sentinel's
// suffix) n when the rate divides n.
func (ix *Index) checkSamples() error {
	sa, n := ix.sa, ix.n
	var marked uint32
	for w, m := range sa.marks {
		if sa.ranks[w] != marked {
			return errors.New("corrupt suffix-array sample ranks")
		}
		marked += uint32(bits.OnesCount64(m))
	}
	if int(marked) != len(sa.samples) {
		return errors.New("corrupt suffix-array sample marks")
	}
	if sa.rate > n {
		return fmt.Errorf("corrupt suffix-array sample rate %d", sa.rate)
	}
	rate := uint32(sa.rate)
	seen := make([]uint64, len(sa.samples)/64+1)
	for _, v := range sa.samples {
		k := v / rate
		if int64(v) > n || k*rate != v || seen[k>>6]&(1<<(k&63)) != 0 {
			return fmt.Errorf("corrupt suffix-array sample %d", v)
		}
		seen[k>>6] |= 1 << (k & 63)
	}
	pos, ok := sa.lookup(ix.primary)
	if !ok || pos != 0 {
		return errors.New("corrupt suffix-array samples: the primary row is not suffix 0")
	}
	if pos, ok := sa.lookup(0); ok != (n%sa.rate == 0) || ok && pos != n {
		return errors.New("corrupt suffix-array samples: row 0 is not the sentinel's suffix")
	}
	return nil
}

// check verifies that the k-mer intervals follow each other in k-mer order
// inside rows 1..n (row 0 is the sentinel's) and hold the n-k+1 suffixes
// of at least k bases between them.
func (t *kmerTable) check(n int64) error {
	prev, total := int64(1), int64(0)
	for i := 0; i < len(t.iv); i += 2 {
		lo, hi := int64(t.iv[i]), int64(t.iv[i+1])
		if lo < prev || hi < lo || hi > n+1 {
			return fmt.Errorf("corrupt k-mer table at k-mer %d", i/2)
		}
		prev, total = hi, total+hi-lo
	}
	if t.k > 0 && total != max(n-int64(t.k)+1, 0) {
		return fmt.Errorf("corrupt k-mer table: its intervals hold %d rows, the text has %d %d-mers", total, max(n-int64(t.k)+1, 0), t.k)
	}
	return nil
}

// checkInversion inverts the BWT: LF steps from row 0 (the sentinel's
// suffix) must visit the suffixes n-1, n-2, ..., 0 in turn, each row's BWT
// base being the text's base before its suffix, reach the primary row only
// at the end, and find every multiple of the sample rate, and only those,
// sampled with its position. A BWT whose walk spells the text in one cycle
// through all rows is the text's BWT, so with the samples and the k-mer
// table (recomputed from it) the whole index is proved right.
func (ix *Index) checkInversion() error {
	sa, n := ix.sa, ix.n
	r, next := int64(0), n-n%sa.rate // row of suffix p; next sampled suffix
	for p := n; ; p-- {
		pos, ok := sa.lookup(r)
		if ok != (p == next) || ok && pos != p {
			return fmt.Errorf("corrupt suffix-array samples: row %d (suffix %d)", r, p)
		}
		if ok {
			next -= sa.rate
		}
		if p == 0 {
			break
		}
		if r == ix.primary {
			return fmt.Errorf("corrupt BWT: the walk back from the end reaches suffix 0 at suffix %d", p)
		}
		s := r
		if r > ix.primary {
			s--
		}
		c := storedBase(ix.blocks, s)
		if c != ix.ref.packedBase(p-1) {
			return fmt.Errorf("corrupt BWT: row %d does not hold the text's base %d", r, p-1)
		}
		r = ix.c[c] + occStored(ix.blocks, c, s)
	}
	if r != ix.primary {
		return errors.New("corrupt BWT: the walk back from the end does not reach suffix 0")
	}
	if !slices.Equal(ix.kmerTableOf(ix.kmers.k, 1).iv, ix.kmers.iv) {
		return errors.New("corrupt k-mer table")
	}
	return nil
}
