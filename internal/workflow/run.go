package workflow

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vole-bio/vole/align"
	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/internal/htsfile"
	"github.com/vole-bio/vole/internal/report"
	"github.com/vole-bio/vole/pileup"
)

// Output file names inside the output folder.
const (
	CallsName  = "calls.vcf.gz"
	ReportName = "report.html"
)

// Result is what a run produced.
type Result struct {
	Report *report.Report
	// ReportPath and CallsPath are the answer page and the joint VCF.
	ReportPath, CallsPath string
	BAMs                  []string
	// Ran and Skipped name the steps that ran and those found up to date.
	Ran, Skipped []string
}

// runner carries one run's state between steps.
type runner struct {
	cfg      Config
	m        *manifest
	ix       *index.Index
	progress *progress
	res      Result
	commands []string
}

// Run runs the pipeline of cfg. It checks the inputs and the output folder
// before any work; on failure the report of an earlier run is removed so
// that no stale answer page stands beside partial results.
func Run(cfg Config) (*Result, error) {
	if cfg.Stderr == nil {
		cfg.Stderr = io.Discard
	}
	cfg.Threads = max(cfg.Threads, 1)
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	m, err := openManifest(cfg.OutDir)
	if err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg, m: m, progress: newProgress(cfg, len(cfg.Samples)+2)}
	r.res.ReportPath = r.out(ReportName)
	r.res.CallsPath = r.out(CallsName)
	if err := r.tidy(); err != nil {
		return nil, err
	}
	if cfg.CommandLine != "" {
		r.commands = append(r.commands, cfg.CommandLine, "")
	}
	r.commands = append(r.commands, "vole index "+quote(cfg.Ref))
	err = r.run()
	r.progress.finish()
	if err != nil {
		if slices.Contains(m.Files, ReportName) {
			os.Remove(r.res.ReportPath)
		}
		return nil, err
	}
	return &r.res, nil
}

func (r *runner) run() error {
	for _, s := range r.cfg.Samples {
		if err := r.align(s); err != nil {
			return err
		}
	}
	if err := r.call(); err != nil {
		return err
	}
	r.progress.next("report")
	sum := &summary{
		ref: r.cfg.Ref, calls: r.res.CallsPath, outDir: r.cfg.OutDir, truth: r.cfg.Truth,
		title: "vole run: " + r.cfg.OutDir, bams: r.res.BAMs, commands: r.commands,
	}
	for _, s := range r.cfg.Samples {
		sum.samples = append(sum.samples, s.Name)
	}
	if err := r.m.claim(sum.outputs()...); err != nil {
		return err
	}
	rep, err := summarize(sum)
	r.res.Report = rep
	return err
}

// tidy prepares an output folder that an earlier run filled: it sweeps
// the orphaned temporaries of killed runs and removes the files of samples
// no longer named (their BAM, its index, flagstat), which would otherwise
// stand beside the new answers as if they were part of them.
func (r *runner) tidy() error {
	fileio.SweepTemporaries(r.cfg.OutDir)
	calls := filepath.Base(r.res.CallsPath)
	keep := []string{calls, calls + ".tbi", calls + ".csi"}
	steps := []string{"call"}
	sum := &summary{outDir: r.cfg.OutDir}
	for _, s := range r.cfg.Samples {
		keep = append(keep, s.Name+".bam", s.Name+".bam.bai", s.Name+".bam.csi")
		steps = append(steps, "align "+s.Name)
		sum.samples = append(sum.samples, s.Name)
	}
	for _, o := range sum.outputs() {
		keep = append(keep, filepath.Base(o))
	}
	removed, err := r.m.retain(keep, steps)
	if len(removed) > 0 {
		r.say("removed %s (no longer named in this run)", strings.Join(removed, ", "))
	}
	return err
}

// out is the path of a file in the output folder.
func (r *runner) out(name string) string { return filepath.Join(r.cfg.OutDir, name) }

// step runs do unless the manifest shows the step up to date. Before do
// runs, the outputs are claimed as vole's; when do fails, the step's old
// outputs are removed (they no longer match the inputs), so the step is
// never taken as up to date afterwards.
func (r *runner) step(name, params string, inputs, outputs []string, do func() error) error {
	if r.m.upToDate(name, params, inputs, outputs) {
		r.res.Skipped = append(r.res.Skipped, name)
		r.say("%s: up to date, skipped", name)
		return nil
	}
	if err := r.m.claim(outputs...); err != nil {
		return err
	}
	r.say("%s", name)
	if err := do(); err != nil {
		for _, o := range outputs {
			os.Remove(o)
		}
		return err
	}
	r.res.Ran = append(r.res.Ran, name)
	return r.m.done(name, params, inputs, outputs)
}

