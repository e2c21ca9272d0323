package index

import "slices"

// buildOracle is the direct construction the blockwise builder must match:
// SA-IS over the whole unpacked text, then one pass over the suffix array
// for the BWT, the C array and the samples, and the k-mer table by
// counting the text's k-mers.
func buildOracle(ref *Reference) *Index {
	n := ref.n
	codes := make([]byte, n)
	ref.unpackRange(codes, 0)
	sa32, sa64 := sortSuffixes(codes, 4)
	ix := &Index{ref: ref, n: n}
	if sa32 != nil {
		fillFromSA(ix, sa32)
	} else {
		fillFromSA(ix, sa64)
	}
	ix.kmers = buildKmerTable(ref, kmerLen(n))
	return ix
}

// fillFromSA makes the BWT, the C array and the samples of ix from the
// suffix array of its text (without the sentinel's row).
func fillFromSA[T saInt](ix *Index, sa []T) {
	ref, n := ix.ref, ix.n
	bwt := newBWTPacker(n)
	ix.sa = newSamples(n+1, SampleRate)
	// Row 0 is the sentinel's suffix: its BWT character is the last base.
	bwt.add(ref.packedBase(n - 1))
	ix.sa.add(0, n)
	for i, p := range sa {
		r := int64(i) + 1
		ix.sa.add(r, int64(p))
		if p == 0 {
			ix.primary = r
			continue
		}
		bwt.add(ref.packedBase(int64(p) - 1))
	}
	ix.blocks = bwt.finish()
	ix.sa.finish()
	ix.c[0] = 1
	for c := 0; c < 4; c++ {
		ix.c[c+1] = ix.c[c] + int64(bwt.counts[c])
	}
}

// newBWTPacker allocates blocks for a stored BWT of n bases, with one block
// more than needed so that occStored(n) has counts to read.
func newBWTPacker(n int64) *bwtPacker {
	return &bwtPacker{blocks: make([]uint64, (n>>blockShift+1)*blockWords)}
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
