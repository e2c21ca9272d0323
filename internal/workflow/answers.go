package workflow

import (
	"fmt"
	"io"

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

// summarize computes the answers from the BAMs and the joint VCF and writes
// the statistics, the shared-variant VCFs and report.html.
func (r *runner) summarize() error {
	calls := r.res.CallsPath
	stats := r.out(StatsName)
	shared, homAlt := r.out(SharedName), r.out(SharedHomAltName)
	claims := []string{stats, shared, homAlt, r.res.ReportPath}
	for _, s := range r.cfg.Samples {
		claims = append(claims, r.out(s.Name+flagstatSuffix))
	}
	if err := r.m.claim(claims...); err != nil {
		return err
	}
	rep := &report.Report{
		Title:      "vole run: " + r.cfg.OutDir,
		Reference:  r.cfg.Ref,
		BinomAlpha: binomAlpha,
	}
	ref, err := index.ReadFASTA(r.cfg.Ref)
	if err != nil {
		return err
	}
	for _, c := range ref.Contigs {
		rep.Contigs = append(rep.Contigs, report.Contig{Name: c.Name, Length: c.Length})
	}
	st, err := vcf.ComputeStats(calls)
	if err != nil {
		return err
	}
	if err := writeAtomic(stats, st.WriteText); err != nil {
		return err
	}
	r.commands = append(r.commands, fmt.Sprintf("vole vcf stats %s > %s", quote(calls), quote(stats)))
	cs, err := summarizeCalls(calls)
	if err != nil {
		return err
	}
	for i, s := range r.cfg.Samples {
		row, tracks, err := r.sampleAnswers(s.Name, r.res.BAMs[i], st)
		if err != nil {
			return err
		}
		rep.Samples = append(rep.Samples, row)
		rep.Coverage = append(rep.Coverage, tracks...)
		rep.AlleleBalance = append(rep.AlleleBalance, cs.balanceOf(s.Name))
	}
	r.commands = append(r.commands, fmt.Sprintf("# %s, %s: the PASS records of %s where every sample carries an ALT allele, and where every sample is homozygous for the same ALT allele",
		SharedName, SharedHomAltName, CallsName))
	rep.SharedAll = len(cs.shared)
	rep.SharedHomAlt = cs.reportVariants(cs.homAlt)
	if rep.Sites, err = siteImages(r.cfg.Ref, r.res.BAMs, cs.homAlt, cs.lowest); err != nil {
		return err
	}
	if err := cs.writeVCF(shared, cs.shared); err != nil {
		return err
	}
	if err := cs.writeVCF(homAlt, cs.homAlt); err != nil {
		return err
	}
	if rep.Binom, err = binom.Table(binomMin, binomMax, binomAlpha); err != nil {
		return err
	}
	if r.cfg.Truth != "" {
		if rep.Truth, err = scoreTruth(r.cfg.Truth, calls); err != nil {
			return err
		}
	}
	rep.Commands = r.commands
	rep.Files = r.files()
	r.res.Report = rep
	return writeAtomic(r.res.ReportPath, func(w io.Writer) error { return report.Write(w, rep) })
}

// sampleAnswers is one sample's row of the answers table and its coverage
// tracks: read counts from flagstat (primary records), variant counts from the VCF statistics
// (as bcftools stats counts them: SNPs are non-reference SNP genotypes,
// indels non-reference indel genotypes).
func (r *runner) sampleAnswers(name, bam string, st *vcf.Stats) (report.Sample, []report.Track, error) {
	row := report.Sample{Name: name}
	fs, err := flagstat.Count(bam)
	if err != nil {
		return row, nil, err
	}
	fsPath := r.out(name + flagstatSuffix)
	if err := writeAtomic(fsPath, fs.WriteText); err != nil {
		return row, nil, err
	}
	r.commands = append(r.commands, fmt.Sprintf("vole flagstat %s > %s", quote(bam), quote(fsPath)))
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
func (r *runner) files() []report.File {
	var out []report.File
	for _, s := range r.cfg.Samples {
		out = append(out,
			report.File{Path: s.Name + ".bam", What: "alignments of " + s.Name + ", sorted, with .bai index"},
			report.File{Path: s.Name + flagstatSuffix, What: "samtools-style flagstat of " + s.Name})
	}
	return append(out,
		report.File{Path: CallsName, What: "joint SNP and indel calls of all samples"},
		report.File{Path: StatsName, What: "VCF statistics per sample (PASS calls)"},
		report.File{Path: SharedName, What: "PASS variants every sample carries"},
		report.File{Path: SharedHomAltName, What: "PASS variants homozygous-alternate in every sample"},
	)
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
