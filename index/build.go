package index

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Build makes the FM-index of ref: the suffix array by SA-IS over the
// unpacked text, then in one pass over it the BWT blocks and the position
// samples, after which the suffix array is dropped. Peak memory is about 5.4
// bytes per base: the unpacked text (1), the 32-bit suffix array (4), the
// type bits (1/8) and the packed text (1/4); the unpacked text is freed
// before the BWT (1/2) and the samples (5/16) are allocated.
func Build(ref *Reference) (*Index, error) {
	n := ref.TextLen()
	if n == 0 {
		return nil, fmt.Errorf("index: reference has no bases")
	}
	if n > MaxTextLen {
		return nil, fmt.Errorf("index: reference has %d bases, more than the %d an index holds", n, int64(MaxTextLen))
	}
	releaseMemory() // what reading the FASTA left behind
	codes := ref.unpack()
	sa32, sa64 := sortSuffixes(codes, 4)
	codes = nil
	releaseMemory()
	ix := &Index{ref: ref, n: n}
	if sa32 != nil {
		fillFromSA(ix, sa32)
	} else {
		fillFromSA(ix, sa64)
	}
	sa32, sa64 = nil, nil
	releaseMemory()
	ix.kmers = buildKmerTable(ref, kmerLen(n))
	return ix, nil
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

// unpack returns the packed text one code per byte, ambiguous positions
// keeping the pseudo-random base they hold in the packed text.
func (r *Reference) unpack() []byte {
	codes := make([]byte, r.n)
	for i, w := range r.text {
		chunk := codes[i*32 : min(len(codes), i*32+32)]
		for j := range chunk {
			chunk[j] = byte(w>>(2*j)) & 3
		}
	}
	return codes
}

// releaseMemory returns the pages of dropped build arrays to the operating
// system at once, so that the next large allocation does not stack on top of
// them in the peak resident size.
func releaseMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}
