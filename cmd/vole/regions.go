package main

import (
	"bufio"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/internal/workflow"
)

func init() { register(newRegionsCmd) }

// newRegionsCmd builds `vole regions`: the calling regions of a reference,
// for running vole call region by region.
func newRegionsCmd() *cobra.Command {
	var chunk int
	cmd := &cobra.Command{
		Use:   "regions REF.fa [-s BASES]",
		Short: "Print the reference cut into calling regions, one per line",
		Long: `Print the contigs of REF.fa as regions for ` + "`vole call --region`" + `, one a line,
in reference order: each contig whole, or with -s cut into windows of that
many bases (the last window of a contig shorter). A region is written
name:start-end (1-based, inclusive), with the name in braces when it holds
':' or '-', so that contigs like chr11:5868417-7868417 read back as one name.

Calling each region and joining the VCFs in this order with vole vcf concat
gives the VCF of calling the whole genome at once: this is how the Snakemake
workflow in workflow/ spreads calling over a cluster.`,
		Example: `  vole regions ref.fa
  vole regions ref.fa -s 1000000 | while read -r r; do ...; done`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			regions, err := workflow.Regions(args[0], chunk)
			if err != nil {
				return err
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			for _, r := range regions {
				w.WriteString(r.String() + "\n")
			}
			return w.Flush()
		},
	}
	cmd.Flags().IntVarP(&chunk, "size", "s", 0, "region size in bases; 0: one region per contig")
	return cmd
}
