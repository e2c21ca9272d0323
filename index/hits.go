package index

import "slices"

// Hit is one exact occurrence of a pattern: the contig, the 0-based position
// of its leftmost base on the forward strand, and whether it is the reverse
// complement of the pattern that occurs there.
type Hit struct {
	Contig  int
	Pos     int64
	Reverse bool
}

// ExactHits returns every valid exact occurrence of a code pattern on both
// strands (Find on the pattern and on its reverse complement),
// sorted by contig, position and strand. Occurrences that cross a contig
// boundary or touch an ambiguous base are left out, and so is everything
// for an empty pattern or one with an ambiguous code. A pattern equal to its
// own reverse complement is reported once per strand.
func (ix *Index) ExactHits(codes []byte) []Hit {
	if len(codes) == 0 {
		return nil
	}
	var hits []Hit
	rc := ReverseComplement(nil, codes)
	var pos []int64
	for _, strand := range []struct {
		codes   []byte
		reverse bool
	}{{codes, false}, {rc, true}} {
		pos, _ = ix.Find(strand.codes, -1, pos)
		for _, p := range pos {
			if ix.Valid(p, len(codes)) {
				c := ix.ContigOf(p)
				hits = append(hits, Hit{c, p - ix.ref.Contigs[c].Offset, strand.reverse})
			}
		}
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		if a.Contig != b.Contig {
			return a.Contig - b.Contig
		}
		if a.Pos != b.Pos {
			return int(a.Pos - b.Pos)
		}
		if a.Reverse == b.Reverse {
			return 0
		}
		if b.Reverse {
			return -1
		}
		return 1
	})
	return hits
}
