package workflow

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/binom"
	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/internal/flagstat"
	"github.com/vole-bio/vole/internal/report"
	"github.com/vole-bio/vole/pileup/vcf"
)

// Summary outputs, rewritten on every run (they take seconds).
const (
	StatsName        = "calls.stats.txt"
	SharedName       = "shared.vcf"
	SharedHomAltName = "shared_homalt.vcf"
	flagstatSuffix   = ".flagstat.txt"
)

// coverageBins is the number of depth bins per contig in the report.
const coverageBins = 300

// binomMin, binomMax and binomAlpha are the threshold curve the report
// draws, the defaults of `vole binom`.
const (
	binomMin   = 10
	binomMax   = 200
	binomAlpha = 0.05
)

// summary is what the later steps of a run start from: the reference, the
// joint calls and each sample's sorted BAM, the samples in the VCF's
// column order. `vole run` fills it after its own steps, `vole report`
// from files made elsewhere (by the Snakemake workflow, or by hand).
type summary struct {
	ref, calls, outDir, truth, title string
	samples, bams                    []string
	// commands are the command lines of the steps that made the inputs;
	// the summary adds its own.
	commands []string
}

// outputs lists the files summarize writes.
func (s *summary) outputs() []string {
	out := []string{s.out(StatsName), s.out(SharedName), s.out(SharedHomAltName), s.out(ReportName)}
	for _, name := range s.samples {
		out = append(out, s.out(name+flagstatSuffix))
	}
	return out
}

func (s *summary) out(name string) string { return filepath.Join(s.outDir, name) }

// summarize computes the answers from the BAMs and the joint VCF and writes
// the statistics, the shared-variant VCFs and report.html.
func summarize(s *summary) (*report.Report, error) {
	calls, stats := s.calls, s.out(StatsName)
	rep := &report.Report{
		Title:      s.title,
		Reference:  s.ref,
		BinomAlpha: binomAlpha,
	}
	ref, err := index.ReadFASTA(s.ref)
	if err != nil {
		return nil, err
	}
	for _, c := range ref.Contigs {
		rep.Contigs = append(rep.Contigs, report.Contig{Name: c.Name, Length: c.Length})
	}
	st, err := vcf.ComputeStats(calls)
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(stats, st.WriteText); err != nil {
		return nil, err
	}
	s.commands = append(s.commands, fmt.Sprintf("vole vcf stats %s > %s", quote(calls), quote(stats)))
	cs, err := summarizeCalls(calls)
	if err != nil {
		return nil, err
	}
	for i, name := range s.samples {
		row, tracks, err := s.sampleAnswers(name, s.bams[i], st)
		if err != nil {
			return nil, err
		}
		rep.Samples = append(rep.Samples, row)
		rep.Coverage = append(rep.Coverage, tracks...)
		rep.AlleleBalance = append(rep.AlleleBalance, cs.balanceOf(name))
	}
	s.commands = append(s.commands, fmt.Sprintf("# %s, %s: the PASS records of %s where every sample carries an ALT allele, and where every sample is homozygous for the same ALT allele",
		SharedName, SharedHomAltName, filepath.Base(calls)))
	rep.SharedAll = len(cs.shared)
	rep.SharedHomAlt = cs.reportVariants(cs.homAlt)
	if rep.Sites, err = siteImages(s.ref, s.bams, cs.homAlt, cs.lowest); err != nil {
		return nil, err
	}
	if err := cs.writeVCF(s.out(SharedName), cs.shared); err != nil {
		return nil, err
	}
	if err := cs.writeVCF(s.out(SharedHomAltName), cs.homAlt); err != nil {
		return nil, err
	}
	if rep.Binom, err = binom.Table(binomMin, binomMax, binomAlpha); err != nil {
		return nil, err
	}
	if s.truth != "" {
		if rep.Truth, err = scoreTruth(s.truth, calls); err != nil {
			return nil, err
		}
	}
	rep.Commands = s.commands
	rep.Files = s.files()
	return rep, writeAtomic(s.out(ReportName), func(w io.Writer) error { return report.Write(w, rep) })
}

// sampleAnswers is one sample's row of the answers table and its coverage
// tracks: read counts from flagstat (primary records), variant counts from the VCF statistics
// (as bcftools stats counts them: SNPs are non-reference SNP genotypes,
// indels non-reference indel genotypes).
func (s *summary) sampleAnswers(name, bam string, st *vcf.Stats) (report.Sample, []report.Track, error) {
	row := report.Sample{Name: name}
	fs, err := flagstat.Count(bam)
	if err != nil {
		return row, nil, err
	}
	fsPath := s.out(name + flagstatSuffix)
	if err := writeAtomic(fsPath, fs.WriteText); err != nil {
		return row, nil, err
	}
	s.commands = append(s.commands, fmt.Sprintf("vole flagstat %s > %s", quote(bam), quote(fsPath)))
	// Reads are the primary records (one per sequenced read), as in the
	// "primary" and "primary mapped" lines of samtools flagstat.
	row.Reads = fs.QCPassed.Primary + fs.QCFailed.Primary
	row.Mapped = fs.QCPassed.PrimaryMapped + fs.QCFailed.PrimaryMapped
	row.ProperlyPaired = fs.QCPassed.ProperlyPaired + fs.QCFailed.ProperlyPaired
	for _, c := range st.Samples {
		if c.Name == name {
			row.SNPs, row.Indels = c.Het+c.HomAlt, c.Indels
			row.Het, row.HomAlt = c.Het+c.IndelHet, c.HomAlt+c.IndelHomAlt
		}
	}
	tracks, err := report.CoverageFromBAM(bam, name, coverageBins)
	return row, tracks, err
}

// files lists the run's outputs for the report, relative to it.
func (s *summary) files() []report.File {
	var out []report.File
	for i, name := range s.samples {
		out = append(out,
			report.File{Path: s.rel(s.bams[i]), What: "alignments of " + name + ", sorted, with .bai index"},
			report.File{Path: name + flagstatSuffix, What: "samtools-style flagstat of " + name})
	}
	return append(out,
		report.File{Path: s.rel(s.calls), What: "joint SNP and indel calls of all samples"},
		report.File{Path: StatsName, What: "VCF statistics per sample (PASS calls)"},
		report.File{Path: SharedName, What: "PASS variants every sample carries"},
		report.File{Path: SharedHomAltName, What: "PASS variants homozygous-alternate in every sample"},
	)
}

// rel is path as the report (in outDir) reaches it.
func (s *summary) rel(path string) string {
	if r, err := filepath.Rel(s.outDir, path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

// writeAtomic writes path through fn, renaming it into place only when fn
// succeeds.
func writeAtomic(path string, fn func(io.Writer) error) error {
	f, err := fileio.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := fn(f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}
