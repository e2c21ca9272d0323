package align

import (
	"strconv"

	"github.com/biogo/hts/sam"
)

// letter is the upper-case letter of a base code (N for ambiguous).
func letter(c byte) byte {
	if c < 4 {
		return "ACGT"[c]
	}
	return 'N'
}

// alignmentTags walks an alignment of read codes q[qb:] against reference
// codes r[rb:] through ops (M, I, D) and returns the SAM tags that describe
// it: NM (edit distance: mismatches, including ambiguous bases, plus
// inserted and deleted bases), MD (the reference bases at mismatches and
// deletions, as the SAM spec defines it) and the alignment score under sc
// without clipping penalties (AS, as bwa reports it).
func alignmentTags(q, r []byte, qb, rb int, ops []sam.CigarOp, sc *Scoring) (nm, score int, md []byte) {
	run := 0
	i, j := qb, rb
	for _, op := range ops {
		l := op.Len()
		switch op.Type() {
		case sam.CigarMatch:
			for x := 0; x < l; x++ {
				a, b := q[i+x], r[j+x]
				score += int(sc.pair(a, b))
				if a == b && a < 4 {
					run++
					continue
				}
				nm++
				md = strconv.AppendInt(md, int64(run), 10)
				md = append(md, letter(b))
				run = 0
			}
			i += l
			j += l
		case sam.CigarSoftClipped:
			i += l
		case sam.CigarInsertion:
			nm += l
			score -= sc.GapOpen + l*sc.GapExtend
			i += l
		case sam.CigarDeletion:
			nm += l
			score -= sc.GapOpen + l*sc.GapExtend
			md = strconv.AppendInt(md, int64(run), 10)
			md = append(md, '^')
			for x := 0; x < l; x++ {
				md = append(md, letter(r[j+x]))
			}
			run = 0
			j += l
		}
	}
	md = strconv.AppendInt(md, int64(run), 10)
	return nm, score, md
}

// clippedCigar returns the full CIGAR of a read of length n whose bases
// [qb, qe) align through ops: soft clips added at both ends, and any
// insertion at an end turned into clipping and any deletion at an end
// dropped (an alignment never gains by starting or ending in a gap, but the
// CIGAR must be valid whatever the DP returned). It also returns the
// adjusted qb, qe and the number of reference bases dropped at the start.
func clippedCigar(n, qb, qe int, ops []sam.CigarOp) (cigar []sam.CigarOp, nqb, nqe, refSkip int) {
	for len(ops) > 0 && ops[0].Type() != sam.CigarMatch {
		if ops[0].Type() == sam.CigarInsertion {
			qb += ops[0].Len()
		} else {
			refSkip += ops[0].Len()
		}
		ops = ops[1:]
	}
	for len(ops) > 0 && ops[len(ops)-1].Type() != sam.CigarMatch {
		if ops[len(ops)-1].Type() == sam.CigarInsertion {
			qe -= ops[len(ops)-1].Len()
		}
		ops = ops[:len(ops)-1]
	}
	cigar = make([]sam.CigarOp, 0, len(ops)+2)
	if qb > 0 {
		cigar = append(cigar, sam.NewCigarOp(sam.CigarSoftClipped, qb))
	}
	cigar = append(cigar, ops...)
	if qe < n {
		cigar = append(cigar, sam.NewCigarOp(sam.CigarSoftClipped, n-qe))
	}
	return cigar, qb, qe, refSkip
}
