package sim

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// rng is the random source of the human-like generator: math/rand/v2's PCG,
// whose output is specified, with every derived draw (floats, bounded
// integers, exponential, normal, geometric) written here instead of taken
// from rand.Rand, whose methods do not promise the same values across Go
// releases. A seed therefore gives the same genome whatever Go builds vole.
type rng struct{ p *rand.PCG }

func newRNG(seed, stream uint64) *rng { return &rng{rand.NewPCG(seed, stream)} }

func (r *rng) u64() uint64 { return r.p.Uint64() }

// float is uniform in [0, 1) with 53 bits.
func (r *rng) float() float64 { return float64(r.p.Uint64()>>11) * 0x1p-53 }

// intn is uniform in [0, n) by Lemire's multiply-shift; the bias, below
// n/2^64, is far under anything a genome of 2^32 bases can show. n > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.p.Uint64(), uint64(n))
	return int(hi)
}

// between is uniform in [lo, hi], both inclusive.
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// uniform is uniform in [lo, hi).
func (r *rng) uniform(lo, hi float64) float64 { return lo + (hi-lo)*r.float() }

// logUniform is log-uniform in [lo, hi): as many draws between 10 and 100 as
// between 100 and 1000. lo > 0.
func (r *rng) logUniform(lo, hi float64) float64 {
	return lo * math.Exp(r.float()*math.Log(hi/lo))
}

// exp is exponential with the given mean.
func (r *rng) exp(mean float64) float64 { return -mean * math.Log(1-r.float()) }

// norm is standard normal by the Box-Muller transform (one of the pair).
func (r *rng) norm() float64 {
	u := 1 - r.float()
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*r.float())
}

// geometric is the number of failures before the first success of trials
// that succeed with probability p: the gap to the next event of a process
// with rate p per base, drawn once per event rather than once per base.
func (r *rng) geometric(p float64) int {
	if p <= 0 {
		return math.MaxInt32
	}
	if p >= 1 {
		return 0
	}
	g := math.Log(1-r.float()) / math.Log1p(-p)
	if g >= math.MaxInt32 {
		return math.MaxInt32
	}
	return int(g)
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// pick draws an index from cumulative weights cum (increasing, last = total).
func (r *rng) pick(cum []float64) int {
	x := r.float() * cum[len(cum)-1]
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// cumulative returns the running sums of w, for pick.
func cumulative(w []float64) []float64 {
	out := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		s += x
		out[i] = s
	}
	return out
}
