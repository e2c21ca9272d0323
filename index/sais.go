package index

import "math"

// Suffix array construction by induced sorting (SA-IS): G. Nong, S. Zhang and
// W. H. Chan, "Linear suffix array construction by almost pure
// induced-sorting", Data Compression Conference 2009. The text is taken to
// end with a virtual sentinel smaller than every symbol, so no byte value is
// reserved for it and the sentinel's own suffix is not in the result.
//
// Every suffix is S-type when it is smaller than the suffix after it and
// L-type when larger (the last symbol is L, being followed by the sentinel).
// A leftmost-S (LMS) position is an S position right after an L one. Once the
// LMS suffixes are in order, one left-to-right scan places every L suffix
// (each L suffix is induced from the suffix one position later, which sorts
// before it) and one right-to-left scan places every S suffix. The passes:
//
//  1. classify S/L in one right-to-left scan (a bit per position);
//  2. drop the LMS positions at the ends of their first-symbol buckets and
//     induce L then S: this sorts the LMS substrings (the stretch from one
//     LMS position to the next), though not yet the LMS suffixes;
//  3. give equal LMS substrings equal names, in sorted order, and write the
//     names in text order: a text at most half as long whose suffix array
//     orders the LMS suffixes;
//  4. sort that reduced text, recursively when names repeat, directly when
//     every name is unique;
//  5. map the reduced suffix array back to LMS positions, place them at
//     their bucket ends in that order and induce L then S again: this time
//     every suffix lands in its final place.
//
// Each level runs a constant number of linear scans over a problem at most
// half the size of the one above, so the whole is O(n). The reduced text and
// its suffix array share the suffix-array memory of the level above (names
// at most n/2, stored in its upper half), and the bucket arrays of a
// recursive level live in the part of that memory that lies between them
// (recounting bucket sizes when only one array fits), so beyond the suffix
// array itself only the type bits (n/8 bytes) and small arrays are
// allocated.
//
// The suffix-array integer type T is int32 while the text fits, halving the
// memory of the 64-bit form; the same generic code serves both.

// maxNarrowText is the longest text sorted with 32-bit suffix-array entries;
// longer texts use 64-bit ones. Tests lower it to exercise the wide path.
var maxNarrowText = math.MaxInt32 - 1

// symbol is a text symbol type: bytes at the top level, integer names in
// the recursion.
type symbol interface{ byte | int32 | int64 }

// saInt is a suffix-array entry type.
type saInt interface{ int32 | int64 }

// sortSuffixes returns the suffix array of text over the alphabet [0,k) as
// 32-bit entries, or as 64-bit entries when the text is longer than
// maxNarrowText (exactly one of the results is non-nil when text is not
// empty).
func sortSuffixes(text []byte, k int) ([]int32, []int64) {
	if len(text) > maxNarrowText {
		sa := make([]int64, len(text))
		sais(text, k, sa, nil)
		return nil, sa
	}
	sa := make([]int32, len(text))
	sais(text, k, sa, nil)
	return sa, nil
}

// suffixTypes holds one bit per text position, set for S-type suffixes.
type suffixTypes []uint64

func (t suffixTypes) isS(i int) bool { return t[i>>6]&(1<<uint(i&63)) != 0 }

// isLMS reports whether i is a leftmost-S position: S-type with an L-type
// predecessor.
func (t suffixTypes) isLMS(i int) bool { return i > 0 && t.isS(i) && !t.isS(i-1) }

// classify computes the type bits of text in one right-to-left scan.
func classify[C symbol](text []C) suffixTypes {
	n := len(text)
	t := make(suffixTypes, (n+63)/64)
	// text[n-1] is L: the sentinel after it is smaller.
	for i := n - 2; i >= 0; i-- {
		if text[i] < text[i+1] || (text[i] == text[i+1] && t.isS(i+1)) {
			t[i>>6] |= 1 << uint(i&63)
		}
	}
	return t
}

