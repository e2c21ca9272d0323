package index

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
)

// The structure checks below run at every Load behind the checksum (see
// decode and check in load.go): a file whose checksum was recomputed after
// damage must be refused, not panic or loop in a lookup. Those that read a
// big section (the BWT's counts, the marks, the samples, the k-mer table)
// run on another core while the checksum is computed (checkSections), and
// take about as long as it, so that they add little to the time a load
// takes when a core is free.

// fullCheckLen is the longest text whose index Load inverts (checkInversion):
// one LF step per base, each a few cache misses, so tens of milliseconds
// per megabase: affordable at every load for small genomes only (5 Mb took
// 0.2-0.6 s on a busy two-core machine). Tests lower it to reach the
// lookups' own guards.
var fullCheckLen int64 = 1 << 20

// checkSections runs the checks of the big sections, in file order.
func (ix *Index) checkSections() error {
	for _, check := range []func() error{ix.checkCounts, ix.sa.checkRanks, ix.checkSamples, func() error { return ix.kmers.check(ix.n) }} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// checkCounts checks the occurrence counts heading every BWT block: those
// of the first block are zero and each block's are the previous block's
// plus the bases of that block. Occ is then exact for the stored bases, so
// backward search and LF steps stay inside the rows whatever the bases are.
func (ix *Index) checkCounts() error {
	var want [4]uint64
	for k := 0; k < len(ix.blocks)/blockWords; k++ {
		b := ix.blocks[k*blockWords:][:blockWords]
		if b[0] != want[0] || b[1] != want[1] || b[2] != want[2] || b[3] != want[3] {
			return fmt.Errorf("corrupt BWT: occurrence counts of block %d", k)
		}
		// The low and high bits of each base, two words' worth per
		// popcount: C is 01, G 10, T 11.
		l0, h0, l1, h1 := b[4]&evenBits, b[4]>>1&evenBits, b[5]&evenBits, b[5]>>1&evenBits
		l2, h2, l3, h3 := b[6]&evenBits, b[6]>>1&evenBits, b[7]&evenBits, b[7]>>1&evenBits
		t := uint64(bits.OnesCount64(l0&h0|(l1&h1)<<1) + bits.OnesCount64(l2&h2|(l3&h3)<<1))
		c := uint64(bits.OnesCount64(l0|l1<<1)+bits.OnesCount64(l2|l3<<1)) - t
		g := uint64(bits.OnesCount64(h0|h1<<1)+bits.OnesCount64(h2|h3<<1)) - t
		want[0] += blockBases - c - g - t
		want[1] += c
		want[2] += g
		want[3] += t
	}
	return nil
}

// checkRanks checks that the rank directory counts the marks before each
// word and that there is one sample per mark.
func (s *saSamples) checkRanks() error {
	var marked uint32
	for w, m := range s.marks {
		if s.ranks[w] != marked {
			return errors.New("corrupt suffix-array sample ranks")
		}
		marked += uint32(bits.OnesCount64(m))
	}
	if int(marked) != len(s.samples) {
		return errors.New("corrupt suffix-array sample marks")
	}
	return nil
}

// checkSamples checks that the samples are multiples of the rate up to n
// and, for an index checkInversion will invert, that each is there once,
// as that check needs. The quotient is a multiplication (Lemire et al.
// 2019, as in multiples): a division per sample would cost more than the
// checksum. Finding repeats costs as much again, a random access per
// sample, so a big index goes without: a repeated sample gives wrong
// positions in the text, not a panic (locateRow).
func (ix *Index) checkSamples() error {
	rate := uint32(ix.sa.rate)
	inverse := uint64(multiplesOf(int(rate))) // 0 for a rate of 1
	var seen []uint64
	if ix.n <= fullCheckLen {
		seen = make([]uint64, len(ix.sa.samples)/64+1)
	}
	for _, v := range ix.sa.samples {
		k, _ := bits.Mul64(inverse, uint64(v))
		if inverse == 0 {
			k = uint64(v)
		}
		if int64(v) > ix.n || uint32(k)*rate != v || seen != nil && seen[k>>6]&(1<<(k&63)) != 0 {
			return fmt.Errorf("corrupt suffix-array sample %d", v)
		}
		if seen != nil {
			seen[k>>6] |= 1 << (k & 63)
		}
	}
	return nil
}

// check checks that the k-mer intervals follow each other in k-mer order
// inside rows 1..n (row 0 is the sentinel's) and hold the n-k+1 suffixes
// of at least k bases between them.
func (t *kmerTable) check(n int64) error {
	prev, total := int64(1), int64(0)
	for w := 0; w < len(t.iv)/2; w++ {
		l, h := int64(t.iv[2*w]), int64(t.iv[2*w+1])
		if l < prev || h < l || h > n+1 {
			return fmt.Errorf("corrupt k-mer table at k-mer %d", w)
		}
		prev, total = h, total+h-l
	}
	if want := max(n-int64(t.k)+1, 0); t.k > 0 && total != want {
		return fmt.Errorf("corrupt k-mer table: its intervals hold %d rows, the text has %d %d-mers", total, want, t.k)
	}
	return nil
}

// checkSampledRows checks the rows whose suffixes are known without the
// BWT: the primary row holds suffix 0 and row 0 (the sentinel's) suffix n,
// each sampled when the rate divides its position.
func (ix *Index) checkSampledRows() error {
	sa, n := ix.sa, ix.n
	if pos, ok := sa.lookup(ix.primary); !ok || pos != 0 {
		return errors.New("corrupt suffix-array samples: the primary row is not suffix 0")
	}
	if pos, ok := sa.lookup(0); ok != (n%sa.rate == 0) || ok && pos != n {
		return errors.New("corrupt suffix-array samples: row 0 is not the sentinel's suffix")
	}
	return nil
}

// leg is a piece of the inversion: row r holds suffix p, and LF steps go
// down to suffix q, the next sampled one.
type leg struct{ r, p, q int64 }

// inversionWays is how many legs checkInversion advances in turn, so that
// their cache misses overlap instead of queueing (as in chains.go).
const inversionWays = 32

// checkInversion inverts the BWT. It starts a leg at row 0 (suffix n) and
// at every sampled row but the primary; each leg's LF steps must read the
// text's bases backwards and pass no sampled row until the next multiple of
// the rate below its start, and end at the row sampled with that multiple.
// With the samples distinct (samplesSweep) the legs join into one walk from
// row 0 that spells the text and reaches the primary row, suffix 0, only
// after n steps: one cycle through every row. A BWT with that walk is the
// text's BWT, so with the samples and the k-mer table (recomputed from it)
// the whole index is proved right.
func (ix *Index) checkInversion() error {
	sa, n := ix.sa, ix.n
	below := func(p int64) int64 { return (p - 1) / sa.rate * sa.rate }
	var legs []leg
	if _, ok := sa.lookup(0); !ok {
		legs = append(legs, leg{0, n, below(n)})
	}
	k := 0
	for w, m := range sa.marks {
		for ; m != 0; m &= m - 1 {
			r, p := int64(w)*64+int64(bits.TrailingZeros64(m)), int64(sa.samples[k])
			if k++; p > 0 {
				legs = append(legs, leg{r, p, below(p)})
			}
		}
	}
	var ways [inversionWays]leg
	active := copy(ways[:], legs)
	next := active
	var sink uint64
	for active > 0 {
		for i := 0; i < active; i++ {
			sink += ix.blocks[ways[i].r>>blockShift*blockWords]
		}
		for i := 0; i < active; i++ {
			l := &ways[i]
			s := l.r
			if s > ix.primary {
				s--
			}
			c := storedBase(ix.blocks, s)
			if c != ix.ref.packedBase(l.p-1) {
				return fmt.Errorf("corrupt BWT: row %d does not hold the text's base %d", l.r, l.p-1)
			}
			l.r, l.p = ix.c[c]+occStored(ix.blocks, c, s), l.p-1
			pos, ok := sa.lookup(l.r)
			if l.p > l.q {
				if ok {
					return fmt.Errorf("corrupt suffix-array samples: row %d (suffix %d) is sampled as %d", l.r, l.p, pos)
				}
				continue
			}
			if !ok || pos != l.q {
				return fmt.Errorf("corrupt BWT: LF steps reach row %d as suffix %d, which is not sampled so", l.r, l.q)
			}
			if next < len(legs) {
				*l = legs[next]
				next++
				continue
			}
			active--
			ways[i] = ways[active]
			i-- // the moved leg takes its step in this round
		}
	}
	touchSink.Add(sink)
	if !slices.Equal(ix.kmerTableOf(ix.kmers.k, 1).iv, ix.kmers.iv) {
		return errors.New("corrupt k-mer table")
	}
	return nil
}
