package htsfile

import (
	"bufio"
	"encoding/binary"
	"io"
)

// BAI index writing (SAM/BAM specification section 5.2, as samtools index
// writes it): per reference the binning index (UCSC bins, with the chunks
// of virtual file offsets holding each bin's records, adjacent chunks
// merged), the linear index of the first offset overlapping each 16 kb
// window, and samtools' pseudo-bin 37450 with the reference's offset span
// and mapped/unmapped counts; then the count of unplaced reads.
//
// It is written here rather than with biogo's bam.Index because that one
// (hts v1.4.5, internal/index.go Add) panics with "unexpected alignment
// length" when two records in a row cross the same 16 kb boundary, which
// any real coverage does.

const (
	baiPseudoBin = 37450
	tileShift    = 14
)

// baiChunk is a range of virtual offsets.
type baiChunk struct{ beg, end uint64 }

// baiRef is the index of one reference.
type baiRef struct {
	bins             map[uint32][]baiChunk
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
	refs   []baiRef
	noCoor uint64
}

// NewIndexBuilder returns a builder for nref references.
func NewIndexBuilder(nref int) *IndexBuilder { return &IndexBuilder{refs: make([]baiRef, nref)} }

// Add records one record written at provisional virtual offsets [beg, end)
// on reference ref (negative: unplaced) covering the 0-based half-open
// interval [pos, endPos); an unmapped record placed at pos counts as
// covering pos alone. Records must come in coordinate order.
func (b *IndexBuilder) Add(ref, pos, endPos int, mapped bool, beg, end uint64) {
	if ref < 0 || pos < 0 {
		b.noCoor++
		return
	}
	r := &b.refs[ref]
	if !r.seen {
		r.seen, r.first, r.bins = true, beg, map[uint32][]baiChunk{}
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
	r.add(reg2bin(pos, endPos), pos, endPos, beg, end)
}

// add puts the chunk [beg, end) in bin and the linear index.
func (ref *baiRef) add(bin uint32, pos, endPos int, beg, end uint64) {
	chunks, ok := ref.bins[bin]
	if !ok {
		ref.order = append(ref.order, bin)
	}
	if n := len(chunks); n > 0 && chunks[n-1].end>>16 == beg>>16 {
		chunks[n-1].end = end // same or adjacent BGZF block: merge
	} else {
		chunks = append(chunks, baiChunk{beg, end})
	}
	ref.bins[bin] = chunks
	for w := pos >> tileShift; w <= (endPos-1)>>tileShift; w++ {
		for len(ref.linear) <= w {
			ref.linear = append(ref.linear, 0)
		}
		if ref.linear[w] == 0 {
			ref.linear[w] = beg
		}
	}
}

// WriteBAI writes the index as a BAI; offsets are the BAM's blocks.
func (b *IndexBuilder) WriteBAI(w io.Writer, offsets BlockOffsets) error {
	fo := offsets.Resolve
	bw := bufio.NewWriter(w)
	put := func(v any) { binary.Write(bw, binary.LittleEndian, v) }
	bw.WriteString("BAI\x01")
	put(int32(len(b.refs)))
	for i := range b.refs {
		ref := &b.refs[i]
		if !ref.seen {
			put(int32(0))
			put(int32(0))
			continue
		}
		put(int32(len(ref.order) + 1))
		for _, bin := range ref.order {
			put(bin)
			put(int32(len(ref.bins[bin])))
			for _, c := range ref.bins[bin] {
				put(fo(c.beg))
				put(fo(c.end))
			}
		}
		put(uint32(baiPseudoBin))
		put(int32(2))
		put([]uint64{fo(ref.first), fo(ref.last), ref.mapped, ref.unmapped})
		// Empty windows take the offset of the next filled one before
		// them, as samtools does, so a query never starts too late.
		for k := 1; k < len(ref.linear); k++ {
			if ref.linear[k] == 0 {
				ref.linear[k] = ref.linear[k-1]
			}
		}
		put(int32(len(ref.linear)))
		for _, v := range ref.linear {
			put(fo(v))
		}
	}
	put(b.noCoor)
	return bw.Flush()
}

// reg2bin is the UCSC bin of the 0-based half-open interval [beg, end)
// (SAM/BAM specification section 5.3).
func reg2bin(beg, end int) uint32 {
	end--
	switch {
	case beg>>14 == end>>14:
		return uint32(((1<<15)-1)/7 + (beg >> 14))
	case beg>>17 == end>>17:
		return uint32(((1<<12)-1)/7 + (beg >> 17))
	case beg>>20 == end>>20:
		return uint32(((1<<9)-1)/7 + (beg >> 20))
	case beg>>23 == end>>23:
		return uint32(((1<<6)-1)/7 + (beg >> 23))
	case beg>>26 == end>>26:
		return uint32(((1<<3)-1)/7 + (beg >> 26))
	}
	return 0
}
