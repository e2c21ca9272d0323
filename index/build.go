package index

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Build makes the FM-index of ref: suffix array by SA-IS over the 2-bit
// text, then in one pass over it the BWT blocks and the position samples,
// after which the full suffix array is dropped. Peak memory is about five
// bytes per base (one byte of unpacked text during sorting, four of suffix
// array).
func Build(ref *Reference) (*Index, error) {
	n := ref.TextLen()
	if n == 0 {
		return nil, fmt.Errorf("index: reference has no bases")
	}
	if n > MaxTextLen {
		return nil, fmt.Errorf("index: reference has %d bases, more than the %d an index holds", n, int64(MaxTextLen))
	}
	codes := ref.Fetch(make([]byte, 0, n), 0, n)
	for i, c := range codes {
		if c > 3 {
			codes[i] = ambiguousFill(int64(i))
		}
	}
	sa := suffixArray(codes)
	codes = nil
	releaseMemory()

	ix := &Index{ref: ref, n: n}
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
	sa = nil
	releaseMemory()
	return ix, nil
}

// releaseMemory returns the pages of dropped build arrays to the operating
// system at once, so that the next large allocation does not stack on top of
// them in the peak resident size.
func releaseMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}
