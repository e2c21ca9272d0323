package index

import "slices"

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

// buildKmerTable counts the k-mers of the packed text and turns the counts
// into row intervals. Rows are in suffix order: row 0 is the sentinel, and
// a suffix shorter than k sorts just before every k-mer it is a prefix of, so
// lo(w) = 1 + #(k-mers < w) + #(short suffixes S with S·4^(k-|S|) <= w).
func buildKmerTable(ref *Reference, k int) kmerTable {
	t := kmerTable{k: k}
	if k == 0 {
		return t
	}
	size := 1 << (2 * k)
	mask := uint64(size - 1)
	// Counts go to the hi slots of the table itself, then become intervals
	// in place: no second table-sized array.
	t.iv = make([]uint32, 2*size)
	n := ref.n
	var w uint64
	for p := int64(0); p < n; p++ {
		w = (w<<2 | uint64(ref.packedBase(p))) & mask
		if p >= int64(k-1) {
			t.iv[2*w+1]++
		}
	}
	// The k-1 suffixes shorter than k, as the k-mer they come before.
	var short []uint64
	for p := max(n-int64(k)+1, 0); p < n; p++ {
		var s uint64
		for q := p; q < n; q++ {
			s = s<<2 | uint64(ref.packedBase(q))
		}
		short = append(short, s<<(2*(int64(k)-(n-p))))
	}
	slices.Sort(short)
	row := uint32(1)
	for w := 0; w < size; w++ {
		for len(short) > 0 && short[0] == uint64(w) {
			row++
			short = short[1:]
		}
		count := t.iv[2*w+1]
		t.iv[2*w] = row
		row += count
		t.iv[2*w+1] = row
	}
	return t
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
