// Package fileio opens inputs (plain, gzip or stdin) and creates outputs
// atomically, so that every command treats files the same way: an input named
// "-" is standard input, a gzip stream is recognised by its magic bytes rather
// than its name, and an output is written under a temporary name in the same
// folder and renamed into place only when complete. A failed command therefore
// never leaves a half-written file that looks finished.
//
// Every temporary file the package creates is registered until it is renamed
// or removed, so that an interrupted run can remove them all (Cleanup, which
// vole's signal handler calls), and holds an advisory lock while its process
// lives, so that a later run can tell an orphan (left by a killed process)
// from the temporary of a run still going and sweep only the orphans.
//
// CheckOutput and RefuseInputs are the checks every command makes before it
// starts: the output's folder must be writable, and the output must not be
// one of the inputs or a file derived from one (its index), since the final
// rename would replace it.
package fileio

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
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
	if isGzip(br) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		gz.Multistream(false)
		return &readCloser{Reader: &gzipMembers{gz: gz, br: br, name: path}, closers: []io.Closer{gz, f}}, nil
	}
	return &readCloser{Reader: br, closers: []io.Closer{f}}, nil
}

// isGzip reports whether br starts with the gzip magic bytes.
func isGzip(br *bufio.Reader) bool {
	magic, _ := br.Peek(2)
	return len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
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

// gzipMembers reads a gzip file member by member (BGZF is many members) so
// that what follows the last member can be judged: nothing is the end of
// the file, anything but another gzip header is trailing garbage. The gzip
// package's own multi-member mode reports such garbage as a bad header, or
// as an unexpected EOF ("truncated") when it is shorter than a header. Its
// errors name the file and say what is wrong in a user's words.
type gzipMembers struct {
	gz   *gzip.Reader
	br   *bufio.Reader // the compressed stream, read exactly up to each member's end
	name string
}

// errTrailingGarbage is returned for bytes after the last gzip member.
var errTrailingGarbage = errors.New("trailing garbage after gzip data")

func (g *gzipMembers) Read(p []byte) (int, error) {
	for {
		n, err := g.gz.Read(p)
		if err != io.EOF {
			return n, g.explain(err)
		}
		// The member ended; its checksum and length were verified.
		if _, perr := g.br.Peek(1); perr == io.EOF {
			return n, io.EOF
		}
		if !isGzip(g.br) {
			return n, g.explain(errTrailingGarbage)
		}
		if rerr := g.gz.Reset(g.br); rerr != nil {
			return n, g.explain(rerr)
		}
		g.gz.Multistream(false)
		if n > 0 {
			return n, nil
		}
	}
}

// explain names the file in a decompression error and says "truncated" for
// an unexpected end of the compressed data.
func (g *gzipMembers) explain(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: truncated gzip stream: %w", g.name, err)
	case errors.Is(err, errTrailingGarbage):
		return fmt.Errorf("%s: %w (the file has extra bytes after its compressed data)", g.name, err)
	}
	return fmt.Errorf("%s: %w", g.name, err)
}
