package pileup

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/bgzf"
	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/internal/htsfile"
)

// recordReader is what bam.Reader, bam.Iterator adapters and sam.Reader have
// in common.
type recordReader interface {
	Read() (*sam.Record, error)
}

// samText passes SAM text through without its blank lines (biogo's reader
// fails on one, even a trailing one) and ends the last line with a newline
// (biogo drops a last record without one).
type samText struct {
	r       *bufio.Reader
	pending []byte
	atStart bool
	err     error
}

func newSAMText(r io.Reader) *samText {
	return &samText{r: bufio.NewReaderSize(r, 1<<16), atStart: true}
}

func (t *samText) Read(p []byte) (int, error) {
	for len(t.pending) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		line, err := t.r.ReadSlice('\n')
		switch {
		case err == bufio.ErrBufferFull: // a long line: pass it on in parts
			t.pending, t.atStart = line, false
			continue
		case err == io.EOF:
			if len(line) > 0 {
				line = append(append([]byte(nil), line...), '\n')
			}
			t.err = io.EOF
		case err != nil:
			t.err = err
		}
		blank := t.atStart && len(bytes.TrimRight(line, "\r\n")) == 0
		t.atStart = true
		if !blank {
			t.pending = line
		}
	}
	n := copy(p, t.pending)
	t.pending = t.pending[n:]
	return n, nil
}

// errEmptySAM is the error for a SAM without a single line (blank lines
// aside): a failed upstream command or a wrong file, not zero reads.
var errEmptySAM = errors.New("no SAM header or records (empty file)")

// newSAMReader reads SAM text through samText, its header parse guarded
// (htsfile.NewSAMReader); records are read through htsfile.Read.
func newSAMReader(r io.Reader) (*sam.Reader, error) {
	sr, err := htsfile.NewSAMReader(newSAMText(r))
	if err == io.EOF {
		return nil, errEmptySAM
	}
	return sr, err
}

// alignmentFile is one input BAM or SAM: its header checked against the
// reference, its sample name and, for a BAM, its index (BAI or CSI) when
// one is present.
type alignmentFile struct {
	path   string
	isBAM  bool
	header *sam.Header
	sample string
	// contig maps the header's reference IDs to the reference's contigs.
	contig []int
	index  htsfile.BAMIndex
	// indexPath is the index file's name, for messages.
	indexPath string
	// stdin is the open reader of standard input, past its header.
	stdin recordReader
}

// openAlignments reads the header of path ("-" for standard input, which
// is then read once, as it streams), checks its contigs against the
// reference (same names with the same lengths, in the reference's order),
// and finds its sample name: the SM of its read groups, or the file name
// without its extension when there is none. BAM, SAM and gzipped SAM are
// told apart by their content. A BAM's index is loaded when it exists; it
// must be newer than the BAM.
func openAlignments(path string, contigs []ContigLength) (*alignmentFile, error) {
	af := &alignmentFile{path: path}
	var err error
	if path == "-" {
		err = af.openStdin()
	} else {
		err = af.readHeader()
	}
	if err != nil {
		return nil, err
	}
	if len(af.header.Refs()) == 0 {
		return nil, fmt.Errorf("%s: no @SQ lines in the header: the reads cannot be matched to the reference (a SAM without its header? `samtools view -h` keeps it)", name(path))
	}
	if af.contig, err = matchContigs(path, af.header, contigs); err != nil {
		return nil, err
	}
	if af.sample, err = sampleName(path, af.header); err != nil {
		return nil, err
	}
	if af.isBAM && path != "-" {
		if af.index, af.indexPath, err = htsfile.ReadBAMIndex(path); err == nil && af.index != nil {
			err = af.checkIndex()
		}
	}
	return af, err
}

