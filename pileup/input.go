package pileup

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/internal/htsfile"
)

// recordReader is what bam.Reader, bam.Iterator adapters and sam.Reader have
// in common.
type recordReader interface {
	Read() (*sam.Record, error)
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
	if af.contig, err = matchContigs(path, af.header, contigs); err != nil {
		return nil, err
	}
	if af.sample, err = sampleName(path, af.header); err != nil {
		return nil, err
	}
	if af.isBAM && path != "-" {
		af.index, err = htsfile.ReadBAMIndex(path)
	}
	return af, err
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
	br, err := bam.NewReader(f, 1)
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
		if br, err = bam.NewReader(in, 1); err == nil {
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
			if sr, err = htsfile.NewSAMReader(r); err == nil {
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
		sr, err := htsfile.NewSAMReader(r)
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
	br, err := bam.NewReader(f, rd)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", af.path, err)
	}
	br.Omit(bam.AuxTags)
	return br, multiCloser{br, f}, nil
}

// openRegion opens the reads of a BAM that may overlap [start, end) of
// contig c through its index.
func (af *alignmentFile) openRegion(c, start, end int) (recordReader, io.Closer, error) {
	if !af.isBAM {
		return nil, nil, fmt.Errorf("%s: %w: a region needs an indexed BAM; convert with `samtools sort -o X.bam %s && samtools index X.bam`", af.path, errNoIndex, af.path)
	}
	if af.index == nil {
		return nil, nil, fmt.Errorf("%s: %w: a region needs a BAM index; run `samtools index %s`", af.path, errNoIndex, af.path)
	}
	var ref *sam.Reference
	for i, r := range af.header.Refs() {
		if af.contig[i] == c {
			ref = r
		}
	}
	if ref == nil {
		return emptyReader{}, multiCloser{}, nil
	}
	f, err := os.Open(af.path)
	if err != nil {
		return nil, nil, err
	}
	br, err := bam.NewReader(f, 1)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", af.path, err)
	}
	br.Omit(bam.AuxTags)
	chunks, err := af.index.Chunks(ref, start, end)
	if err != nil {
		// biogo reports a region without reads as an error.
		br.Close()
		f.Close()
		return emptyReader{}, multiCloser{}, nil
	}
	it, err := bam.NewIterator(br, chunks)
	if err != nil {
		br.Close()
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", af.path, err)
	}
	return iterReader{it}, multiCloser{it, br, f}, nil
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
