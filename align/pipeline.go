package align

import (
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/htsfile"
)

// Options controls AlignFiles.
type Options struct {
	// Threads is the number of aligning goroutines (at least 1).
	Threads int
	// ReadGroup is a bwa-style -R line ("@RG\tID:x\tSM:y", literal \t
	// accepted); every read gets its ID as the RG tag. Empty: none.
	ReadGroup string
	// Exact aligns by whole-read exact backward search only (--exact).
	Exact bool
	// Interleaved reads one file whose consecutive records are mates (-p).
	Interleaved bool
	// CommandLine is written to @PG CL.
	CommandLine string
	// Version is vole's version, written to @PG VN.
	Version string
	// BatchSize is the number of fragments handed to a worker at once
	// (default 10000). Output does not depend on it.
	BatchSize int
	// SortMemory bounds the bytes of encoded BAM records held in memory
	// while sorting BAM output before a run is spilled to TempDir
	// (default 512 MiB).
	SortMemory int64
	// TempDir holds sort runs ("" is the system default).
	TempDir string
	// Stdout receives SAM when output is "" or "-" (default os.Stdout).
	Stdout io.Writer
	// Progress, when set, is called after each batch is written with the
	// counts so far (from one goroutine, in batch order).
	Progress func(Stats)

	readGroupLine, readGroupID string
}

// DefaultOptions returns the options `vole align` uses without flags: one
// thread per core, default batch size and sort memory.
func DefaultOptions() Options {
	return Options{Threads: runtime.NumCPU(), BatchSize: defaultBatch, SortMemory: htsfile.DefaultSortMemory}
}

// Stats counts what AlignFiles did.
type Stats struct {
	Reads, Mapped, Pairs, ProperPairs int64
	// InsertMean and InsertSD describe the learned insert-size model (zero
	// when none was learned).
	InsertMean, InsertSD float64
}

// defaultBatch is the number of fragments per batch.
const defaultBatch = 10000

// AlignFiles aligns the reads of one file (single-end, or interleaved
// pairs with Options.Interleaved) or two mate files against ix and writes
// them to output in the format its name says (htsfile.OutputFor): "" or
// "-" is SAM on standard output, .sam a SAM file, .sam.gz BGZF-compressed
// SAM, .bam a coordinate-sorted BAM with its index; any other name is
// refused before any work.
// Reads go through worker goroutines in batches and come out in input
// order, so the output is the same for any number of threads. On error no
// output file is left behind.
func AlignFiles(ix *index.Index, reads []string, output string, opt Options, stderr io.Writer) (Stats, error) {
	if opt.Threads < 1 {
		opt.Threads = 1
	}
	if opt.BatchSize < 1 {
		opt.BatchSize = defaultBatch
	}
	if opt.ReadGroup != "" {
		var err error
		if opt.readGroupLine, opt.readGroupID, err = ParseReadGroup(opt.ReadGroup); err != nil {
			return Stats{}, err
		}
	}
	format, err := htsfile.OutputFor(output)
	if err != nil {
		return Stats{}, err
	}
	src, err := openFragments(reads, opt.Interleaved)
	if err != nil {
		return Stats{}, err
	}
	defer src.Close()
	longest := 0
	for _, c := range ix.Contigs() {
		longest = max(longest, c.Length)
	}
	src.r1.MaxLength = longest
	if src.r2 != nil {
		src.r2.MaxLength = longest
	}
	out, err := newSink(output, format, ix.Contigs(), &opt, opt.Threads)
	if err != nil {
		return Stats{}, err
	}
	p := &pipeline{ix: ix, opt: &opt, sc: DefaultScoring(), text: format != htsfile.SortedBAMFile, src: src, out: out}
	p.builder = recordBuilder{contigs: ix.Contigs(), rg: opt.readGroupID}
	if p.builder.refs, err = headerRefs(ix.Contigs()); err != nil {
		out.abort()
		return Stats{}, err
	}
	if err := p.run(stderr); err != nil {
		out.abort()
		return p.stats, err
	}
	if err := out.commit(); err != nil {
		return p.stats, err
	}
	return p.stats, nil
}

// headerRefs makes the sam.References records point at; they are matched
// to the header by name and ID (both follow the contig order).
func headerRefs(contigs []index.Contig) ([]*sam.Reference, error) {
	h, err := newHeader(contigs, sam.Unsorted, "", "", "")
	if err != nil {
		return nil, err
	}
	return h.Refs(), nil
}

// pipeline carries one AlignFiles run.
type pipeline struct {
	ix      *index.Index
	opt     *Options
	sc      Scoring
	text    bool
	src     *fragmentSource
	out     sink
	builder recordBuilder
	model   insertModel
	stats   Stats
}

// batchResult is one batch's output.
type batchResult struct {
	seq  int
	recs []*sam.Record
	text []byte
	err  error
}

// run learns the insert model from the first batch, then aligns every
// batch on opt.Threads workers and hands results to the sink in order.
func (p *pipeline) run(stderr io.Writer) error {
	first, err := p.src.batch(p.opt.BatchSize)
	if err != nil {
		return err
	}
	se := p.alignFirst(first)
	if p.src.paired() {
		p.model = learnInserts(first, se, &p.sc)
		p.stats.InsertMean, p.stats.InsertSD = p.model.mean, p.model.sd
		if p.model.ok {
			fmt.Fprintf(stderr, "insert size from %d pairs: mean %.1f, sd %.1f; proper pairs within [%d, %d]\n", p.model.n, p.model.mean, p.model.sd, p.model.lo, p.model.hi)
		} else {
			fmt.Fprintf(stderr, "too few confident pairs in the first %d to learn the insert size; no pair is marked proper\n", len(first))
		}
	}
	w := newWorker(p.ix, &p.sc)
	if err := p.emit(p.finish(w, first, se, 0)); err != nil {
		return err
	}
	if len(first) < p.opt.BatchSize {
		return nil
	}
	return p.parallel()
}

// alignFirst aligns the first batch single-end, split across the threads.
func (p *pipeline) alignFirst(frags []Fragment) [][2]readAln {
	se := make([][2]readAln, len(frags))
	t := p.opt.Threads
	var wg sync.WaitGroup
	for k := 0; k < t; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			w := newWorker(p.ix, &p.sc)
			for i := k; i < len(frags); i += t {
				se[i] = p.alignSE(w, &frags[i])
			}
		}(k)
	}
	wg.Wait()
	return se
}
