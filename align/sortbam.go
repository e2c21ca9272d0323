package align

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/internal/fileio"
)

// Coordinate sorting with bounded memory, as samtools sort does it. Records
// are encoded as BAM records when they arrive (bamrecord.go) and held in
// slabs until their bytes reach the memory budget; then they are sorted
// (by key, ties in input order) and spilled as a temporary run of raw
// records. At the end the runs and the records still held are merged by a
// heap (ties go to the earlier run, which keeps input order) into the final
// BAM, written block by block (bgzf.go) so that the BAI is built from each
// record's virtual offset as it is written (bai.go), without reading the BAM
// back; both files are renamed into place together.

// defaultSortMemory is the default budget of encoded records held before a
// run is spilled (Options.SortMemory).
const defaultSortMemory = 512 << 20

// slabSize is the size of the buffers encoded records are packed into.
const slabSize = 4 << 20

// heldRecord locates one held encoded record and carries its sort key.
type heldRecord struct {
	key    uint64 // reference, position (bamSortKey)
	ord    uint64 // reverse strand bit above the input order
	slab   uint32
	off, n uint32
}

// heldSize is what a heldRecord costs besides the record's bytes.
const heldSize = 32

// bamSorter collects records and writes the sorted BAM and its index.
type bamSorter struct {
	path    string
	header  *sam.Header
	threads int
	limit   int64
	tmpDir  string
	slabs   [][]byte
	held    []heldRecord
	size    int64
	seq     uint64
	runs    []string
}

func newBAMSorter(path string, h *sam.Header, opt *Options, threads int) (*bamSorter, error) {
	limit := opt.SortMemory
	if limit <= 0 {
		limit = defaultSortMemory
	}
	return &bamSorter{path: path, header: h, threads: threads, limit: limit, tmpDir: opt.TempDir}, nil
}

func (s *bamSorter) add(recs []*sam.Record, _ []byte) error {
	for _, r := range recs {
		if len(s.slabs) == 0 || len(s.slabs[len(s.slabs)-1])+4096 > cap(s.slabs[len(s.slabs)-1]) {
			s.slabs = append(s.slabs, make([]byte, 0, slabSize))
		}
		k := len(s.slabs) - 1
		off := len(s.slabs[k])
		b, err := appendBAM(s.slabs[k], r)
		if err != nil {
			return fmt.Errorf("%s: record %s: %w", s.path, r.Name, err)
		}
		s.slabs[k] = b
		rec := b[off:]
		key, rev := bamSortKey(rec)
		ord := s.seq
		if rev {
			ord |= 1 << 63
		}
		s.seq++
		s.held = append(s.held, heldRecord{key: key, ord: ord, slab: uint32(k), off: uint32(off), n: uint32(len(rec))})
		s.size += int64(len(rec)) + heldSize
	}
	if s.size >= s.limit {
		return s.spill()
	}
	return nil
}

// record returns the bytes of a held record.
func (s *bamSorter) record(h heldRecord) []byte { return s.slabs[h.slab][h.off : h.off+h.n] }

// sortHeld sorts the held records by key, then strand, then input order.
func (s *bamSorter) sortHeld() {
	slices.SortFunc(s.held, func(a, b heldRecord) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.ord, b.ord))
	})
}

