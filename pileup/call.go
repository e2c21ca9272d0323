package pileup

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/vole-bio/vole/pileup/vcf"
)

// CallOptions configure CallFiles. Start from DefaultCallOptions: the zero
// value means "no filter", not "the defaults".
type CallOptions struct {
	// Region restricts calling to one region (see ParseRegion); "" calls
	// every contig. A region needs an index (.bai) beside each BAM.
	Region string
	// Threads splits the contigs into pieces called in parallel when every
	// input is an indexed BAM; the output is the same for any value.
	Threads int
	// MinBaseQ and MinMapQ are the least base and mapping qualities of the
	// bases that count.
	MinBaseQ, MinMapQ int
	// MaxDepth caps the reads each position of each sample holds: beyond
	// it, later reads (in file order) are not counted there. See
	// DefaultMaxDepth.
	MaxDepth int
	// NoBAQ turns off the base alignment quality (see baq.go).
	NoBAQ bool
	// CommandLine is written to the ##commandline header line; Source to
	// ##source (e.g. "vole 0.1.0").
	CommandLine, Source string
	// Model holds the priors, thresholds and hard filters of the genotype
	// model.
	Model Model
	// Stdout receives the VCF when the output is "" or "-"; nil means
	// os.Stdout.
	Stdout io.Writer
}

// DefaultMaxDepth is the default depth cap: 8000 reads per position and
// sample, samtools mpileup's default. It bounds memory (the pileup keeps
// every counted base of the positions in flight) without touching any
// ordinary data set; bcftools mpileup's 250 per file is low enough to bias
// allele fractions in amplicon or deep targeted data. The genotype model
// itself thins deeper columns to 255 observations, as bcftools does.
const DefaultMaxDepth = 8000

// DefaultCallOptions returns the options `vole call` uses by default: base
// quality 13 (as samtools mpileup), mapping quality 10, depth cap
// DefaultMaxDepth, BAQ on, DefaultModel, one thread.
//
// The mapping quality was chosen on bench/'s held-out set: vole call with
// -q 0, 1, 5, 10 and 20 on vole's and bwa mem's BAMs of ART reads on the
// human-like genome with alt contigs. On the tuning seed (1) -q 1, 5 and 10
// tie best (SNP F1 .9985 against .9982 at 20 and .9978 at 0, indels equal)
// and the reporting seed (2) agrees (.9971 against .9970 and .9966). Of the
// tied values 10 is the highest: MAPQ already caps each base's error, and
// real genomes hold paralogs the simulation does not, whose mismapped reads
// mostly carry MAPQ under 10.
func DefaultCallOptions() CallOptions {
	return CallOptions{Threads: 1, MinBaseQ: 13, MinMapQ: 10, MaxDepth: DefaultMaxDepth, Source: "vole", Model: DefaultModel}
}

// pieceLen is the length of the pieces a contig is cut into for threads; a
// variable so that tests can cut small contigs into many pieces.
var pieceLen = 1 << 18

