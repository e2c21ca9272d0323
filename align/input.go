package align

import (
	"bytes"
	"fmt"
	"io"

	"github.com/vole-bio/vole/internal/fileio"
)

// Fragment is one read or one read pair as it came from the input; Paired
// tells whether Mates[1] is set. Index is the fragment's 0-based position in
// the input, which fixes the output order.
type Fragment struct {
	Mates  [2]Read
	Paired bool
	Index  int
}

// fragmentSource reads fragments from one file (single-end or interleaved
// pairs) or two mate files, checking that mates pair by name and count.
type fragmentSource struct {
	r1, r2      *ReadReader
	interleaved bool
	closers     []io.Closer
	names       [2]string
	next        int
}

// openFragments opens one or two read files; interleaved means one file
// whose consecutive records are mates (bwa mem -p).
func openFragments(paths []string, interleaved bool) (*fragmentSource, error) {
	if len(paths) < 1 || len(paths) > 2 {
		return nil, fmt.Errorf("expected one or two read files, got %d", len(paths))
	}
	if interleaved && len(paths) == 2 {
		return nil, fmt.Errorf("interleaved pairs (-p) take one read file, got two")
	}
	if len(paths) == 2 && paths[0] != "-" && fileio.Same(paths[0], paths[1]) {
		return nil, fmt.Errorf("%s and %s are the same file: give the mates' file second, or one file of interleaved pairs with -p", paths[0], paths[1])
	}
	s := &fragmentSource{interleaved: interleaved}
	for i, p := range paths {
		f, err := fileio.Open(p)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.closers = append(s.closers, f)
		rr := NewReadReader(f, p)
		s.names[i] = p
		if i == 0 {
			s.r1 = rr
		} else {
			s.r2 = rr
		}
	}
	return s, nil
}

// Close closes the input files.
func (s *fragmentSource) Close() error {
	var first error
	for _, c := range s.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// paired reports whether the fragments are pairs.
func (s *fragmentSource) paired() bool { return s.interleaved || s.r2 != nil }

// batch reads up to n fragments; it returns fewer (maybe none) at the end of
// the input. The reads of a batch share one buffer.
func (s *fragmentSource) batch(n int) ([]Fragment, error) {
	frags := make([]Fragment, 0, n)
	buf := make([]byte, 0, n*320)
	for len(frags) < n {
		var f Fragment
		var err error
		f.Mates[0], buf, err = s.r1.Next(buf)
		if err == io.EOF {
			if s.r2 != nil {
				if _, _, err2 := s.r2.Next(buf); err2 != io.EOF {
					if err2 != nil {
						return nil, err2
					}
					return nil, fmt.Errorf("%s: record %d: more reads than the mate file %s, which ended after %d records", s.names[1], s.r2.Records(), s.names[0], s.r1.Records())
				}
			}
			break
		}
		if err != nil {
			return nil, err
		}
		if s.paired() {
			if buf, err = s.mate(&f, buf); err != nil {
				return nil, err
			}
		}
		f.Index = s.next
		s.next++
		frags = append(frags, f)
	}
	return frags, nil
}

// mate reads the second read of a pair and checks the names pair.
func (s *fragmentSource) mate(f *Fragment, buf []byte) ([]byte, error) {
	rr, name := s.r2, s.names[1]
	if s.interleaved {
		rr, name = s.r1, s.names[0]
	}
	var err error
	f.Mates[1], buf, err = rr.Next(buf)
	if err == io.EOF {
		if s.interleaved {
			return buf, fmt.Errorf("%s: record %d: interleaved file has an odd number of records; the last read has no mate", name, rr.Records())
		}
		return buf, fmt.Errorf("%s: record %d: more reads than the mate file %s, which ended after %d records", s.names[0], s.r1.Records(), name, rr.Records())
	}
	if err != nil {
		return buf, err
	}
	if !bytes.Equal(f.Mates[0].Name, f.Mates[1].Name) {
		return buf, fmt.Errorf("%s: record %d: read names do not pair: %q and %q", name, rr.Records(), f.Mates[0].Name, f.Mates[1].Name)
	}
	f.Paired = true
	return buf, nil
}
