package main

import (
	"github.com/spf13/cobra"
	"github.com/vole-bio/vole/pileup"
)

func init() { register(newPileupCmd) }

// newPileupCmd builds `vole pileup`: the samtools-mpileup-like text view of
// the columns the caller sees.
func newPileupCmd() *cobra.Command {
	def := pileup.DefaultCallOptions()
	opt := pileup.TextOptions{MinBaseQ: def.MinBaseQ, MinMapQ: def.MinMapQ, MaxDepth: def.MaxDepth}
	cmd := &cobra.Command{
		Use:   "pileup REF.fa A.bam",
		Short: "Print the pileup columns of a sorted BAM, as samtools mpileup does",
		Long: `Print, for each covered position, the contig, the position, the reference base,
the depth, the read bases and their qualities, in samtools mpileup's text
format: '.' and ',' match on the forward and reverse strand, letters are
mismatches (lower case on the reverse strand), '*' a deleted base, '^' and
a mapping-quality character start a read, '$' ends one, +N/-N and bases
follow a base where the read has an insertion or deletion. The reads and
bases are those the caller counts: the same flag, mapping and base quality
filters, overlapping mates once.`,
		Example: `  vole pileup ref.fa sample.bam --region chr1:1000-1010
  vole pileup ref.fa sample.bam -r '{chr11:5868417-7868417}:100-200'`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return pileup.WriteText(args[0], args[1], cmd.OutOrStdout(), opt)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opt.Region, "region", "r", "", "show only REGION: contig, contig:start-end or {contig}:start-end (1-based; needs a .bai)")
	f.IntVarP(&opt.MinBaseQ, "min-BQ", "Q", opt.MinBaseQ, "skip bases with base quality below this")
	f.IntVarP(&opt.MinMapQ, "min-MQ", "q", opt.MinMapQ, "skip reads with mapping quality below this")
	f.IntVarP(&opt.MaxDepth, "max-depth", "d", opt.MaxDepth, "show at most this many reads at a position")
	return cmd
}
