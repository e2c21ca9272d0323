package align

import (
	"fmt"
	"io"
	"math"
	"slices"
)

// The insert-size model, learned as bwa mem does (mem_pestat): from pairs
// whose reads both align uniquely (no overlapping hit scores above
// minUniqueRatio of the best) to one contig, the orientation and the
// distance between the reads' 5' ends (pairDir) are collected for each of
// the four orientations FF, FR, RF and RR. For an orientation with at least
// minDirPairs pairs, take the 25th and 75th percentiles, drop distances more
// than outlierIQR interquartile ranges outside them, and keep the mean and
// standard deviation of the rest; pairs of that orientation are proper
// within mappingIQR interquartile ranges of the quartiles or properSD
// standard deviations of the mean, whichever is wider. An orientation seen
// in fewer than minDirRatio of the pairs of the commonest one is not used.
//
// Unlike bwa, which learns a model per batch of reads, vole learns one from
// the first modelPairs such pairs of the input wherever they fall (looking
// at most at modelFragments fragments), so the output does not depend on
// the batch size, and a first batch of unmapped or ambiguous reads does not
// switch pairing off (see pipeline.go).

const (
	minDirPairs     = 10
	minDirRatio     = 0.05
	minUniqueRatio  = 0.8
	outlierIQR      = 2.0
	mappingIQR      = 3.0
	properSD        = 4.0
	maxInsert       = 10000
	unpairedPenalty = 17 // bwa mem -U: score cost of not pairing the mates
	// modelPairs pairs give quartiles within a fraction of a percent; bwa
	// mem's default batch (10M bases per thread) holds about 33k pairs of
	// 150 bases for each thread.
	modelPairs = 20000
	// modelFragments bounds the fragments held while the model is learned
	// (their alignments wait in memory): about 100 MB for 2x150 reads.
	modelFragments = 100000
	// maxHeldHits bounds the hits (of both reads) of a fragment whose
	// alignments are held while the model is learned; a fragment with
	// more is aligned again when it is paired. A read of a large repeat
	// array has hundreds of hits (up to maxChains extended and as many
	// gapless): on benchtool tandem -seed 1 (dwgsim 150k pairs, bench/run.sh
	// heldout) the 70k fragments seen while learning held 16M hits, 4 GB,
	// and 65% of them had more than 16 hits. On the human-like genome
	// (vole sim genome --size 4m --alts 20 --seed 1, dwgsim -C 10 2x150)
	// 99.5% of the fragments seen while learning have at most 16 hits, so
	// realigning costs little there, and the fragments held take at most
	// modelFragments*maxHeldHits hits (about 250 bytes each: 400 MB).
	maxHeldHits = 16
)

// Pair orientations, numbered as bwa's mem_infer_dir: read 2 on the same
// strand as read 1 and downstream of it (FF) or upstream (RR); on the
// other strand, downstream (FR, the usual paired-end library) or upstream
// (RF, mate-pair libraries).
const (
	dirFF = iota
	dirFR
	dirRF
	dirRR
)

// dirNames are the orientations' names.
var dirNames = [4]string{"FF", "FR", "RF", "RR"}

// orientModel is the insert model of one orientation.
type orientModel struct {
	ok        bool
	mean, sd  float64
	low, high int64 // proper distances between the 5' ends
	n         int   // pairs the model was fitted to
}

// insertModel is the learned distribution for each orientation; ok is
// false when no orientation has enough pairs, and then no pair is proper.
type insertModel struct {
	dirs [4]orientModel
	ok   bool
}

// fivePrime is the text position of a hit's 5' end (the read's first base).
func fivePrime(h *hit) int64 {
	if h.rev {
		return h.end() - 1
	}
	return h.pos
}

// pairDir returns the orientation of hit b of read 2 relative to hit a of
// read 1 (one contig) and the distance between their 5' ends.
func pairDir(a, b *hit) (dir int, dist int64) {
	b1, p2 := fivePrime(a), fivePrime(b)
	if a.rev { // measure along read 1's strand
		b1, p2 = -b1, -p2
	}
	if a.rev != b.rev {
		dir = dirFR
	}
	if p2 <= b1 {
		dir ^= 3
	}
	if p2 > b1 {
		return dir, p2 - b1
	}
	return dir, b1 - p2
}

// insertSample is one unique pair's orientation and distance.
type insertSample struct {
	dir  int
	dist int64
}

