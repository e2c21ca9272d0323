package pileup

// maxShift bounds how far an indel is moved left during normalization, and
// how far right its repeat context is looked for. The pileup keeps columns
// open for lag positions behind the reads so that no shifted indel lands in
// a column already called, and keeps the reference window maxShift bases
// behind the columns being called and ahead of the reads.
const (
	maxShift = 256
	lag      = 2*maxShift + 64
)

// leftDeletion moves a deletion of n reference bases starting at 0-based
// position start as far left as the reference allows (the deleted bases
// rotate through a homopolymer or tandem repeat), keeping at least one base
// before it for VCF's padding base. It returns the new start. This is the
// left-alignment of Tan, Abecasis and Kang (2015), "Unified representation of
// genetic variants", Bioinformatics 31:2202, for a single gap.
func leftDeletion(ref *refWindow, start, n int) int {
	for limit := max(1, start-maxShift); start > limit && ref.at(start-1) == ref.at(start+n-1); {
		start--
	}
	return start
}

// leftInsertion moves the insertion of seq before 0-based position at
// (between ref[at-1] and ref[at]) as far left as the reference allows,
// rotating seq as it goes, and keeps at >= 1 for the padding base. It returns
// the new position and sequence; seq is rewritten in place.
func leftInsertion(ref *refWindow, at int, seq []byte) int {
	n := len(seq)
	for limit := max(1, at-maxShift); at > limit && ref.at(at-1) == seq[n-1]; at-- {
		last := seq[n-1]
		copy(seq[1:], seq[:n-1])
		seq[0] = last
	}
	return at
}

// deletionContextEnd returns the first reference position after the right-
// most placement of a deletion of n bases starting at start: a read must
// reach past it to show the reference allele rather than an unresolved
// repeat.
func deletionContextEnd(ref *refWindow, start, n int) int {
	end := start + n
	for limit := min(ref.length, end+maxShift); end < limit && ref.at(end) == ref.at(end-n); {
		end++
	}
	return end
}

// insertionContextEnd returns the first reference position after the right-
// most placement of the insertion of seq before at.
func insertionContextEnd(ref *refWindow, at int, seq string) int {
	n := len(seq)
	for i, limit := 0, min(ref.length, at+maxShift); at < limit && ref.at(at) == seq[i%n]; i++ {
		at++
	}
	return at
}