// say prints a step message unless the run is quiet or shows a bar.
func (r *runner) say(format string, args ...any) {
	if r.cfg.Quiet || r.cfg.Progress {
		return
	}
	fmt.Fprintf(r.cfg.Stderr, "vole run: "+format+"\n", args...)
}

// messages is where the steps' own messages go: nowhere when quiet, around
// the bar when one is shown.
func (r *runner) messages() io.Writer {
	switch {
	case r.cfg.Quiet:
		return io.Discard
	case r.progress.bar != nil:
		return r.progress
	}
	return r.cfg.Stderr
}

// index loads the reference index once, when a step needs it. A missing
// index is built; an index that exists but is stale or damaged is rebuilt,
// since keeping it current is the pipeline's job (the file is vole's own).
func (r *runner) index() (*index.Index, error) {
	if r.ix != nil {
		return r.ix, nil
	}
	ix, err := index.Open(r.cfg.Ref, r.messages())
	if err != nil {
		path := index.Path(r.cfg.Ref)
		if _, serr := os.Stat(path); serr != nil {
			return nil, err
		}
		fmt.Fprintf(r.messages(), "vole run: rebuilding the index: %v\n", err)
		if err := os.Remove(path); err != nil {
			return nil, err
		}
		if ix, err = index.Open(r.cfg.Ref, r.messages()); err != nil {
			return nil, err
		}
	}
	r.ix = ix
	return ix, nil
}

// bamIndex is the index the align step writes beside bam: NAME.bam.bai, or
// NAME.bam.csi when a contig is too long for a BAI (htsfile.IndexPath).
func (r *runner) bamIndex(bam string) (string, error) {
	ix, err := r.index()
	if err != nil {
		return "", err
	}
	longest := 0
	for _, c := range ix.Contigs() {
		longest = max(longest, c.Length)
	}
	if longest >= htsfile.MaxBAILength {
		return bam + ".csi", nil
	}
	return bam + ".bai", nil
}

// align maps one sample's reads to NAME.bam (+ its .bai or .csi) with read
// group ID=NAME SM=NAME PL=the platform.
func (r *runner) align(s Sample) error {
	r.progress.next("align " + s.Name)
	bamPath := r.out(s.Name + ".bam")
	r.res.BAMs = append(r.res.BAMs, bamPath)
	rg := fmt.Sprintf(`@RG\tID:%s\tSM:%s\tPL:%s`, s.Name, s.Name, r.cfg.platform())
	r.commands = append(r.commands, fmt.Sprintf("vole align -t %d -R '%s' -o %s %s %s",
		r.cfg.Threads, rg, quote(bamPath), quote(r.cfg.Ref), quoteAll(s.Reads)))
	inputs := append([]string{r.cfg.Ref}, s.Reads...)
	params := fmt.Sprintf("vole %s; align; %s", r.cfg.Version, rg)
	bai, err := r.bamIndex(bamPath)
	if err != nil {
		return err
	}
	return r.step("align "+s.Name, params, inputs, []string{bamPath, bai}, func() error {
		ix, err := r.index()
		if err != nil {
			return err
		}
		opt := align.Options{Threads: r.cfg.Threads, ReadGroup: rg, CommandLine: r.cfg.CommandLine, Version: r.cfg.Version}
		_, err = align.AlignFiles(ix, s.Reads, bamPath, opt, r.messages())
		return err
	})
}

// call calls all samples jointly into calls.vcf.gz.
func (r *runner) call() error {
	r.progress.next("call")
	r.commands = append(r.commands, fmt.Sprintf("vole call -t %d -o %s %s %s",
		r.cfg.Threads, quote(r.res.CallsPath), quote(r.cfg.Ref), quoteAll(r.res.BAMs)))
	inputs := []string{r.cfg.Ref}
	for _, b := range r.res.BAMs {
		bai, err := r.bamIndex(b)
		if err != nil {
			return err
		}
		inputs = append(inputs, b, bai)
	}
	params := fmt.Sprintf("vole %s; call", r.cfg.Version)
	// The call step writes calls.vcf.gz's tabix index (.tbi, or .csi for
	// contigs too long for one) beside it.
	if err := r.m.claim(r.res.CallsPath+".tbi", r.res.CallsPath+".csi"); err != nil {
		return err
	}
	return r.step("call", params, inputs, []string{r.res.CallsPath}, func() error {
		opt := pileup.DefaultCallOptions()
		opt.Threads = r.cfg.Threads
		opt.CommandLine = r.cfg.CommandLine
		opt.Source = "vole " + r.cfg.Version
		return pileup.CallFiles(r.cfg.Ref, r.res.BAMs, r.res.CallsPath, opt)
	})
}

// quote shell-quotes a path when it holds anything but plain characters.
func quote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/+=:,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func quoteAll(paths []string) string {
	q := make([]string, len(paths))
	for i, p := range paths {
		q[i] = quote(p)
	}
	return strings.Join(q, " ")
}