// CallFiles calls SNPs and indels jointly from the coordinate-sorted BAM or
// SAM files bams (one sample each) against the FASTA reference refPath and
// writes one VCF 4.2 to output: "" or "-" for standard output, a .vcf.gz name
// for BGZF, else plain text. Records are written as they are called, in
// order, so memory follows the reads in flight, not the genome. A file
// output appears only when complete.
func CallFiles(refPath string, bams []string, output string, opt CallOptions) error {
	if len(bams) == 0 {
		return fmt.Errorf("no BAM files to call from")
	}
	if strings.HasSuffix(output, ".bcf") {
		return fmt.Errorf("%s: BCF output is not supported: write %s.vcf.gz (BGZF, indexed) and convert with `bcftools view -Ob` if BCF is needed", output, strings.TrimSuffix(output, ".bcf"))
	}
	if err := notAnInput(output, append([]string{refPath}, bams...)); err != nil {
		return err
	}
	ref, contigs, files, err := loadInputs(refPath, bams)
	if err != nil {
		return err
	}
	regions, err := targetRegions(opt.Region, contigs)
	if err != nil {
		return err
	}
	pp := pileupParams{filter: readFilter{minBaseQ: opt.MinBaseQ, minMapQ: opt.MinMapQ, maxDepth: max(opt.MaxDepth, 1)}, model: opt.Model, baq: !opt.NoBAQ}
	stdout := opt.Stdout
	if stdout == nil {
		stdout = os.Stdout
	}
	out, err := vcf.CreateOutput(output, stdout, header(refPath, contigs, files, opt))
	if err != nil {
		return err
	}
	defer out.Abort()
	emit := func(r *vcf.Record) error { return out.Write(r) }
	if opt.Region != "" || (opt.Threads > 1 && allIndexed(files)) {
		err = callPieces(files, split(regions, opt.Threads), ref, pp, max(opt.Threads, 1), emit)
	} else {
		err = callSequential(files, regions, ref, pp, max(opt.Threads, 1), emit)
	}
	if err != nil {
		return err
	}
	return out.Commit()
}

// notAnInput refuses an output file that is one of the inputs or one of
// their companions (a BAM's .bai or .csi, the reference's .fai and .vole
// index), which the run would overwrite; files are compared by identity, so
// another name for the same file (a link, ./x) is caught too. A .vcf.gz
// output's index (.tbi, .csi) is checked as well.
func notAnInput(output string, inputs []string) error {
	if output == "" || output == "-" {
		return nil
	}
	outs := []string{output}
	if strings.HasSuffix(output, ".gz") {
		outs = append(outs, output+".tbi", output+".csi")
	}
	var companions []string
	for _, in := range inputs {
		companions = append(companions, in, in+".bai", in+".csi", in+".fai", in+".vole", strings.TrimSuffix(in, ".bam")+".bai")
	}
	for _, o := range outs {
		ost, err := os.Stat(o)
		if err != nil {
			continue // a new file cannot be an input
		}
		for _, in := range companions {
			if st, err := os.Stat(in); err == nil && os.SameFile(ost, st) {
				return fmt.Errorf("output %s is the input %s: choose another output name", o, in)
			}
		}
	}
	return nil
}

// loadInputs opens the reference (see openReference) and the alignment
// files.
func loadInputs(refPath string, bams []string) (refSource, []ContigLength, []*alignmentFile, error) {
	ref, err := openReference(refPath)
	if err != nil {
		return nil, nil, nil, err
	}
	contigs := ref.contigs()
	files, err := openInputs(bams, contigs)
	return ref, contigs, files, err
}

// openInputs opens every input and checks that sample names are unique.
func openInputs(paths []string, contigs []ContigLength) ([]*alignmentFile, error) {
	files := make([]*alignmentFile, len(paths))
	seen := map[string]string{}
	stdin := 0
	for i, p := range paths {
		if p == "-" {
			if stdin++; stdin > 1 {
				return nil, fmt.Errorf("standard input (-) given twice: only one input can come from it")
			}
		}
		af, err := openAlignments(p, contigs)
		if err != nil {
			return nil, err
		}
		if other, ok := seen[af.sample]; ok {
			return nil, fmt.Errorf("%s and %s both hold sample %q: give each BAM its own @RG SM", other, p, af.sample)
		}
		seen[af.sample] = p
		files[i] = af
	}
	return files, nil
}

// targetRegions is the parsed region, or every contig whole.
func targetRegions(region string, contigs []ContigLength) ([]Region, error) {
	if region != "" {
		r, err := ParseRegion(region, contigs)
		if err != nil {
			return nil, err
		}
		return []Region{r}, nil
	}
	regions := make([]Region, len(contigs))
	for i, c := range contigs {
		regions[i] = Region{Contig: i, Name: c.Name, End: c.Length}
	}
	return regions, nil
}

