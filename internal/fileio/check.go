package fileio

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CheckOutput tells, before any work is done, whether an output file can be
// created at path: it must not be a folder and its folder must exist and be
// writable (tried by creating and removing a temporary there, which also
// catches a read-only file system). "" and "-" (standard output) pass.
// Commands call it at the start, so that a typo in -o fails at once rather
// than after an hour of alignment.
func CheckOutput(path string) error {
	if path == "" || path == "-" {
		return nil
	}
	if strings.HasSuffix(path, string(os.PathSeparator)) {
		return fmt.Errorf("output %s is a folder: give a file name, such as %s", path, filepath.Join(path, "out"))
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("output %s is a folder: give a file name, such as %s", path, filepath.Join(path, "out"))
	} else if err == nil && !st.Mode().IsRegular() {
		return nil // a device or named pipe, written in place (see Create)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real // a link: its target is replaced (see Create)
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: folder %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("cannot write %s: %w", path, err)
	case !st.IsDir():
		return fmt.Errorf("cannot write %s: %s is not a folder", path, dir)
	}
	// The probe is registered (createTemp) like any temporary, so that a
	// signal between its creation and removal does not leave it behind.
	probe, err := createTemp(dir, "."+base+".tmp-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the probe's own name would only confuse
		}
		return fmt.Errorf("cannot write %s: folder %s: %w", path, dir, err)
	}
	probe.Close()
	RemoveTemp(probe.Name())
	return nil
}

// derivedSuffixes are the files other tools and vole keep beside an input
// and that an output must not replace either: vole's FM-index, BAM and
// tabix indexes (.bai, .csi, .tbi), a FASTA index and a BGZF index.
var derivedSuffixes = []string{".vole", ".bai", ".csi", ".tbi", ".fai", ".gzi"}

// RefuseInputs returns an error when writing output would replace one of
// inputs or a file derived from one (REF.fa.vole, X.bam.bai or X.bai,
// .csi, .tbi, .fai, .gzi): an output is renamed over its final path, so
// naming an input as the output would destroy it. Files are compared by
// identity (os.SameFile), so another name for the same file (a link, a
// "./" path) is caught; a derived file that does not exist yet (an index
// the command will build) is compared by its absolute path. Standard input
// and output ("-", "") are never refused.
func RefuseInputs(output string, inputs ...string) error {
	if output == "" || output == "-" {
		return nil
	}
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		if Same(output, in) {
			return fmt.Errorf("output %s is the input %s: refusing to overwrite an input", output, in)
		}
		for _, d := range derived(in) {
			if Same(output, d) {
				if d != output {
					output += " (" + d + ")"
				}
				return fmt.Errorf("output %s is the index of the input %s: refusing to overwrite it", output, in)
			}
		}
	}
	return nil
}

// derived lists the files kept beside input that outputs must not replace.
func derived(input string) []string {
	out := make([]string, 0, len(derivedSuffixes)+1)
	for _, s := range derivedSuffixes {
		out = append(out, input+s)
	}
	if stem, ok := strings.CutSuffix(input, ".bam"); ok {
		out = append(out, stem+".bai")
	}
	return out
}

// Same reports whether paths a and b name one file: the same file
// (os.SameFile) when both exist, else the same absolute path after
// resolving links in the folder. Use it wherever a file given twice under
// two names must be caught, such as one FASTQ given as both mates.
func Same(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	if errA == nil || errB == nil {
		return false // one exists and the other does not
	}
	return canonical(a) == canonical(b)
}

// canonical returns path made absolute, with links in its folder resolved.
func canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	dir, base := filepath.Split(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(real, base)
	}
	return abs
}
