package index

import "math/bits"

// SampleRate is the suffix-array sampling rate used by Build: the text
// position of every row whose suffix starts at a multiple of SampleRate is
// kept, so Locate needs at most SampleRate-1 LF steps per row. Lower it for
// faster Locate at the cost of 4 bytes per sample.
var SampleRate = 32

// saSamples is a suffix array sampled by text position: marks has bit r set
// when row r's suffix starts at a multiple of rate, ranks[w] counts the marks
// in words before w, and samples holds the text positions of marked rows in
// row order.
type saSamples struct {
	rate    int64
	every   multiples // of rate
	marks   []uint64
	ranks   []uint32
	samples []uint32
}

// newSamples allocates samples for rows rows (text length + 1).
func newSamples(rows int64, rate int) *saSamples {
	words := (rows + 63) / 64
	return &saSamples{
		rate:    int64(rate),
		every:   multiplesOf(rate),
		marks:   make([]uint64, words),
		samples: make([]uint32, 0, rows/int64(rate)+1),
	}
}

// multiples tells the multiples of a number (below 2^32) among positions
// below 2^32: it holds 2^64 divided by the number, rounded up, and x is a
// multiple exactly when x times that is at most that minus one (D. Lemire,
// O. Kaser and N. Kurz 2019, "Faster remainder by direct computation"):
// cheaper than a division in the build's per-row loops.
type multiples uint64

// multiplesOf returns the test for multiples of d.
func multiplesOf(d int) multiples { return multiples(^uint64(0)/uint64(d) + 1) }

// has reports whether x is a multiple.
func (m multiples) has(x int64) bool { return uint64(x)*uint64(m) <= uint64(m)-1 }

// add records row r with suffix position pos; rows must come in order.
func (s *saSamples) add(r, pos int64) {
	if s.every.has(pos) {
		s.marks[r>>6] |= 1 << uint(r&63)
		s.samples = append(s.samples, uint32(pos))
	}
}

// finish computes the rank directory once every row has been added.
func (s *saSamples) finish() {
	s.ranks = make([]uint32, len(s.marks))
	var n uint32
	for w, m := range s.marks {
		s.ranks[w] = n
		n += uint32(bits.OnesCount64(m))
	}
}

// lookup returns the text position of row r and true when r is sampled.
func (s *saSamples) lookup(r int64) (int64, bool) {
	w := s.marks[r>>6]
	bit := uint64(1) << uint(r&63)
	if w&bit == 0 {
		return 0, false
	}
	k := s.ranks[r>>6] + uint32(bits.OnesCount64(w&(bit-1)))
	return int64(s.samples[k]), true
}
