package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/fileio"
)

func init() { register(newBWTCmd) }

// maxMatrixLen is the longest text whose rotation matrix --matrix prints.
const maxMatrixLen = 200

// newBWTCmd builds `vole bwt` with its encode and decode subcommands, the
// course's first two questions on any text.
func newBWTCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bwt encode|decode",
		Short: "Burrows-Wheeler transform of a text, and its inverse",
		Long: `Teaching tools for the Burrows-Wheeler transform. 'encode' appends the
sentinel $ to a text and prints the last column of its sorted rotation matrix;
'decode' turns such a column back into the text with the last-to-first
mapping. The sentinel sorts before every other character.`,
		Example: `  vole bwt encode BANANA
  vole bwt decode 'ANNB$AA'`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newBWTEncodeCmd(), newBWTDecodeCmd())
	return cmd
}

func newBWTEncodeCmd() *cobra.Command {
	var (
		file          string
		matrix, naive bool
	)
	cmd := &cobra.Command{
		Use:   "encode [TEXT] [-f FILE] [--matrix] [--naive]",
		Short: "Print the BWT of TEXT$",
		Long: `Append the sentinel $ to TEXT (or the contents of FILE, or standard input,
without their final line break) and print the Burrows-Wheeler transform: the
last column of the sorted rotations. The text must not contain $. By default
the transform comes from a suffix array built in linear time; --naive sorts
all rotations instead, the definition the course gives (same answer, quadratic
time). --matrix also prints the sorted rotation matrix with row numbers, for
texts up to 200 characters.`,
		Example: `  vole bwt encode BANANA
  ANNB$AA
  vole bwt encode --matrix ACAACG
  vole bwt encode -f text.txt`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, name, err := bwtInput(cmd, args, file)
			if err != nil {
				return err
			}
			encode := index.EncodeBWT
			if naive {
				encode = index.NaiveBWT
			}
			bwt, err := encode(text)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			if matrix {
				if err := printMatrix(w, text, name); err != nil {
					return err
				}
			}
			w.Write(bwt)
			w.WriteByte('\n')
			return w.Flush()
		},
	}
	f := cmd.Flags()
	f.StringVarP(&file, "file", "f", "", "read the text from FILE ('-' for standard input)")
	f.BoolVar(&matrix, "matrix", false, "also print the sorted rotation matrix (texts up to 200 characters)")
	f.BoolVar(&naive, "naive", false, "sort all rotations instead of using the suffix array")
	return cmd
}

func newBWTDecodeCmd() *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "decode [BWT] [-f FILE]",
		Short: "Recover the text from its BWT",
		Long: `Invert a Burrows-Wheeler transform (given as an argument, in FILE, or on
standard input, without a final line break) with the last-to-first mapping
and print the original text without the sentinel. The input must contain
exactly one $.`,
		Example: `  vole bwt decode 'ANNB$AA'
  BANANA
  vole bwt encode -f text.txt | vole bwt decode`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bwt, name, err := bwtInput(cmd, args, file)
			if err != nil {
				return err
			}
			text, err := index.DecodeBWT(bwt)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			w := cmd.OutOrStdout()
			if _, err := w.Write(append(text, '\n')); err != nil {
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "read the BWT from FILE ('-' for standard input)")
	return cmd
}

// bwtInput returns the text to transform and a name for it in errors: the
// argument, else the file, else standard input; a file's or stream's final
// line break is dropped.
func bwtInput(cmd *cobra.Command, args []string, file string) ([]byte, string, error) {
	switch {
	case len(args) == 1 && file != "":
		return nil, "", fmt.Errorf("give the text as an argument or with -f, not both")
	case len(args) == 1:
		return []byte(args[0]), "argument", nil
	}
	var r io.Reader = cmd.InOrStdin()
	name := "standard input"
	if file != "" && file != "-" {
		f, err := fileio.Open(file)
		if err != nil {
			return nil, "", err
		}
		defer f.Close()
		r, name = f, file
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	data = bytes.TrimSuffix(data, []byte("\n"))
	data = bytes.TrimSuffix(data, []byte("\r"))
	return data, name, nil
}

// printMatrix writes the sorted rotations of text$ with their row numbers.
func printMatrix(w io.Writer, text []byte, name string) error {
	if len(text) > maxMatrixLen {
		return fmt.Errorf("%s: --matrix is for texts up to %d characters, this one has %d", name, maxMatrixLen, len(text))
	}
	rows, err := index.Rotations(text)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	width := len(fmt.Sprint(len(rows) - 1))
	for r, row := range rows {
		fmt.Fprintf(w, "%*d  %s\n", width, r, row)
	}
	return nil
}
