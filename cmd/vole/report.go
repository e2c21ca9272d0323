package main

import (
	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/internal/workflow"
)

func init() { register(newReportCmd) }

// newReportCmd builds `vole report`: the answers of `vole run` from BAMs
// and joint calls made elsewhere.
func newReportCmd() *cobra.Command {
	var cfg workflow.ReportConfig
	cmd := &cobra.Command{
		Use:   "report --ref REF.fa --calls CALLS.vcf.gz -o OUTDIR A.bam [B.bam ...]",
		Short: "The answers and report.html of vole run, from BAMs and joint calls",
		Long: `Do what ` + "`vole run`" + ` does after calling, on BAMs and a joint VCF made elsewhere
(by the Snakemake workflow in workflow/, or by vole align and vole call by
hand): count reads and variants per sample (OUTDIR/NAME.flagstat.txt,
OUTDIR/calls.stats.txt), find the PASS variants shared by all samples and
those homozygous-alternate in all (OUTDIR/shared.vcf, shared_homalt.vcf),
write OUTDIR/report.html and print the answers, exactly as vole run prints
them for the same BAMs and calls.

Give one BAM per sample of the VCF, in the order of its sample columns (the
order the BAMs were given to vole call); a BAM whose @RG SM names another
sample is an error.`,
		Example: `  vole call ref.fa out/ana.bam out/ben.bam -o out/calls.vcf.gz
  vole report --ref ref.fa --calls out/calls.vcf.gz -o out out/ana.bam out/ben.bam`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg.BAMs = args
			cfg.CommandLine = commandLine()
			res, err := workflow.Report(cfg)
			if err != nil {
				return err
			}
			return printAnswers(cmd.OutOrStdout(), res)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Ref, "ref", "", "reference FASTA the BAMs were aligned to")
	f.StringVar(&cfg.Calls, "calls", "", "joint VCF of the samples (vole call's output)")
	f.StringVarP(&cfg.OutDir, "output", "o", "", "output folder")
	f.StringVar(&cfg.Truth, "truth", "", "VCF of planted variants to score the calls against (vole demo's truth.vcf)")
	cmd.MarkFlagRequired("ref")
	cmd.MarkFlagRequired("calls")
	cmd.MarkFlagRequired("output")
	return cmd
}
