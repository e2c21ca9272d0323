package index

// buildOracle is the direct construction the blockwise builder must match:
// SA-IS over the whole unpacked text, then one pass over the suffix array
// for the BWT, the C array and the samples.
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
