package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/index"
)

func init() { register(newSearchCmd) }

// newSearchCmd builds `vole search`: exact backward search of patterns on
// both strands of a reference.
func newSearchCmd() *cobra.Command {
	var count bool
	cmd := &cobra.Command{
		Use:   "search REF.fa PATTERN... [--count]",
		Short: "Find exact occurrences of DNA patterns on both strands",
		Long: `Search each PATTERN (A, C, G, T in either case) in the FM-index of REF.fa by
backward search, on the forward strand and as its reverse complement, and
print one line per occurrence: contig, 1-based position of its leftmost base
on the forward strand, and strand (+ or -), sorted by contig (in FASTA order),
position and strand. With several patterns a fourth column names the pattern.
With --count print only the number of occurrences (preceded by the pattern
and a tab when there are several). Occurrences that span two contigs or touch
an N are never reported; a pattern that is its own reverse complement is
reported on both strands. The index REF.fa.vole is built first when missing.`,
		Example: `  vole search ref.fa ACGTTGCA
  chr1	1042	+
  chr2	77	-
  vole search --count ref.fa GATTACA TTTT`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			fasta, patterns := args[0], args[1:]
			for _, p := range patterns {
				if err := checkPattern(p); err != nil {
					return err
				}
			}
			ix, err := openIndex(fasta, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			for _, p := range patterns {
				hits := ix.ExactHits(index.Encode(nil, []byte(p)))
				if err := ix.Err(); err != nil {
					return err
				}
				printHits(w, ix, p, hits, count, len(patterns) > 1)
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&count, "count", false, "print the number of occurrences only")
	return cmd
}

// checkPattern accepts a pattern of A, C, G and T in either case.
func checkPattern(p string) error {
	for i := 0; i < len(p); i++ {
		if index.Code(p[i]) > 3 {
			return fmt.Errorf("pattern %q: character %q at %d is not A, C, G or T", p, p[i], i+1)
		}
	}
	return nil
}

// printHits writes the hits of one pattern, or their count; labelled adds
// the pattern to each line.
func printHits(w *bufio.Writer, ix *index.Index, pattern string, hits []index.Hit, count, labelled bool) {
	suffix := ""
	if labelled {
		suffix = "\t" + pattern
	}
	if count {
		if labelled {
			fmt.Fprintf(w, "%s\t", pattern)
		}
		fmt.Fprintln(w, len(hits))
		return
	}
	contigs := ix.Contigs()
	for _, h := range hits {
		strand := '+'
		if h.Reverse {
			strand = '-'
		}
		fmt.Fprintf(w, "%s\t%d\t%c%s\n", contigs[h.Contig].Name, h.Pos+1, strand, suffix)
	}
}
