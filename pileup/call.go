package pileup

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/biogo/hts/bgzf"
	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/fileio"
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
	// CommandLine is written to the ##commandline header line; Source to
	// ##source (e.g. "vole 0.1.0").
	CommandLine, Source string
	// Model holds the priors and thresholds of the genotype model.
	Model Model
	// Stdout receives the VCF when the output is "" or "-"; nil means
	// os.Stdout.
	Stdout io.Writer
}

// DefaultCallOptions returns the options `vole call` uses by default: base
// quality 13 (as samtools mpileup), mapping quality 20, DefaultModel, one
// thread.
func DefaultCallOptions() CallOptions {
	return CallOptions{Threads: 1, MinBaseQ: 13, MinMapQ: 20, Source: "vole", Model: DefaultModel}
}

// pieceLen is the length of the pieces a contig is cut into for threads; a
// variable so that tests can cut small contigs into many pieces.
var pieceLen = 1 << 18

// CallFiles calls SNPs and indels jointly from the coordinate-sorted BAM or
// SAM files bams (one sample each) against the FASTA reference refPath and
// writes one VCF 4.2 to output: "" or "-" for standard output, a .vcf.gz name
// for BGZF, else plain text. Nothing is written unless the whole run
// succeeds; a file output appears only when complete.
func CallFiles(refPath string, bams []string, output string, opt CallOptions) error {
	if len(bams) == 0 {
		return fmt.Errorf("no BAM files to call from")
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
	pp := pileupParams{filter: readFilter{minBaseQ: opt.MinBaseQ, minMapQ: opt.MinMapQ}, model: opt.Model}
	var recs []vcf.Record
	if opt.Region != "" || (opt.Threads > 1 && allIndexed(files)) {
		seqs := make([][]byte, len(contigs))
		for _, r := range regions {
			seqs[r.Contig] = ref.ContigSeq(r.Contig)
		}
		recs, err = callPieces(files, split(regions, opt.Threads), seqs, pp, max(opt.Threads, 1))
	} else {
		recs, err = callSequential(files, regions, ref, pp, max(opt.Threads, 1))
	}
	if err != nil {
		return err
	}
	return writeVCF(output, opt.Stdout, header(refPath, contigs, files, opt), recs)
}

// notAnInput refuses an output file that is one of the inputs, which the
// run would overwrite.
func notAnInput(output string, inputs []string) error {
	if output == "" || output == "-" {
		return nil
	}
	out, err := os.Stat(output)
	if err != nil {
		return nil // a new file cannot be an input
	}
	for _, in := range inputs {
		if st, err := os.Stat(in); err == nil && os.SameFile(out, st) {
			return fmt.Errorf("output %s is the input %s: choose another output name", output, in)
		}
	}
	return nil
}

// loadInputs reads the reference and opens the alignment files.
func loadInputs(refPath string, bams []string) (*index.Reference, []ContigLength, []*alignmentFile, error) {
	ref, err := index.ReadFASTA(refPath)
	if err != nil {
		return nil, nil, nil, err
	}
	contigs := make([]ContigLength, len(ref.Contigs))
	for i, c := range ref.Contigs {
		contigs[i] = ContigLength{c.Name, c.Length}
	}
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

// callSequential streams every file once, contig by contig, holding one
// contig's sequence at a time.
func callSequential(files []*alignmentFile, regions []Region, ref *index.Reference, pp pileupParams, threads int) ([]vcf.Record, error) {
	streams := make([]*stream, len(files))
	for i, af := range files {
		r, c, err := af.openAll(threads)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		streams[i] = newStream(af, r)
	}
	var out []vcf.Record
	for _, reg := range regions {
		recs, err := callRegion(reg, ref.ContigSeq(reg.Contig), streams, pp)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

// callPieces calls each region through the BAM indexes on threads workers
// and concatenates the results in region order.
func callPieces(files []*alignmentFile, regions []Region, seqs [][]byte, pp pileupParams, threads int) ([]vcf.Record, error) {
	results := make([][]vcf.Record, len(regions))
	errs := make([]error, len(regions))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for t := 0; t < min(threads, len(regions)); t++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i], errs[i] = callPiece(files, regions[i], seqs[regions[i].Contig], pp)
			}
		}()
	}
	for i := range regions {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	var out []vcf.Record
	for i := range regions {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, results[i]...)
	}
	return out, nil
}

// callPiece opens the reads of every file that may touch reg and calls it.
func callPiece(files []*alignmentFile, reg Region, seq []byte, pp pileupParams) ([]vcf.Record, error) {
	streams := make([]*stream, len(files))
	for i, af := range files {
		// From keepBehind before the region: the first mates ending there
		// decide where their second mates' counted parts start.
		r, c, err := af.openRegion(reg.Contig, max(0, reg.Start-keepBehind), min(reg.End+lag, len(seq)))
		if err != nil {
			return nil, err
		}
		defer c.Close()
		streams[i] = newStream(af, r)
	}
	return callRegion(reg, seq, streams, pp)
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
	h.Meta = append(h.Meta,
		fmt.Sprintf("FILTER=<ID=LowQual,Description=\"QUAL below %g\">", opt.Model.LowQual),
		"INFO=<ID=INDEL,Number=0,Type=Flag,Description=\"The site is an indel\">",
		"INFO=<ID=DP,Number=1,Type=Integer,Description=\"Reads at the site over all samples, after the base and mapping quality filters\">",
		"INFO=<ID=AC,Number=A,Type=Integer,Description=\"Alternate allele count in called genotypes\">",
		"INFO=<ID=AN,Number=1,Type=Integer,Description=\"Number of alleles in called genotypes\">",
		"FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">",
		"FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Phred-scaled probability that the genotype is wrong, capped at 99\">",
		"FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Reads at the site after the base and mapping quality filters\">",
		"FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Reads showing each allele (for indels, reads that resolve the repeat)\">",
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

// writeVCF writes the header and records to output in one go (to stdout
// when output is "" or "-" and stdout is not nil).
func writeVCF(output string, stdout io.Writer, h *vcf.Header, recs []vcf.Record) error {
	var buf bytes.Buffer
	vw, err := vcf.NewWriter(&buf, h)
	if err != nil {
		return err
	}
	for i := range recs {
		if err := vw.Write(&recs[i]); err != nil {
			return err
		}
	}
	if err := vw.Flush(); err != nil {
		return err
	}
	if stdout != nil && (output == "" || output == "-") {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	out, err := fileio.CreateOutput(output)
	if err != nil {
		return err
	}
	defer out.Abort()
	if strings.HasSuffix(output, ".gz") {
		bw := bgzf.NewWriter(out, 1)
		if _, err := bw.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("%s: %w", output, err)
		}
		if err := bw.Close(); err != nil {
			return fmt.Errorf("%s: %w", output, err)
		}
	} else if _, err := out.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("%s: %w", output, err)
	}
	return out.Commit()
}
