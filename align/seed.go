package align

import "github.com/vole-bio/vole/index"

// Seeding by backward search (Ferragina and Manzini 2000) of greedy maximal
// exact matches, as bowtie2 and bwa's backtracking do it: starting at the
// read's right end, extend left one base at a time while the FM-index
// interval stays non-empty; the match found is maximal to the left for its
// right end. The base that stopped it is most likely a sequencing error or
// a variant, so the next search starts just left of it. Matches shorter than
// minSeedLen are dropped: at 19 bases a random match in a genome of a few
// megabases is rare. Of seeds with more than maxOccurrences hits only a
// sample is located (sampleAnchors); they are evidence that the read is
// repetitive, which lowers MAPQ.

const (
	minSeedLen     = 19
	maxOccurrences = 500
	// repeatSample is how many hits of a seed with more than
	// maxOccurrences are located (see sampleAnchors). Tuning data (doc.go),
	// 20k pairs in the tandem genome: 20, 50, 100 and 200 gave the same
	// accuracy; 200 cost 25% more CPU.
	repeatSample = 50
	// reseedLen is the length above which a unique seed is searched again
	// from its middle, to find other loci sharing a shorter exact match
	// (bwa mem's re-seeding; it reveals near-identical repeat copies).
	reseedLen = 28
)

// seed is an exact match of read codes [qb, qe) with its FM-index interval.
// When the match is unique it may carry its text position instead
// (located), and then iv is only good for its size (1).
type seed struct {
	qb, qe  int
	iv      index.Interval
	pos     int64
	located bool
}

// greedySeeds appends the greedy maximal matches of q to seeds.
func greedySeeds(ix *index.Index, k int, q []byte, seeds []seed) []seed {
	_, seeds, _ = greedyFrom(ix, k, q, len(q), 0, seeds, nil)
	return seeds
}

// greedyFrom continues the greedy search of q leftwards from right end
// end, appending the matches to seeds, and returns where it stopped. It
// stops early once the seeds found plus all the bases left to search could
// not cover need bases: the strand's chains would then be dropped against
// a better strand anyway (dropRatio), so its seeds do not matter.
func greedyFrom(ix *index.Index, k int, q []byte, end, need int, seeds []seed, buf []byte) (int, []seed, []byte) {
	covered := 0
	for _, sd := range seeds {
		covered += sd.qe - sd.qb
	}
	for end >= minSeedLen && end+covered >= need {
		var sd seed
		end, sd, buf = seedStep(ix, k, q, end, buf)
		if sd.qe > 0 {
			seeds = append(seeds, sd)
			covered += sd.qe - sd.qb
		}
	}
	return end, seeds, buf
}

// seedStep runs one backward search of q from right end end and returns
// the next right end (just left of the base that stopped the search) and
// the match when it is at least minSeedLen long (else a zero seed). With
// k > 0 the first k steps are one lookup in the index's k-mer table
// (tableStart).
//
// Once the match is minSeedLen long and its interval holds one row, the
// match is unique: it is located, and its extension to the left is decided
// by comparing the read with the reference text before it, which gives the
// same answer as backward search (one occurrence extends by c exactly when
// the text has c before it) at a fraction of the cost; the seed needs
// locating anyway. (An ambiguous reference base, which the index stores as
// a random base, stops the comparison; such a hit would be rejected as
// invalid anyway.)
func seedStep(ix *index.Index, k int, q []byte, end int, buf []byte) (int, seed, []byte) {
	iv, i := tableStart(ix, k, q, end)
	for i > 0 {
		if iv.Size() == 1 && end-i >= minSeedLen {
			return locatedStep(ix, q, i, end, iv, buf)
		}
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
		return i - 1, seed{qb: i, qe: end, iv: iv}, buf
	}
	return i - 1, seed{}, buf
}

// locatedStep finishes seedStep for a unique match q[i:end) with interval
// iv by comparison with the reference text.
func locatedStep(ix *index.Index, q []byte, i, end int, iv index.Interval, buf []byte) (int, seed, []byte) {
	var loc [1]int64
	pos := ix.Locate(iv, 1, loc[:0])[0]
	start := max(pos-int64(i), 0)
	buf = ix.Fetch(buf[:0], start, pos)
	k := len(buf)
	for i > 0 && k > 0 && q[i-1] <= 3 && buf[k-1] == q[i-1] {
		i, k, pos = i-1, k-1, pos-1
	}
	return i - 1, seed{qb: i, qe: end, iv: iv, pos: pos, located: true}, buf
}

