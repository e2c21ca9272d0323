package align

import (
	"bufio"
	"fmt"
	"io"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/internal/htsfile"
)

// sink receives the records of each batch in input order.
type sink interface {
	// add takes a batch's records and, for text output, their SAM lines.
	add(recs []*sam.Record, text []byte) error
	// commit finishes the output; abort discards it.
	commit() error
	abort()
}

// newSink opens the output in the format its name says
// (htsfile.OutputFor): SAM on stdout for "" or "-", a SAM file, BGZF SAM
// for .sam.gz, or a coordinate-sorted BAM with its index for .bam. Files
// are written atomically (internal/fileio).
func newSink(output string, format htsfile.Output, contigs []index.Contig, opt *Options, threads int) (sink, error) {
	if format == htsfile.SortedBAMFile {
		h, err := newHeader(contigs, sam.Coordinate, opt.readGroupLine, opt.CommandLine, opt.Version)
		if err != nil {
			return nil, err
		}
		return &bamSink{htsfile.NewSortedBAM(output, h, htsfile.SortOptions{Threads: threads, Memory: opt.SortMemory, TempDir: opt.TempDir})}, nil
	}
	h, err := newHeader(contigs, sam.Unsorted, opt.readGroupLine, opt.CommandLine, opt.Version)
	if err != nil {
		return nil, err
	}
	out, err := fileio.CreateOutput(output)
	if err != nil {
		return nil, err
	}
	if opt.Stdout != nil && (output == "" || output == "-") {
		out = &fileio.Output{Writer: opt.Stdout}
	}
	s := &samSink{out: out, name: output}
	var w io.Writer = out
	if format == htsfile.SAMBGZF {
		s.z = htsfile.NewWriter(out, htsfile.DefaultLevel, threads)
		w = s.z
	}
	s.w = bufio.NewWriterSize(w, 1<<20)
	text, err := h.MarshalText()
	if err == nil {
		_, err = s.w.Write(text)
	}
	if err != nil {
		s.abort()
		return nil, fmt.Errorf("%s: %w", output, err)
	}
	return s, nil
}

// samSink writes SAM text, plain or through BGZF.
type samSink struct {
	out  *fileio.Output
	z    *htsfile.Writer // nil for plain SAM
	w    *bufio.Writer
	name string
}

func (s *samSink) add(_ []*sam.Record, text []byte) error {
	if _, err := s.w.Write(text); err != nil {
		return fmt.Errorf("%s: %w", s.displayName(), err)
	}
	return nil
}

func (s *samSink) commit() error {
	err := s.w.Flush()
	if s.z != nil {
		if _, cerr := s.z.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		s.out.Abort()
		return fmt.Errorf("%s: %w", s.displayName(), err)
	}
	return s.out.Commit()
}

func (s *samSink) abort() {
	s.w.Flush()
	if s.z != nil {
		s.z.Close()
	}
	s.out.Abort()
}

func (s *samSink) displayName() string {
	if s.name == "" || s.name == "-" {
		return "standard output"
	}
	return s.name
}

// bamSink writes a coordinate-sorted BAM with its BAI.
type bamSink struct{ s *htsfile.SortedBAM }

func (b bamSink) add(recs []*sam.Record, _ []byte) error {
	for _, r := range recs {
		if err := b.s.Add(r); err != nil {
			return err
		}
	}
	return nil
}

func (b bamSink) commit() error { return b.s.Commit() }
func (b bamSink) abort()        { b.s.Abort() }
