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
	post, right            []byte
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
// (capped at 99). The matrices are flat, one row of 2*bw+3 slots per query
// base (the band and an empty slot each side), so that the diagonal
// neighbour of a cell is the same slot one row up: the inner loops are
// straight index arithmetic.
func (s *baqScratch) glocal(ref, query []byte, qual []float64, bw int) {
	lr, lq := len(ref), len(query)
	bw = max(min(bw, max(lr, lq)), abs(lr-lq))
	w := 2*bw + 3
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
	fM, fI, fD, bMt, bIt, bDt := s.fM, s.fI, s.fD, s.bM, s.bI, s.bD
	// Row i (1-based query), reference k (1-based) sits at i*w + k-i+bw+1.
	// emit is P(query i | M at reference k).
	emit := func(i, k int) float64 {
		x, r := query[i-1], ref[k-1]
		switch {
		case x > 3 || r > 3:
			return 1
		case x == r:
			return 1 - qual[i-1]
		}
		return qual[i-1] / 3
	}

	// Forward.
	for i := 1; i <= lq; i++ {
		lo, hi := max(1, i-bw), min(lr, i+bw)
		row := i*w - i + bw + 1
		var sum float64
		for k := lo; k <= hi; k++ {
			u := row + k
			if i == 1 {
				fM[u] = emit(i, k) * bM
				fI[u] = baqInsEmit * bI
			} else {
				v := u - w // the diagonal: the same slot one row up
				fM[u] = emit(i, k) * (mMM*fM[v] + mIM*fI[v] + mDM*fD[v])
				fI[u] = baqInsEmit * (mMI*fM[v+1] + mII*fI[v+1])
				fD[u] = mMD*fM[u-1] + mDD*fD[u-1]
			}
			sum += fM[u] + fI[u] + fD[u]
		}
		s.scale[i] = sum
		inv := 1 / sum
		for u := row + lo; u <= row+hi; u++ {
			fM[u] *= inv
			fI[u] *= inv
			fD[u] *= inv
		}
	}
	lo, hi := max(1, lq-bw), min(lr, lq+bw)
	last := lq*w - lq + bw + 1
	var end float64
	for u := last + lo; u <= last+hi; u++ {
		end += (fM[u] + fI[u]) * sM
	}
	s.scale[lq+1] = end

	// Backward, scaled by the same factors.
	for u := last + lo; u <= last+hi; u++ {
		bMt[u] = sM / s.scale[lq] / end
		bIt[u] = bMt[u]
	}
	for i := lq - 1; i >= 1; i-- {
		lo, hi := max(1, i-bw), min(lr, i+bw)
		row := i*w - i + bw + 1
		for k := hi; k >= lo; k-- {
			u := row + k
			var next float64 // query i+1 at reference k+1, times its backward value
			if k < lr {
				next = emit(i+1, k+1) * bMt[u+w]
			}
			ins := baqInsEmit * bIt[u+w-1]
			bMt[u] = next*mMM + ins*mMI + mMD*bDt[u+1]
			bIt[u] = next*mIM + ins*mII
			if i > 1 {
				bDt[u] = next*mDM + mDD*bDt[u+1]
			}
		}
		inv := 1 / s.scale[i]
		for u := row + lo; u <= row+hi; u++ {
			bMt[u] *= inv
			bIt[u] *= inv
			bDt[u] *= inv
		}
	}

	// Posterior of each base's best state.
	s.state = s.state[:0]
	s.post = s.post[:0]
	for i := 1; i <= lq; i++ {
		lo, hi := max(1, i-bw), min(lr, i+bw)
		row := i*w - i + bw + 1
		var sum, best float64
		bestState := -1
		for k := lo; k <= hi; k++ {
			u := row + k
			zm, zi := fM[u]*bMt[u], fI[u]*bIt[u]
			if zm > best {
				best, bestState = zm, (k-1)<<1
			}
			if zi > best {
				best, bestState = zi, (k-1)<<1|1
			}
			sum += zm + zi
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
			s.right = extendBAQ(b, s.right)
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
// at or before it and the largest at or after it; right is scratch space,
// returned for reuse.
func extendBAQ(b, right []byte) []byte {
	if len(b) == 0 {
		return right
	}
	right = append(right[:0], make([]byte, len(b))...)
	right[len(b)-1] = b[len(b)-1]
	for i := len(b) - 2; i >= 0; i-- {
		right[i] = max(b[i], right[i+1])
	}
	left := b[0]
	for i := range b {
		left = max(left, b[i])
		b[i] = min(left, right[i])
	}
	return right
}
