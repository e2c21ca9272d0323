package main

import (
	"bufio"
	"bytes"
	"fmt"

	"github.com/vole-bio/vole/internal/fileio"
)

// fastaContig is one sequence of a FASTA file, upper-cased.
type fastaContig struct {
	Name string // first word of the header
	Seq  []byte
}

// readFASTA loads a whole (plain or gzip) FASTA file. The bench only needs
// the reference in memory to cut substrings from it, so a loader is simpler
// than a streaming reader.
func readFASTA(path string) ([]fastaContig, error) {
	r, err := fileio.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var contigs []fastaContig
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimRight(sc.Bytes(), "\r")
		switch {
		case len(b) == 0:
		case b[0] == '>':
			f := bytes.Fields(b[1:])
			if len(f) == 0 {
				return nil, fmt.Errorf("%s: line %d: header without a name", path, line)
			}
			contigs = append(contigs, fastaContig{Name: string(f[0])})
		case len(contigs) == 0:
			return nil, fmt.Errorf("%s: line %d: sequence before the first '>' header", path, line)
		default:
			c := &contigs[len(contigs)-1]
			c.Seq = append(c.Seq, bytes.ToUpper(b)...)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: line %d: %w", path, line+1, err)
	}
	if len(contigs) == 0 {
		return nil, fmt.Errorf("%s: no FASTA records", path)
	}
	return contigs, nil
}
