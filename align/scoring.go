package align

// Scoring holds the alignment scores. The defaults are bwa mem's (H. Li
// 2013, arXiv:1303.3997): match 1, mismatch 4, gap open 6, gap extend 1
// (a gap of length L costs GapOpen+L*GapExtend), clipping penalty 5 at each
// end. A mismatch costing four matches makes a 150 bp read with one error
// score 145, far above chance hits; the open/extend pair prefers one longer
// gap to several short ones, as real indels are; and the clip penalty keeps
// a single mismatch near a read end aligned rather than clipped, while
// clipping adapters and chimeric ends. Ambiguous bases (N) score -1 against
// anything.
type Scoring struct {
	Match, Mismatch, GapOpen, GapExtend, Clip, Ambiguous int
	// MinScore is the lowest alignment score reported as mapped (bwa -T).
	MinScore int
}

// DefaultScoring returns bwa mem's scoring (see Scoring).
func DefaultScoring() Scoring {
	return Scoring{Match: 1, Mismatch: 4, GapOpen: 6, GapExtend: 1, Clip: 5, Ambiguous: 1, MinScore: 30}
}

// pair scores two base codes: code 4 is ambiguous and scores -Ambiguous.
func (s *Scoring) pair(a, b byte) int32 {
	switch {
	case a > 3 || b > 3:
		return int32(-s.Ambiguous)
	case a == b:
		return int32(s.Match)
	}
	return int32(-s.Mismatch)
}
