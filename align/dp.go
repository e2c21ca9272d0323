package align

import "github.com/biogo/hts/sam"

// Banded affine-gap alignment with soft clipping (Gotoh 1982, "An improved
// algorithm for matching biological sequences", with bwa mem's clipping
// rule, H. Li 2013).
//
// The read q (n codes, already on the strand being aligned) is aligned to a
// reference window r (m codes). Only cells near one diagonal are filled:
// cell (i, j) — read[:i] and window[:j] consumed — is kept when
// |j - i - diag| <= w, and is stored at band offset k = j - i - diag + w, so
// a diagonal move keeps k, a deletion (window advances) moves to k-1 in the
// same row and an insertion (read advances) comes from k+1 in the row above.
// Three matrices as Gotoh: H best score, E ending in a deletion, F ending in
// an insertion. The window is free at both ends (the window only brackets
// where the read lies); the read may start at any base by paying the clip
// penalty (its prefix is soft-clipped) and may end at any base by paying it
// again. The best clip-adjusted score wins; ties prefer less clipping at the
// end, then the leftmost cell.

// negInf is minus infinity for the DP; far from overflow when gap penalties
// are subtracted.
const negInf = int32(-1 << 28)

// Trace bits stored per cell.
const (
	fromDiag  = 0 // H came diagonally from H
	fromStart = 1 // H came diagonally from a fresh start (read prefix clipped)
	fromE     = 2 // H is E (deletion)
	fromF     = 3 // H is F (insertion)
	srcMask   = 3
	eExtend   = 4 // E extended an earlier deletion
	fExtend   = 8 // F extended an earlier insertion
)

// extension is a local alignment of a read inside a window: read bases
// [qb, qe) align to window bases [rb, re) through ops (M, I and D only).
type extension struct {
	qb, qe, rb, re int
	ops            []sam.CigarOp
}

// dpWork holds the DP's reusable buffers; one per worker goroutine.
type dpWork struct {
	h, e, f, hp, ep, fp []int32
	trace               []byte
}

// grow returns s resized to n without keeping its contents.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// bandedAlign aligns q to r in the band of half-width w around diag (read
// base i against window base i+diag) and returns the best clip-adjusted
// local alignment; ok is false when no cell of the band lies in the window.
func (dw *dpWork) bandedAlign(q, r []byte, diag, w int, sc *Scoring) (ext extension, ok bool) {
	n, m, width := len(q), len(r), 2*w+1
	dw.h, dw.e, dw.f = grow(dw.h, width+1), grow(dw.e, width+1), grow(dw.f, width+1)
	dw.hp, dw.ep, dw.fp = grow(dw.hp, width+1), grow(dw.ep, width+1), grow(dw.fp, width+1)
	dw.trace = grow(dw.trace, (n+1)*width)
	oe, ext1, clip := int32(sc.GapOpen+sc.GapExtend), int32(sc.GapExtend), int32(sc.Clip)
	best, bi, bj := negInf, -1, -1
	// Row 0: nothing of the read consumed; any window start is free.
	for k := 0; k <= width; k++ {
		j := diag - w + k
		dw.hp[k], dw.ep[k], dw.fp[k] = negInf, negInf, negInf
		if k < width && j >= 0 && j <= m {
			dw.hp[k] = 0
		}
	}
	var prof [5]int32
	for i := 1; i <= n; i++ {
		// The query profile: this read base's score against each code.
		for c := range prof {
			prof[c] = sc.pair(q[i-1], byte(c))
		}
		endPen := clip
		if i == n {
			endPen = 0
		}
		h, e, f := dw.h[:width+1], dw.e[:width+1], dw.f[:width+1]
		hp, fp := dw.hp[:width+1], dw.fp[:width+1]
		row := dw.trace[i*width : (i+1)*width]
		// Band offsets whose window column j = i+diag-w+k lies in [0, m].
		kLo, kHi := max(w-i-diag, 0), min(m+w-i-diag, width-1)
		for k := 0; k < width; k++ {
			if k < kLo || k > kHi {
				h[k], e[k], f[k] = negInf, negInf, negInf
			}
		}
		hLeft, eLeft := negInf, negInf
		for k := kLo; k <= kHi; k++ {
			j := i + diag - w + k
			var tb byte
			// Diagonal: from H above-left, or a fresh start after a clip.
			hv := negInf
			if j >= 1 {
				prev := hp[k]
				if -clip > prev {
					prev, tb = -clip, fromStart
				}
				hv = prev + prof[r[j-1]]
			}
			// Deletion: window advances within this row.
			ev := hLeft - oe
			if eLeft-ext1 > ev {
				ev = eLeft - ext1
				tb |= eExtend
			}
			// Insertion: read advances from the row above.
			fv := hp[k+1] - oe
			if fp[k+1]-ext1 > fv {
				fv = fp[k+1] - ext1
				tb |= fExtend
			}
			if ev > hv {
				hv, tb = ev, tb&^srcMask|fromE
			}
			if fv > hv {
				hv, tb = fv, tb&^srcMask|fromF
			}
			if hv < negInf/2 {
				hv = negInf
			}
			h[k], e[k], f[k], row[k] = hv, ev, fv, tb
			hLeft, eLeft = hv, ev
			if s := hv - endPen; s > best || (s == best && i > bi) {
				best, bi, bj = s, i, j
			}
		}
		h[width], f[width] = negInf, negInf
		dw.h, dw.hp = dw.hp, dw.h
		dw.e, dw.ep = dw.ep, dw.e
		dw.f, dw.fp = dw.fp, dw.f
	}
	if bi < 0 || best <= negInf/2 {
		return extension{}, false
	}
	return dw.traceback(bi, bj, diag, w, width), true
}

// traceback walks the trace from the best cell back to the alignment start.
func (dw *dpWork) traceback(i, j, diag, w, width int) extension {
	ext := extension{qe: i, re: j}
	var rev []sam.CigarOp
	push := func(t sam.CigarOpType) {
		if l := len(rev); l > 0 && rev[l-1].Type() == t {
			rev[l-1] = sam.NewCigarOp(t, rev[l-1].Len()+1)
			return
		}
		rev = append(rev, sam.NewCigarOp(t, 1))
	}
	state := byte(0) // 0 in H, fromE, fromF
	for i > 0 {
		k := j - i - diag + w
		tb := dw.trace[i*width+k]
		switch state {
		case fromE:
			push(sam.CigarDeletion)
			if tb&eExtend == 0 {
				state = 0
			}
			j--
			continue
		case fromF:
			push(sam.CigarInsertion)
			if tb&fExtend == 0 {
				state = 0
			}
			i--
			continue
		}
		switch tb & srcMask {
		case fromE, fromF:
			state = tb & srcMask
			continue
		case fromStart:
			push(sam.CigarMatch)
			i--
			j--
			ext.qb, ext.rb = i, j
			ext.ops = reverseOps(rev)
			return ext
		}
		push(sam.CigarMatch)
		i--
		j--
	}
	ext.qb, ext.rb = i, j
	ext.ops = reverseOps(rev)
	return ext
}

// reverseOps reverses a CIGAR collected backwards.
func reverseOps(ops []sam.CigarOp) []sam.CigarOp {
	for a, b := 0, len(ops)-1; a < b; a, b = a+1, b-1 {
		ops[a], ops[b] = ops[b], ops[a]
	}
	return ops
}
