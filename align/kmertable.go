package align

import "github.com/vole-bio/vole/index"

// kmerTable holds the FM-index interval of every string of tableK bases,
// so a backward search jumps its first tableK steps with one lookup (the
// "ftab" of bowtie and bwa). Every greedy search starts this way and most
// searches on the wrong strand die a few bases later, so the table removes
// a large share of the Backward calls that dominate seeding. It gives the
// same intervals as stepping, so seeds do not change.
type kmerTable struct {
	iv []index.Interval
}

// tableK is the length of the strings in the table.
const tableK = 10

// tableMinText is the reference length below which no table is built: on
// small genomes most 10-mers are absent and building costs more than it
// saves. A variable so tests can build tables on small genomes.
var tableMinText int64 = 1 << 20

// newKmerTable builds the table by a depth-first walk of backward search
// over all strings of up to tableK bases, pruning empty intervals: about
// 4^tableK * 4/3 Backward calls.
func newKmerTable(ix *index.Index) *kmerTable {
	if ix.TextLen() < tableMinText {
		return nil
	}
	t := &kmerTable{iv: make([]index.Interval, 1<<(2*tableK))}
	t.fill(ix, ix.Full(), 0, 0)
	return t
}

// fill records the intervals of every extension to the left of a string of
// depth bases whose code is code and interval iv.
func (t *kmerTable) fill(ix *index.Index, iv index.Interval, depth, code int) {
	if depth == tableK {
		t.iv[code] = iv
		return
	}
	for c := 0; c < 4; c++ {
		next := ix.Backward(iv, byte(c))
		if next.Size() > 0 {
			t.fill(ix, next, depth+1, c<<(2*depth)|code)
		}
	}
}

// lookup returns the interval of q[end-tableK:end]; ok is false when the
// string holds an ambiguous base or does not occur (the caller then steps
// base by base to find where the search stops).
func (t *kmerTable) lookup(q []byte, end int) (index.Interval, bool) {
	code := 0
	for i := end - tableK; i < end; i++ {
		c := q[i]
		if c > 3 {
			return index.Interval{}, false
		}
		code = code<<2 | int(c)
	}
	iv := t.iv[code]
	return iv, iv.Size() > 0
}
