package align

import (
	"bufio"
	"encoding/binary"
	"io"

	"github.com/biogo/hts/sam"
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

// baiBuilder collects records in coordinate order. Its virtual offsets are
// bgzfWriter.tell's (block numbers in place of file offsets) until write
// turns them into file offsets.
type baiBuilder struct {
	refs   []baiRef
	noCoor uint64
}

func newBAIBuilder(nref int) *baiBuilder { return &baiBuilder{refs: make([]baiRef, nref)} }

// add records one encoded record written at virtual offsets [beg, end).
func (b *baiBuilder) add(rec []byte, beg, end uint64) {
	refID, p := bamRefPos(rec)
	if refID < 0 || p < 0 {
		b.noCoor++
		return
	}
	pos, flags := int(p), bamFlags(rec)
	ref := &b.refs[refID]
	if !ref.seen {
		ref.seen, ref.first, ref.bins = true, beg, map[uint32][]baiChunk{}
	}
	ref.last = end
	if flags&sam.Unmapped != 0 {
		ref.unmapped++
	} else {
		ref.mapped++
	}
	bin := uint32(binary.LittleEndian.Uint16(rec[bamBin:]))
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
	last := bamEnd(rec) - 1
	if flags&sam.Unmapped != 0 || last < pos {
		last = pos
	}
	for w := pos >> tileShift; w <= last>>tileShift; w++ {
		for len(ref.linear) <= w {
			ref.linear = append(ref.linear, 0)
		}
		if ref.linear[w] == 0 {
			ref.linear[w] = beg
		}
	}
}

// write writes the BAI; offsets gives each block's file offset by number.
func (b *baiBuilder) write(w io.Writer, offsets []int64) error {
	fo := func(v uint64) uint64 { return blockOffsets(v, offsets) }
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
