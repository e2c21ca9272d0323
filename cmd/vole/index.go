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
		out         string
		quiet       bool
		threads     int
		ignoreShort bool
	)
	cmd := &cobra.Command{
		Use:   "index REF.fa[.gz] [-o REF.fa.vole]",
		Short: "Build the FM-index of a FASTA reference",
		Long: `Read a FASTA reference (plain or gzip; many contigs; names are the first word
of each header) and write its FM-index to one file, REF.fa.vole by default:
the 2-bit packed text, runs of N and other IUPAC codes, the BWT with
occurrence counts, a sampled suffix array, and a fingerprint of the FASTA so
that a later change to it is detected. The BWT is built block by block,
merging each block into the index of the text to its right, so memory stays
near the size of the index itself (about 1.3 bytes per base: some 4 GB for a
human genome); a reference may have up to 4,294,967,294 bases. Before
building, vole compares what the build needs with the memory the system says
is available and stops with both figures when it is short.

The FASTA is never modified; the index is written under a temporary name and
renamed when done, so a failed run (a full disk) leaves no index behind.
REF.fa may be - for standard input when -o names the index. A contig with no
bases is an error: SAM needs every reference sequence to have a length.`,
		Example: `  vole index ref.fa                   # writes ref.fa.vole
  vole index genome.fa.gz -o /data/genome.vole -q -t 4`,
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
			ref, err := index.ReadFASTAToIndex(fasta)
			if err != nil {
				return err
			}
			if !ignoreShort {
				if err := index.CheckBuildMemory(ref); err != nil {
					return fmt.Errorf("%s: %w (--ignore-memory to try anyway)", fasta, err)
				}
			}
			if err := index.BuildAndSave(ref, index.BuildOptions{Threads: threads}, out); err != nil {
				return fmt.Errorf("%s: %w", fasta, err)
			}
			if !quiet {
				fmt.Fprintf(cmd.ErrOrStderr(), "vole: indexed %d contigs, %d bases in %.1fs: %s\n",
					len(ref.Contigs), ref.TextLen(), time.Since(start).Seconds(), out)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "", "index file to write [REF.fa.vole]")
	f.BoolVarP(&quiet, "quiet", "q", false, "print nothing on success")
	f.IntVarP(&threads, "threads", "t", defaultThreads(), "threads (the index is the same for any number)")
	f.BoolVar(&ignoreShort, "ignore-memory", false, "build even when less memory is available than the build needs")
	return cmd
}

// sameFile reports whether paths a and b name one existing file.
func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}
