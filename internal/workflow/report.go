package workflow

import (
	"fmt"
	"os"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"

	"github.com/vole-bio/vole/pileup/vcf"
)

// ReportConfig is one `vole report`: the later steps of `vole run` (VCF
// statistics, flagstat, shared variants, report.html) on alignments and
// joint calls made elsewhere, such as by the Snakemake workflow, which
// aligns and calls on many machines and then asks for exactly the answers
// `vole run` gives.
type ReportConfig struct {
	// Ref is the FASTA reference the BAMs were aligned to.
	Ref string
	// Calls is the joint VCF; BAMs holds one sorted BAM per sample of it,
	// in the order of its sample columns.
	Calls string
	BAMs  []string
	// OutDir receives the statistics, the shared-variant VCFs and the
	// report; it is created when missing.
	OutDir string
	// Truth, when set, is a VCF of planted variants to score the calls
	// against.
	Truth string
	// CommandLine is the command as typed, shown in the report.
	CommandLine string
}

// Report writes the answers of cfg's calls and BAMs into cfg.OutDir as
// `vole run` does after calling. The samples are the VCF's, named by its
// columns; a BAM whose read groups name another sample is an error, so
// that BAMs given in the wrong order do not swap the samples' rows.
func Report(cfg ReportConfig) (*Result, error) {
	if cfg.Ref == "" || cfg.Calls == "" || cfg.OutDir == "" || len(cfg.BAMs) == 0 {
		return nil, fmt.Errorf("need a reference, a VCF of calls, an output folder and at least one BAM")
	}
	for _, p := range append([]string{cfg.Ref, cfg.Calls, cfg.Truth}, cfg.BAMs...) {
		if p == "" {
			continue
		}
		if err := readable(p); err != nil {
			return nil, err
		}
	}
	samples, err := vcfSamples(cfg.Calls)
	if err != nil {
		return nil, err
	}
	if len(samples) != len(cfg.BAMs) {
		return nil, fmt.Errorf("%s has %d samples but %d BAMs are given: give one BAM per sample, in the VCF's column order", cfg.Calls, len(samples), len(cfg.BAMs))
	}
	for i, b := range cfg.BAMs {
		if err := checkBAMSample(b, samples[i]); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(cfg.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	s := &summary{
		ref: cfg.Ref, calls: cfg.Calls, outDir: cfg.OutDir, truth: cfg.Truth,
		title: "vole report: " + cfg.OutDir, samples: samples, bams: cfg.BAMs,
	}
	if cfg.CommandLine != "" {
		s.commands = []string{cfg.CommandLine, ""}
	}
	rep, err := summarize(s)
	if err != nil {
		return nil, err
	}
	return &Result{Report: rep, ReportPath: s.out(ReportName), CallsPath: cfg.Calls, BAMs: cfg.BAMs}, nil
}

// vcfSamples reads the sample names of the VCF at path.
func vcfSamples(path string) ([]string, error) {
	r, err := vcf.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if len(r.Header.Samples) == 0 {
		return nil, fmt.Errorf("%s has no sample columns", path)
	}
	return r.Header.Samples, nil
}

// checkBAMSample checks that the read groups of the BAM at path name no
// sample but want; a BAM whose read groups name no sample is taken as it
// comes.
func checkBAMSample(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br, err := bam.NewReader(f, 1)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer br.Close()
	for _, rg := range br.Header().RGs() {
		if sm := rg.Get(sam.NewTag("SM")); sm != "" && sm != want {
			return fmt.Errorf("%s holds sample %s, but column %s of the calls comes in its place: give the BAMs in the VCF's column order", path, sm, want)
		}
	}
	return nil
}
