package index

import (
	"bytes"
	"sort"
)

// suffixArray returns the suffix array of codes (as if followed by a unique
// smallest sentinel). Temporary quadratic sort, to be replaced by SA-IS.
func suffixArray(codes []byte) []int32 {
	sa := make([]int32, len(codes))
	for i := range sa {
		sa[i] = int32(i)
	}
	sort.Slice(sa, func(a, b int) bool { return bytes.Compare(codes[sa[a]:], codes[sa[b]:]) < 0 })
	return sa
}
