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

// maxPeriod is the longest repeat unit tandemRun looks for: microsatellites
// (short tandem repeats) have units of 1 to 6 bases.
const maxPeriod = 6

// tandemRun returns the reference stretch [lo, hi) of the short tandem
// repeat around the gap between positions x-1 and x: the union, over unit
// lengths k of 1 to maxPeriod, of the runs of at least two whole units in
// which every base equals the base k further on, that take in x-1 or x. It
// returns the empty stretch [x, x) when there is none. The run reaches at
// most back bases before x and maxShift after it, which the caller keeps in
// the window (the stretch must not depend on where the window lies, so
// that a region calls as the whole run does).
//
// An aligner places an indel inside such a repeat only from the bases
// around the repeat: a read that starts or ends inside it (or just past
// it) cannot tell where, or whether, an indel sits there, and near its end
// writes one as mismatches, a clip or a different gap. On the filters'
// tuning set (ART HiSeq 2500 reads on benchtool genome -seed 7) every false
// indel call, two, was of this kind: a homozygous 1-base insertion in a
// (TG)n or (AG)n repeat that reads ending 4 to 18 bases later wrote as a
// 1-base deletion.
func tandemRun(ref *refWindow, x, back int) (lo, hi int) {
	lo, hi = x, x
	first, last := max(0, x-back), min(ref.length, x+maxShift)
	for k := 1; k <= maxPeriod; k++ {
		// Positions i with ref[i] == ref[i+k] form runs; a run of such
		// positions from a to b makes the repeat [a, b+k).
		for _, i := range [2]int{x - 1, x} {
			if i < first || i+k >= last || ref.at(i) != ref.at(i+k) {
				continue
			}
			a, b := i, i+1
			for a > first && ref.at(a-1) == ref.at(a-1+k) {
				a--
			}
			for b+k < last && ref.at(b) == ref.at(b+k) {
				b++
			}
			if b-a >= k { // two whole units at least
				lo, hi = min(lo, a), max(hi, b+k)
			}
			break
		}
	}
	return lo, hi
}
