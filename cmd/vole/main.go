// Command vole aligns sequencing reads to a reference with an FM-index and
// calls variants from the alignments: FASTA and FASTQ in, SAM/BAM and VCF out,
// in one binary. Run `vole --help` for the commands.
//
// Each command lives in its own file and registers its constructor with
// register, so commands can be built and run from tests (see runVole in
// main_test.go) without touching process state. What every command shares
// is checked in one place (checks.go): argument counts, flag values, and the
// output and input files, before the command starts its work.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/internal/fileio"
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
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%s: %w", commandName(c), err)
	})
	for _, c := range constructors {
		root.AddCommand(c())
	}
	guardCommands(root)
	return root
}

// run executes vole with args and returns the process exit status; it is the
// one place that prints errors.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		if fileio.Stopped() {
			// A signal's handler is removing the temporaries and will
			// exit with 128 + the signal: the error is its consequence.
			select {}
		}
		fmt.Fprintf(stderr, "vole: %s\n", strings.TrimSpace(describe(err)))
		return 1
	}
	return 0
}

// describe words an error for the user. A failed write to standard output
// (a full disk, a closed terminal) reaches us as "write /dev/stdout: ...",
// often behind the empty name of an output that was not given; it is said
// as what it is.
func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Op == "write" && pe.Path == os.Stdout.Name() {
		return "cannot write standard output: " + pe.Err.Error()
	}
	return err.Error()
}

func main() {
	removeTemporariesOnSignal()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// removeTemporariesOnSignal makes SIGINT (Ctrl-C), SIGTERM and SIGHUP (the
// terminal closed) remove every temporary file vole has open (half-written
// outputs, sort runs; see fileio.Cleanup) and exit with status 128 + the
// signal's number, as a shell reports a process killed by it. A signal the
// process started with ignored (nohup, a background job of a script) stays
// ignored: catching it would undo what the caller asked for.
func removeTemporariesOnSignal() {
	ch := make(chan os.Signal, 1)
	for _, sig := range []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(sig) {
			signal.Notify(ch, sig)
		}
	}
	go func() {
		sig := <-ch
		fileio.Cleanup()
		fmt.Fprintf(os.Stderr, "vole: stopped by signal (%s); temporary files removed\n", sig)
		code := 1
		if s, ok := sig.(syscall.Signal); ok {
			code = 128 + int(s)
		}
		os.Exit(code)
	}()
}

// defaultThreads is the -t default: every core.
func defaultThreads() int { return runtime.NumCPU() }

// commandLine is the full command line as typed, for @PG and ##commandline.
func commandLine() string { return strings.Join(os.Args, " ") }