// checkIndex tells an index that does not belong to its BAM (one copied or
// renamed beside it, newer than it) before a region is read through it: it
// must index as many contigs as the header names, and the span of each
// contig's reads in the file (the index's statistics, which samtools and
// vole write) must begin and end inside BGZF blocks of this file. Reading
// through such an index would give another file's offsets: garbage, or
// valid records of the wrong places with no error.
func (af *alignmentFile) checkIndex() error {
	if n, m := af.index.NumRefs(), len(af.header.Refs()); n != m {
		return fmt.Errorf("%s indexes %d contigs but %s has %d: the index belongs to another BAM; rebuild it with `samtools index %s`", af.indexPath, n, af.path, m, af.path)
	}
	f, err := os.Open(af.path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	for id := range af.index.NumRefs() {
		stats, ok := af.index.ReferenceStats(id)
		if !ok {
			continue
		}
		for _, off := range []bgzf.Offset{stats.Chunk.Begin, stats.Chunk.End} {
			if !inBlock(f, st.Size(), off) {
				return af.badIndex(nil)
			}
		}
	}
	return nil
}

// inBlock reports whether the virtual offset off points into a BGZF block
// of f (of size bytes): a block header at off.File, and off.Block within
// its uncompressed size.
func inBlock(f io.ReaderAt, size int64, off bgzf.Offset) bool {
	head := make([]byte, 18)
	if off.File < 0 || off.File+18 > size {
		return false
	}
	if _, err := f.ReadAt(head, off.File); err != nil || !htsfile.IsBGZF(head) {
		return false
	}
	end := off.File + int64(binary.LittleEndian.Uint16(head[16:])) + 1 // BSIZE is the block's size less 1
	isize := make([]byte, 4)
	if end > size {
		return false
	}
	if _, err := f.ReadAt(isize, end-4); err != nil {
		return false
	}
	return uint32(off.Block) <= binary.LittleEndian.Uint32(isize)
}

// name is how messages call path.
func name(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// readHeader reads the header of a file, checking a BAM for truncation
// first.
func (af *alignmentFile) readHeader() error {
	f, err := os.Open(af.path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 1<<10)
	n, _ := io.ReadFull(f, head)
	if af.isBAM = htsfile.Sniff(head[:n]) == htsfile.BAM; !af.isBAM {
		r, c, err := af.openAll(1)
		if err != nil {
			return err
		}
		af.header = r.(*sam.Reader).Header()
		return c.Close()
	}
	if err := htsfile.CheckEOF(f, af.path, "BAM"); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("%s: %w", af.path, err)
	}
	br, err := newBAMReader(f, 1)
	if err != nil {
		return fmt.Errorf("%s: reading BAM header: %w", af.path, err)
	}
	af.header = br.Header()
	return br.Close()
}

// openStdin starts reading standard input and keeps the reader for the one
// pass the caller makes.
func (af *alignmentFile) openStdin() error {
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	head, _ := in.Peek(1 << 10)
	kind := htsfile.Sniff(head)
	af.isBAM = kind == htsfile.BAM
	var err error
	if af.isBAM {
		var br *bam.Reader
		if br, err = newBAMReader(in, 1); err == nil {
			br.Omit(bam.AuxTags)
			af.header, af.stdin = br.Header(), br
		}
	} else {
		var r io.Reader = in
		if kind == htsfile.Gzip {
			r, err = gzip.NewReader(in)
		}
		var sr *sam.Reader
		if err == nil {
			if sr, err = newSAMReader(r); err == nil {
				af.header, af.stdin = sr.Header(), sr
			}
		}
	}
	if err != nil {
		return fmt.Errorf("standard input: reading the alignment header: %w", err)
	}
	return nil
}

// matchContigs maps the header's @SQ lines to the reference's contigs.
func matchContigs(path string, h *sam.Header, contigs []ContigLength) ([]int, error) {
	byName := make(map[string]int, len(contigs))
	for i, c := range contigs {
		byName[c.Name] = i
	}
	m := make([]int, len(h.Refs()))
	prev := -1
	for i, r := range h.Refs() {
		j, ok := byName[r.Name()]
		if !ok {
			return nil, fmt.Errorf("%s: contig %s is not in the reference: the BAM was aligned to another reference", path, r.Name())
		}
		if r.Len() != contigs[j].Length {
			return nil, fmt.Errorf("%s: contig %s has length %d in the BAM but %d in the reference: the BAM was aligned to another reference", path, r.Name(), r.Len(), contigs[j].Length)
		}
		if j < prev {
			return nil, fmt.Errorf("%s: contig %s comes before %s in the BAM header but after it in the reference: reorder with `samtools reheader` or align again", path, r.Name(), contigs[prev].Name)
		}
		m[i], prev = j, j
	}
	return m, nil
}

// sampleName returns the SM of the file's read groups (all must agree), or
// the file name without its extensions ("stdin" for "-") when no read group
// names a sample.
func sampleName(path string, h *sam.Header) (string, error) {
	name := ""
	for _, rg := range h.RGs() {
		sm := rg.Get(sam.NewTag("SM"))
		if sm == "" {
			continue
		}
		if name != "" && sm != name {
			return "", fmt.Errorf("%s: read groups name several samples (%s, %s): give one BAM per sample", path, name, sm)
		}
		name = sm
	}
	if name != "" {
		return name, nil
	}
	if path == "-" {
		return "stdin", nil
	}
	base := filepath.Base(path)
	for _, ext := range []string{".gz", ".bam", ".sam"} {
		base = strings.TrimSuffix(base, ext)
	}
	return base, nil
}

// errNoIndex is returned when a region is asked of a BAM without an index.
var errNoIndex = errors.New("no index")

// openAll opens the whole file for streaming, with rd decompression
// goroutines for a BAM.
func (af *alignmentFile) openAll(rd int) (recordReader, io.Closer, error) {
	if af.stdin != nil {
		return af.stdin, multiCloser{}, nil
	}
	if !af.isBAM {
		r, err := fileio.Open(af.path)
		if err != nil {
			return nil, nil, err
		}
		sr, err := newSAMReader(r)
		if err != nil {
			r.Close()
			return nil, nil, fmt.Errorf("%s: %w", af.path, err)
		}
		return sr, r, nil
	}
	f, err := os.Open(af.path)
	if err != nil {
		return nil, nil, err
	}
	br, err := newBAMReader(f, rd)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", af.path, err)
	}
	br.Omit(bam.AuxTags)
	return br, multiCloser{br, f}, nil
}

