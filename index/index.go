package index

import (
	"fmt"
	"sync/atomic"
)

// Index is an FM-index of a Reference's forward strand: the C array, the
// BWT with interleaved occurrence counts (see occ.go), and a sampled suffix
// array for Locate. Rows are numbered 0..TextLen() over the sorted suffixes of
// text+$, row 0 being the sentinel's own suffix. An Index is never modified
// after Build or Load, so it is safe for concurrent use by many goroutines
// (until Close).
type Index struct {
	ref     *Reference
	n       int64    // text length; the BWT has n+1 rows
	primary int64    // row whose BWT character is the sentinel (suffix 0)
	c       [5]int64 // c[x]: first row of suffixes starting with base x
	blocks  []uint64 // stored BWT, see occ.go
	sa      *saSamples
	kmers   kmerTable    // intervals of every k-mer, to skip the first search steps
	unmap   func() error // releases the file mapping of a loaded index
	path    string       // the file of a loaded index, for Err
	corrupt atomic.Pointer[string]
}

// Err returns the damage a lookup met that Load's checks let through (an
// index whose suffix-array samples LF steps do not reach, say), as one
// error naming the file, or nil. Results taken from the index after such
// damage are meaningless though in range: a command checks Err before it
// writes them.
func (ix *Index) Err() error {
	what := ix.corrupt.Load()
	if what == nil {
		return nil
	}
	name := "index"
	if ix.path != "" {
		name += " " + ix.path
	}
	return fmt.Errorf("%s: corrupt %s; rerun `vole index`", name, *what)
}

// fail records the first damage a lookup meets, for Err.
func (ix *Index) fail(what string) { ix.corrupt.CompareAndSwap(nil, &what) }

// MaxTextLen is the largest reference, in bases, that an Index can hold: its
// sampled suffix array stores 32-bit positions.
const MaxTextLen = 1<<32 - 2

// Contigs returns the reference's contigs in FASTA order.
func (ix *Index) Contigs() []Contig { return ix.ref.Contigs }

// Reference returns the reference the index was built from.
func (ix *Index) Reference() *Reference { return ix.ref }

// TextLen returns the total number of bases of all contigs.
func (ix *Index) TextLen() int64 { return ix.n }

// Base returns the code at position pos of the concatenated text (Ambiguous
// inside an ambiguous run).
func (ix *Index) Base(pos int64) byte { return ix.ref.Base(pos) }

// Fetch appends the codes of [start,end) to dst[:0]; see Reference.Fetch.
func (ix *Index) Fetch(dst []byte, start, end int64) []byte { return ix.ref.Fetch(dst, start, end) }

// ContigOf returns the index of the contig holding text position pos.
func (ix *Index) ContigOf(pos int64) int { return ix.ref.ContigOf(pos) }

// Valid reports whether [pos,pos+length) lies inside one contig and touches
// no ambiguous base.
func (ix *Index) Valid(pos int64, length int) bool { return ix.ref.Valid(pos, length) }
