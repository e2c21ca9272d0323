package align

import (
	"math"
	"slices"
)

// The insert-size model, learned as bwa mem does (mem_pestat): from pairs
// whose reads both align uniquely and confidently (MAPQ >= 20) to one contig
// in forward-reverse orientation, take the 25th and 75th percentiles of the
// insert size, drop inserts more than 2 interquartile ranges outside them,
// and keep the mean and standard deviation of the rest. A pair is proper
// when it is forward-reverse on one contig with its insert within
// mean ± 4 sd.

const (
	minModelPairs   = 10
	outlierIQR      = 2.0
	properSD        = 4.0
	confidentMAPQ   = 20
	unpairedPenalty = 17 // bwa mem -U: score cost of not pairing the mates
)

// insertModel is the learned insert-size distribution; ok is false when too
// few confident pairs were seen, and then no pair is proper.
type insertModel struct {
	ok       bool
	mean, sd float64
	lo, hi   int64
	n        int
}

// fitInserts fits the model to observed insert sizes (which it sorts).
func fitInserts(ins []int64) insertModel {
	if len(ins) < minModelPairs {
		return insertModel{}
	}
	slices.Sort(ins)
	p25, p75 := ins[len(ins)/4], ins[len(ins)*3/4]
	iqr := float64(p75 - p25)
	lo, hi := float64(p25)-outlierIQR*iqr, float64(p75)+outlierIQR*iqr
	var sum, sum2 float64
	n := 0
	for _, v := range ins {
		if f := float64(v); f >= lo && f <= hi {
			sum += f
			sum2 += f * f
			n++
		}
	}
	if n < minModelPairs {
		return insertModel{}
	}
	m := insertModel{ok: true, mean: sum / float64(n), n: n}
	m.sd = math.Sqrt(max(sum2/float64(n)-m.mean*m.mean, 1))
	m.lo = max(int64(m.mean-properSD*m.sd+.5), 1)
	m.hi = int64(m.mean + properSD*m.sd + .5)
	return m
}

// frInsert returns the insert size of two hits when they are on one contig
// in forward-reverse orientation (the forward read starts no later than
// the reverse read ends), measured from the forward read's first base to
// the reverse read's last; ok is false otherwise.
func frInsert(a, b *hit) (int64, bool) {
	if a.contig != b.contig || a.rev == b.rev {
		return 0, false
	}
	f, r := a, b
	if a.rev {
		f, r = b, a
	}
	if f.pos > r.end() || r.end() < f.pos {
		return 0, false
	}
	return r.end() - f.pos, true
}

// proper reports whether two hits form a proper pair under the model.
func (m *insertModel) proper(a, b *hit) bool {
	ins, ok := frInsert(a, b)
	return ok && m.ok && ins >= m.lo && ins <= m.hi
}

// penalty is the score bonus (<= 0.5, usually negative) of an insert size,
// bwa's 0.721*ln(2*erfc(|z|/sqrt 2)) in match units: the log-probability of
// an insert that far from the mean, in the same units as alignment scores.
func (m *insertModel) penalty(ins int64, match int) int {
	z := math.Abs(float64(ins)-m.mean) / m.sd
	return int(math.Round(0.721 * math.Log(max(2*math.Erfc(z*math.Sqrt2/2), 1e-300)) * float64(match)))
}
