package index

import (
	"fmt"
	"io"
	"math/bits"
	"runtime"
	"runtime/debug"
)

// BuildOptions tunes Build without changing what it builds.
type BuildOptions struct {
	// Threads is the number of goroutines of the parallel steps; 0 means
	// GOMAXPROCS. The index is the same for any number.
	Threads int
}

// Build makes the FM-index of ref with BuildWith's default options.
func Build(ref *Reference) (*Index, error) { return BuildWith(ref, BuildOptions{}) }

// BuildWith makes the FM-index of ref: the BWT, the C array, the sampled
// suffix array and the k-mer table. The text's rightmost block is sorted by
// SA-IS and every block to its left is merged into that index in turn
// (merge.go), so no suffix array of the whole text is ever held: peak
// memory is the index itself (the 2-bit text 1/4 byte per base, the BWT
// 1/2, the sampled rows 1/4, marks, ranks and the k-mer table at the end)
// plus a block's work space of 1/8 byte per base.
func BuildWith(ref *Reference, opt BuildOptions) (*Index, error) {
	b, err := buildBWT(ref, opt)
	if err != nil {
		return nil, err
	}
	n := ref.n
	defer setGCPercent(n)()
	ix := b.finish()
	b = nil
	releaseMemory(n)
	ix.sa.finish()
	ix.kmers = ix.kmerTableOf(kmerLen(n), opt.threads())
	return ix, nil
}

// BuildAndSave builds the index of ref like BuildWith and saves it to path
// like Save, with the same bytes, but never holds the whole finished index:
// the sampled rows are written as marks, ranks and samples straight from
// the build, and the k-mer table is made once they are gone. Its peak is
// then the block phase (BuildMemory), where BuildWith's is at the end.
func BuildAndSave(ref *Reference, opt BuildOptions, path string) error {
	b, err := buildBWT(ref, opt)
	if err != nil {
		return err
	}
	n := ref.n
	defer setGCPercent(n)()
	ix := &Index{ref: ref, n: n, primary: b.tail.primary, c: b.tail.c, blocks: b.tail.blocks}
	samples := int64(len(b.samples))
	return saveFile(path, func(w io.Writer) error {
		return writeIndexFile(w, ix, int64(SampleRate), (n+64)/64, samples, func(fw *fileWriter) {
			fw.sampledRows(b.samples, (n+64)/64)
			b = nil
			releaseMemory(n)
		}, func() kmerTable { return ix.kmerTableOf(kmerLen(n), opt.threads()) })
	})
}

// threads returns the number of threads the options ask for.
func (opt BuildOptions) threads() int {
	if opt.Threads <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return opt.Threads
}

// setGCPercent lowers the garbage collector's target during a large build
// and returns the function that restores it. The build's arrays are
// long-lived and hold no pointers, so collecting often is cheap; the
// default (the heap may double before a collection) would add the
// per-block garbage to the peak.
func setGCPercent(n int64) func() {
	if n < 1<<24 {
		return func() {}
	}
	old := debug.SetGCPercent(buildGCPercent)
	return func() { debug.SetGCPercent(old) }
}

// buildBWT checks ref, then makes its BWT and sampled rows block by block
// (merge.go); the work space is dropped when it returns.
func buildBWT(ref *Reference, opt BuildOptions) (*builder, error) {
	n := ref.TextLen()
	if n == 0 {
		return nil, fmt.Errorf("index: reference has no bases")
	}
	if n > MaxTextLen {
		return nil, fmt.Errorf("index: reference has %d bases, more than the %d an index holds", n, int64(MaxTextLen))
	}
	threads := opt.threads()
	releaseMemory(n) // what reading the FASTA left behind
	defer setGCPercent(n)()
	first, rest := blockSizes(n)
	b := newBuilder(ref, threads, workWords(first, rest))
	s := n - first
	b.firstBlock(s)
	for s > 0 {
		s = max(0, s-rest)
		length := b.start - s
		l := entryLayout{pb: uint(bits.Len64(uint64(length)))}
		keys := b.work[:length+1]
		sorted := b.work[len(b.work)/2:][:length+1]
		b.rankBlock(s, keys, l)
		b.sorter.sortEntries(keys, sorted, l, keyBits(b.tail.rows))
		b.sorter.refine(sorted, keys, l, ref, s)
		b.mergeBlock(s, sorted, l)
		releaseFreed(n)
	}
	b.work = nil
	b.sorter = blockSorter{}
	releaseMemory(n)
	return b, nil
}

// Block lengths. The work space is 1/workShare of a byte per base (at
// least minWork bytes); every block but the rightmost takes 16 bytes per
// base there (its entries and their sorted copy). The rightmost block is
// sorted by SA-IS in 5 bytes per base (its bases and a 32-bit suffix
// array); it could be three times longer, but SA-IS runs on one thread and
// slows as its arrays outgrow the caches, while the merges it would save
// are the cheapest ones (their tails are short), so it is as long as the
// others, or minFirst when that is longer and fits. An eighth of a byte
// per base puts the block phase (the index's arrays take a byte per base
// then) just under the end of the build, when the sampled rows become
// marks and positions (1.25 bytes per base), and makes about 128 blocks.
const (
	workShare = 8
	minWork   = 2 << 20
	minFirst  = 1 << 22
	maxBlock  = 1<<27 - 1 // keeps i, a 35-bit key and a base in one 64-bit entry
)

// parallelMerge is the shortest half block worth merging on its own
// thread. It must be at least 64, so that the lower half's reads (which
// may load the word after the last base they need) stay below the upper
// half's writes; tests lower it to that.
var parallelMerge int64 = 1 << 16

// hugePages says whether the build asks for huge pages (hugepage_linux.go);
// a switch for measuring what they bring.
var hugePages = true

// buildGCPercent is the garbage collector's target during a large build.
const buildGCPercent = 5

// blockLen and firstBlockLen, when positive, set the block lengths; tests
// lower them to run many merges on small texts.
var blockLen, firstBlockLen int64

// blockSizes returns the length of the rightmost block and of the others
// for a text of n bases.
func blockSizes(n int64) (first, rest int64) {
	work := max(n/workShare, minWork)
	rest = min(work/16-1, maxBlock)
	first = min(n, max(rest, min(minFirst, (work-16)/5)))
	if blockLen > 0 {
		rest = blockLen
	}
	if firstBlockLen > 0 {
		first = min(n, firstBlockLen)
	}
	return first, rest
}

// workWords returns the size in words of a work space that holds the
// rightmost block's bases and suffix array, and two words per entry of
// another block (its END entry included).
func workWords(first, rest int64) int64 {
	return max((first+7)/8+(first+1)/2, 2*(rest+1))
}

// releaseFreed returns to the operating system the pages a block's garbage
// left free: the runtime would return them slowly, and meanwhile they add
// up in the resident size.
func releaseFreed(n int64) {
	if n >= 1<<20 {
		debug.FreeOSMemory()
	}
}

// releaseMemory returns the pages of dropped build arrays to the operating
// system at once, so that the next large allocation does not stack on top of
// them in the peak resident size.
func releaseMemory(n int64) {
	if n < 1<<20 {
		return // not worth two garbage collections
	}
	runtime.GC()
	debug.FreeOSMemory()
}
