package pileup

// indelObs is the evidence for one left-normalized indel allele at an anchor
// column: Key is "+SEQ" for an insertion after the anchor or "-N" for a
// deletion of the N reference bases after it.
type indelObs struct {
	key   string
	n     int
	terms obsTerms
}

// column is one sample's evidence at one reference position: the bases seen
// (as allele sums for the diploid model), the indels anchored here after
// normalization, and how many reads' alignments end here (reads ending inside
// an indel's repeat neither support nor refute it).
type column struct {
	// n counts the reads showing A, C, G, T, and (spanned) a deletion over
	// this position: a deleted base is an allele of its own, so that reads
	// misaligned around a deletion do not make a SNP of it.
	n     [5]int32
	terms [5]obsTerms // their likelihood sums
	// starts and ends count the reads whose counted part begins or ends
	// here.
	starts, ends int32
	indels       []indelObs
}

// spanned is the allele index of a base deleted by an upstream deletion.
const spanned = 4

// alleleLetters spells the SNP alleles; '*' is VCF's allele for a base
// missing because of an upstream deletion.
const alleleLetters = "ACGT*"

// depth is the number of reads with a base passing the filters here, or a
// deletion over it.
func (c *column) depth() int {
	return c.baseDepth() + int(c.n[spanned])
}

// baseDepth is the number of reads with a base passing the filters here.
func (c *column) baseDepth() int {
	return int(c.n[0] + c.n[1] + c.n[2] + c.n[3])
}

// addIndel records one read carrying the indel key with phred error q.
func (c *column) addIndel(key string, q int) {
	for i := range c.indels {
		if c.indels[i].key == key {
			c.indels[i].n++
			c.indels[i].terms.add(q)
			return
		}
	}
	o := indelObs{key: key, n: 1}
	o.terms.add(q)
	c.indels = append(c.indels, o)
}

// reset empties the column, keeping the indel slice's storage.
func (c *column) reset() {
	ind := c.indels[:0]
	*c = column{indels: ind}
}

// window is a ring buffer of columns for positions [base, base+size) of one
// contig, one column per sample at each position. It grows when a read
// reaches beyond it, so its size follows the longest read span plus the
// normalization lag rather than the contig.
type window struct {
	samples int
	base    int
	mask    int // ring size - 1; the size is a power of two
	cols    []column
}

func newWindow(samples, base int) *window {
	const initial = 1 << 11
	return &window{samples: samples, base: base, mask: initial - 1, cols: make([]column, initial*samples)}
}

// at returns sample s's column at position pos, growing the ring when pos
// lies beyond it. pos must be >= base.
func (w *window) at(pos, s int) *column {
	if pos-w.base > w.mask {
		w.grow(pos - w.base + 1)
	}
	return &w.cols[(pos&w.mask)*w.samples+s]
}

// peek returns sample s's column at pos, or nil when pos is outside the
// window (nothing was recorded there).
func (w *window) peek(pos, s int) *column {
	if pos < w.base || pos-w.base > w.mask {
		return nil
	}
	return &w.cols[(pos&w.mask)*w.samples+s]
}

// grow enlarges the ring to hold at least need positions from base.
func (w *window) grow(need int) {
	size := (w.mask + 1) * 2
	for size < need {
		size *= 2
	}
	cols := make([]column, size*w.samples)
	for p := w.base; p <= w.base+w.mask; p++ {
		copy(cols[(p&(size-1))*w.samples:][:w.samples], w.cols[(p&w.mask)*w.samples:][:w.samples])
	}
	w.cols, w.mask = cols, size-1
}

// advance resets the columns before pos and moves the base to pos.
func (w *window) advance(pos int) {
	if pos-w.base > w.mask {
		w.base = pos - w.mask - 1 // every slot is reset below; skip the rest
	}
	for ; w.base < pos; w.base++ {
		cs := w.cols[(w.base&w.mask)*w.samples:][:w.samples]
		for i := range cs {
			cs[i].reset()
		}
	}
}
