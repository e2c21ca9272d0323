package index

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
)

// The Burrows-Wheeler transform the way a course teaches it: append the
// sentinel '$' (smaller than every byte), sort all rotations, read the last
// column. NaiveBWT does exactly that; EncodeBWT gets the same answer from the
// suffix array (row 0 is the rotation that starts with '$'; the other rows
// are the suffixes in SA-IS order, each preceded by its previous byte);
// DecodeBWT inverts it with the last-to-first mapping.

// Sentinel is the end-of-text marker of the teaching BWT.
const Sentinel = '$'

// errHasSentinel is returned for a text that already contains the sentinel.
var errHasSentinel = errors.New("text contains '$', which is reserved for the BWT sentinel")

// rotationCompare compares the rotations of t starting at i and j, with '$'
// ranked below every other byte.
func rotationCompare(t []byte, i, j int) int {
	n := len(t)
	for k := 0; k < n; k++ {
		a, b := rank(t[(i+k)%n]), rank(t[(j+k)%n])
		if a != b {
			return a - b
		}
	}
	return 0
}

// rank orders bytes with the sentinel first.
func rank(b byte) int {
	if b == Sentinel {
		return -1
	}
	return int(b)
}

// Rotations returns the rotations of text+"$" in sorted order: the matrix a
// student draws. It needs quadratic memory; use it on short texts.
func Rotations(text []byte) ([][]byte, error) {
	t, starts, err := sortedRotations(text)
	if err != nil {
		return nil, err
	}
	rows := make([][]byte, len(starts))
	for r, s := range starts {
		rows[r] = append(slices.Clone(t[s:]), t[:s]...)
	}
	return rows, nil
}

// sortedRotations returns text+"$" and the start of each rotation in sorted
// order, by comparison sort of the rotations.
func sortedRotations(text []byte) ([]byte, []int, error) {
	if slices.Contains(text, Sentinel) {
		return nil, nil, errHasSentinel
	}
	t := append(slices.Clone(text), Sentinel)
	starts := make([]int, len(t))
	for i := range starts {
		starts[i] = i
	}
	slices.SortFunc(starts, func(i, j int) int { return rotationCompare(t, i, j) })
	return t, starts, nil
}

// NaiveBWT returns the BWT of text+"$" by sorting every rotation and taking
// the last column: O(n² log n) time, kept because it is the definition.
func NaiveBWT(text []byte) ([]byte, error) {
	t, starts, err := sortedRotations(text)
	if err != nil {
		return nil, err
	}
	bwt := make([]byte, len(t))
	for r, s := range starts {
		bwt[r] = t[(s+len(t)-1)%len(t)]
	}
	return bwt, nil
}

// EncodeBWT returns the BWT of text+"$" in linear time from the suffix array
// of text (SA-IS over bytes). The sentinel sorts first, so row 0 is "$text",
// ending in the last byte; row r > 0 is suffix SA[r-1], ending in the byte
// before it, or in '$' for the whole text.
func EncodeBWT(text []byte) ([]byte, error) {
	if slices.Contains(text, Sentinel) {
		return nil, errHasSentinel
	}
	bwt := make([]byte, len(text)+1)
	if len(text) == 0 {
		bwt[0] = Sentinel
		return bwt, nil
	}
	bwt[0] = text[len(text)-1]
	sa32, sa64 := sortSuffixes(text, 256)
	if sa32 != nil {
		fillTeachingBWT(bwt, text, sa32)
	} else {
		fillTeachingBWT(bwt, text, sa64)
	}
	return bwt, nil
}

// fillTeachingBWT writes rows 1..n of the BWT from the suffix array.
func fillTeachingBWT[T saInt](bwt, text []byte, sa []T) {
	for i, p := range sa {
		if p == 0 {
			bwt[i+1] = Sentinel
		} else {
			bwt[i+1] = text[p-1]
		}
	}
}

// DecodeBWT inverts a BWT that contains exactly one '$' with the
// last-to-first mapping: LF(r) = C[c] + rank of this c among the c's of the
// last column above row r, where c is the last-column byte of row r and C[c]
// counts the bytes smaller than c. From row 0 ("$text") each LF step moves
// one byte back through the text.
func DecodeBWT(bwt []byte) ([]byte, error) {
	if k := bytes.Count(bwt, []byte{Sentinel}); k != 1 {
		return nil, fmt.Errorf("a BWT must contain exactly one '$' sentinel, this one has %d", k)
	}
	// occ[r]: how many bytes equal to bwt[r] come before row r.
	var counts [256]int
	occ := make([]int, len(bwt))
	for r, b := range bwt {
		occ[r] = counts[b]
		counts[b]++
	}
	var first [256]int // C: rows of rotations that start with a smaller byte
	sum := counts[Sentinel]
	for b := range 256 {
		if b != Sentinel {
			first[b] = sum
			sum += counts[b]
		}
	}
	text := make([]byte, len(bwt)-1)
	r := 0
	for i := len(text) - 1; i >= 0; i-- {
		b := bwt[r]
		if b == Sentinel {
			return nil, errors.New("not a BWT: the last-to-first walk reaches '$' before the whole text is read")
		}
		text[i] = b
		r = first[b] + occ[r]
	}
	return text, nil
}
