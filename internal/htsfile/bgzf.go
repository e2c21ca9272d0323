package htsfile

import (
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"io"
	"sync"
	"sync/atomic"
)

// BGZF writing (SAM/BAM specification section 4.1): the stream is cut into
// blocks of at most bgzfBlockData bytes, each compressed as a gzip member of
// its own whose BC extra field gives the member's size; an empty block ends
// the file. Blocks are written here rather than through biogo's
// bgzf.Writer so that the writer of a BAM (or a bgzipped VCF) knows the
// virtual offset of every record as it writes it, which the index needs:
// biogo's writer compresses blocks in the background and tells only where
// the next write lands in the current block (Next), never a block's file
// offset, so the file would have to be read back to be indexed. Here a
// virtual offset is first the block's number and the offset in the block;
// the block numbers become file offsets once the blocks are written
// (BlockOffsets.Resolve).

// bgzfBlockData is the most data a block holds: as htslib, so that a block
// that does not compress still fits the 64 KiB limit when stored.
const bgzfBlockData = 0xff00

// bgzfBatch is how many full blocks per thread are compressed together.
const bgzfBatch = 4

// bgzfHeader is a block's gzip header with the BC field; its last two bytes
// are the block size minus one.
var bgzfHeader = [18]byte{0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 'B', 'C', 2, 0, 0, 0}

// bgzfEOF is the empty block that ends a BGZF file.
var bgzfEOF = []byte{0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 'B', 'C', 2, 0, 0x1b, 0,
	3, 0, 0, 0, 0, 0, 0, 0, 0, 0}

// Writer writes BGZF to an io.Writer, compressing full blocks threads at a
// time. It is not safe for concurrent use.
type Writer struct {
	w       io.Writer
	threads int
	cur     []byte   // the block being filled
	full    [][]byte // filled blocks not yet compressed
	packed  [][]byte // their compressed forms
	spare   [][]byte // emptied block buffers
	offsets []int64  // file offset of every block written
	sizes   []int32  // and its uncompressed size
	comp    []*blockCompressor
	written int64
	err     error
}

// NewWriter returns a Writer to w compressing at the compress/flate level
// (-1 is the default) on threads goroutines.
func NewWriter(w io.Writer, level, threads int) *Writer {
	threads = max(threads, 1)
	z := &Writer{w: w, threads: threads, cur: make([]byte, 0, bgzfBlockData)}
	z.comp = make([]*blockCompressor, threads)
	for t := range z.comp {
		z.comp[t] = &blockCompressor{level: level}
	}
	return z
}

// tell is the virtual offset of the next byte written, with the block's
// number in place of its file offset.
func (z *Writer) tell() uint64 {
	return uint64(len(z.offsets)+len(z.full))<<16 | uint64(len(z.cur))
}

// Write appends p to the stream (io.Writer). Data that does not fit in the
// current block starts the next one, so p is split only when longer than a
// block.
func (z *Writer) Write(p []byte) (int, error) {
	return len(p), z.write(p)
}

// WriteRecord writes one record, kept in one block when it fits, and
// returns the provisional virtual offsets (block number, offset) of its
// first byte and of the byte after it, for an index.
func (z *Writer) WriteRecord(p []byte) (beg, end uint64, err error) {
	beg = z.tell()
	err = z.write(p)
	return beg, z.tell(), err
}

// write appends p to the stream.
func (z *Writer) write(p []byte) error {
	if len(z.cur) > 0 && len(z.cur)+len(p) > bgzfBlockData {
		z.EndBlock()
	}
	for len(p) > 0 && z.err == nil {
		n := min(len(p), bgzfBlockData-len(z.cur))
		z.cur, p = append(z.cur, p[:n]...), p[n:]
		if len(z.cur) == bgzfBlockData {
			z.EndBlock()
		}
	}
	return z.err
}

// EndBlock ends the current block (if it holds data), so that what is
// written next starts a block: a BAM header gets blocks of its own.
func (z *Writer) EndBlock() {
	if len(z.cur) == 0 {
		return
	}
	z.full = append(z.full, z.cur)
	if n := len(z.spare); n > 0 {
		z.cur, z.spare = z.spare[n-1][:0], z.spare[:n-1]
	} else {
		z.cur = make([]byte, 0, bgzfBlockData)
	}
	if len(z.full) >= bgzfBatch*z.threads {
		z.flush()
	}
}