func allIndexed(files []*alignmentFile) bool {
	for _, f := range files {
		if f.index == nil {
			return false
		}
	}
	return true
}

// split cuts regions into pieces of pieceLen when more than one thread
// works on them. Pieces never change the calls (see callRegion), only how
// the work is shared.
func split(regions []Region, threads int) []Region {
	if threads <= 1 {
		return regions
	}
	var out []Region
	for _, r := range regions {
		for s := r.Start; s < r.End; s += pieceLen {
			out = append(out, Region{Contig: r.Contig, Name: r.Name, Start: s, End: min(s+pieceLen, r.End)})
		}
	}
	return out
}

// callSequential streams every file once, contig by contig.
func callSequential(files []*alignmentFile, regions []Region, ref refSource, pp pileupParams, threads int, emit func(*vcf.Record) error) error {
	streams := make([]*stream, len(files))
	for i, af := range files {
		r, c, err := af.openAll(threads)
		if err != nil {
			return err
		}
		defer c.Close()
		streams[i] = newStream(af, r)
	}
	for _, reg := range regions {
		if err := callRegion(reg, ref, streams, pp, emit); err != nil {
			return err
		}
	}
	return nil
}

// piece is the outcome of calling one piece.
type piece struct {
	recs []vcf.Record
	err  error
	done chan struct{}
}

// callPieces calls the regions through the BAM indexes on threads workers
// and writes their records in region order as they complete. Workers run
// at most a few pieces ahead of the writer, so memory holds a few pieces'
// records, not the genome's; each worker keeps one reader per file.
func callPieces(files []*alignmentFile, regions []Region, ref refSource, pp pileupParams, threads int, emit func(*vcf.Record) error) error {
	ahead := 4 * threads
	results := make([]piece, len(regions))
	for i := range results {
		results[i].done = make(chan struct{})
	}
	jobs := make(chan int)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for t := 0; t < min(threads, len(regions)); t++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &pieceWorker{files: files, ref: ref, pp: pp}
			defer w.close()
			for i := range jobs {
				results[i].recs, results[i].err = w.call(regions[i])
				close(results[i].done)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range regions {
			if i >= ahead {
				select {
				case <-results[i-ahead].done:
				case <-quit:
					return
				}
			}
			select {
			case jobs <- i:
			case <-quit:
				return
			}
		}
	}()
	err := func() error {
		for i := range results {
			<-results[i].done
			if results[i].err != nil {
				return results[i].err
			}
			for j := range results[i].recs {
				if err := emit(&results[i].recs[j]); err != nil {
					return err
				}
			}
			results[i].recs = nil
		}
		return nil
	}()
	close(quit)
	wg.Wait()
	return err
}

// pieceWorker calls pieces with one open reader per file.
type pieceWorker struct {
	files   []*alignmentFile
	readers []*regionReader
	ref     refSource
	pp      pileupParams
}

// call calls one piece: the reads that may touch it, and those baqReach
// around it that tell the realigner of nearby indels.
func (w *pieceWorker) call(reg Region) ([]vcf.Record, error) {
	if w.readers == nil {
		for _, af := range w.files {
			rr, err := af.openRegions()
			if err != nil {
				return nil, err
			}
			w.readers = append(w.readers, rr)
		}
	}
	streams := make([]*stream, len(w.files))
	for i, rr := range w.readers {
		r, err := rr.region(reg.Contig, reg.Start-baqReach, reg.End+lag+baqReach)
		if err != nil {
			return nil, err
		}
		streams[i] = newStream(w.files[i], r)
	}
	var recs []vcf.Record
	err := callRegion(reg, w.ref, streams, w.pp, func(r *vcf.Record) error {
		recs = append(recs, *r)
		return nil
	})
	return recs, err
}

func (w *pieceWorker) close() {
	for _, rr := range w.readers {
		rr.Close()
	}
}

