package pileup

import (
	"math"

	"github.com/biogo/hts/sam"
)

// BAQ, the base alignment quality (Li 2011, "Improving SNP discovery by
// base alignment quality", Bioinformatics 27:1157): the probability that a
// read base is aligned where its CIGAR puts it, from a profile hidden Markov
// model that aligns the whole read to the reference around it, gaps
// allowed. A mismatch that a nearby indel explains as well (a read ending a
// few bases past a deletion, aligned without the gap; a homopolymer run
// one base longer in the read) gets a low BAQ, and the pileup uses
// min(base quality, BAQ), so such mismatches stop looking like SNPs.
//
// The HMM (the paper's Figure 1, as in htslib's probaln.c): match states
// M[k] emitting the read base against reference base k (1 - e for a match,
// e/3 for a mismatch, e the base's error), insertion states I[k] emitting
// any base with probability 1/4, silent deletion states D[k]; gap open
// d = 0.001 and extension 0.1; the read may start and end anywhere in the
// reference window (glocal). The forward and backward passes run in a band
// of 2*bw+1 reference positions around the diagonal and are rescaled per
// row; the posterior of each base's most likely state gives its BAQ.
const (
	baqGapOpen   = 0.001
	baqGapExt    = 0.1
	baqBandwidth = 7
	baqInsEmit   = 0.25
	// baqMaxReadLen is the longest read BAQ is computed for, as bcftools'
	// --max-read-len default: the model's cost grows with length times
	// band, and long reads are not what it was made for.
	baqMaxReadLen = 500
)

// baqScratch holds the matrices of one BAQ computation, reused from read
// to read by one worker.
type baqScratch struct {
	fM, fI, fD, bM, bI, bD []float64
	scale                  []float64
	qual                   []float64
	ref, query             []byte
	state                  []int
	post                   []byte
}

