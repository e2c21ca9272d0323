package index

import "fmt"

// Interval is a half-open range [Lo,Hi) of BWT rows: the suffixes that start
// with some pattern. It is empty when Lo >= Hi.
type Interval struct{ Lo, Hi int64 }

// Size returns the number of rows in the interval (0 when empty).
func (iv Interval) Size() int64 { return max(iv.Hi-iv.Lo, 0) }

// Full returns the interval of the empty pattern: every row.
func (ix *Index) Full() Interval { return Interval{0, ix.n + 1} }

// Backward is one step of Ferragina-Manzini backward search: from the
// interval of pattern P it returns the interval of cP, using
// C[c] + Occ(c, row) for both ends, Occ skipping the sentinel's row. c ==
// Ambiguous gives an empty interval.
func (ix *Index) Backward(iv Interval, c byte) Interval {
	if c > 3 || iv.Lo >= iv.Hi {
		return Interval{}
	}
	lo, hi := iv.Lo, iv.Hi
	if lo > ix.primary {
		lo--
	}
	if hi > ix.primary {
		hi--
	}
	olo, ohi := occStoredPair(ix.blocks, c, lo, hi)
	return Interval{ix.c[c] + olo, ix.c[c] + ohi}
}

// Search returns the interval of the rows whose suffix starts with codes, by
// backward search from the last base (forward strand only), starting from
// the k-mer table's interval of the last k bases. The rows may
// include matches that cross contig boundaries or ambiguous runs: check each
// located position with Valid.
func (ix *Index) Search(codes []byte) Interval {
	iv, i := ix.searchStart(codes)
	for ; i >= 0 && iv.Lo < iv.Hi; i-- {
		iv = ix.Backward(iv, codes[i])
	}
	return iv
}

// searchStart returns the interval of the last k bases of codes from the
// k-mer table (of no bases when the pattern is shorter than k) and the index
// of the base backward search goes on with.
func (ix *Index) searchStart(codes []byte) (Interval, int) {
	k := ix.kmers.k
	if k == 0 || len(codes) < k {
		return ix.Full(), len(codes) - 1
	}
	iv, ok := ix.kmers.lookup(codes[len(codes)-k:])
	if !ok {
		return Interval{}, -1
	}
	return iv, len(codes) - k - 1
}

// lf is the last-to-first mapping of one row: the row of the suffix that
// starts one position earlier in the text. r must not be the primary row.
func (ix *Index) lf(r int64) int64 {
	s := r
	if r > ix.primary {
		s--
	}
	c := storedBase(ix.blocks, s)
	return ix.c[c] + occStored(ix.blocks, c, s)
}

// locateRow returns the text position of row r's suffix: LF steps back to a
// sampled row, then its sample plus the steps taken. Every row reaches one
// in fewer than the sample rate steps; a damaged index whose row does not,
// or whose sample puts it past the text, is recorded for Err and gives 0.
func (ix *Index) locateRow(r int64) int64 {
	row := r
	for steps := int64(0); steps < ix.sa.rate; steps++ {
		if pos, ok := ix.sa.lookup(r); ok {
			if pos+steps > ix.n {
				break
			}
			return pos + steps
		}
		r = ix.lf(r)
	}
	ix.fail(fmt.Sprintf("suffix-array samples: row %d reaches no sample of a position in the text", row))
	return 0
}

// Locate appends to dst[:0] the text positions of the first max rows of iv
// (all rows when max < 0), in row order.
func (ix *Index) Locate(iv Interval, max int, dst []int64) []int64 {
	dst = dst[:0]
	hi := iv.Hi
	if max >= 0 && iv.Lo+int64(max) < hi {
		hi = iv.Lo + int64(max)
	}
	for r := iv.Lo; r < hi; r++ {
		dst = append(dst, ix.locateRow(r))
	}
	return dst
}
