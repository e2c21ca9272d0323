package align

import (
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
	// AltFile names bwa's alt-contig file (REF.fa.alt, see AltPath); ""
	// means no alt contigs.
	AltFile string
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
	// Supplementary counts supplementary records (parts of split reads),
	// not included in Reads.
	Supplementary int64
	// LongReads counts reads longer than the longest contig: they are
	// aligned (clipped) where they can be, else written unmapped.
	LongReads int64
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
	var alt []bool
	if opt.AltFile != "" {
		if alt, err = readAlt(opt.AltFile, ix.Contigs()); err != nil {
			return Stats{}, err
		}
	}
	out, err := newSink(output, format, ix.Contigs(), &opt, opt.Threads)
	if err != nil {
		return Stats{}, err
	}
	p := &pipeline{ix: ix, opt: &opt, sc: DefaultScoring(), text: format != htsfile.SortedBAMFile, src: src, out: out, alt: alt}
	for _, c := range ix.Contigs() {
		p.longest = max(p.longest, c.Length)
	}
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
	alt     []bool // per contig: an alt contig (nil: none)
	longest int    // the longest contig's length
	stats   Stats
}

// batchResult is one batch's output.
type batchResult struct {
	seq  int
	recs []*sam.Record
	text []byte
	err  error
}

// run learns the insert model (for pairs), then aligns every batch on
// opt.Threads workers and hands results to the sink in order.
func (p *pipeline) run(stderr io.Writer) error {
	var held []heldBatch
	if p.src.paired() {
		var samples int
		var err error
		if held, samples, err = p.learn(); err != nil {
			return err
		}
		p.model.report(stderr, samples)
		if p.model.ok {
			o := p.model.commonest()
			p.stats.InsertMean, p.stats.InsertSD = o.mean+1, o.sd
		}
	}
	return p.parallel(held)
}

// heldBatch is a batch aligned single-end while the insert model was
// learned, waiting to be paired; a batch read afterwards has only frags.
// The alignments of a fragment marked in realign were not held (see
// maxHeldHits) and are computed again by finish, as for a later batch;
// alignment does not depend on the worker, so the output is the same.
type heldBatch struct {
	frags   []Fragment
	se      [][2]readAln
	realign []bool
}

// aligned returns fragment i's held single-end alignments; ok is false
// when there are none.
func (b *heldBatch) aligned(i int) (ra [2]readAln, ok bool) {
	if b.se == nil || b.realign[i] {
		return ra, false
	}
	return b.se[i], true
}

// learn aligns batches single-end until the first modelPairs unique pairs
// of the input are seen, or modelFragments fragments, and fits the insert
// model to them. Only fragments in input order count, so the model, and
// the output, are the same for any batch size. It returns the batches read
// and the number of pairs the model saw.
func (p *pipeline) learn() ([]heldBatch, int, error) {
	var held []heldBatch
	var samples []insertSample
	seen := 0
	for len(samples) < modelPairs && seen < modelFragments {
		frags, err := p.src.batch(p.opt.BatchSize)
		if err != nil {
			return nil, 0, err
		}
		if len(frags) == 0 {
			break
		}
		se := p.alignBatchSE(frags)
		for i := 0; i < len(frags) && len(samples) < modelPairs && seen < modelFragments; i++ {
			seen++
			if s, ok := uniquePair([2]*readAln{&se[i][0], &se[i][1]}, &p.sc); ok {
				samples = append(samples, s)
			}
		}
		held = append(held, holdBatch(frags, se))
	}
	p.model = fitInserts(samples)
	return held, len(samples), nil
}

// holdBatch keeps a batch's single-end alignments for pairing, except
// those of fragments with more than maxHeldHits hits, which are dropped
// and marked for realignment.
func holdBatch(frags []Fragment, se [][2]readAln) heldBatch {
	b := heldBatch{frags: frags, se: se, realign: make([]bool, len(frags))}
	for i := range se {
		if len(se[i][0].hits)+len(se[i][1].hits) > maxHeldHits {
			se[i] = [2]readAln{}
			b.realign[i] = true
		}
	}
	return b
}

// alignBatchSE aligns a batch single-end, split across the threads.
func (p *pipeline) alignBatchSE(frags []Fragment) [][2]readAln {
	se := make([][2]readAln, len(frags))
	t := p.opt.Threads
	var wg sync.WaitGroup
	for k := 0; k < t; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			w := p.newWorker()
			for i := k; i < len(frags); i += t {
				se[i] = p.alignSE(w, &frags[i])
			}
		}(k)
	}
	wg.Wait()
	return se
}

// newWorker makes a worker for this run.
func (p *pipeline) newWorker() *worker { return newWorker(p.ix, &p.sc, p.alt) }