// header builds the VCF header: the reference and its contigs, the source
// and command line, the INFO, FORMAT and FILTER definitions, the samples.
func header(refPath string, contigs []ContigLength, files []*alignmentFile, opt CallOptions) *vcf.Header {
	h := &vcf.Header{}
	if abs, err := filepath.Abs(refPath); err == nil {
		refPath = abs
	}
	h.Meta = append(h.Meta,
		"FILTER=<ID=PASS,Description=\"All filters passed\">",
		"source="+opt.Source,
		"reference=file://"+refPath)
	if opt.CommandLine != "" {
		h.Meta = append(h.Meta, "commandline=\""+strings.ReplaceAll(opt.CommandLine, "\"", "'")+"\"")
	}
	h.Meta = append(h.Meta, opt.Model.Filters.headerLines(opt.Model.LowQual)...)
	h.Meta = append(h.Meta,
		"INFO=<ID=INDEL,Number=0,Type=Flag,Description=\"The site is an indel\">",
		"INFO=<ID=DP,Number=1,Type=Integer,Description=\"Raw read depth: reads over the site that the flags let through, at any mapping or base quality (as bcftools)\">",
		"INFO=<ID=MQ,Number=1,Type=Float,Description=\"Root-mean-square mapping quality of the raw reads\">",
		"INFO=<ID=MQ0F,Number=1,Type=Float,Description=\"Fraction of the raw reads with mapping quality 0\">",
		"INFO=<ID=DP4,Number=4,Type=Integer,Description=\"Reads counted for the call showing the reference allele on the forward and reverse strands, then any alternate allele on each\">",
		"INFO=<ID=FS,Number=1,Type=Float,Description=\"Phred-scaled p-value of Fisher's exact test for strand bias on DP4 (as GATK FisherStrand)\">",
		"INFO=<ID=SOR,Number=1,Type=Float,Description=\"Symmetric strand odds ratio on DP4 (as GATK StrandOddsRatio)\">",
		"INFO=<ID=QD,Number=1,Type=Float,Description=\"QUAL divided by the read depth (AD) of the samples carrying an alternate allele\">",
		"INFO=<ID=BaseQRankSum,Number=1,Type=Float,Description=\"Z-score of the Mann-Whitney rank-sum test of alternate against reference base qualities\">",
		"INFO=<ID=ReadPosRankSum,Number=1,Type=Float,Description=\"Z-score of the Mann-Whitney rank-sum test of alternate against reference distances from the read end\">",
		fmt.Sprintf("INFO=<ID=EndBias,Number=1,Type=Float,Description=\"Phred-scaled binomial probability of as many alternate reads within %d bases of a read end, at the rate of the reference reads\">", nearEnd),
		fmt.Sprintf("INFO=<ID=LowBQBias,Number=1,Type=Float,Description=\"Phred-scaled binomial probability of as many alternate bases under base quality %d, at the rate of the reference bases\">", lowBQ),
		"INFO=<ID=AC,Number=A,Type=Integer,Description=\"Alternate allele count in called genotypes\">",
		"INFO=<ID=AN,Number=1,Type=Integer,Description=\"Number of alleles in called genotypes\">",
		"FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">",
		"FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Phred-scaled probability that the genotype is wrong, capped at 99\">",
		"FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Reads at the site after the base and mapping quality filters\">",
		"FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Reads showing each allele (for indels, reads that resolve the repeat)\">",
		"FORMAT=<ID=ADF,Number=R,Type=Integer,Description=\"Reads on the forward strand showing each allele\">",
		"FORMAT=<ID=ADR,Number=R,Type=Integer,Description=\"Reads on the reverse strand showing each allele\">",
		"FORMAT=<ID=PL,Number=G,Type=Integer,Description=\"Phred-scaled genotype likelihoods\">",
	)
	for _, c := range contigs {
		h.Contigs = append(h.Contigs, vcf.Contig{Name: c.Name, Length: c.Length})
	}
	for _, f := range files {
		h.Samples = append(h.Samples, f.sample)
	}
	return h
}