// flush compresses the full blocks in parallel and writes them in order.
func (z *Writer) flush() {
	if z.err != nil || len(z.full) == 0 {
		return
	}
	for len(z.packed) < len(z.full) {
		z.packed = append(z.packed, nil)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, z.threads)
	for t := 0; t < z.threads; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(z.full) && errs[t] == nil; i = int(next.Add(1)) - 1 {
				z.packed[i], errs[t] = z.comp[t].compress(z.packed[i][:0], z.full[i])
			}
		}(t)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			z.err = err
			return
		}
	}
	for i, b := range z.packed[:len(z.full)] {
		z.offsets = append(z.offsets, z.written)
		z.sizes = append(z.sizes, int32(len(z.full[i])))
		if _, err := z.w.Write(b); err != nil {
			z.err = err
			return
		}
		z.written += int64(len(b))
		z.spare = append(z.spare, z.full[i])
	}
	z.full = z.full[:0]
}

// BlockOffsets tells where the blocks a Writer wrote went: the file offset
// and uncompressed size of every block, by block number.
type BlockOffsets struct {
	at   []int64 // one more than blocks: the end of the data
	size []int32
}

// Resolve turns a provisional virtual offset from WriteRecord into a file
// virtual offset, canonical as htslib makes them: an offset at the end of
// a block's data is given as the start of the next block, (next, 0), never
// (block, size), which htsjdk (Picard, IGV) rejects as an invalid file
// pointer. A record that starts a new block therefore starts at (its
// block, 0), and the end of the last record is the end-of-file block's
// start.
func (o BlockOffsets) Resolve(v uint64) uint64 {
	k, off := v>>16, v&0xffff
	if k < uint64(len(o.size)) && int32(off) == o.size[k] {
		k, off = k+1, 0
	}
	return uint64(o.at[k])<<16 | off
}

// Close writes what is left and the end-of-file block, and returns where
// every block went. It does not close the underlying writer.
func (z *Writer) Close() (BlockOffsets, error) {
	z.EndBlock()
	z.flush()
	if z.err != nil {
		return BlockOffsets{}, z.err
	}
	end := z.written
	if _, err := z.w.Write(bgzfEOF); err != nil {
		return BlockOffsets{}, err
	}
	return BlockOffsets{at: append(z.offsets, end), size: z.sizes}, nil
}

// sliceWriter appends what is written to b.
type sliceWriter struct{ b []byte }

func (s *sliceWriter) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

// blockCompressor compresses blocks for one goroutine, reusing its
// deflate state (about 1 MB to allocate).
type blockCompressor struct {
	level int
	fw    *flate.Writer
	sw    sliceWriter
}

// compress appends the BGZF block holding data to dst; a block that would
// exceed 64 KiB compressed is stored instead.
func (c *blockCompressor) compress(dst, data []byte) ([]byte, error) {
	b, err := c.deflate(dst, data, c.fw)
	if err != nil || len(b) <= 1<<16 {
		return b, err
	}
	stored, err := flate.NewWriter(nil, flate.NoCompression)
	if err != nil {
		return dst, err
	}
	return c.deflate(b, data, stored)
}

// deflate appends to dst[:0] the block holding data compressed by fw (nil:
// a new writer at c.level).
func (c *blockCompressor) deflate(dst, data []byte, fw *flate.Writer) ([]byte, error) {
	c.sw.b = append(dst[:0], bgzfHeader[:]...)
	if fw == nil {
		var err error
		if c.fw, err = flate.NewWriter(&c.sw, c.level); err != nil {
			return dst, err
		}
		fw = c.fw
	} else {
		fw.Reset(&c.sw)
	}
	if _, err := fw.Write(data); err != nil {
		return dst, err
	}
	if err := fw.Close(); err != nil {
		return dst, err
	}
	b := binary.LittleEndian.AppendUint32(c.sw.b, crc32.ChecksumIEEE(data))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	binary.LittleEndian.PutUint16(b[16:], uint16(min(len(b)-1, 0xffff)))
	return b, nil
}
