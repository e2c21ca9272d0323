package align

import (
	"math/rand/v2"
	"testing"

	"github.com/biogo/hts/sam"
)

// naiveBest is the optimal clip-adjusted local score of q in r by the full
// (unbanded) Gotoh recursion written plainly, with the same model as
// bandedAlign: free window ends, a clip penalty at each clipped read end.
func naiveBest(q, r []byte, sc *Scoring) int {
	n, m := len(q), len(r)
	const neg = -1 << 20
	o, e, clip := sc.GapOpen+sc.GapExtend, sc.GapExtend, sc.Clip
	H := make([][]int, n+1)
	E := make([][]int, n+1)
	F := make([][]int, n+1)
	for i := range H {
		H[i], E[i], F[i] = make([]int, m+1), make([]int, m+1), make([]int, m+1)
		for j := range H[i] {
			H[i][j], E[i][j], F[i][j] = neg, neg, neg
		}
	}
	for j := 0; j <= m; j++ {
		H[0][j] = 0
	}
	best := neg
	for i := 1; i <= n; i++ {
		for j := 0; j <= m; j++ {
			if j > 0 {
				E[i][j] = max(H[i][j-1]-o, E[i][j-1]-e)
				H[i][j] = max(H[i-1][j-1], -clip) + int(sc.pair(q[i-1], r[j-1]))
			}
			F[i][j] = max(H[i-1][j]-o, F[i-1][j]-e)
			H[i][j] = max(H[i][j], E[i][j], F[i][j])
			end := H[i][j]
			if i < n {
				end -= clip
			}
			best = max(best, end)
		}
	}
	return best
}

// TestBandedAlignMatchesNaive: with a band covering the whole matrix, the
// banded DP finds the naive optimum, and the CIGAR its traceback returns
// re-scores (alignmentTags) to exactly that optimum.
func TestBandedAlignMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	sc := DefaultScoring()
	var dw dpWork
	for trial := 0; trial < 2000; trial++ {
		m := 5 + rng.IntN(40)
		r := make([]byte, m)
		for i := range r {
			r[i] = byte(rng.IntN(4))
		}
		// The read: a mutated piece of r, or random.
		a := rng.IntN(m)
		b := a + rng.IntN(m-a+1)
		var q []byte
		for _, c := range r[a:b] {
			switch rng.IntN(12) {
			case 0:
				q = append(q, byte(rng.IntN(5)))
			case 1: // deletion
			case 2:
				q = append(q, c, byte(rng.IntN(4)))
			default:
				q = append(q, c)
			}
		}
		if len(q) == 0 {
			q = []byte{byte(rng.IntN(4))}
		}
		want := naiveBest(q, r, &sc)
		ext, ok := dw.bandedAlign(q, r, 0, len(q)+m+1, &sc)
		if !ok {
			t.Fatalf("trial %d: no alignment", trial)
		}
		cigar, qb, qe, skip := clippedCigar(len(q), ext.qb, ext.qe, ext.ops)
		_, score, _ := alignmentTags(q, r, 0, ext.rb+skip, cigar, &sc)
		if qb > 0 {
			score -= sc.Clip
		}
		if qe < len(q) {
			score -= sc.Clip
		}
		if score != want {
			t.Fatalf("trial %d: q=%v r=%v: traceback scores %d (%v), optimum %d", trial, q, r, score, sam.Cigar(cigar), want)
		}
	}
}

// BenchmarkBandedAlign: one 150 bp read with an indel against its window
// with the default band.
func BenchmarkBandedAlign(b *testing.B) {
	rng := rand.New(rand.NewPCG(33, 34))
	r := make([]byte, 150+2*bandPad+3)
	for i := range r {
		r[i] = byte(rng.IntN(4))
	}
	q := append(append([]byte{}, r[bandPad:bandPad+70]...), r[bandPad+73:bandPad+153]...)
	q[20] = (q[20] + 1) % 4
	sc := DefaultScoring()
	var dw dpWork
	b.ResetTimer()
	for b.Loop() {
		dw.bandedAlign(q, r, bandPad, bandPad, &sc)
	}
}
