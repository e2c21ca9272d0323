package sim

import (
	"math/rand/v2"
)

// Contig is a simulated reference sequence. Repeat marks the bases that lie
// in a planted repeat or N run; variants are planted only outside them, so
// that recall measures the pipeline and not the mappability of the genome.
type Contig struct {
	Name   string
	Seq    []byte
	Repeat []bool
}

const bases = "ACGT"

// makeGenome draws random contigs and lays the repeats over them: in the
// first contig an exact duplicate of a 1.5 kb segment, a 2 kb copy with 2%
// divergence, a 30-bp unit repeated 20 times, (CA)x25, A x 30 and 500 N;
// each further contig receives a 1 kb copy of a segment of the first, so
// that some reads map equally well to two contigs. Features that do not fit
// a short contig are left out.
func makeGenome(cfg *Config) []Contig {
	rng := cfg.stream(genomeStream)
	g := make([]Contig, len(cfg.Contigs))
	for i, spec := range cfg.Contigs {
		seq := make([]byte, spec.Length)
		for j := range seq {
			seq[j] = bases[rng.IntN(4)]
		}
		g[i] = Contig{Name: spec.Name, Seq: seq, Repeat: make([]bool, spec.Length)}
	}
	first := &g[0]
	L := len(first.Seq)
	copySegment(rng, first, first, L/10, L/5, 1500, 0)
	copySegment(rng, first, first, L/4, 17*L/20, 2000, 0.02)
	unit := randomBases(rng, 30)
	tandem := make([]byte, 0, 600)
	for range 20 {
		tandem = append(tandem, unit...)
	}
	first.overwrite(2*L/5, tandem)
	ca := make([]byte, 0, 50)
	for range 25 {
		ca = append(ca, 'C', 'A')
	}
	first.overwrite(L/2, ca)
	first.overwrite(3*L/5, repeatByte('A', 30))
	first.overwrite(7*L/10, repeatByte('N', 500))
	for i := 1; i < len(g); i++ {
		copySegment(rng, first, &g[i], L/3, len(g[i].Seq)/2, 1000, 0)
	}
	return g
}

// copySegment copies n bases of src starting at from to dst at to, changing
// each copied base with probability diverge, and marks both as repeats. It
// does nothing when either end would not fit.
func copySegment(rng *rand.Rand, src, dst *Contig, from, to, n int, diverge float64) {
	if from+n > len(src.Seq) || to+n > len(dst.Seq) || (src == dst && from+n > to && to+n > from) {
		return
	}
	seg := append([]byte(nil), src.Seq[from:from+n]...)
	for j := range seg {
		if rng.Float64() < diverge {
			seg[j] = otherBase(rng, seg[j])
		}
	}
	src.markRepeat(from, n)
	dst.overwrite(to, seg)
}

// overwrite writes b at pos and marks it as repeat; it does nothing when b
// does not fit.
func (c *Contig) overwrite(pos int, b []byte) {
	if pos < 0 || pos+len(b) > len(c.Seq) {
		return
	}
	copy(c.Seq[pos:], b)
	c.markRepeat(pos, len(b))
}

func (c *Contig) markRepeat(pos, n int) {
	for j := pos; j < pos+n; j++ {
		c.Repeat[j] = true
	}
}

func randomBases(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = bases[rng.IntN(4)]
	}
	return b
}

func repeatByte(c byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return b
}

// otherBase returns a base different from b, uniformly.
func otherBase(rng *rand.Rand, b byte) byte {
	for {
		if c := bases[rng.IntN(4)]; c != b {
			return c
		}
	}
}
