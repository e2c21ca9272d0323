package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/pileup/vcf"
)

func init() { register(newVCFCmd) }

// newVCFCmd builds `vole vcf`, the parent of the VCF tools.
func newVCFCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "vcf",
		Short: "VCF tools: stats, isec (intersection after normalization), view (filters)",
		Long: `Small tools for VCF files (plain, gzip or BGZF; "-" is standard input):
stats counts variants as bcftools stats does, isec intersects normalized
variants of several files as bcftools norm + isec do, and view keeps records
by genotype, sample and FILTER.`,
	}
	cmd.AddCommand(newVCFStatsCmd(), newVCFIsecCmd(), newVCFViewCmd(), newVCFConcatCmd())
	return cmd
}

// newVCFStatsCmd builds `vole vcf stats`.
func newVCFStatsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "stats X.vcf[.gz]",
		Short: "Count records, SNPs, MNPs, indels, multi-allelic sites, ts/tv, per-sample genotypes",
		Long: `Count the variants of a VCF with the definitions of bcftools stats (its SN,
TSTV and PSC sections), so the numbers can be checked against it.

The headline counts (PASS lines) are over records whose FILTER is PASS or '.';
records that failed a filter are counted apart (FILTERED lines, and one
FILTER line per filter name). A record counts once in each class one of its
ALT alleles has. Per sample (PASS records): hom-ref, het and hom-alt SNP
genotypes, ts/tv, indel genotypes, haploid and missing calls.`,
		Example: `  vole vcf stats calls.vcf.gz
  vole vcf stats calls.vcf | grep '^PASS'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := vcf.ComputeStats(args[0])
			if err != nil {
				return err
			}
			return s.WriteText(cmd.OutOrStdout())
		},
	}
}

// newVCFIsecCmd builds `vole vcf isec`.
func newVCFIsecCmd() *cobra.Command {
	var (
		n, refPath, output string
		pass               bool
	)
	cmd := &cobra.Command{
		Use:   "isec A.vcf B.vcf [C.vcf ...] [-n =N|+N|-N] [--ref REF.fa] [--pass] [-o out.vcf[.gz]]",
		Short: "Variants present in exactly / at least / at most N files, after normalization",
		Long: `Intersect VCFs as bcftools isec -n does after bcftools norm -m -any -f REF:
each ALT allele becomes its own variant, trimmed to its shortest form and,
with --ref, left-aligned (Tan et al. 2015), so that a multi-allelic record
matches its split records and an indel written at two places in a repeat
matches itself. Without --ref, REF is not checked and indels are not
left-aligned.

-n =N keeps variants found in exactly N files, +N in at least N, -N in at
most N; the default is all files. --pass ignores records that failed a
filter (bcftools isec -f PASS,.).

The output is a sites-only VCF sorted by contig and position: one record per
normalized variant, with the ID, QUAL and FILTER of the first file (in the
order given) that has it, and INFO ISEC=101... saying which files have it.
Files whose ##contig lines disagree (or disagree with --ref) are an error.`,
		Example: `  vole vcf isec --ref ref.fa vole.vcf bcftools.vcf freebayes.vcf -n +2 -o agreed.vcf
  vole vcf isec a.vcf.gz b.vcf.gz -n =1 > private.vcf`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			min, max, err := vcf.ParseIsecCount(n, len(args))
			if err != nil {
				return err
			}
			opt := vcf.IsecOptions{Min: min, Max: max, PassOnly: pass}
			if refPath != "" {
				if opt.Ref, opt.RefContigs, err = fastaReference(refPath); err != nil {
					return err
				}
			} else {
				fmt.Fprintln(cmd.ErrOrStderr(), "vole vcf isec: no --ref: records are split and trimmed but indels are not left-aligned, so an indel written at different places in a repeat will not match itself")
			}
			x, err := vcf.Intersect(args, opt)
			if err != nil {
				return err
			}
			out, err := vcf.CreateOutput(output, cmd.OutOrStdout(), x.Header)
			if err != nil {
				return err
			}
			defer out.Abort()
			for _, r := range x.Records {
				if err := out.Write(r); err != nil {
					return err
				}
			}
			return out.Commit()
		},
	}
	f := cmd.Flags()
	f.StringVarP(&n, "nfiles", "n", "", "keep variants in =N (exactly), +N (at least) or -N (at most) files [all files]")
	f.StringVarP(&refPath, "ref", "f", "", "reference FASTA: check REF and left-align indels")
	f.BoolVar(&pass, "pass", false, "read only records whose FILTER is PASS or '.'")
	f.StringVarP(&output, "output", "o", "", "output VCF (.vcf, or .vcf.gz for BGZF); stdout when absent")
	return cmd
}

// newVCFViewCmd builds `vole vcf view`.
func newVCFViewCmd() *cobra.Command {
	var (
		opt     vcf.ViewOptions
		samples string
		output  string
	)
	cmd := &cobra.Command{
		Use:   "view X.vcf[.gz] [-g hom|het|ref|miss|GT] [-s S1,S2] [--pass] [-o out.vcf[.gz]]",
		Short: "Keep records by genotype, sample and FILTER",
		Long: `Write the records of a VCF that pass the filters:

  -g hom   at least one selected sample is homozygous ALT (1/1, 2/2, haploid 1)
  -g het   at least one selected sample has two different alleles (0/1, 1/2)
  -g ref   at least one selected sample is homozygous REF (0/0, haploid 0)
  -g miss  at least one selected sample has a missing allele (./., 0/.)
  -g 1/1   at least one selected sample has exactly this GT; with '/' the
           phase and allele order do not matter (0/1 matches 1|0), with '|'
           they do
  -s A,B   keep only these sample columns, in this order; -g looks at them only
  --pass   keep only records whose FILTER is PASS or '.'

Unlike bcftools view -g hom, which also keeps hom-REF genotypes, -g hom here
means hom-ALT. INFO fields such as AC/AN are not recomputed after -s.`,
		Example: `  vole vcf view calls.vcf.gz -g het -s child --pass
  vole vcf view trio.vcf -g 1/1 -o homalt.vcf.gz`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if samples != "" {
				opt.Samples = strings.Split(samples, ",")
			}
			return viewVCF(cmd, args[0], output, opt)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opt.Genotype, "genotype", "g", "", "keep records where a selected sample has this genotype: hom, het, ref, miss or a GT like 1/1")
	f.StringVarP(&samples, "samples", "s", "", "comma-separated samples to keep (and to test with -g) [all]")
	f.BoolVar(&opt.PassOnly, "pass", false, "keep only records whose FILTER is PASS or '.'")
	f.StringVarP(&output, "output", "o", "", "output VCF (.vcf, or .vcf.gz for BGZF); stdout when absent")
	return cmd
}

// viewVCF streams the records of input that pass opt to output.
func viewVCF(cmd *cobra.Command, input, output string, opt vcf.ViewOptions) error {
	vr, err := vcf.Open(input)
	if err != nil {
		return err
	}
	defer vr.Close()
	v, err := vcf.NewView(vr.Header, opt)
	if err != nil {
		return fmt.Errorf("%s: %w", input, err)
	}
	out, err := vcf.CreateOutput(output, cmd.OutOrStdout(), v.Header)
	if err != nil {
		return err
	}
	defer out.Abort()
	for vr.Next() {
		r, keep, err := v.Apply(vr.Record())
		if err != nil {
			return fmt.Errorf("%s:%d: %w", input, vr.Line(), err)
		}
		if keep {
			if err := out.Write(r); err != nil {
				return err
			}
		}
	}
	if err := vr.Err(); err != nil {
		return err
	}
	return out.Commit()
}
