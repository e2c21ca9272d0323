package index

import "sync/atomic"

// A k-mer table holds the SA interval of every k-mer, so backward search
// starts with the last k bases of a pattern already matched. Those first
// steps are the expensive ones: their intervals are wide, so Lo and Hi fall
// in different BWT blocks and each step costs two cache misses, where later
// steps cost one. The table is built by counting k-mers in the text rather
// than by 4^k backward searches (bowtie2's "ftab" does the same job).

// maxKmerLen caps the k-mer length; 4^12 entries take 128 MiB.
const maxKmerLen = 12

// kmerLen picks the k-mer length for a text of n bases: the longest k up to
// maxKmerLen whose table (8 bytes per k-mer) takes at most half a byte per
// base; 0 (no table) for tiny texts.
func kmerLen(n int64) int {
	k := 0
	for k < maxKmerLen && 16*(int64(1)<<(2*(k+1))) <= n {
		k++
	}
	return k
}

// kmerTable gives the interval [iv[2w], iv[2w+1]) of k-mer w, the k-mer read
// as a base-4 number with its first base most significant.
type kmerTable struct {
	k  int
	iv []uint32
}

// kmerTableOf computes the table of ix for k-mers of length k by backward
// search of every k-mer, depth first over the bases from the last: the four
// extensions of a pattern need Occ at the two ends of its interval only, so
// the (4^k-1)/3 patterns shorter than k cost two cache misses each, where
// counting the k-mers of the text costs one per base. Empty intervals are
// kept at their position (the rows of the suffixes smaller than the
// k-mer), so the table is exact for every k-mer. The 16 subtrees of the
// last two bases are shared among threads.
func (ix *Index) kmerTableOf(k, threads int) kmerTable {
	t := kmerTable{k: k}
	if k == 0 {
		return t
	}
	t.iv = make([]uint32, 2<<(2*k))
	var expand func(lo, hi int64, depth int, w int)
	expand = func(lo, hi int64, depth int, w int) {
		if depth == k {
			t.iv[2*w], t.iv[2*w+1] = uint32(lo), uint32(hi)
			return
		}
		for c := byte(0); c < 4; c++ {
			expand(ix.lfLower(c, lo), ix.lfLower(c, hi), depth+1, int(c)<<(2*depth)|w)
		}
	}
	full := ix.Full()
	if k == 1 {
		expand(full.Lo, full.Hi, 0, 0)
		return t
	}
	var next atomic.Int64
	parallel(threads, func(int) {
		for sub := next.Add(1) - 1; sub < 16; sub = next.Add(1) - 1 {
			last, before := byte(sub&3), byte(sub>>2) // the k-mer ends in before, last
			lo, hi := ix.lfLower(last, full.Lo), ix.lfLower(last, full.Hi)
			expand(ix.lfLower(before, lo), ix.lfLower(before, hi), 2, int(before)<<2|int(last))
		}
	})
	return t
}

// lfLower returns C[c] + Occ(c, r): the number of rows smaller than those
// of cP when r rows are smaller than those of P (Backward's step, kept even
// for an empty interval).
func (ix *Index) lfLower(c byte, r int64) int64 {
	if r > ix.primary {
		r--
	}
	return ix.c[c] + occStored(ix.blocks, c, r)
}

// lookup returns the interval of the k-mer in codes (len(codes) == k), or
// false when a code is ambiguous.
func (t *kmerTable) lookup(codes []byte) (Interval, bool) {
	var w int
	for _, c := range codes {
		if c > 3 {
			return Interval{}, false
		}
		w = w<<2 | int(c)
	}
	return Interval{int64(t.iv[2*w]), int64(t.iv[2*w+1])}, true
}

// KmerLen returns the length of the k-mers whose intervals the index keeps
// in a table (0 when the text is too small for one); see KmerInterval.
func (ix *Index) KmerLen() int { return ix.kmers.k }

// KmerInterval returns the interval of codes, which must be KmerLen() long,
// from the k-mer table: the result of Search(codes) with one memory access.
// ok is false when codes has another length or an ambiguous code.
func (ix *Index) KmerInterval(codes []byte) (iv Interval, ok bool) {
	if ix.kmers.k == 0 || len(codes) != ix.kmers.k {
		return Interval{}, false
	}
	return ix.kmers.lookup(codes)
}