// grow returns s resized to n, zeroed.
func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// glocal runs the forward-backward algorithm of the BAQ HMM for query
// (base codes 0-3, 4 ambiguous) with error probabilities qual against ref
// (codes) and fills, for each query base i, state[i] = (k<<1 | ins) of its
// most likely state (k the 0-based reference index, ins 1 for an insertion)
// and post[i] the phred-scaled probability that that state is wrong
// (capped at 99).
func (s *baqScratch) glocal(ref, query []byte, qual []float64, bw int) {
	lr, lq := len(ref), len(query)
	bw = max(min(bw, max(lr, lq)), abs(lr-lq))
	w := 2*bw + 3 // band plus one empty slot on each side
	n := (lq + 2) * w
	s.fM, s.fI, s.fD = grow(s.fM, n), grow(s.fI, n), grow(s.fD, n)
	s.bM, s.bI, s.bD = grow(s.bM, n), grow(s.bI, n), grow(s.bD, n)
	s.scale = grow(s.scale, lq+2)
	d, e := baqGapOpen, baqGapExt
	sM := 1 / float64(2*lq+2)
	mMM, mMI, mMD := (1-2*d)*(1-sM), d*(1-sM), d*(1-sM)
	mIM, mII := (1-e)*(1-sM), e*(1-sM)
	mDM, mDD := 1-e, e
	bM, bI := (1-d)/float64(lr), d/float64(lr)
	// at(i, k) is the flat index of row i (1-based query), reference k
	// (1-based), inside the band when |k-i| <= bw.
	at := func(i, k int) int { return i*w + k - i + bw + 1 }
	emit := func(i, k int) float64 { // P(query i | M at ref k), 1-based
		x, r := query[i-1], ref[k-1]
		switch {
		case x > 3 || r > 3:
			return 1
		case x == r:
			return 1 - qual[i-1]
		}
		return qual[i-1] / 3
	}
	band := func(i int) (int, int) { return max(1, i-bw), min(lr, i+bw) }

	// Forward.
	for i := 1; i <= lq; i++ {
		lo, hi := band(i)
		var sum float64
		for k := lo; k <= hi; k++ {
			u := at(i, k)
			if i == 1 {
				s.fM[u] = emit(i, k) * bM
				s.fI[u] = baqInsEmit * bI
			} else {
				v := at(i-1, k-1) // diagonal: same band slot
				s.fM[u] = emit(i, k) * (mMM*s.fM[v] + mIM*s.fI[v] + mDM*s.fD[v])
				s.fI[u] = baqInsEmit * (mMI*s.fM[v+1] + mII*s.fI[v+1])
				s.fD[u] = mMD*s.fM[u-1] + mDD*s.fD[u-1]
			}
			sum += s.fM[u] + s.fI[u] + s.fD[u]
		}
		s.scale[i] = sum
		for k := lo; k <= hi; k++ {
			u := at(i, k)
			s.fM[u] /= sum
			s.fI[u] /= sum
			s.fD[u] /= sum
		}
	}
	var end float64
	lo, hi := band(lq)
	for k := lo; k <= hi; k++ {
		end += (s.fM[at(lq, k)] + s.fI[at(lq, k)]) * sM
	}
	s.scale[lq+1] = end

	// Backward, scaled by the same factors.
	for k := lo; k <= hi; k++ {
		u := at(lq, k)
		s.bM[u] = sM / s.scale[lq] / s.scale[lq+1]
		s.bI[u] = s.bM[u]
	}
	for i := lq - 1; i >= 1; i-- {
		lo, hi := band(i)
		for k := hi; k >= lo; k-- {
			u := at(i, k)
			var next float64 // emission of query i+1 at ref k+1, times its backward value
			if k < lr {
				next = emit(i+1, k+1) * s.bM[at(i+1, k+1)]
			}
			ins := baqInsEmit * s.bI[at(i+1, k)]
			s.bM[u] = next*mMM + ins*mMI + mMD*s.bD[u+1]
			s.bI[u] = next*mIM + ins*mII
			if i > 1 {
				s.bD[u] = next*mDM + mDD*s.bD[u+1]
			}
		}
		for k := lo; k <= hi; k++ {
			u := at(i, k)
			s.bM[u] /= s.scale[i]
			s.bI[u] /= s.scale[i]
			s.bD[u] /= s.scale[i]
		}
	}

	// Posterior of each base's best state.
	s.state = s.state[:0]
	s.post = s.post[:0]
	for i := 1; i <= lq; i++ {
		lo, hi := band(i)
		var sum, best float64
		bestState := -1
		for k := lo; k <= hi; k++ {
			u := at(i, k)
			if z := s.fM[u] * s.bM[u]; z > best {
				best, bestState = z, (k-1)<<1
			}
			if z := s.fI[u] * s.bI[u]; z > best {
				best, bestState = z, (k-1)<<1|1
			}
			sum += s.fM[u]*s.bM[u] + s.fI[u]*s.bI[u]
		}
		q := 99
		if wrong := 1 - best/sum; sum > 0 && wrong > 0 {
			if k := int(-10/math.Ln10*math.Log(wrong) + 0.499); k <= 100 {
				q = k
			}
		}
		s.state = append(s.state, bestState)
		s.post = append(s.post, byte(max(q, 0)))
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// phredProb[q] is 10^(-q/10).
var phredProb = func() (t [256]float64) {
	for q := range t {
		t[q] = math.Pow(10, -float64(q)/10)
	}
	return t
}()

// baq returns the base qualities of rec capped by their extended BAQ, as
// bcftools mpileup applies it (htslib's sam_prob_realn with the apply and
// extend flags): within each aligned block a base's BAQ is the smaller of
// the largest BAQ to its left and to its right in the block, so that one
// uncertain base does not sink its confidently aligned neighbours; a base
// whose most likely state is not its CIGAR position gets 0. ref covers the
// read's alignment. It returns nil for a read BAQ does not apply to (too
// long, a reference skip, nothing aligned).
func (s *baqScratch) baq(rec *sam.Record, ref *refWindow) []byte {
	lq := rec.Seq.Length
	if lq == 0 || lq > baqMaxReadLen {
		return nil
	}
	// Aligned extent: xb..xe on the reference, yb..ye on the read.
	x, y, xb, xe, yb, ye := rec.Pos, 0, -1, -1, -1, -1
	for _, op := range rec.Cigar {
		n := op.Len()
		switch op.Type() {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			if yb < 0 {
				yb, xb = y, x
			}
			x, y = x+n, y+n
			xe, ye = x, y
		case sam.CigarSoftClipped, sam.CigarInsertion:
			y += n
		case sam.CigarDeletion:
			x += n
		case sam.CigarSkipped:
			return nil
		}
	}
	if yb < 0 {
		return nil
	}
	bw := baqBandwidth
	if d := abs((xe - xb) - (ye - yb)); d > bw {
		bw = d + 3
	}
	// The reference window: the aligned part plus the unaligned read ends
	// and half a band on each side, trimmed to read length + band.
	rb, re := xb-yb-bw/2, xe+(lq-ye)+bw/2
	if extra := re - rb - lq - bw; extra > 0 {
		rb += extra / 2
		re -= extra / 2
	}
	rb, re = max(rb, 0), min(re, ref.length)
	if re <= rb || rb < ref.off {
		return nil // the caller keeps refBehind bases behind its reads: not reached
	}
	ref.extend(re)
	s.ref = s.ref[:0]
	for _, c := range ref.slice(rb, re) {
		s.ref = append(s.ref, baseCode[c])
	}
	s.query = s.query[:0]
	s.qual = s.qual[:0]
	for i := 0; i < lq; i++ {
		s.query = append(s.query, nibbleBase[seqNibble(rec.Seq, i)])
		s.qual = append(s.qual, phredProb[rec.Qual[i]])
	}
	s.glocal(s.ref, s.query, s.qual, bw)

	out := make([]byte, lq)
	copy(out, rec.Qual)
	x, y = rec.Pos, 0
	for _, op := range rec.Cigar {
		n := op.Len()
		switch op.Type() {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			// b holds the raw BAQ of the block, then its extended form.
			b := out[y : y+n]
			for i := range b {
				st := s.state[y+i]
				if st&1 != 0 || st>>1 != x+i-rb {
					b[i] = 0
				} else {
					b[i] = s.post[y+i]
				}
			}
			extendBAQ(b)
			for i := range b {
				b[i] = min(b[i], rec.Qual[y+i])
			}
			x, y = x+n, y+n
		case sam.CigarSoftClipped, sam.CigarInsertion:
			y += n
		case sam.CigarDeletion:
			x += n
		}
	}
	return out
}

// extendBAQ replaces each BAQ of a block by the smaller of the largest BAQ
// at or before it and the largest at or after it.
func extendBAQ(b []byte) {
	if len(b) == 0 {
		return
	}
	right := make([]byte, len(b))
	right[len(b)-1] = b[len(b)-1]
	for i := len(b) - 2; i >= 0; i-- {
		right[i] = max(b[i], right[i+1])
	}
	left := b[0]
	for i := range b {
		left = max(left, b[i])
		b[i] = min(left, right[i])
	}
}
