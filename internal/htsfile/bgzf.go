package htsfile

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
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
//
// The pipeline: the caller fills a block; a full block goes both to a pool
// of compressing goroutines and, in order, to one goroutine that waits for
// each block's compressed form and writes it. The caller goes on filling
// the next block meanwhile, so a sorted BAM's merge overlaps its
// compression. Blocks are cut by the data alone, so the output is the same
// for any number of threads.

// bgzfBlockData is the most data a block holds: as htslib, so that a block
// that does not compress still fits the 64 KiB limit when stored.
const bgzfBlockData = 0xff00

// DefaultLevel is the deflate level vole writes BGZF at. With
// klauspost/compress's deflate it is the lowest level whose BAM is within
// 5% of samtools sort's (htslib, libdeflate, default level): measured on
// 200k ART HS25 2x150 pairs of the course's chr11 region aligned by vole
// (124 MB of BAM records), level 6 gives 31.2 MB (samtools 30.3 MB, +3.2%)
// at 122 MB/s per core; level 5 gives 32.2 MB (+6.3%) at 140 MB/s. The
// standard library's level 6 gave 30.4 MB at 10-12 MB/s.
const DefaultLevel = 6

// inflightPerThread bounds the blocks queued per compressing goroutine.
const inflightPerThread = 8

// bgzfHeader is a block's gzip header with the BC field; its last two bytes
// are the block size minus one.
var bgzfHeader = [18]byte{0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 'B', 'C', 2, 0, 0, 0}

// bgzfEOF is the empty block that ends a BGZF file.
var bgzfEOF = []byte{0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 'B', 'C', 2, 0, 0x1b, 0,
	3, 0, 0, 0, 0, 0, 0, 0, 0, 0}

// errClosed is returned by writes after Close.
var errClosed = errors.New("bgzf: write after close")

// block is one block on its way through the pipeline.
type block struct {
	data  []byte
	out   []byte
	err   error
	ready chan struct{}
}

// Writer writes BGZF to an io.Writer, compressing blocks on several
// goroutines while the caller writes. It is not safe for concurrent use.
// Close must be called, also after an error, to stop its goroutines.
type Writer struct {
	w       io.Writer
	cur     []byte // the block being filled
	nblocks int    // blocks ended so far
	jobs    chan *block
	queue   chan *block
	free    chan *block
	done    chan struct{}
	closed  bool

	// Set by the writing goroutine; read after done is closed, or
	// through failed.
	mu      sync.Mutex
	err     error
	offsets []int64 // file offset of every block written
	sizes   []int32 // and its uncompressed size
	written int64
}

// NewWriter returns a Writer to w compressing at the deflate level (see
// DefaultLevel; 0 stores) on threads goroutines.
func NewWriter(w io.Writer, level, threads int) *Writer {
	threads = max(threads, 1)
	n := inflightPerThread * threads
	z := &Writer{
		w:     w,
		cur:   make([]byte, 0, bgzfBlockData),
		jobs:  make(chan *block, n),
		queue: make(chan *block, n),
		free:  make(chan *block, n+1),
		done:  make(chan struct{}),
	}
	for t := 0; t < threads; t++ {
		go func() {
			c := blockCompressor{level: level}
			for b := range z.jobs {
				b.out, b.err = c.compress(b.out[:0], b.data)
				close(b.ready)
			}
		}()
	}
	go z.writeBlocks()
	return z
}

// writeBlocks writes the compressed blocks in order as they become ready.
func (z *Writer) writeBlocks() {
	defer close(z.done)
	for b := range z.queue {
		<-b.ready
		z.mu.Lock()
		err := z.err
		if err == nil {
			err = b.err
		}
		if err == nil {
			if _, err = z.w.Write(b.out); err == nil {
				z.offsets = append(z.offsets, z.written)
				z.sizes = append(z.sizes, int32(len(b.data)))
				z.written += int64(len(b.out))
			}
		}
		z.err = err
		z.mu.Unlock()
		select {
		case z.free <- b:
		default:
		}
	}
}

// failed returns the first error of the writing goroutine so far.
func (z *Writer) failed() error {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.err
}

// tell is the virtual offset of the next byte written, with the block's
// number in place of its file offset.
func (z *Writer) tell() uint64 {
	return uint64(z.nblocks)<<16 | uint64(len(z.cur))
}

// Write appends p to the stream (io.Writer). Data that does not fit in the
// current block starts the next one, so p is split only when longer than a
// block.
func (z *Writer) Write(p []byte) (int, error) {
	return len(p), z.write(p)
}

// WriteRecord writes one record, kept in one block when it fits, and
// returns the provisional virtual offsets (block number, offset) of its
// first byte and of the byte after it, for an index. A record that does
// not fit in the current block starts the next one, and its start is
// given there.
func (z *Writer) WriteRecord(p []byte) (beg, end uint64, err error) {
	if len(z.cur) > 0 && len(z.cur)+len(p) > bgzfBlockData {
		z.EndBlock()
	}
	beg = z.tell()
	err = z.write(p)
	return beg, z.tell(), err
}

// write appends p to the stream.
func (z *Writer) write(p []byte) error {
	if z.closed {
		return errClosed
	}
	if len(z.cur) > 0 && len(z.cur)+len(p) > bgzfBlockData {
		z.EndBlock()
	}
	for len(p) > 0 {
		n := min(len(p), bgzfBlockData-len(z.cur))
		z.cur, p = append(z.cur, p[:n]...), p[n:]
		if len(z.cur) == bgzfBlockData {
			z.EndBlock()
		}
	}
	return z.failed()
}

// EndBlock ends the current block (if it holds data), so that what is
// written next starts a block: a BAM header gets blocks of its own.
func (z *Writer) EndBlock() {
	if len(z.cur) == 0 || z.closed {
		return
	}
	var b *block
	select {
	case b = <-z.free:
	default:
		b = &block{data: make([]byte, 0, bgzfBlockData)}
	}
	b.data, z.cur = z.cur, b.data[:0]
	b.err, b.ready = nil, make(chan struct{})
	z.nblocks++
	z.queue <- b
	z.jobs <- b
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

// Close writes what is left and, unless an error came first, the
// end-of-file block, stops the goroutines, and returns where every block
// went. It does not close the underlying writer. Calling it again returns
// errClosed.
func (z *Writer) Close() (BlockOffsets, error) {
	if z.closed {
		return BlockOffsets{}, errClosed
	}
	z.EndBlock()
	z.closed = true
	close(z.queue)
	close(z.jobs)
	<-z.done
	if z.err == nil {
		_, z.err = z.w.Write(bgzfEOF)
	}
	if z.err != nil {
		return BlockOffsets{}, z.err
	}
	return BlockOffsets{at: append(z.offsets, z.written), size: z.sizes}, nil
}

// sliceWriter appends what is written to b.
type sliceWriter struct{ b []byte }

func (s *sliceWriter) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

// blockCompressor compresses blocks for one goroutine, reusing its
// deflate state.
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