// buckets holds a working pointer per symbol's bucket (length k) and,
// when there is room, each bucket's size; without it (count == nil) the
// sizes are counted again from the text whenever the pointers are reset,
// one more linear scan traded for 4k or 8k bytes.
type buckets[C symbol, T saInt] struct {
	text       []C
	count, ptr []T
}

// newBuckets sets up the buckets of text over [0,k), taking both arrays from
// tmp when it holds 2k entries, the pointers alone when it holds k, and
// allocating the pointers otherwise.
func newBuckets[C symbol, T saInt](text []C, k int, tmp []T) buckets[C, T] {
	b := buckets[C, T]{text: text}
	switch {
	case len(tmp) >= 2*k:
		b.count, b.ptr = tmp[:k], tmp[k:2*k]
		clear(b.count)
		for _, c := range text {
			b.count[c]++
		}
	case len(tmp) >= k:
		b.ptr = tmp[:k]
	default:
		b.ptr = make([]T, k)
	}
	return b
}

// sizes returns the bucket sizes, counting them into ptr when they are not
// kept.
func (b buckets[C, T]) sizes() []T {
	if b.count != nil {
		return b.count
	}
	clear(b.ptr)
	for _, c := range b.text {
		b.ptr[c]++
	}
	return b.ptr
}

// heads points every bucket at its first slot.
func (b buckets[C, T]) heads() {
	var sum T
	for c, n := range b.sizes() {
		b.ptr[c] = sum
		sum += n
	}
}

// tails points every bucket just past its last slot.
func (b buckets[C, T]) tails() {
	var sum T
	for c, n := range b.sizes() {
		sum += n
		b.ptr[c] = sum
	}
}

// sais writes into sa (len(sa) == len(text)) the suffix array of text over
// the alphabet [0,k), with the virtual smallest sentinel. tmp is optional
// scratch space for the bucket arrays and must not overlap text or sa.
func sais[C symbol, T saInt](text []C, k int, sa []T, tmp []T) {
	n := len(text)
	switch n {
	case 0:
		return
	case 1:
		sa[0] = 0
		return
	}
	types := classify(text)
	b := newBuckets(text, k, tmp)

	// Pass 2: sort the LMS substrings.
	placeLMS(text, sa, types, b)
	induceL(text, sa, types, b)
	induceS(text, sa, types, b)

	// Pass 3: name them; the reduced text ends up in sa[n-n1:].
	n1 := compactLMS(sa, types)
	names := nameLMS(text, sa, types, n1)
	reduced, sa1 := sa[n-n1:], sa[:n1]

	// Pass 4: sort the reduced text.
	if names < n1 {
		sais(reduced, names, sa1, sa[n1:n-n1])
	} else {
		for i, name := range reduced {
			sa1[name] = T(i)
		}
	}

	// Pass 5: back to text positions, then induce the final order.
	unmapLMS(sa, types, n1)
	expandLMS(text, sa, b, n1)
	induceL(text, sa, types, b)
	induceS(text, sa, types, b)
}

// placeLMS empties sa and puts every LMS position at the end of the bucket
// of its first symbol, in any order within a bucket.
func placeLMS[C symbol, T saInt](text []C, sa []T, types suffixTypes, b buckets[C, T]) {
	for i := range sa {
		sa[i] = -1
	}
	b.tails()
	for i := len(text) - 1; i > 0; i-- {
		if types.isLMS(i) {
			c := text[i]
			b.ptr[c]--
			sa[b.ptr[c]] = T(i)
		}
	}
}

