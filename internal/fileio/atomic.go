package fileio

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// AtomicFile is an output file written under a temporary name beside its
// final path. Commit renames it into place; Abort (or a Close without Commit)
// removes it. Use it for every output so that an error leaves nothing behind.
type AtomicFile struct {
	*os.File
	final  string
	real   string // the path renamed to: final with links resolved
	done   bool
	direct bool // written in place: a device or a named pipe
}

// Create starts an atomic output for path under the temporary name
// ".BASE.tmp-NNN" in the same folder, registered for Cleanup. Orphaned
// temporaries of the same output left by a killed run are swept first (see
// sweep). The folder must exist and be writable; the error says which
// folder when it is not.
//
// Two kinds of path are not replaced by a rename: a symbolic link is
// followed, so that its target is replaced and the link kept; and an
// existing file that is not a regular file (/dev/stdout, /dev/null, a named
// pipe) is opened and written in place, since renaming over it would
// replace the device or pipe with a regular file.
func Create(path string) (*AtomicFile, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", path, err)
		}
		return &AtomicFile{File: f, final: path, direct: true}, nil
	}
	final := path
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir, base := filepath.Split(path)
	if base == "" {
		return nil, CheckOutput(path)
	}
	if dir == "" {
		dir = "."
	}
	prefix := "." + base + ".tmp-"
	sweep(dir, prefix, "")
	f, err := createTemp(dir, prefix+"*")
	if err != nil {
		if cerr := CheckOutput(path); cerr != nil {
			return nil, cerr
		}
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return &AtomicFile{File: f, final: final, real: path}, nil
}

// Name returns the final path the file will have after Commit.
func (a *AtomicFile) Name() string { return a.final }

// Commit flushes and closes the temporary file and renames it to its final
// path. After Cleanup (an interrupted run) it fails and removes the file.
func (a *AtomicFile) Commit() error { return CommitAll([]*AtomicFile{a}) }

// CommitAll commits files that belong together, such as a BAM and its
// index: each is closed, then all are renamed into place and the stale
// paths (an index of the other kind left by an earlier run) removed in one
// step that Cleanup cannot interrupt, so a signal leaves either all of the
// new files or none of them, never a new BAM beside an old index. When a
// file fails to close, none is renamed and all are removed; the error names
// the file. Files already committed or aborted are skipped.
func CommitAll(files []*AtomicFile, stale ...string) error {
	var first error
	var pending []*AtomicFile
	for _, a := range files {
		if a.done {
			continue
		}
		a.done = true
		if err := a.close(); err != nil && first == nil {
			first = fmt.Errorf("%s: %w", a.final, err)
		}
		if !a.direct {
			pending = append(pending, a)
		}
	}
	if first == nil {
		first = renameTemps(pending, stale)
	}
	if first != nil {
		for _, a := range pending {
			RemoveTemp(a.File.Name())
		}
	}
	return first
}

// close makes a finished temporary readable as CreateTemp's 0600 would not
// be, and closes it.
func (a *AtomicFile) close() error {
	if a.direct {
		return a.File.Close()
	}
	err := a.File.Chmod(0o644)
	if cerr := a.File.Close(); err == nil {
		err = cerr
	}
	return err
}

// Abort closes and removes the temporary file. It is safe to call after
// Commit (it then does nothing), so `defer f.Abort()` is the usual pattern.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.File.Close()
	if !a.direct {
		RemoveTemp(a.File.Name())
	}
}

// Output is where a command writes a stream: an AtomicFile when a path is
// given, standard output when the path is "" or "-".
type Output struct {
	io.Writer
	file *AtomicFile
}

// CreateOutput opens path as an Output; "" and "-" mean standard output.
func CreateOutput(path string) (*Output, error) {
	if path == "" || path == "-" {
		return &Output{Writer: os.Stdout}, nil
	}
	f, err := Create(path)
	if err != nil {
		return nil, err
	}
	return &Output{Writer: f, file: f}, nil
}

// Commit finishes the output (rename into place for a file).
func (o *Output) Commit() error {
	if o.file == nil {
		return nil
	}
	return o.file.Commit()
}

// Abort removes an unfinished file output; it does nothing for stdout or
// after Commit.
func (o *Output) Abort() {
	if o.file != nil {
		o.file.Abort()
	}
}
