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
	inverse uint64 // 2^64/rate rounded up, see sampled
	marks   []uint64
	ranks   []uint32
	samples []uint32
}

// newSamples allocates samples for rows rows (text length + 1).
func newSamples(rows int64, rate int) *saSamples {
	words := (rows + 63) / 64
	return &saSamples{
		rate:    int64(rate),
		inverse: inverseOf(rate),
		marks:   make([]uint64, words),
		samples: make([]uint32, 0, rows/int64(rate)+1),
	}
}

// sampled reports whether text position pos is a multiple of the rate, by
// multiplying with the rounded-up inverse, which is exact for positions
// below 2^32 (D. Lemire, O. Kaser and N. Kurz 2019, "Faster remainder by
// direct computation"): cheaper than a division in the build's per-row
// loops.
func (s *saSamples) sampled(pos int64) bool {
	return uint64(pos)*s.inverse <= s.inverse-1
}

// inverseOf returns 2^64/rate rounded up.
func inverseOf(rate int) uint64 { return ^uint64(0)/uint64(rate) + 1 }

// add records row r with suffix position pos; rows must come in order.
func (s *saSamples) add(r, pos int64) {
	if s.sampled(pos) {
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
