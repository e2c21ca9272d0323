// Command vole aligns sequencing reads to a reference with an FM-index and
// calls variants from the alignments: FASTA and FASTQ in, SAM/BAM and VCF out,
// in one binary. Run `vole --help` for the commands.
//
// Each command lives in its own file and registers its constructor with
// register, so commands can be built and run from tests (see runVole in
// main_test.go) without touching process state.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// constructors holds every command's constructor; each command file adds its
// own in an init function.
var constructors []func() *cobra.Command

// register adds a command constructor to the root command.
func register(c func() *cobra.Command) { constructors = append(constructors, c) }

// newRootCmd builds the whole command tree with its output streams.
func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "vole",
		Short: "FM-index read aligner and pileup variant caller",
		Long: `vole takes a FASTA reference and FASTQ reads to SAM/BAM alignments and a VCF
of SNPs and indels: it builds a BWT/FM-index, aligns reads by backward search
(exact seeds, then banded affine-gap extension), and calls variants from a
pileup. It also carries the small tools of an applied-genomics course.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	for _, c := range constructors {
		root.AddCommand(c())
	}
	return root
}

// run executes vole with args and returns the process exit status; it is the
// one place that prints errors.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		fmt.Fprintf(stderr, "vole: %s\n", strings.TrimSpace(err.Error()))
		return 1
	}
	return 0
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// defaultThreads is the -t default: every core.
func defaultThreads() int { return runtime.NumCPU() }

// commandLine is the full command line as typed, for @PG and ##commandline.
func commandLine() string { return strings.Join(os.Args, " ") }
