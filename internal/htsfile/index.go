package htsfile

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
)

// Binning indexes (SAM/BAM specification section 5, CSIv1 and tabix
// specifications), built as htslib builds them while the data is written:
// per reference, the bins of the hierarchical binning scheme (UCSC's
// scheme; a CSI chooses its smallest window, 2^minShift, and its number of
// levels) with the chunks of virtual offsets holding each bin's records,
// compressed as htslib does (small bins handed to their parents, chunks
// that meet in a BGZF block merged), so that the bins and chunks are those
// samtools index writes; the linear index of the first
// offset overlapping each window of 2^minShift bases; and htslib's
// pseudo-bin, one past the last bin, with the reference's offset span and
// mapped/unmapped counts. Then the count of unplaced records.
//
// BAI and TBI use minShift 14 and 5 levels, which cover 2^29 bases; a
// longer reference needs a CSI with more levels. CSI stores, instead of
// the linear index, each bin's smallest linear-index offset (loffset).
//
// It is written here rather than with biogo's bam.Index because that one
// (hts v1.4.5, internal/index.go Add) panics with "unexpected alignment
// length" when two records in a row cross the same 16 kb boundary, which
// any real coverage does.

// Binning scheme of BAI and TBI, and the smallest window vole uses for CSI
// as samtools index -c does by default.
const (
	BAIMinShift = 14
	BAIDepth    = 5
	// MaxBAILength is the longest reference a BAI (or TBI) can index.
	MaxBAILength = 1 << (BAIMinShift + 3*BAIDepth)
)

// CSIDepth is the number of levels a CSI with windows of 2^minShift needs
// for references up to longest bases, as htslib computes it (sam.c,
// sam_index): the least depth whose top bin covers longest + 256.
func CSIDepth(minShift, longest int) int {
	depth := 0
	for s := int64(1) << minShift; int64(longest)+256 > s; s <<= 3 {
		depth++
	}
	return depth
}

// binChunk is a range of virtual offsets.
type binChunk struct{ beg, end uint64 }

// unset marks a linear-index window no record has reached.
const unset = ^uint64(0)

// refIndex is the index of one reference.
type refIndex struct {
	bins             map[uint32][]binChunk
	order            []uint32 // bins in first-seen order, for stable output
	linear           []uint64
	first, last      uint64
	mapped, unmapped uint64
	seen             bool
}

// IndexBuilder builds a binning index from records added in coordinate
// order, with the provisional virtual offsets of Writer.WriteRecord; its
// Write methods turn them into file offsets.
type IndexBuilder struct {
	minShift, depth int
	refs            []refIndex
	noCoor          uint64
}

// NewIndexBuilder returns a builder for nref references with windows of
// 2^minShift bases and depth levels (BAIMinShift and BAIDepth for a BAI or
// TBI; CSIDepth for a CSI).
func NewIndexBuilder(nref, minShift, depth int) *IndexBuilder {
	return &IndexBuilder{minShift: minShift, depth: depth, refs: make([]refIndex, nref)}
}

// Add records one record written at provisional virtual offsets [beg, end)
// on reference ref (negative: unplaced) covering the 0-based half-open
// interval [pos, endPos); an unmapped record placed at pos, or an empty
// interval, counts as covering pos alone. Unlike htslib, an unmapped
// record sets the linear index too, so that a query finds it at its
// place. Records must come in coordinate order.
func (b *IndexBuilder) Add(ref, pos, endPos int, mapped bool, beg, end uint64) {
	if ref < 0 || pos < 0 {
		b.noCoor++
		return
	}
	r := &b.refs[ref]
	if !r.seen {
		r.seen, r.first, r.bins = true, beg, map[uint32][]binChunk{}
	}
	r.last = end
	if !mapped || endPos <= pos {
		endPos = pos + 1
	}
	if mapped {
		r.mapped++
	} else {
		r.unmapped++
	}
	bin := reg2bin(pos, endPos, b.minShift, b.depth)
	chunks, ok := r.bins[bin]
	if !ok {
		r.order = append(r.order, bin)
	}
	if n := len(chunks); n > 0 && (chunks[n-1].end == beg || chunks[n-1].end>>16 == beg>>16) {
		chunks[n-1].end = end // the bin's run goes on, or the same block: merge
	} else {
		chunks = append(chunks, binChunk{beg, end})
	}
	r.bins[bin] = chunks
	for w := pos >> b.minShift; w <= (endPos-1)>>b.minShift; w++ {
		for len(r.linear) <= w {
			r.linear = append(r.linear, unset)
		}
		if r.linear[w] == unset {
			r.linear[w] = beg
		}
	}
}

