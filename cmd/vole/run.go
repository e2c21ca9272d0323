package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/vole-bio/vole/internal/report"
	"github.com/vole-bio/vole/internal/workflow"
)

func init() { register(newRunCmd) }

// newRunCmd builds `vole run`: reads to answers in one command.
func newRunCmd() *cobra.Command {
	var (
		cfg     workflow.Config
		samples []string
		quiet   bool
	)
	cmd := &cobra.Command{
		Use:   "run --ref REF.fa --sample NAME=R1.fq.gz[,R2.fq.gz] ... -o OUTDIR",
		Short: "Whole pipeline: index, align each sample, call jointly, report",
		Long: `Run the whole path from reads to answers: index the reference (reused when
current), align each sample to OUTDIR/NAME.bam (+ .bai) with read group
ID=NAME SM=NAME PL=PLATFORM, call all samples jointly to OUTDIR/calls.vcf.gz, count reads
and variants per sample, find the variants shared by all samples and those
homozygous-alternate in all, and write OUTDIR/report.html. The answers are
also printed.

Running again skips the steps whose inputs did not change (OUTDIR/.vole-run.json
records them) and removes the files of samples no longer named. OUTDIR must
be new, empty or an earlier vole run's folder.`,
		Example: `  vole run --ref chr11.fa.gz -o results \
    --sample ana=ana_R1.fq.gz,ana_R2.fq.gz \
    --sample ben=ben_R1.fq.gz,ben_R2.fq.gz \
    --sample cai=cai_R1.fq.gz,cai_R2.fq.gz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, s := range samples {
				smp, err := workflow.ParseSample(s)
				if err != nil {
					return err
				}
				cfg.Samples = append(cfg.Samples, smp)
			}
			cfg.Stderr = cmd.ErrOrStderr()
			cfg.Quiet = quiet
			cfg.Progress = !quiet && isTerminal(cfg.Stderr)
			cfg.CommandLine = commandLine()
			cfg.Version = version
			res, err := workflow.Run(cfg)
			if err != nil {
				return err
			}
			return printAnswers(cmd.OutOrStdout(), res)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Ref, "ref", "", "reference FASTA (plain or gzip)")
	f.StringArrayVar(&samples, "sample", nil, "a sample as NAME=R1.fq.gz[,R2.fq.gz]; repeat for each sample")
	f.StringVarP(&cfg.OutDir, "output", "o", "", "output folder")
	f.IntVarP(&cfg.Threads, "threads", "t", defaultThreads(), "threads")
	f.StringVar(&cfg.Platform, "platform", workflow.DefaultPlatform, "sequencing platform for the read groups' PL (ILLUMINA, ONT, PACBIO, ...)")
	f.BoolVarP(&quiet, "quiet", "q", false, "print no progress")
	cmd.MarkFlagRequired("ref")
	cmd.MarkFlagRequired("sample")
	cmd.MarkFlagRequired("output")
	return cmd
}

// printAnswers prints the answers and where the report is.
func printAnswers(w io.Writer, res *workflow.Result) error {
	if err := report.WriteText(w, res.Report); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "report: %s\n", res.ReportPath)
	return err
}

// isTerminal reports whether w is a terminal, where progress bars belong.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
