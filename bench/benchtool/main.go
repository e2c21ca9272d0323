// Command benchtool is the Go half of vole's side-by-side benchmark
// (bench/run.sh): it scores aligners and callers against simulated truth,
// times commands, makes the synthetic inputs and renders the result tables.
//
// Subcommands:
//
//	mapeval    mapping accuracy of a SAM/BAM of dwgsim reads (truth in read names)
//	vcfeval    SNP/indel precision, recall, F1 and genotype agreement against a truth VCF
//	time       run a command under /usr/bin/time -v; record wall seconds and peak RSS
//	genome     write a synthetic genome of a given size from a seed
//	tandem     write a genome of tandem arrays and an exact two-copy segment
//	substrings write exact substrings of a reference, both strands, as FASTQ
//	mutate     plant diploid SNPs and indels: two haplotype FASTAs and a truth VCF
//	tiles      a sorted SAM of 150-base reads tiled over a genome, for caller scale runs
//	table      render a TSV of results as a markdown table with ratios to an anchor row
//	cohort     simulate N samples on vole demo's genome, with a sample sheet
//
// Scoring rules follow the project's reference scripts (mapeval.py and
// vcfcmp.py) so numbers are comparable; where they differ it is said in the
// subcommand's doc and in bench/README.md.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/vole-bio/vole/internal/fileio"
)

// subcommand is one benchtool verb: it parses its own flags from args and
// writes its result to stdout.
type subcommand struct {
	summary string
	run     func(args []string, stdout io.Writer) error
}

// subcommands maps each verb to its implementation.
var subcommands = map[string]subcommand{
	"mapeval":    {"mapping accuracy of dwgsim reads in a SAM/BAM", runMapeval},
	"vcfeval":    {"precision/recall/F1 of a VCF against a truth VCF", runVcfeval},
	"time":       {"run a command under /usr/bin/time -v", runTime},
	"genome":     {"write a synthetic genome FASTA", runGenome},
	"tandem":     {"write a tandem-array genome FASTA and its BED", runTandem},
	"substrings": {"write exact reference substrings as FASTQ", runSubstrings},
	"mutate":     {"plant diploid variants: two haplotype FASTAs and a truth VCF", runMutate},
	"tiles":      {"a sorted SAM of reads tiled over a genome (caller scale tests)", runTiles},
	"table":      {"render a results TSV as a markdown table", runTable},
	"cohort":     {"simulate N samples on the demo genome, with a sample sheet", runCohort},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the exit status; it is the one
// place that prints errors.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		return 2
	}
	sc, ok := subcommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "benchtool: unknown subcommand %q\n", args[0])
		usage(stderr)
		return 2
	}
	if err := sc.run(args[1:], stdout); err != nil {
		fmt.Fprintf(stderr, "benchtool %s: %s\n", args[0], strings.TrimSpace(err.Error()))
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: benchtool <subcommand> [flags] args  (each subcommand has -h)")
	names := make([]string, 0, len(subcommands))
	for n := range subcommands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, subcommands[n].summary)
	}
}

// newFlags returns a flag set for a subcommand that reports errors instead of
// exiting, with a usage line naming the positional arguments.
func newFlags(name, positional string) *flag.FlagSet {
	fs := flag.NewFlagSet("benchtool "+name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: benchtool %s [flags] %s\n", name, positional)
		fs.PrintDefaults()
	}
	return fs
}

// writeOutput runs write on path, created atomically (nothing is left behind
// when write fails), or on stdout when path is "" or "-".
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	f, err := fileio.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}
