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

Genotype likelihoods come from the revised MAQ error model bcftools uses
(Li 2011): errors of one allele on one strand count with falling weight, as
real systematic errors repeat on one strand, so QUAL and PL are on bcftools'
scale. Base qualities are capped by the mapping quality (at most 60) and, for
reads near indels or with mismatches next to homopolymers, by their base
alignment quality (BAQ, Li 2011). Indels are left-normalized and genotyped
against the reads that span their repeat. QUAL is the phred probability that
every sample is hom-ref.

FILTER: LowQual (QUAL < 20), StrandBias (with at least 3 reference reads:
SNPs SOR > 4 with FS > 40, or FS > 60; indels SOR > 10 with FS > 40, or
FS > 200), ReadEnd (the alternate allele is
seen near read ends far more often than the reference), LowBaseQ (the same
for base quality under 20). INFO has DP (raw depth), MQ, MQ0F, DP4, FS, SOR,
QD, BaseQRankSum, ReadPosRankSum, so bcftools filter recipes written for
bcftools or GATK output run unchanged; FORMAT has GT, GQ, DP, AD, ADF, ADR, PL.

--region and -t above 1 use the BAM index (.bai); without one, -t only
speeds up decompression. The output is the same for any -t. A.bam may be -
for standard input (BAM or SAM). Records are written as they are called, so
memory follows the depth, not the genome; a plain REF.fa is read a window
at a time too, through REF.fa.fai (samtools faidx) or, without one, a table
scanned from the file (none is written); a gzip FASTA, or one whose lines
within a contig are of different lengths, is held in memory, a quarter of a
byte a base. -o x.vcf.gz writes BGZF and
its tabix index (.tbi, or .csi for a contig too long for TBI).

Defaults: bases under base quality 13 and reads under mapping quality 10 are
skipped, as are unmapped, secondary, QC-fail and duplicate reads; a pair's
overlapping bases count once; at most 8000 reads per position and sample.`,
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
	f.StringVarP(&output, "output", "o", "", "output VCF (.vcf, or .vcf.gz: BGZF with its .tbi/.csi index); stdout when absent")
	f.StringVarP(&opt.Region, "region", "r", "", "call only REGION: contig, contig:start-end or {contig}:start-end (1-based)")
	f.IntVarP(&opt.Threads, "threads", "t", defaultThreads(), "threads")
	f.IntVarP(&opt.MinBaseQ, "min-BQ", "Q", opt.MinBaseQ, "skip bases with base quality below this")
	f.IntVarP(&opt.MinMapQ, "min-MQ", "q", opt.MinMapQ, "skip reads with mapping quality below this")
	f.IntVarP(&opt.MaxDepth, "max-depth", "d", opt.MaxDepth, "count at most this many reads per position and sample")
	f.BoolVarP(&opt.NoBAQ, "no-BAQ", "B", false, "do not cap base qualities by their alignment quality (BAQ)")
	return cmd
}