// induceL places the L-type suffixes by a left-to-right scan: a suffix met
// in sa whose predecessor is L-type puts that predecessor at the head of its
// bucket. The sentinel, smallest of all, first induces the last position.
func induceL[C symbol, T saInt](text []C, sa []T, types suffixTypes, b buckets[C, T]) {
	b.heads()
	n := len(text)
	c := text[n-1]
	sa[b.ptr[c]] = T(n - 1)
	b.ptr[c]++
	for i := 0; i < n; i++ {
		j := int(sa[i]) - 1
		if j >= 0 && !types.isS(j) {
			c := text[j]
			sa[b.ptr[c]] = T(j)
			b.ptr[c]++
		}
	}
}

// induceS places the S-type suffixes by a right-to-left scan, each at the
// tail of its bucket, overwriting the LMS positions placed before.
func induceS[C symbol, T saInt](text []C, sa []T, types suffixTypes, b buckets[C, T]) {
	b.tails()
	for i := len(text) - 1; i >= 0; i-- {
		j := int(sa[i]) - 1
		if j >= 0 && types.isS(j) {
			c := text[j]
			b.ptr[c]--
			sa[b.ptr[c]] = T(j)
		}
	}
}

// compactLMS moves the LMS positions, in their sorted order, to the front
// of sa and returns how many there are.
func compactLMS[T saInt](sa []T, types suffixTypes) int {
	n1 := 0
	for _, p := range sa {
		if types.isLMS(int(p)) {
			sa[n1] = p
			n1++
		}
	}
	return n1
}

// nameLMS gives each sorted LMS substring in sa[:n1] a name, equal names for
// equal substrings, increasing in sorted order, and writes the names in text
// order to sa[n-n1:]. It returns the number of distinct names. The names
// are first stored at n1 + p/2, distinct slots since LMS positions are at
// least two apart.
func nameLMS[C symbol, T saInt](text []C, sa []T, types suffixTypes, n1 int) int {
	n := len(sa)
	for i := n1; i < n; i++ {
		sa[i] = -1
	}
	name, prev := -1, -1
	for i := 0; i < n1; i++ {
		p := int(sa[i])
		if prev < 0 || !equalLMS(text, types, prev, p) {
			name++
			prev = p
		}
		sa[n1+p/2] = T(name)
	}
	j := n - 1
	for i := n - 1; i >= n1; i-- {
		if sa[i] >= 0 {
			sa[j] = sa[i]
			j--
		}
	}
	return name + 1
}

// equalLMS reports whether the LMS substrings at p and q are equal: same
// symbols and types up to and including the next LMS position. A substring
// that runs into the sentinel equals no other.
func equalLMS[C symbol](text []C, types suffixTypes, p, q int) bool {
	n := len(text)
	for d := 0; ; d++ {
		if p+d == n || q+d == n {
			return false
		}
		if text[p+d] != text[q+d] || types.isS(p+d) != types.isS(q+d) {
			return false
		}
		if d > 0 && types.isLMS(p+d) {
			return true // and so is q+d: the types so far are equal
		}
	}
}

// unmapLMS turns the reduced suffix array in sa[:n1] into sorted LMS text
// positions, using sa[n-n1:] for the LMS positions in text order.
func unmapLMS[T saInt](sa []T, types suffixTypes, n1 int) {
	n := len(sa)
	lms := sa[n-n1:]
	j := n1 - 1
	for i := n - 1; i > 0; i-- {
		if types.isLMS(i) {
			lms[j] = T(i)
			j--
		}
	}
	for i := 0; i < n1; i++ {
		sa[i] = lms[sa[i]]
	}
	for i := n1; i < n; i++ {
		sa[i] = -1
	}
}

// expandLMS moves the sorted LMS positions in sa[:n1] to the ends of their
// buckets, keeping their order. Going from the largest, a position's slot is
// never below its current index, so nothing unmoved is overwritten.
func expandLMS[C symbol, T saInt](text []C, sa []T, b buckets[C, T], n1 int) {
	b.tails()
	for i := n1 - 1; i >= 0; i-- {
		p := sa[i]
		sa[i] = -1
		c := text[p]
		b.ptr[c]--
		sa[b.ptr[c]] = p
	}
}
