// Package workflow runs the whole path from reads to answers for `vole run`
// and `vole demo`: index the reference, align each sample to a sorted,
// indexed BAM with its read group, call all samples jointly, summarise each
// sample (flagstat, variant counts, coverage), find the variants shared by
// all samples and those homozygous-alternate in all, and write report.html.
//
// Runs are incremental in the manner of make: a manifest in the output
// folder (.vole-run.json) records, for each step, the fingerprints of its
// inputs (path, size, modification time) and outputs; a step whose inputs,
// parameters and outputs are unchanged is skipped. The manifest also lists
// every file vole wrote, so a folder holding anything else is refused rather
// than overwritten, and nothing vole did not write is ever deleted.
package workflow

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
)

// Config is one pipeline run.
type Config struct {
	// Ref is the FASTA reference; its index lives beside it (REF.fa.vole).
	Ref     string
	Samples []Sample
	OutDir  string
	Threads int
	// Stderr receives messages: one line per step, or a progress bar when
	// Progress is set (the caller decides: a terminal and no -q); Quiet
	// silences the step lines.
	Stderr          io.Writer
	Progress, Quiet bool
	// CommandLine is the command as typed, shown in the report.
	CommandLine string
	// Version is vole's version; a new version reruns every step.
	Version string
	// Platform is the sequencing platform written as PL in every read
	// group (Picard and GATK require one); "" means DefaultPlatform.
	Platform string
	// Truth, when set, is a VCF of planted variants to score the calls
	// against (the demo's truth.vcf).
	Truth string
}

// DefaultPlatform is the read groups' PL when Config.Platform is empty: the
// course's reads and most short reads are Illumina's.
const DefaultPlatform = "ILLUMINA"

// platforms are the PL values the SAM specification (1.6, @RG) lists.
var platforms = []string{"CAPILLARY", "DNBSEQ", "ELEMENT", "HELICOS", "ILLUMINA", "IONTORRENT",
	"LS454", "ONT", "PACBIO", "SINGULAR", "SOLID", "ULTIMA"}

// platform returns the read groups' PL: Config.Platform in capitals, or
// DefaultPlatform.
func (c *Config) platform() string {
	if c.Platform == "" {
		return DefaultPlatform
	}
	return strings.ToUpper(c.Platform)
}

// Sample is one individual's reads: one FASTQ (single-end) or two (paired).
type Sample struct {
	Name  string
	Reads []string
}

// sampleName is what a sample name may contain: it becomes a file name and
// a read-group field.
var sampleName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// ParseSample parses a --sample value, NAME=R1.fq.gz[,R2.fq.gz].
func ParseSample(s string) (Sample, error) {
	name, files, ok := strings.Cut(s, "=")
	if !ok || files == "" {
		return Sample{}, fmt.Errorf("--sample %q: want NAME=R1.fq.gz[,R2.fq.gz]", s)
	}
	if !sampleName.MatchString(name) {
		return Sample{}, fmt.Errorf("--sample %q: name %q must be letters, digits, '.', '_' or '-', starting with a letter or digit", s, name)
	}
	reads := strings.Split(files, ",")
	if len(reads) > 2 {
		return Sample{}, fmt.Errorf("--sample %q: at most two FASTQ files (R1,R2)", s)
	}
	for _, r := range reads {
		if r == "" {
			return Sample{}, fmt.Errorf("--sample %q: empty FASTQ path", s)
		}
	}
	return Sample{Name: name, Reads: reads}, nil
}

// validate checks everything that can be checked before any work: the
// reference and every FASTQ can be opened, no sample name or FASTQ is given
// twice.
func (c *Config) validate() error {
	if c.Ref == "" || c.OutDir == "" || len(c.Samples) == 0 {
		return fmt.Errorf("need a reference, an output folder and at least one sample")
	}
	if err := readable(c.Ref); err != nil {
		return fmt.Errorf("reference: %w", err)
	}
	if !slices.Contains(platforms, c.platform()) {
		return fmt.Errorf("platform %q is not one the SAM specification lists (%s)", c.Platform, strings.Join(platforms, ", "))
	}
	names := map[string]bool{}
	files := map[string]string{}
	for _, s := range c.Samples {
		if names[s.Name] {
			return fmt.Errorf("sample %q is given twice", s.Name)
		}
		names[s.Name] = true
		for _, r := range s.Reads {
			if other, ok := files[r]; ok {
				return fmt.Errorf("%s is given twice (samples %s and %s)", r, other, s.Name)
			}
			files[r] = s.Name
			if err := readable(r); err != nil {
				return fmt.Errorf("sample %s: %w", s.Name, err)
			}
		}
	}
	if c.Truth != "" {
		if err := readable(c.Truth); err != nil {
			return fmt.Errorf("truth: %w", err)
		}
	}
	return nil
}

// readable opens path and reads a byte, so a missing, unreadable or empty
// file is reported before any work starts.
func readable(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a folder, not a file", path)
	}
	if _, err := f.Read(make([]byte, 1)); err != nil {
		if err == io.EOF {
			return fmt.Errorf("%s is empty", path)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
