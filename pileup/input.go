package pileup

import (
	"bufio"
	"bytes"
	"compress/gzip"
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
)

// recordReader is what bam.Reader, bam.Iterator adapters and sam.Reader have
// in common.
type recordReader interface {
	Read() (*sam.Record, error)
}

// guarded reads through biogo's parsers, which panic on some malformed
// input (an index out of range on a blank line, a bad field): the panic
// becomes an error naming what the parser said, so bad input is one line
// on stderr and not a crash.
type guarded struct{ r recordReader }

func (g guarded) Read() (rec *sam.Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, err = nil, fmt.Errorf("malformed record (%v)", p)
		}
	}()
	return g.r.Read()
}

// guard runs a biogo parse that may panic and turns the panic into an
// error.
func guard(parse func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("malformed header (%v)", p)
		}
	}()
	return parse()
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

// newSAMReader reads SAM text through samText and the guard.
func newSAMReader(r io.Reader) (*sam.Reader, error) {
	var sr *sam.Reader
	err := guard(func() (err error) {
		sr, err = sam.NewReader(newSAMText(r))
		return err
	})
	return sr, err
}

// alignmentFile is one input BAM or SAM: its header checked against the
// reference, its sample name and, for a BAM, its index when one is present.
type alignmentFile struct {
	path   string
	isBAM  bool
	header *sam.Header
	sample string
	// contig maps the header's reference IDs to the reference's contigs.
	contig []int
	index  *bam.Index
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
		af.index, err = readIndex(path)
	}
	return af, err
}

// isBAMStream reports whether a stream that starts with head is BAM: BGZF
// whose content starts with BAM's magic. head must hold the first block's
// gzip header and a few bytes of content for a BAM to be recognised.
func isBAMStream(head []byte) bool {
	if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return false
	}
	zr, err := gzip.NewReader(bytes.NewReader(head))
	if err != nil {
		return false
	}
	magic := make([]byte, 4)
	_, err = io.ReadFull(zr, magic)
	return err == nil && string(magic) == "BAM\x01"
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
	if af.isBAM = isBAMStream(head[:n]); !af.isBAM {
		r, c, err := af.openAll(1)
		if err != nil {
			return err
		}
		af.header = r.(guarded).r.(*sam.Reader).Header()
		return c.Close()
	}
	if ok, err := bgzf.HasEOF(f); err != nil || !ok {
		return fmt.Errorf("%s: truncated BAM (no BGZF end-of-file block): the file was cut short; write it again", af.path)
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
	af.isBAM = isBAMStream(head)
	var err error
	if af.isBAM {
		var br *bam.Reader
		if br, err = newBAMReader(in, 1); err == nil {
			br.Omit(bam.AuxTags)
			af.header, af.stdin = br.Header(), guarded{br}
		}
	} else {
		var r io.Reader = in
		if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
			r, err = gzip.NewReader(in)
		}
		var sr *sam.Reader
		if err == nil {
			if sr, err = newSAMReader(r); err == nil {
				af.header, af.stdin = sr.Header(), guarded{sr}
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

// readIndex loads path.bai (or the .bai beside path without .bam); it returns
// nil without error when there is none, and an error when it is older than
// the BAM.
func readIndex(path string) (*bam.Index, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{path + ".bai", strings.TrimSuffix(path, ".bam") + ".bai"} {
		ist, err := os.Stat(name)
		if err != nil {
			continue
		}
		if ist.ModTime().Before(st.ModTime()) {
			return nil, fmt.Errorf("%s is older than %s: the index is stale; run `samtools index %s`", name, path, path)
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		idx, err := bam.ReadIndex(f)
		if err != nil {
			return nil, fmt.Errorf("%s: bad BAM index: %w", name, err)
		}
		return idx, nil
	}
	return nil, nil
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
		return guarded{sr}, r, nil
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
	return guarded{br}, multiCloser{br, f}, nil
}

// newBAMReader opens a BAM stream through the guard.
func newBAMReader(r io.Reader, rd int) (*bam.Reader, error) {
	var br *bam.Reader
	err := guard(func() (err error) {
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
	it, err := bam.NewIterator(rr.br, chunks)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rr.af.path, err)
	}
	return guarded{iterReader{it}}, nil
}

// iterReader adapts a bam.Iterator to recordReader.
type iterReader struct{ it *bam.Iterator }

func (r iterReader) Read() (*sam.Record, error) {
	if r.it.Next() {
		return r.it.Record(), nil
	}
	if err := r.it.Error(); err != nil {
		return nil, err
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
