package align

import (
	"cmp"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/internal/fileio"
)

// Coordinate sorting with bounded memory, as samtools sort does it: records
// are held until their estimated size reaches the memory budget, then
// sorted (stably, so equal keys keep input order) and spilled as a
// temporary BAM run at low compression; at the end the runs are merged by a
// heap (ties go to the earlier run, which keeps input order), written as the
// final BAM, read back once to build the BAI (bai.go; what samtools index
// does) and both files are renamed into place.

// defaultSortMemory is the in-memory budget before spilling a run.
const defaultSortMemory = 768 << 20

// sortKey orders records by reference (unplaced last), position, strand.
func sortKey(a, b *sam.Record) int {
	ra, rb := a.RefID(), b.RefID()
	if ra < 0 {
		ra = int(^uint(0) >> 1)
	}
	if rb < 0 {
		rb = int(^uint(0) >> 1)
	}
	return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a.Pos, b.Pos),
		cmp.Compare(a.Flags&sam.Reverse, b.Flags&sam.Reverse))
}

// recordSize estimates the memory one record holds.
func recordSize(r *sam.Record) int64 {
	return int64(len(r.Name) + 2*r.Seq.Length + 4*len(r.Cigar) + 24*len(r.AuxFields) + 200)
}

// bamSorter collects records and writes the sorted BAM and its index.
type bamSorter struct {
	path    string
	header  *sam.Header
	threads int
	limit   int64
	tmpDir  string
	held    []*sam.Record
	size    int64
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
		s.held = append(s.held, r)
		s.size += recordSize(r)
	}
	if s.size >= s.limit {
		return s.spill()
	}
	return nil
}

// spill sorts the held records and writes them as a temporary run.
func (s *bamSorter) spill() error {
	slices.SortStableFunc(s.held, sortKey)
	f, err := os.CreateTemp(s.tmpDir, "vole-sort-*.bam")
	if err != nil {
		return fmt.Errorf("sorting %s: temporary run: %w", s.path, err)
	}
	s.runs = append(s.runs, f.Name())
	err = writeBAM(f, s.header, s.held, 1, s.threads)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sorting %s: temporary run %s: %w", s.path, f.Name(), err)
	}
	s.held, s.size = nil, 0
	return nil
}

// writeBAM writes records to w as BAM at the given compression level.
func writeBAM(w io.Writer, h *sam.Header, recs []*sam.Record, level, threads int) error {
	bw, err := bam.NewWriterLevel(w, h, level, threads)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := bw.Write(r); err != nil {
			bw.Close()
			return err
		}
	}
	return bw.Close()
}

func (s *bamSorter) abort() {
	for _, r := range s.runs {
		os.Remove(r)
	}
	s.runs, s.held = nil, nil
}

func (s *bamSorter) commit() error {
	defer s.abort()
	out, err := fileio.Create(s.path)
	if err != nil {
		return err
	}
	defer out.Abort()
	if len(s.runs) == 0 {
		slices.SortStableFunc(s.held, sortKey)
		err = writeBAM(out, s.header, s.held, -1, s.threads)
	} else {
		if len(s.held) > 0 {
			if err := s.spill(); err != nil {
				return err
			}
		}
		err = s.merge(out)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	s.held = nil
	bai, err := fileio.Create(s.path + ".bai")
	if err != nil {
		return err
	}
	defer bai.Abort()
	if err := indexBAM(out.File, bai, s.threads); err != nil {
		return fmt.Errorf("%s.bai: %w", s.path, err)
	}
	if err := out.Commit(); err != nil {
		return err
	}
	return bai.Commit()
}

// indexBAM reads the BAM in f from its start and writes its BAI to w.
func indexBAM(f *os.File, w io.Writer, threads int) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	br, err := bam.NewReader(f, threads)
	if err != nil {
		return err
	}
	defer br.Close()
	idx := newBAIBuilder(len(br.Header().Refs()))
	for {
		r, err := br.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		idx.add(r, br.LastChunk())
	}
	return idx.write(w)
}

// runHead is the next record of one sorted run.
type runHead struct {
	rec *sam.Record
	run int
	r   *bam.Reader
}

// runHeap orders run heads by sortKey, earlier run first on ties.
type runHeap []runHead

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := sortKey(h[i].rec, h[j].rec); c != 0 {
		return c < 0
	}
	return h[i].run < h[j].run
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(runHead)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// merge k-way merges the sorted runs into w as the final BAM.
func (s *bamSorter) merge(w io.Writer) error {
	bw, err := bam.NewWriterLevel(w, s.header, -1, s.threads)
	if err != nil {
		return err
	}
	var h runHeap
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	refs := s.header.Refs()
	for i, name := range s.runs {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		files = append(files, f)
		br, err := bam.NewReader(f, 1)
		if err != nil {
			return fmt.Errorf("run %s: %w", name, err)
		}
		if err := pushNext(&h, br, i, refs); err != nil {
			return fmt.Errorf("run %s: %w", name, err)
		}
	}
	heap.Init(&h)
	for h.Len() > 0 {
		top := h[0]
		if err := bw.Write(top.rec); err != nil {
			return err
		}
		heap.Pop(&h)
		if err := pushNext(&h, top.r, top.run, refs); err != nil {
			return fmt.Errorf("run %s: %w", s.runs[top.run], err)
		}
	}
	return bw.Close()
}

// pushNext reads the next record of a run onto the heap, mapping its
// references onto the output header's.
func pushNext(h *runHeap, br *bam.Reader, run int, refs []*sam.Reference) error {
	r, err := br.Read()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return err
	}
	if r.Ref != nil {
		r.Ref = refs[r.Ref.ID()]
	}
	if r.MateRef != nil {
		r.MateRef = refs[r.MateRef.ID()]
	}
	heap.Push(h, runHead{rec: r, run: run, r: br})
	return nil
}
