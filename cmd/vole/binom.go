package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/internal/binom"
	"github.com/vole-bio/vole/internal/fileio"
)

func init() { register(newBinomCmd) }

// newBinomCmd builds `vole binom`: the heterozygosity threshold table of the
// one-sided exact binomial test, and optionally its plot.
func newBinomCmd() *cobra.Command {
	var (
		min, max int
		alpha    float64
		plotPath string
	)
	cmd := &cobra.Command{
		Use:   "binom [--min N] [--max N] [--alpha A] [--plot FILE.svg|.png]",
		Short: "Minor-allele read counts a binomial test rejects as heterozygous",
		Long: `For each coverage n from --min to --max, print the largest number k of
minor-allele reads that a one-sided exact binomial test (p = 0.5) rejects at
--alpha, i.e. the largest k with P(X <= k) < alpha for X ~ Binomial(n, 0.5),
and the fraction k/n. A site with fewer minor-allele reads than that is not
heterozygous. With --plot, also draw k/n against n (format from the file
extension: .svg, .png or .pdf). When even k = 0 is not rejected (n <= 4 at
alpha 0.05), k is -1 and k/n is NA.`,
		Example: `  vole binom                       # n = 10..200, alpha 0.05
  vole binom --max 50 --plot q3.png`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rows, err := binom.Table(min, max, alpha)
			if err != nil {
				return err
			}
			if plotPath != "" {
				if err := writeBinomPlot(plotPath, rows, alpha); err != nil {
					return err
				}
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			fmt.Fprintln(w, "n\tk\tk/n")
			for _, r := range rows {
				if r.K < 0 {
					fmt.Fprintf(w, "%d\t%d\tNA\n", r.N, r.K)
					continue
				}
				fmt.Fprintf(w, "%d\t%d\t%.4f\n", r.N, r.K, r.Ratio)
			}
			return w.Flush()
		},
	}
	f := cmd.Flags()
	f.IntVar(&min, "min", 10, "smallest coverage n")
	f.IntVar(&max, "max", 200, "largest coverage n")
	f.Float64Var(&alpha, "alpha", 0.05, "significance level of the one-sided test")
	f.StringVar(&plotPath, "plot", "", "also write the k/n curve to this .svg, .png or .pdf file")
	return cmd
}

// writeBinomPlot writes the threshold plot atomically to path.
func writeBinomPlot(path string, rows []binom.Row, alpha float64) error {
	format, err := binom.FormatOf(path)
	if err != nil {
		return err
	}
	out, err := fileio.Create(path)
	if err != nil {
		return err
	}
	defer out.Abort()
	if err := binom.WritePlot(out, rows, alpha, format); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return out.Commit()
}
