package main

import (
	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/internal/flagstat"
)

func init() { register(newFlagstatCmd) }

// newFlagstatCmd builds `vole flagstat`: samtools flagstat's counts.
func newFlagstatCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "flagstat X.bam|X.sam [--json]",
		Short: "Count alignments by FLAG, as samtools flagstat does",
		Long: `Count the records of a SAM or BAM file (told apart by content; SAM may be
gzipped; "-" is standard input) by their FLAG bits, with the definitions
and the layout of samtools flagstat 1.16: each line gives QC-passed +
QC-failed counts; percentages are of the total (mapped), of the primary
records (primary mapped) or of the paired records (properly paired,
singletons), N/A when that is 0. --json prints what samtools flagstat
-O json prints.`,
		Example: `  vole flagstat sample.bam
  vole flagstat --json sample.sam > flagstat.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := flagstat.Count(args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return s.WriteJSON(cmd.OutOrStdout())
			}
			return s.WriteText(cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON like samtools flagstat -O json")
	return cmd
}