// fillLinear gives windows no record reached the offset of the nearest
// filled window before them (the reference's first record before the
// first), as htslib up to 1.15 did, so that a query never starts too late.
// htslib 1.16 fills them from the window after, which is later: a region
// query starting in such a window can then miss an unmapped read placed
// there.
func (r *refIndex) fillLinear() {
	prev := r.first
	for k, v := range r.linear {
		if v == unset {
			r.linear[k] = prev
		}
		prev = r.linear[k]
	}
}

// metaBin is htslib's pseudo-bin: one past the last bin of the scheme.
func (b *IndexBuilder) metaBin() uint32 {
	return uint32((1<<(3*b.depth+3))-1)/7 + 1
}

// le writes little-endian fields, keeping the first error.
type le struct {
	w   *bufio.Writer
	err error
}

func (e *le) put(v any) {
	if e.err == nil {
		e.err = binary.Write(e.w, binary.LittleEndian, v)
	}
}

// writeBins writes reference r's bins (resolved and compressed as htslib
// does, compressBinning): with csi, each bin's loffset too.
func (b *IndexBuilder) writeBins(e *le, r *refIndex, fo func(uint64) uint64, csi bool) {
	loff := map[uint32]uint64{}
	for _, bin := range r.order {
		loff[bin] = fo(r.loffset(bin, b.minShift, b.depth))
		for k, c := range r.bins[bin] {
			r.bins[bin][k] = binChunk{fo(c.beg), fo(c.end)}
		}
	}
	r.compressBinning(b.depth)
	e.put(int32(len(r.order) + 1))
	for _, bin := range r.order {
		e.put(bin)
		if csi {
			e.put(loff[bin])
		}
		e.put(int32(len(r.bins[bin])))
		for _, c := range r.bins[bin] {
			e.put([]uint64{c.beg, c.end})
		}
	}
	e.put(b.metaBin())
	if csi {
		e.put(uint64(0))
	}
	e.put(int32(2))
	e.put([]uint64{fo(r.first), fo(r.last), r.mapped, r.unmapped})
}

// minMarkerDist is htslib's HTS_MIN_MARKER_DIST: a bin whose chunks span
// less compressed data than this is merged into its parent.
const minMarkerDist = 0x10000

// compressBinning shrinks the resolved bins as htslib's compress_binning
// does (hts.c), so that the index matches samtools index's: from the
// deepest level up, a bin whose chunks span less than 64 KiB of the file
// hands its chunks to its parent bin when that one exists (reading a
// little more at its level costs less than a seek); then each bin's
// chunks, sorted, are merged where one ends in the block the next starts
// in.
func (r *refIndex) compressBinning(depth int) {
	for l := depth; l > 0; l-- {
		first, next := binFirst(l), binFirst(l+1)
		for _, bin := range r.order {
			chunks, ok := r.bins[bin]
			if !ok || bin < first || bin >= next {
				continue
			}
			if l < depth {
				sortChunks(chunks)
			}
			if chunks[len(chunks)-1].end>>16-chunks[0].beg>>16 >= minMarkerDist {
				continue
			}
			parent := (bin - 1) >> 3
			if pc, ok := r.bins[parent]; ok {
				r.bins[parent] = append(pc, chunks...)
				delete(r.bins, bin)
			}
		}
	}
	order := r.order[:0]
	for _, bin := range r.order {
		chunks, ok := r.bins[bin]
		if !ok {
			continue
		}
		order = append(order, bin)
		sortChunks(chunks)
		m := 0
		for _, c := range chunks[1:] {
			if chunks[m].end>>16 >= c.beg>>16 {
				chunks[m].end = max(chunks[m].end, c.end)
			} else {
				m++
				chunks[m] = c
			}
		}
		r.bins[bin] = chunks[:m+1]
	}
	r.order = order
}

