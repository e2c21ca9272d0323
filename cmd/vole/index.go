package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/index"
)

func init() { register(newIndexCmd) }

// newIndexCmd builds `vole index`: read a FASTA reference and write its
// FM-index file next to it.
func newIndexCmd() *cobra.Command {
	var (
		out   string
		quiet bool
	)
	cmd := &cobra.Command{
		Use:   "index REF.fa[.gz] [-o REF.fa.vole]",
		Short: "Build the FM-index of a FASTA reference",
		Long: `Read a FASTA reference (plain or gzip; many contigs; names are the first word
of each header) and write its FM-index to one file, REF.fa.vole by default:
the 2-bit packed text, runs of N and other IUPAC codes, the BWT with
occurrence counts, a sampled suffix array (built by SA-IS), and a fingerprint
of the FASTA so that a later change to it is detected. The FASTA is never
modified; the index is written under a temporary name and renamed when done.
REF.fa may be - for standard input when -o names the index.`,
		Example: `  vole index ref.fa                   # writes ref.fa.vole
  vole index genome.fa.gz -o /data/genome.vole -q`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fasta := args[0]
			if out == "" {
				if fasta == "-" {
					return fmt.Errorf("a reference read from standard input needs -o for its index")
				}
				out = index.Path(fasta)
			}
			if sameFile(out, fasta) {
				return fmt.Errorf("%s: the index would overwrite the FASTA; choose another -o", out)
			}
			start := time.Now()
			ref, err := index.ReadFASTA(fasta)
			if err != nil {
				return err
			}
			ix, err := index.Build(ref)
			if err != nil {
				return fmt.Errorf("%s: %w", fasta, err)
			}
			if err := ix.Save(out); err != nil {
				return err
			}
			if !quiet {
				fmt.Fprintf(cmd.ErrOrStderr(), "vole: indexed %d contigs, %d bases in %.1fs: %s\n",
					len(ix.Contigs()), ix.TextLen(), time.Since(start).Seconds(), out)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "", "index file to write [REF.fa.vole]")
	f.BoolVarP(&quiet, "quiet", "q", false, "print nothing on success")
	return cmd
}

// sameFile reports whether paths a and b name one existing file.
func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}
