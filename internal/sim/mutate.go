package sim

import (
	"math"
	"strconv"
)

// complement maps a base to its complement keeping its case; N stays N and
// any other byte becomes N.
var complement = func() (t [256]byte) {
	for i := range t {
		t[i] = 'N'
	}
	for _, p := range []string{"AT", "CG", "GC", "TA", "NN"} {
		t[p[0]], t[p[0]|0x20] = p[1], p[1]|0x20
	}
	return t
}()

// reverseComplement reverses and complements s in place.
func reverseComplement(s []byte) {
	for i, j := 0, len(s)-1; i <= j; i, j = i+1, j-1 {
		s[i], s[j] = complement[s[j]], complement[s[i]]
	}
}

// transition maps a base to its transition partner (A<->G, C<->T), keeping
// case.
var transition = func() (t [256]byte) {
	for _, p := range []string{"AG", "GA", "CT", "TC"} {
		t[p[0]], t[p[0]|0x20] = p[1], p[1]|0x20
	}
	return t
}()

// randomSeq appends n random bases with G+C probability gc.
func randomSeq(r *rng, dst []byte, n int, gc float64) []byte {
	for range n {
		dst = append(dst, drawBase(r.float(), gc))
	}
	return dst
}

// consensusSeq returns n random bases of which exactly round(gc*n) are G
// or C (a shuffled composition), so that the G+C of a repeat family, and of
// the genome, does not wander with the seed as an independent draw of each
// base would make it (by 3% for a 282-base Alu).
func consensusSeq(r *rng, n int, gc float64) []byte {
	s := make([]byte, n)
	strong := int(math.Round(gc * float64(n)))
	for i := range s {
		if i < strong {
			s[i] = "GC"[r.intn(2)]
		} else {
			s[i] = "AT"[r.intn(2)]
		}
	}
	for i := n - 1; i > 0; i-- { // Fisher-Yates
		j := r.intn(i + 1)
		s[i], s[j] = s[j], s[i]
	}
	return s
}

// drawBase turns a uniform u in [0, 1) into a base with G+C probability gc.
func drawBase(u, gc float64) byte {
	switch {
	case u < gc/2:
		return 'G'
	case u < gc:
		return 'C'
	case u < (1+gc)/2:
		return 'A'
	default:
		return 'T'
	}
}

// Mutation model of planted copies: of the events, subFrac are
// substitutions (two thirds of them transitions, the human ratio), the rest
// insertions and deletions in equal parts, 1-maxIndelLen bases long with
// geometric lengths (mean ~1.6 bases); the same mix as human small
// variation (about 85% SNVs).
const (
	subFrac     = 0.85
	maxIndelLen = 10
	indelP      = 0.6 // indel length is 1 + geometric(indelP): mean 1 + (1-p)/p
)

// mutator copies sequences with point substitutions and short indels at a
// given rate per base, drawing one geometric gap per event instead of one
// number per base.
type mutator struct {
	r *rng
	// indel scales the insertion and deletion share: 1 is the default mix,
	// 0 substitutions only.
	indel float64
}

// copyOf appends to dst a copy of src with d edited bases per source base
// on average and returns it with the number of edited bases (substituted,
// inserted or deleted), so edits/len(src) is the copy's realised
// divergence. Indels are
// kept one base away from both ends (a CIGAR that starts or ends with an
// indel is not one tools accept) and N is never substituted. When cig is
// not nil it receives the alignment of the copy (query) to src (reference).
func (m *mutator) copyOf(dst, src []byte, d float64, cig *cigar) ([]byte, int) {
	edits, i := 0, 0
	r := m.r
	// An event edits one base, or an indel's length: scale the event rate
	// so that edited bases, not events, come at rate d.
	rate := d / (1 + (1-subFrac)*m.indel*(1-indelP)/indelP)
	for {
		skip := r.geometric(rate)
		if skip >= len(src)-i {
			dst = append(dst, src[i:]...)
			cig.add('M', len(src)-i)
			return dst, edits
		}
		dst = append(dst, src[i:i+skip]...)
		cig.add('M', skip)
		i += skip
		b := src[i]
		u := r.float()
		indel := u >= 1-(1-subFrac)*m.indel && i > 0 && i < len(src)-1
		n := 1
		if indel {
			n = min(1+r.geometric(indelP), maxIndelLen)
		}
		switch {
		case !indel:
			nb := b
			if b != 'N' && b != 'n' {
				nb = substitute(r, b)
				edits++
			}
			dst = append(dst, nb)
			cig.add('M', 1)
			i++
		case r.u64()&1 == 0: // insertion before src[i]
			for range n {
				dst = append(dst, sameCase(drawBase(r.float(), 0.41), b))
			}
			cig.add('I', n)
			edits += n
		default: // deletion of src[i : i+n], leaving the last base
			n = min(n, len(src)-1-i)
			cig.add('D', n)
			edits += n
			i += n
		}
	}
}

// weakStay is the chance that a substitution of A or T is the A<->T
// transversion. Without it A/T and G/C bases change class equally often
// (5/6 of substitutions) and old copies drift to 50% G+C; with it, weak to
// strong changes happen (1 - weakStay) * 5/6 of the time and the
// equilibrium G+C is 0.38, about that of neutral human substitution (Duret
// and Arndt 2008), so old repeats stay A/T-rich as in the real genome.
const weakStay = 0.387

// substitute returns a base other than b: for A or T, the A<->T
// transversion with probability weakStay; otherwise a transition with
// probability 2/3, else one of the two transversions. Case is kept.
func substitute(r *rng, b byte) byte {
	if u := b &^ 0x20; (u == 'A' || u == 'T') && r.chance(weakStay) {
		return complement[b]
	}
	x := r.intn(3)
	if x < 2 {
		return transition[b]
	}
	// The transversions of A/G are C and T, of C/T are A and G.
	tv := "CT"
	if b|0x20 == 'c' || b|0x20 == 't' {
		tv = "AG"
	}
	return sameCase(tv[r.intn(2)], b)
}

// sameCase returns base b in the case of like.
func sameCase(b, like byte) byte {
	if like >= 'a' {
		return b | 0x20
	}
	return b &^ 0x20
}

// cigar accumulates a SAM CIGAR string, merging runs of the same operation.
// A nil *cigar ignores everything.
type cigar struct {
	ops []byte
	n   []int
}

func (c *cigar) add(op byte, n int) {
	if c == nil || n == 0 {
		return
	}
	if k := len(c.ops) - 1; k >= 0 && c.ops[k] == op {
		c.n[k] += n
		return
	}
	c.ops = append(c.ops, op)
	c.n = append(c.n, n)
}

func (c *cigar) String() string {
	var b []byte
	for i, op := range c.ops {
		b = strconv.AppendInt(b, int64(c.n[i]), 10)
		b = append(b, op)
	}
	return string(b)
}