// spill sorts the held records and writes them as a temporary run.
func (s *bamSorter) spill() error {
	s.sortHeld()
	f, err := fileio.CreateTemp(s.tmpDir, "vole-sort-*.bam")
	if err != nil {
		return fmt.Errorf("sorting %s: temporary run: %w", s.path, err)
	}
	s.runs = append(s.runs, f.Name())
	w := bufio.NewWriterSize(f, 1<<20)
	for _, h := range s.held {
		if _, err = w.Write(s.record(h)); err != nil {
			break
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sorting %s: temporary run %s: %w", s.path, f.Name(), err)
	}
	s.held, s.slabs, s.size = s.held[:0], s.slabs[:0], 0
	return nil
}

func (s *bamSorter) abort() {
	for _, r := range s.runs {
		fileio.RemoveTemp(r)
	}
	s.runs, s.held, s.slabs = nil, nil, nil
}

func (s *bamSorter) commit() error {
	defer s.abort()
	out, err := fileio.Create(s.path)
	if err != nil {
		return err
	}
	defer out.Abort()
	bai, err := fileio.Create(s.path + ".bai")
	if err != nil {
		return err
	}
	defer bai.Abort()
	if err := s.write(out, bai); err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	if err := out.Commit(); err != nil {
		return err
	}
	return bai.Commit()
}

// write merges the runs and the held records into the BAM w and its BAI.
func (s *bamSorter) write(w, bai io.Writer) error {
	s.sortHeld()
	var h runHeap
	defer func() {
		for _, r := range h {
			r.close()
		}
	}()
	for i, name := range s.runs {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		r := &runReader{run: i, f: f, r: bufio.NewReaderSize(f, 1<<20)}
		if err := r.next(); err != nil {
			r.close()
			return fmt.Errorf("run %s: %w", name, err)
		}
		if r.rec != nil {
			h = append(h, r)
		} else {
			r.close()
		}
	}
	if len(s.held) > 0 {
		r := &runReader{run: len(s.runs), held: s}
		r.next()
		h = append(h, r)
	}
	heap.Init(&h)
	z := newBGZFWriter(w, -1, s.threads)
	var hdr bytes.Buffer
	if err := s.header.EncodeBinary(&hdr); err != nil {
		return err
	}
	z.write(hdr.Bytes())
	z.endBlock()
	idx := newBAIBuilder(len(s.header.Refs()))
	for h.Len() > 0 {
		top := h[0]
		beg := z.tell()
		if err := z.write(top.rec); err != nil {
			return err
		}
		idx.add(top.rec, beg, z.tell())
		if err := top.next(); err != nil {
			return fmt.Errorf("run %s: %w", s.runs[top.run], err)
		}
		if top.rec == nil {
			top.close()
			heap.Pop(&h)
		} else {
			heap.Fix(&h, 0)
		}
	}
	offsets, err := z.close()
	if err != nil {
		return err
	}
	return idx.write(bai, offsets)
}

// runReader yields the records of one sorted run, from its temporary file
// or (held) the sorter's held records, in order.
type runReader struct {
	run  int
	f    *os.File
	r    *bufio.Reader
	held *bamSorter
	at   int
	rec  []byte // the current record; nil at the end
	key  uint64
	rev  bool
	buf  []byte
}

// next moves to the run's next record.
func (r *runReader) next() error {
	if r.held != nil {
		if r.at == len(r.held.held) {
			r.rec = nil
			return nil
		}
		r.rec = r.held.record(r.held.held[r.at])
		r.at++
	} else {
		var size [4]byte
		if _, err := io.ReadFull(r.r, size[:]); err != nil {
			if errors.Is(err, io.EOF) {
				r.rec = nil
				return nil
			}
			return err
		}
		n := int(binary.LittleEndian.Uint32(size[:]))
		r.buf = slices.Grow(r.buf[:0], 4+n)[:4+n]
		copy(r.buf, size[:])
		if _, err := io.ReadFull(r.r, r.buf[4:]); err != nil {
			return fmt.Errorf("truncated record: %w", err)
		}
		r.rec = r.buf
	}
	r.key, r.rev = bamSortKey(r.rec)
	return nil
}

func (r *runReader) close() {
	if r.f != nil {
		r.f.Close()
	}
}

// runHeap orders runs by their current record's key, earlier run first on
// ties.
type runHeap []*runReader

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.key != b.key {
		return a.key < b.key
	}
	if a.rev != b.rev {
		return b.rev
	}
	return a.run < b.run
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
