package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/internal/workflow"
)

func init() { register(newDemoCmd) }

// newDemoCmd builds `vole demo`: simulate a small data set with planted
// variants, run the pipeline on it and say whether the variants were found.
func newDemoCmd() *cobra.Command {
	var (
		dir     string
		seed    uint64
		threads int
		quiet   bool
	)
	cmd := &cobra.Command{
		Use:   "demo [-o DIR] [--seed N]",
		Short: "Simulate three samples with planted variants and run the whole pipeline",
		Long: `Build a small synthetic genome with repeats (160 kb in two contigs), plant
SNPs and indels (heterozygous and homozygous, some shared, one homozygous in
every sample), simulate 2x100 bp paired reads with sequencing errors for three
samples into DIR/data, run ` + "`vole run`" + ` on them into DIR/results, and print
the answers, how many planted variants were found (recall) and how many calls
were not planted (false calls), and where the report is. The same seed always
gives the same data and answers.`,
		Example: `  vole demo                 # into ./vole-demo
  vole demo -o /tmp/demo --seed 7`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := workflow.PrepareDemo(dir, seed)
			if err != nil {
				return err
			}
			cfg.Threads = threads
			cfg.Stderr = cmd.ErrOrStderr()
			cfg.Quiet = quiet
			cfg.Progress = !quiet && isTerminal(cfg.Stderr)
			cfg.CommandLine = commandLine()
			cfg.Version = version
			res, err := workflow.Run(cfg)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "demo data: %s (truth: %s)\n", cfg.Ref, cfg.Truth)
			return printAnswers(cmd.OutOrStdout(), res)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&dir, "output", "o", "vole-demo", "demo folder")
	f.Uint64Var(&seed, "seed", 1, "random seed of the simulated data")
	f.IntVarP(&threads, "threads", "t", defaultThreads(), "threads")
	f.BoolVarP(&quiet, "quiet", "q", false, "print no progress")
	return cmd
}