// binFirst is the number of the first bin of level l (level 0 is bin 0).
func binFirst(l int) uint32 { return uint32((1<<(3*l))-1) / 7 }

// sortChunks orders chunks by their start.
func sortChunks(c []binChunk) {
	slices.SortFunc(c, func(a, b binChunk) int { return cmp.Compare(a.beg, b.beg) })
}

// loffset is a CSI bin's smallest offset: the linear index at the bin's
// first window (htslib's hts_bin_bot), 0 past the linear index.
func (r *refIndex) loffset(bin uint32, minShift, depth int) uint64 {
	level, first := 0, uint32(0)
	for start := uint32(1); bin >= start+first; level++ {
		first += start
		start <<= 3
	}
	// first is now the number of bins above bin's level.
	w := int(bin-first) << (3 * (depth - level))
	if w < len(r.linear) {
		return r.linear[w]
	}
	return 0
}

// checkScheme refuses to write a BAI or TBI of a builder made for a CSI.
func (b *IndexBuilder) checkScheme(kind string) error {
	if b.minShift != BAIMinShift || b.depth != BAIDepth {
		return fmt.Errorf("%s needs windows of 2^%d and %d levels, not 2^%d and %d", kind, BAIMinShift, BAIDepth, b.minShift, b.depth)
	}
	return nil
}

// WriteBAI writes the index as a BAI (uncompressed); offsets are the BAM's
// blocks.
func (b *IndexBuilder) WriteBAI(w io.Writer, offsets BlockOffsets) error {
	if err := b.checkScheme("BAI"); err != nil {
		return err
	}
	e := &le{w: bufio.NewWriter(w)}
	e.put([]byte("BAI\x01"))
	e.put(int32(len(b.refs)))
	b.writeRefs(e, offsets, false)
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// writeRefs writes every reference's bins and linear index (or, for a
// CSI, only its bins), then the count of unplaced records.
func (b *IndexBuilder) writeRefs(e *le, offsets BlockOffsets, csi bool) {
	fo := offsets.Resolve
	for i := range b.refs {
		r := &b.refs[i]
		if !r.seen {
			e.put(int32(0))
			if !csi {
				e.put(int32(0))
			}
			continue
		}
		r.fillLinear()
		b.writeBins(e, r, fo, csi)
		if csi {
			continue
		}
		e.put(int32(len(r.linear)))
		for _, v := range r.linear {
			e.put(fo(v))
		}
	}
	e.put(b.noCoor)
}

// WriteCSI writes the index as a CSI (BGZF-compressed, as htslib writes
// it) with aux as its auxiliary data (empty for a BAM); offsets are the
// indexed file's blocks.
func (b *IndexBuilder) WriteCSI(w io.Writer, offsets BlockOffsets, aux []byte) error {
	return b.writeCompressed(w, func(e *le) {
		e.put([]byte("CSI\x01"))
		e.put([]int32{int32(b.minShift), int32(b.depth), int32(len(aux))})
		e.put(aux)
		e.put(int32(len(b.refs)))
		b.writeRefs(e, offsets, true)
	})
}

// writeCompressed writes what body puts through BGZF to w.
func (b *IndexBuilder) writeCompressed(w io.Writer, body func(*le)) error {
	z := NewWriter(w, DefaultLevel, 1)
	e := &le{w: bufio.NewWriter(z)}
	body(e)
	if e.err == nil {
		e.err = e.w.Flush()
	}
	_, err := z.Close()
	if e.err != nil {
		return e.err
	}
	return err
}

// reg2bin is the bin of the 0-based half-open interval [beg, end) in the
// scheme of windows of 2^minShift and depth levels (SAM/BAM specification
// section 5.3; htslib's hts_reg2bin): the smallest bin holding it.
func reg2bin(beg, end, minShift, depth int) uint32 {
	end--
	s, t := minShift, ((1<<(3*depth))-1)/7
	for l := depth; l > 0; l-- {
		if beg>>s == end>>s {
			return uint32(t + beg>>s)
		}
		s += 3
		t -= 1 << (3 * (l - 1))
	}
	return 0
}