// uniquePair returns the sample of a fragment whose two reads each have a
// unique best hit on one contig (bwa's cal_sub test); ok is false otherwise.
func uniquePair(ra [2]*readAln, sc *Scoring) (insertSample, bool) {
	for _, r := range ra {
		if len(r.hits) == 0 {
			return insertSample{}, false
		}
		sub := minSeedLen * sc.Match
		for i := 1; i < len(r.hits); i++ {
			if overlapsOnRead(&r.hits[0], &r.hits[i]) {
				sub = r.hits[i].score
				break
			}
		}
		if float64(sub) > minUniqueRatio*float64(r.hits[0].score) {
			return insertSample{}, false
		}
	}
	a, b := &ra[0].hits[0], &ra[1].hits[0]
	if a.contig != b.contig {
		return insertSample{}, false
	}
	d, dist := pairDir(a, b)
	if dist == 0 || dist > maxInsert {
		return insertSample{}, false
	}
	return insertSample{d, dist}, true
}

// fitInserts fits the model to samples.
func fitInserts(samples []insertSample) insertModel {
	var by [4][]int64
	for _, s := range samples {
		by[s.dir] = append(by[s.dir], s.dist)
	}
	var m insertModel
	most := 0
	for d := range by {
		most = max(most, len(by[d]))
	}
	for d, v := range by {
		if len(v) < minDirPairs || float64(len(v)) < minDirRatio*float64(most) {
			continue
		}
		m.dirs[d] = fitOrientation(v)
		m.ok = true
	}
	return m
}

// fitOrientation fits one orientation's distances (which it sorts).
func fitOrientation(v []int64) orientModel {
	slices.Sort(v)
	n := len(v)
	p25, p75 := float64(v[int(.25*float64(n)+.499)]), float64(v[int(.75*float64(n)+.499)])
	iqr := p75 - p25
	lo, hi := max(math.Floor(p25-outlierIQR*iqr+.499), 1), math.Floor(p75+outlierIQR*iqr+.499)
	var sum, sum2 float64
	k := 0
	for _, x := range v {
		if f := float64(x); f >= lo && f <= hi {
			sum += f
			k++
		}
	}
	m := orientModel{ok: true, n: n, mean: sum / float64(k)}
	for _, x := range v {
		if f := float64(x); f >= lo && f <= hi {
			sum2 += (f - m.mean) * (f - m.mean)
		}
	}
	m.sd = math.Sqrt(sum2 / float64(k))
	m.low = int64(p25 - mappingIQR*iqr + .499)
	m.high = int64(p75 + mappingIQR*iqr + .499)
	m.low = min(m.low, int64(m.mean-properSD*m.sd+.499))
	m.high = max(m.high, int64(m.mean+properSD*m.sd+.499))
	m.low = max(m.low, 1)
	return m
}

// fits reports whether hits a (read 1) and b (read 2) are on one contig in
// a learned orientation at a proper distance, and returns the orientation
// and distance.
func (m *insertModel) fits(a, b *hit) (dir int, dist int64, ok bool) {
	if !m.ok || a.contig != b.contig {
		return 0, 0, false
	}
	dir, dist = pairDir(a, b)
	o := &m.dirs[dir]
	return dir, dist, o.ok && dist >= o.low && dist <= o.high
}

// proper reports whether two hits form a proper pair under the model.
func (m *insertModel) proper(a, b *hit) bool {
	_, _, ok := m.fits(a, b)
	return ok
}

// penalty is the score bonus (<= 0.5, usually negative) of distance dist in
// orientation dir, bwa's 0.721*ln(2*erfc(|z|/sqrt 2)) in match units: the
// log-probability of a distance that far from the mean, in the same units
// as alignment scores.
func (m *insertModel) penalty(dir int, dist int64, match int) float64 {
	o := &m.dirs[dir]
	z := math.Abs(float64(dist)-o.mean) / max(o.sd, 1)
	return 0.721 * math.Log(max(2*math.Erfc(z*math.Sqrt2/2), 1e-300)) * float64(match)
}

// report describes the model on w, one line per usable orientation.
func (m *insertModel) report(w io.Writer, samples int) {
	if !m.ok {
		fmt.Fprintf(w, "too few uniquely aligned pairs (%d) to learn the insert size; no pair is marked proper\n", samples)
		return
	}
	for d := range m.dirs {
		if o := &m.dirs[d]; o.ok {
			fmt.Fprintf(w, "insert size %s from %d pairs: mean %.1f, sd %.1f; proper pairs within [%d, %d]\n", dirNames[d], o.n, o.mean+1, o.sd, o.low+1, o.high+1)
		}
	}
}

// commonest is the orientation with the most pairs (for Stats).
func (m *insertModel) commonest() *orientModel {
	best := &m.dirs[0]
	for d := range m.dirs {
		if m.dirs[d].n > best.n {
			best = &m.dirs[d]
		}
	}
	return best
}