// newBAMReader opens a BAM stream, its header parse guarded.
func newBAMReader(r io.Reader, rd int) (*bam.Reader, error) {
	var br *bam.Reader
	err := htsfile.Guard(func() (err error) {
		br, err = bam.NewReader(r, rd)
		return err
	})
	return br, err
}

// regionReader reads regions of one indexed BAM through one open reader,
// seeking with the index: a worker keeps one per file for all its pieces
// rather than opening the file and reading its header for each.
type regionReader struct {
	af *alignmentFile
	f  *os.File
	br *bam.Reader
}

// openRegions prepares region reading of an indexed BAM.
func (af *alignmentFile) openRegions() (*regionReader, error) {
	if !af.isBAM {
		return nil, fmt.Errorf("%s: %w: a region needs an indexed BAM; convert with `samtools sort -o X.bam %s && samtools index X.bam`", af.path, errNoIndex, af.path)
	}
	if af.index == nil {
		return nil, fmt.Errorf("%s: %w: a region needs a BAM index; run `samtools index %s`", af.path, errNoIndex, af.path)
	}
	f, err := os.Open(af.path)
	if err != nil {
		return nil, err
	}
	br, err := newBAMReader(f, 1)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", af.path, err)
	}
	br.Omit(bam.AuxTags)
	return &regionReader{af: af, f: f, br: br}, nil
}

// Close closes the file.
func (rr *regionReader) Close() error {
	err := rr.br.Close()
	if cerr := rr.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// region returns the reads that may overlap [start, end) of contig c.
func (rr *regionReader) region(c, start, end int) (recordReader, error) {
	var ref *sam.Reference
	for i, r := range rr.af.header.Refs() {
		if rr.af.contig[i] == c {
			ref = r
		}
	}
	if ref == nil {
		return emptyReader{}, nil
	}
	chunks, err := rr.af.index.Chunks(ref, max(start, 0), min(end, ref.Len()))
	if err != nil {
		// biogo reports a region without reads as an error.
		return emptyReader{}, nil
	}
	var it *bam.Iterator
	if err := htsfile.Guard(func() (err error) { it, err = bam.NewIterator(rr.br, chunks); return err }); err != nil {
		return nil, rr.af.badIndex(err)
	}
	return iterReader{it, rr.af}, nil
}

// badIndex names a failure to read where the index points: the index
// belongs to another BAM (copied or renamed beside this one), or the BAM
// was rewritten after it without changing its time.
func (af *alignmentFile) badIndex(err error) error {
	return &indexMismatch{bam: af.path, index: af.indexPath, err: err}
}

// indexMismatch is the error of reading a BAM where an index of another
// file points. Its message leaves out the cause (a gzip header or record
// decoding error at that offset, which would send the user looking at the
// BAM); Unwrap gives it.
type indexMismatch struct {
	bam, index string
	err        error
}

func (e *indexMismatch) Error() string {
	return fmt.Sprintf("%s: no BAM records where its index %s points: the index belongs to another BAM; rebuild it with `samtools index %s`", e.bam, e.index, e.bam)
}

func (e *indexMismatch) Unwrap() error { return e.err }

// iterReader adapts a bam.Iterator to recordReader.
type iterReader struct {
	it *bam.Iterator
	af *alignmentFile
}

func (r iterReader) Read() (*sam.Record, error) {
	if r.it.Next() {
		return r.it.Record(), nil
	}
	if err := r.it.Error(); err != nil {
		return nil, r.af.badIndex(err)
	}
	return nil, io.EOF
}

// emptyReader has no records.
type emptyReader struct{}

func (emptyReader) Read() (*sam.Record, error) { return nil, io.EOF }

// multiCloser closes each of its closers in order.
type multiCloser []io.Closer

func (m multiCloser) Close() error {
	var first error
	for _, c := range m {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
