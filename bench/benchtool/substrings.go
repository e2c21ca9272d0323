package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
)

// substringRead is one exact substring of the reference.
type substringRead struct {
	Contig  string
	Pos     int  // 1-based leftmost base on the forward strand
	Reverse bool // the read is the reverse complement of the reference
	Seq     []byte
}

// sampleSubstrings draws n substrings of length l uniformly over all
// positions of the reference whose window holds only A, C, G and T, each on a
// random strand. A reference with no such window is an error.
func sampleSubstrings(contigs []fastaContig, n, l int, seed uint64) ([]substringRead, error) {
	// cum[i] is the number of window starts in contigs[:i+1].
	cum := make([]int, len(contigs))
	total := 0
	for i, c := range contigs {
		total += max(len(c.Seq)-l+1, 0)
		cum[i] = total
	}
	if total == 0 {
		return nil, fmt.Errorf("no contig is at least %d bases long", l)
	}
	rng := rand.New(rand.NewPCG(seed, 0x73756273))
	reads := make([]substringRead, 0, n)
	for tries := 0; len(reads) < n; tries++ {
		if tries > 100*n+1000 {
			return nil, errors.New("too few windows without ambiguous bases")
		}
		k := rng.IntN(total)
		ci := sort.SearchInts(cum, k+1)
		start := k
		if ci > 0 {
			start -= cum[ci-1]
		}
		w := contigs[ci].Seq[start : start+l]
		if !isACGT(w) {
			continue
		}
		r := substringRead{Contig: contigs[ci].Name, Pos: start + 1, Reverse: rng.IntN(2) == 1, Seq: bytes.Clone(w)}
		if r.Reverse {
			reverseComplement(r.Seq)
		}
		reads = append(reads, r)
	}
	return reads, nil
}

func isACGT(s []byte) bool {
	for _, b := range s {
		if b != 'A' && b != 'C' && b != 'G' && b != 'T' {
			return false
		}
	}
	return true
}

// reverseComplement reverse-complements an A/C/G/T sequence in place.
func reverseComplement(s []byte) {
	comp := func(b byte) byte {
		switch b {
		case 'A':
			return 'T'
		case 'C':
			return 'G'
		case 'G':
			return 'C'
		}
		return 'A'
	}
	for i, j := 0, len(s)-1; i <= j; i, j = i+1, j-1 {
		s[i], s[j] = comp(s[j]), comp(s[i])
	}
}

// writeSubstringFASTQ writes the reads as FASTQ named s<i>_<contig>_<pos>_<+|->
// with quality 'I' (Phred 40) throughout.
func writeSubstringFASTQ(w io.Writer, reads []substringRead) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	var qual []byte
	for i, r := range reads {
		strand := '+'
		if r.Reverse {
			strand = '-'
		}
		if len(qual) != len(r.Seq) {
			qual = bytes.Repeat([]byte{'I'}, len(r.Seq))
		}
		fmt.Fprintf(bw, "@s%d_%s_%d_%c\n%s\n+\n%s\n", i+1, r.Contig, r.Pos, strand, r.Seq, qual)
	}
	return bw.Flush()
}

// runSubstrings implements `benchtool substrings [-n N] [-len L] [-seed S] [-o OUT.fq] REF.fa`.
func runSubstrings(args []string, stdout io.Writer) error {
	fs := newFlags("substrings", "REF.fa")
	n := fs.Int("n", 1000000, "number of reads")
	l := fs.Int("len", 100, "read `length`")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("o", "", "output FASTQ `file` (default stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *n < 1 || *l < 1 {
		fs.Usage()
		return errors.New("need one REF.fa, -n >= 1 and -len >= 1")
	}
	contigs, err := readFASTA(fs.Arg(0))
	if err != nil {
		return err
	}
	reads, err := sampleSubstrings(contigs, *n, *l, *seed)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	return writeOutput(*out, stdout, func(w io.Writer) error { return writeSubstringFASTQ(w, reads) })
}