// reseed searches again from the middle of each long seed that has few
// hits, and from its right end, stopping as soon as the interval holds
// more hits than the seed itself: the shorter match found then also occurs
// elsewhere, at a locus the greedy pass hid. It appends those matches to
// seeds. Both halves are searched because a copy differing from the read
// in the seed's left half is found only from its right end (bwa mem's
// re-seeding takes every maximal match through the middle, in either
// direction): in a tandem array at 0.5% divergence a read matching one copy
// exactly and hundreds with one mismatch otherwise saw only the copies
// sharing its left half, and its pair's MAPQ rested on that few. Tuning
// data, benchtool tandem -seed 1 (dwgsim 150k pairs): wrong reads at MAPQ
// >= 20 went from 75 to 24 (bwa mem: 56), reads at MAPQ >= 20 from 187377
// to 182395 (bwa mem: 184882); on the human-like seed 1 set nothing moved
// across MAPQ 20 but 22 correct reads, for about 5% more CPU.
func reseed(ix *index.Index, k int, q []byte, seeds []seed) []seed {
	n := len(seeds)
	for s := 0; s < n; s++ {
		sd := seeds[s]
		if sd.qe-sd.qb < reseedLen || sd.iv.Size() > 10 {
			continue
		}
		mid := (sd.qb + sd.qe + 1) / 2
		for _, end := range [2]int{mid, sd.qe} {
			if end < minSeedLen {
				continue
			}
			if w, ok := widerMatch(ix, k, q, end, sd.iv.Size()); ok {
				seeds = append(seeds, w)
			}
		}
	}
	return seeds
}

// widerMatch is the longest match of q ending at end with more than size
// hits, when it is at least minSeedLen long.
func widerMatch(ix *index.Index, k int, q []byte, end int, size int64) (seed, bool) {
	iv, i := tableStart(ix, k, q, end)
	if i < end && iv.Size() <= size {
		// Stepping would have stopped within the table's k bases,
		// shorter than any seed.
		return seed{}, false
	}
	for i > 0 && q[i-1] <= 3 {
		next := ix.Backward(iv, q[i-1])
		if next.Size() <= size {
			break
		}
		iv, i = next, i-1
	}
	return seed{qb: i, qe: end, iv: iv}, end-i >= minSeedLen
}

// rareMaxOcc is the bound on the occurrences of the seeds rareSeeds finds
// (bwa's max_mem_intv).
const rareMaxOcc = 20

// rareSeeds appends the seeds of bwa mem's third seeding pass ("LAST-like",
// bwt_seed_strategy1), run backwards: from the read's right end, the
// shortest match of at least minSeedLen bases with fewer than rareMaxOcc
// occurrences, then the next from its left end. In a repeat whose copies
// differ by a few bases, the greedy maximal matches can all be won by
// other copies (the longest match ending at a base is not the right
// copy's when a read error happens to agree with another copy), so the
// right copy is never located; short seeds with few occurrences locate it.
func rareSeeds(ix *index.Index, k int, q []byte, seeds []seed) []seed {
	end := len(q)
	for end >= minSeedLen {
		iv, i := tableStart(ix, k, q, end)
		for i > 0 && q[i-1] <= 3 && (end-i < minSeedLen || iv.Size() >= rareMaxOcc) {
			next := ix.Backward(iv, q[i-1])
			if next.Size() == 0 {
				break
			}
			iv, i = next, i-1
		}
		if end-i >= minSeedLen && iv.Size() > 0 && iv.Size() < rareMaxOcc {
			seeds = append(seeds, seed{qb: i, qe: end, iv: iv})
			end = i
		} else {
			end = i - 1
		}
	}
	return seeds
}

// tableStart begins a backward search of q[:end]: with k > 0, which must be
// ix.KmerLen(), and end >= k, the interval of q[end-k:end] from the index's
// k-mer table and end-k, the first k steps done in one lookup (the "ftab" of
// bowtie and bwa; every greedy search starts this way and most searches on
// the wrong strand die a few bases later, so this removes a large share of
// the Backward calls that dominate seeding). It gives the interval stepping
// gives, so seeds do not change. Without a table, or when the k-mer holds an
// ambiguous base or does not occur, it returns the full interval and end:
// the caller steps base by base and finds where the search stops.
func tableStart(ix *index.Index, k int, q []byte, end int) (index.Interval, int) {
	if k > 0 && end >= k {
		if iv, ok := ix.KmerInterval(q[end-k : end]); ok && iv.Size() > 0 {
			return iv, end - k
		}
	}
	return ix.Full(), end
}
