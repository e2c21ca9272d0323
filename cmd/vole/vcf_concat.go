package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/pileup/vcf"
)

// newVCFConcatCmd builds `vole vcf concat`: join the per-region VCFs of one
// call set into the VCF of the whole genome.
func newVCFConcatCmd() *cobra.Command {
	var (
		output, list string
	)
	cmd := &cobra.Command{
		Use:   "concat A.vcf[.gz] B.vcf[.gz] ... [-f LIST] [-o out.vcf[.gz]]",
		Short: "Join the VCFs of consecutive regions into one, as bcftools concat does",
		Long: `Join VCF files that hold consecutive stretches of one genome, such as the
outputs of ` + "`vole call --region`" + ` over a genome's regions, into one VCF: the
header once, then each file's records in the order the files are given
(on the command line, then in LIST, one path a line).

The files must have the same header apart from ##commandline lines (the
output's ##commandline is this command), and their records together must
be in reference order (##contig order, then position): give the regions in
reference order. Records are copied unchanged, so joining the regions of a
call gives byte for byte the VCF of calling the whole genome at once (apart
from ##commandline).`,
		Example: `  vole call ref.fa a.bam b.bam -r chr1 -o chr1.vcf.gz
  vole call ref.fa a.bam b.bam -r chr2 -o chr2.vcf.gz
  vole vcf concat chr1.vcf.gz chr2.vcf.gz -o calls.vcf.gz
  vole vcf concat -f regions.txt -o calls.vcf.gz`,
		RunE: func(cmd *cobra.Command, args []string) error {
			paths := args
			if list != "" {
				more, err := readList(list)
				if err != nil {
					return err
				}
				paths = append(paths, more...)
			}
			if err := fileio.RefuseInputs(output, paths...); err != nil {
				return err
			}
			return vcf.ConcatFiles(paths, output, vcf.ConcatOptions{CommandLine: commandLine(), Stdout: cmd.OutOrStdout()})
		},
	}
	f := cmd.Flags()
	f.StringVarP(&list, "file-list", "f", "", "read the input paths from this file, one a line, after those given as arguments")
	f.StringVarP(&output, "output", "o", "", "output VCF (.vcf, or .vcf.gz for BGZF); stdout when absent")
	return cmd
}

// readList reads a file of paths, one a line; blank lines are skipped.
func readList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); p != "" {
			out = append(out, p)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
