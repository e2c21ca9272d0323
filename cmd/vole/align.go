package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/align"
	"github.com/vole-bio/vole/internal/htsfile"
)

func init() { register(newAlignCmd) }

// newAlignCmd builds `vole align`: reads to SAM/BAM with the FM-index.
func newAlignCmd() *cobra.Command {
	var (
		output, profile string
		quiet           bool
		opt             align.Options
	)
	cmd := &cobra.Command{
		Use:   "align REF.fa READS.fq[.gz] [MATES.fq[.gz]] [-o out.sam|out.sam.gz|out.bam]",
		Short: "Align reads to a reference (seed, chain, banded affine-gap extension)",
		Long: `Align FASTQ (or FASTA) reads, plain or gzip, single-end or paired (two mate
files, or one interleaved file with -p), to REF.fa using its FM-index
REF.fa.vole, which is built first when missing.

Default mode: exact-match seeds by backward search, chained by diagonal and
extended with a banded affine-gap alignment with soft clipping (bwa mem's
scores: match 1, mismatch 4, gap open 6, extend 1, clip 5), MAPQ from the
gap between the best and second-best hits, paired-end insert-size model,
proper-pair flags and mate rescue. Among equally good hits the read's name
decides, so the copies of a repeat share the reads evenly. Reads whose parts
align to different places get supplementary records (flag 0x800, hard
clipped, SA tag), secondary hits are listed in XA (bwa's format). When
REF.fa.alt exists (bwa's alt-contig file), hits on the contigs it names do
not lower the MAPQ of hits on the primary assembly. --exact aligns whole
reads by exact backward search on both strands and nothing else (the
course's algorithm).

SAM goes to standard output without -o. The output format follows the
name: -o x.sam writes SAM, -o x.sam.gz BGZF-compressed SAM, -o x.bam a
coordinate-sorted BAM with its index x.bam.bai (x.bam.csi when a contig
is 2^29 bases or longer, too long for a BAI); other names are refused.
The output is the same for any number of threads.

Progress goes to standard error: a live count on a terminal, otherwise a
line per batch of reads; -q silences it.`,
		Example: `  vole align ref.fa reads.fq.gz > out.sam
  vole align -t 4 -R '@RG\tID:s1\tSM:s1' -o out.bam ref.fa r1.fq.gz r2.fq.gz
  vole align --exact ref.fa reads.fq`,
		Args: cobra.RangeArgs(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := htsfile.OutputFor(output); err != nil {
				return err
			}
			if opt.ReadGroup != "" {
				if _, _, err := align.ParseReadGroup(opt.ReadGroup); err != nil {
					return err
				}
			}
			if profile != "" {
				f, err := os.Create(profile)
				if err != nil {
					return err
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			notes := cmd.ErrOrStderr()
			if quiet {
				notes = io.Discard
			} else {
				progress := newAlignProgress(notes)
				defer progress.finish()
				opt.Progress, notes = progress.update, progress
			}
			ix, err := openIndex(args[0], notes)
			if err != nil {
				return err
			}
			opt.CommandLine = commandLine()
			opt.Version = version
			opt.Stdout = cmd.OutOrStdout()
			if opt.AltFile = align.AltPath(args[0]); opt.AltFile != "" {
				fmt.Fprintf(notes, "alt contigs listed in %s\n", opt.AltFile)
			}
			st, err := align.AlignFiles(ix, args[1:], output, opt, notes)
			if err != nil {
				return err
			}
			fmt.Fprintf(notes, "vole align: %d reads, %d mapped (%.2f%%), %d supplementary records\n", st.Reads, st.Mapped, 100*float64(st.Mapped)/float64(max(st.Reads, 1)), st.Supplementary)
			if st.LongReads > 0 {
				fmt.Fprintf(notes, "vole align: %d reads longer than the longest contig (aligned with clipping where they fit, else unmapped)\n", st.LongReads)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&output, "output", "o", "", "output `file`: .sam, .sam.gz (BGZF), or .bam (sorted, indexed) [standard output, SAM]")
	f.IntVarP(&opt.Threads, "threads", "t", defaultThreads(), "worker threads")
	f.StringVarP(&opt.ReadGroup, "read-group", "R", "", `read group header line such as '@RG\tID:x\tSM:y' [none]`)
	f.BoolVar(&opt.Exact, "exact", false, "whole-read exact backward search only")
	f.BoolVarP(&opt.Interleaved, "interleaved", "p", false, "one read file holds interleaved pairs")
	f.BoolVarP(&quiet, "quiet", "q", false, "print nothing on stderr unless there is an error")
	f.StringVar(&profile, "cpuprofile", "", "write a CPU profile to `file`")
	f.MarkHidden("cpuprofile")
	return cmd
}
