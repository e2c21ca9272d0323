package align

import "github.com/vole-bio/vole/index"

// Seeding by backward search (Ferragina and Manzini 2000) of greedy maximal
// exact matches, as bowtie2 and bwa's backtracking do it: starting at the
// read's right end, extend left one base at a time while the FM-index
// interval stays non-empty; the match found is maximal to the left for its
// right end. The base that stopped it is most likely a sequencing error or
// a variant, so the next search starts just left of it. Matches shorter than
// minSeedLen are dropped: at 19 bases a random match in a genome of a few
// megabases is rare. Seeds with more than maxOccurrences hits are not
// located (their positions say nothing about where the read belongs); they
// count only as evidence that the read is repetitive, which lowers MAPQ.

const (
	minSeedLen     = 19
	maxOccurrences = 500
	// repeatLocate is how many hits of a repetitive seed are located when
	// a read has no other seed, so that it is still placed (with MAPQ 0).
	repeatLocate = 20
	// reseedLen is the length above which a unique seed is searched again
	// from its middle, to find other loci sharing a shorter exact match
	// (bwa mem's re-seeding; it reveals near-identical repeat copies).
	reseedLen = 28
)

// seed is an exact match of read codes [qb, qe) with its FM-index interval.
type seed struct {
	qb, qe int
	iv     index.Interval
}

// greedySeeds appends the greedy maximal matches of q to seeds.
func greedySeeds(ix *index.Index, tab *kmerTable, q []byte, seeds []seed) []seed {
	_, seeds = greedyFrom(ix, tab, q, len(q), 0, seeds)
	return seeds
}

// greedyFrom continues the greedy search of q leftwards from right end
// end, appending the matches to seeds, and returns where it stopped. It
// stops early once the seeds found plus all the bases left to search could
// not cover need bases: the strand's chains would then be dropped against
// a better strand anyway (dropRatio), so its seeds do not matter.
func greedyFrom(ix *index.Index, tab *kmerTable, q []byte, end, need int, seeds []seed) (int, []seed) {
	covered := 0
	for _, sd := range seeds {
		covered += sd.qe - sd.qb
	}
	for end >= minSeedLen && end+covered >= need {
		var sd seed
		end, sd = seedStep(ix, tab, q, end)
		if sd.qe > 0 {
			seeds = append(seeds, sd)
			covered += sd.qe - sd.qb
		}
	}
	return end, seeds
}

// seedStep runs one backward search of q from right end end and returns
// the next right end (just left of the base that stopped the search) and
// the match when it is at least minSeedLen long (else a zero seed). With
// a table (which may be nil) the first tableK steps are one lookup.
func seedStep(ix *index.Index, tab *kmerTable, q []byte, end int) (int, seed) {
	iv, i := ix.Full(), end
	if tab != nil && end >= tableK {
		if tiv, ok := tab.lookup(q, end); ok {
			iv, i = tiv, end-tableK
		}
	}
	for i > 0 {
		c := q[i-1]
		if c > 3 {
			break
		}
		next := ix.Backward(iv, c)
		if next.Size() == 0 {
			break
		}
		iv, i = next, i-1
	}
	if end-i >= minSeedLen {
		return i - 1, seed{qb: i, qe: end, iv: iv}
	}
	return i - 1, seed{}
}

// reseed searches again from the middle of each long seed that has few
// hits, stopping as soon as the interval holds more hits than the seed
// itself: the shorter match found then also occurs elsewhere, at a locus
// the greedy pass hid. It appends those matches to seeds.
func reseed(ix *index.Index, tab *kmerTable, q []byte, seeds []seed) []seed {
	n := len(seeds)
	for s := 0; s < n; s++ {
		sd := seeds[s]
		if sd.qe-sd.qb < reseedLen || sd.iv.Size() > 10 {
			continue
		}
		end := (sd.qb + sd.qe + 1) / 2
		if end < minSeedLen {
			end = sd.qe
		}
		iv, i := ix.Full(), end
		if tab != nil && end >= tableK {
			// Stepping would stop at or before tableK bases when the
			// table's interval is already small enough: no seed then.
			tiv, ok := tab.lookup(q, end)
			if !ok || tiv.Size() <= sd.iv.Size() {
				continue
			}
			iv, i = tiv, end-tableK
		}
		for i > 0 && q[i-1] <= 3 {
			next := ix.Backward(iv, q[i-1])
			if next.Size() <= sd.iv.Size() {
				break
			}
			iv, i = next, i-1
		}
		if end-i >= minSeedLen {
			seeds = append(seeds, seed{qb: i, qe: end, iv: iv})
		}
	}
	return seeds
}
