package pileup

// baseObs is one read's evidence at one column, packed so that a column
// stores a list of them (the error model needs each read's quality, strand
// and allele; the annotations its base quality and where in the read the
// base lies):
//
//	bits 0-2   allele: 0-3 for A, C, G, T; 4 (spanned) for a deleted base
//	bit 3      read on the reverse strand
//	bits 4-9   error-model quality: min(BAQ-capped base quality, mapping
//	           quality capped at 60), at most 63
//	bits 10-15 base quality as read, at most 63
//	bits 16-23 distance from the nearer end of the read's aligned part, at
//	           most 255
type baseObs uint32

func makeObs(allele byte, reverse bool, q, bq, endDist int) baseObs {
	o := baseObs(allele) | baseObs(min(q, 63))<<4 | baseObs(min(bq, 63))<<10 | baseObs(min(endDist, 255))<<16
	if reverse {
		o |= 1 << 3
	}
	return o
}

func (o baseObs) allele() int   { return int(o & 7) }
func (o baseObs) reverse() bool { return o&8 != 0 }
func (o baseObs) strand() int   { return int(o>>3) & 1 }
func (o baseObs) qual() int     { return int(o>>4) & 63 }
func (o baseObs) baseQual() int { return int(o>>10) & 63 }
func (o baseObs) endDist() int  { return int(o>>16) & 255 }

// indelObs is the evidence for one left-normalized indel allele at an anchor
// column: key is "+SEQ" for an insertion after the anchor or "-N" for a
// deletion of the N reference bases after it; obs holds one entry per read
// (allele bits unused) and ends the same read's ends.
type indelObs struct {
	key  string
	obs  []baseObs
	ends []readEnds
}

// readEnds are the reference positions of a read's own first and last
// aligned bases as the column counts starts and ends count them: -1 for
// the first, and noEnd for the last, when the counted part of the read
// begins or ends at its mate's overlap instead (see regionCaller.count).
type readEnds struct{ first, last int }

// noEnd is readEnds.last of a read whose own end is not counted.
const noEnd = int(^uint(0) >> 1)

// column is one sample's evidence at one reference position.
type column struct {
	// obs holds the reads' bases here that pass the filters, at most the
	// depth cap of them, in the order the reads came.
	obs []baseObs
	// n counts obs by allele.
	n [5]int32
	// cover counts, per strand, the reads with a base here at least the
	// base quality threshold as read (before BAQ): the reads an indel
	// anchored here is genotyped over.
	cover [2]int32
	// starts and ends count, per strand, the reads whose counted part
	// begins or ends here (reads ending inside an indel's repeat neither
	// support nor refute it).
	starts, ends [2]int32
	// unsure counts, per strand, the reads with an indel anchored here too
	// poor to count (low base quality at its flanks, an N in it): they
	// show neither allele.
	unsure [2]int32
	indels []indelObs
	// The raw depth (every read the flags let through, at any mapping or
	// base quality, as bcftools' INFO/DP) and its mapping qualities are
	// kept as differences: a read adds 1 where it starts and takes 1 away
	// where it ends, so a read costs two updates, not one per base.
	rawDelta, mq0Delta int32
	mqSqDelta          int64
}

// spanned is the allele index of a base deleted by an upstream deletion.
const spanned = 4

// alleleLetters spells the SNP alleles; '*' is VCF's allele for a base
// missing because of an upstream deletion.
const alleleLetters = "ACGT*"

// depth is the number of reads with a base passing the filters here, or a
// deletion over it.
func (c *column) depth() int { return len(c.obs) }

// baseDepth is the number of reads with a base passing the filters here.
func (c *column) baseDepth() int { return len(c.obs) - int(c.n[spanned]) }

// add records one observation unless the column holds maxDepth already.
func (c *column) add(o baseObs, maxDepth int) {
	if len(c.obs) >= maxDepth {
		return
	}
	c.obs = append(c.obs, o)
	c.n[o.allele()]++
}

// addIndel records one read, with ends e, carrying the indel key.
func (c *column) addIndel(key string, o baseObs, e readEnds, maxDepth int) {
	for i := range c.indels {
		if c.indels[i].key == key {
			if len(c.indels[i].obs) < maxDepth {
				c.indels[i].obs = append(c.indels[i].obs, o)
				c.indels[i].ends = append(c.indels[i].ends, e)
			}
			return
		}
	}
	c.indels = append(c.indels, indelObs{key: key, obs: []baseObs{o}, ends: []readEnds{e}})
}

// reset empties the column, keeping the storage of its slices.
func (c *column) reset() {
	obs, ind := c.obs[:0], c.indels[:0]
	*c = column{obs: obs, indels: ind}
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
	// reach is the first position past every column any read touched.
	reach int
}

func newWindow(samples, base int) *window {
	const initial = 1 << 11
	return &window{samples: samples, base: base, mask: initial - 1, cols: make([]column, initial*samples), reach: base}
}

// at returns sample s's column at position pos, growing the ring when pos
// lies beyond it. pos must be >= base.
func (w *window) at(pos, s int) *column {
	if pos-w.base > w.mask {
		w.grow(pos - w.base + 1)
	}
	w.reach = max(w.reach, pos+1)
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
	if pos <= w.base {
		return
	}
	if pos-w.base > w.mask {
		// Every slot is reset below; the positions in between held
		// nothing the ring still needs.
		w.base = pos - w.mask - 1
	}
	for ; w.base < pos; w.base++ {
		cs := w.cols[(w.base&w.mask)*w.samples:][:w.samples]
		for i := range cs {
			cs[i].reset()
		}
	}
	w.reach = max(w.reach, pos)
}
