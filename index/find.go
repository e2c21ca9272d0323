package index

import "slices"

// Find returns the forward-strand text positions of pattern codes, up to max
// of them (all when max < 0), appended to dst[:0] in ascending order, and how
// many there are in all: what Locate(Search(codes), max, dst) and
// Search(codes).Size() give, sorted, reached with fewer cache misses.
//
// Backward search pays one BWT cache miss per base. Once the suffix matched
// so far occurs only once, the rest of the pattern can occur at most there,
// so Find locates that one row (at most SampleRate-1 LF steps) and compares
// the remaining bases with the packed text, which is sequential memory. For
// a 100-base read on a bacterial genome the interval is unique after a dozen
// bases, so this replaces about 90 dependent misses with about 16. As with
// Search, check positions with Valid.
func (ix *Index) Find(codes []byte, max int, dst []int64) ([]int64, int64) {
	dst = dst[:0]
	iv, i := ix.searchStart(codes)
	for ; i >= 0 && iv.Hi-iv.Lo > 1; i-- {
		iv = ix.Backward(iv, codes[i])
	}
	if iv.Lo >= iv.Hi {
		return dst, 0
	}
	if i < 0 {
		dst = ix.Locate(iv, max, dst)
		slices.Sort(dst)
		return dst, iv.Size()
	}
	// codes[i+1:] occurs once, at q; the pattern can only start i+1 earlier.
	q := ix.locateRow(iv.Lo)
	start := q - int64(i+1)
	if start < 0 || !ix.ref.packedEqual(start, codes[:i+1]) {
		return dst, 0
	}
	if max != 0 {
		dst = append(dst, start)
	}
	return dst, 1
}

// packedEqual reports whether the packed text at pos holds codes (the
// stored bases, pseudo-random ones inside ambiguous runs, as the BWT has).
func (r *Reference) packedEqual(pos int64, codes []byte) bool {
	if pos+int64(len(codes)) > r.n {
		return false
	}
	for j, c := range codes {
		if c > 3 || r.packedBase(pos+int64(j)) != c {
			return false
		}
	}
	return true
}
