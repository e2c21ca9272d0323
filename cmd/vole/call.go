package main

import (
	"github.com/spf13/cobra"
	"github.com/vole-bio/vole/pileup"
)

func init() { register(newCallCmd) }

// newCallCmd builds `vole call`: joint SNP and indel calling from sorted BAMs.
func newCallCmd() *cobra.Command {
	opt := pileup.DefaultCallOptions()
	var output string
	cmd := &cobra.Command{
		Use:   "call REF.fa A.bam [B.bam ...]",
		Short: "Call SNPs and indels from coordinate-sorted BAMs into one VCF",
		Long: `Call SNPs and indels from one or more coordinate-sorted BAM (or SAM) files,
one sample each (named by @RG SM, else the file name), into one joint VCF 4.2.

Each column of the pileup gives diploid genotype likelihoods from the base
qualities capped by the mapping quality (Li 2011); indels are left-normalized
and genotyped against the reads that span their repeat. QUAL is the phred
probability that every sample is hom-ref; FILTER is LowQual below QUAL 20.

--region and -t above 1 use the BAM index (.bai); without one, -t only
speeds up decompression. The output is the same for any -t. A.bam may be -
for standard input (BAM or SAM).

Defaults: bases under base quality 13 and reads under mapping quality 20 are
skipped, as are unmapped, secondary, QC-fail and duplicate reads; a pair's
overlapping bases count once.`,
		Example: `  vole call ref.fa sample.bam -o calls.vcf.gz
  vole call ref.fa mother.bam father.bam child.bam -t 4 -o trio.vcf
  samtools view -h -q 30 sample.bam | vole call ref.fa - > calls.vcf
  vole call ref.fa a.bam --region '{chr11:5868417-7868417}:100000-200000'`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt.CommandLine = commandLine()
			opt.Source = "vole " + version
			opt.Stdout = cmd.OutOrStdout()
			return pileup.CallFiles(args[0], args[1:], output, opt)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&output, "output", "o", "", "output VCF (.vcf or .vcf.gz); stdout when absent")
	f.StringVarP(&opt.Region, "region", "r", "", "call only REGION: contig, contig:start-end or {contig}:start-end (1-based)")
	f.IntVarP(&opt.Threads, "threads", "t", defaultThreads(), "threads")
	f.IntVarP(&opt.MinBaseQ, "min-BQ", "Q", opt.MinBaseQ, "skip bases with base quality below this")
	f.IntVarP(&opt.MinMapQ, "min-MQ", "q", opt.MinMapQ, "skip reads with mapping quality below this")
	return cmd
}
