// Package fileio opens inputs (plain, gzip or stdin) and creates outputs
// atomically, so that every command treats files the same way: an input named
// "-" is standard input, a gzip stream is recognised by its magic bytes rather
// than its name, and an output is written under a temporary name in the same
// folder and renamed into place only when complete. A failed command therefore
// never leaves a half-written file that looks finished.
package fileio

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Open opens path for reading ("-" is standard input) and transparently
// decompresses gzip (including multi-member BGZF) when the stream starts with
// the gzip magic bytes. Errors name the file.
func Open(path string) (io.ReadCloser, error) {
	var f *os.File
	if path == "-" {
		f = os.Stdin
	} else {
		var err error
		f, err = os.Open(path)
		if err != nil {
			return nil, err // *PathError already names the file
		}
	}
	br := bufio.NewReaderSize(f, 1<<20)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return &readCloser{Reader: &gzipErrNamer{r: gz, name: path}, closers: []io.Closer{gz, f}}, nil
	}
	return &readCloser{Reader: br, closers: []io.Closer{f}}, nil
}

type readCloser struct {
	io.Reader
	closers []io.Closer
}

func (r *readCloser) Close() error {
	var first error
	for _, c := range r.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// gzipErrNamer turns the gzip package's bare "unexpected EOF" into an error
// that says the compressed file is truncated, which is what a user needs to
// hear.
type gzipErrNamer struct {
	r    io.Reader
	name string
}

func (g *gzipErrNamer) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return n, fmt.Errorf("%s: truncated gzip stream: %w", g.name, err)
		}
		return n, fmt.Errorf("%s: %w", g.name, err)
	}
	return n, err
}

// AtomicFile is an output file written under a temporary name beside its
// final path. Commit renames it into place; Abort (or a Close without Commit)
// removes it. Use it for every output so that an error leaves nothing behind.
type AtomicFile struct {
	*os.File
	final string
	done  bool
}

// Create starts an atomic output for path. The folder must exist and be
// writable; the error says which folder when it is not.
func Create(path string) (*AtomicFile, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return &AtomicFile{File: f, final: path}, nil
}

// Name returns the final path the file will have after Commit.
func (a *AtomicFile) Name() string { return a.final }

// Commit flushes and closes the temporary file and renames it to its final
// path.
func (a *AtomicFile) Commit() error {
	if a.done {
		return nil
	}
	a.done = true
	tmp := a.File.Name()
	if err := a.File.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s: %w", a.final, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s: %w", a.final, err)
	}
	if err := os.Rename(tmp, a.final); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s: %w", a.final, err)
	}
	return nil
}

// Abort closes and removes the temporary file. It is safe to call after
// Commit (it then does nothing), so `defer f.Abort()` is the usual pattern.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.File.Close()
	os.Remove(a.File.Name())
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
