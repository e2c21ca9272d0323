package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/fileio"
)

// The flags whose meaning is the same in every command, so that one place
// can check them for all commands (present and future):
var (
	// outputFlags name files a command writes.
	outputFlags = []string{"output", "plot", "cpuprofile"}
	// inputFlags name files a command reads, besides its arguments.
	inputFlags = []string{"ref", "file"}
	// folderOutputs are the commands whose -o names a folder, not a file.
	folderOutputs = []string{"run", "demo", "report"}
	// textArguments are the commands whose arguments are texts or DNA
	// patterns rather than files (a folder named ACGT must not matter).
	textArguments = []string{"bwt encode", "bwt decode", "search"}
)

// guardCommands wraps the argument check of every runnable command under
// root so that, after cobra has parsed the flags and before the command
// runs, it also checks what every command shares (checkInvocation), and so
// that a wrong number of arguments names the command and its usage.
func guardCommands(root *cobra.Command) {
	for _, c := range root.Commands() {
		guardCommands(c)
	}
	if !root.Runnable() {
		return
	}
	inner := root.Args
	root.Args = func(cmd *cobra.Command, args []string) error {
		if inner != nil {
			if err := inner(cmd, args); err != nil {
				return fmt.Errorf("%s: %w (usage: %s)", commandName(cmd), err, cmd.UseLine())
			}
		}
		if err := checkInvocation(cmd, args); err != nil {
			return fmt.Errorf("%s: %w", commandName(cmd), err)
		}
		return nil
	}
}

// commandName is a command's path without the program's name: "vcf view".
func commandName(c *cobra.Command) string {
	name := c.CommandPath()
	if i := strings.IndexByte(name, ' '); i >= 0 {
		return name[i+1:]
	}
	return name
}

// checkInvocation refuses, before any work is done, flag values no command
// can use and files that would make the command fail late or destroy an
// input:
//   - -t/--threads below 1, and any other integer flag below 0 (counts,
//     lengths, qualities and thresholds are never negative);
//   - standard input ("-") named more than once: it can be read only once;
//   - an input that is a folder;
//   - an output that is a folder or whose folder is missing or not writable
//     (fileio.CheckOutput), so that `-o nodir/x.bam` fails at once and not
//     after the whole alignment;
//   - an output that is an input or a file derived from one, such as its
//     index (fileio.RefuseInputs), compared by file identity; a .bam output
//     also writes X.bam.bai, which is checked too.
func checkInvocation(cmd *cobra.Command, args []string) error {
	var bad error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if bad == nil && f.Value.Type() == "int" {
			bad = checkCount(f)
		}
	})
	if bad != nil {
		return bad
	}
	var inputs []string
	if !slices.Contains(textArguments, commandName(cmd)) {
		inputs = append(inputs, args...)
	}
	for _, name := range inputFlags {
		if f := cmd.Flags().Lookup(name); f != nil && f.Value.String() != "" {
			inputs = append(inputs, f.Value.String())
		}
	}
	if stdinUses(inputs) > 1 {
		return fmt.Errorf("standard input (-) is named %d times; it can be read only once", stdinUses(inputs))
	}
	for _, in := range inputs {
		if st, err := os.Stat(in); err == nil && st.IsDir() {
			return fmt.Errorf("input %s is a folder: give a file", in)
		}
	}
	if slices.Contains(folderOutputs, commandName(cmd)) {
		return nil
	}
	for _, name := range outputFlags {
		f := cmd.Flags().Lookup(name)
		if f == nil || f.Value.Type() != "string" {
			continue
		}
		out := f.Value.String()
		if err := fileio.CheckOutput(out); err != nil {
			return err
		}
		if err := fileio.RefuseInputs(out, inputs...); err != nil {
			return err
		}
		if strings.HasSuffix(out, ".bam") {
			if err := fileio.RefuseInputs(out+".bai", inputs...); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkCount checks an integer flag: -t/--threads at least 1, any other at
// least 0.
func checkCount(f *pflag.Flag) error {
	v, err := strconv.Atoi(f.Value.String())
	if err != nil {
		return nil // pflag parsed it; it cannot fail here
	}
	name := "--" + f.Name
	if f.Shorthand != "" {
		name = "-" + f.Shorthand + "/" + name
	}
	switch {
	case f.Name == "threads" && v < 1:
		return fmt.Errorf("%s must be at least 1, got %d", name, v)
	case v < 0:
		return fmt.Errorf("%s must be 0 or more, got %d", name, v)
	}
	return nil
}

// stdinUses counts the arguments that name standard input.
func stdinUses(inputs []string) int {
	n := 0
	for _, in := range inputs {
		if in == "-" {
			n++
		}
	}
	return n
}

// openIndex opens the FM-index of the FASTA reference at path (building it
// when missing, see index.Open). The reference of a command that uses the
// index cannot be standard input: the index lives in a file beside it.
func openIndex(path string, notes io.Writer) (*index.Index, error) {
	if path == "-" {
		return nil, fmt.Errorf("the reference cannot be standard input (-): give the FASTA file, whose index REF.fa.vole is kept beside it")
	}
	return index.Open(path, notes)
}
