package sim

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// qualityTable is the base-quality mix of simulated reads. Each base draws a
// quality from it and is miscalled with probability 10^(-Q/10), so the
// qualities are calibrated; the mean error rate is about 0.5%
// (0.7*1e-4 + 0.2*1e-3 + 0.06*1e-2 + 0.04*1e-1 = 0.0049).
var qualityTable = []struct {
	q    int
	frac float64
}{{40, 0.70}, {30, 0.20}, {20, 0.06}, {10, 0.04}}

// errProb[q] is 10^(-q/10), computed once: math.Pow per base was a quarter
// of the simulation's time.
var errProb = func() (p [64]float64) {
	for q := range p {
		p[q] = math.Pow(10, -float64(q)/10)
	}
	return p
}()

// readSim draws the read pairs of one sample.
type readSim struct {
	cfg     *Config
	rng     *rand.Rand
	names   []string
	haps    [][2]haplotype // per contig, per haplotype
	cumLen  []int          // cumulative reference length, to pick a contig
	counter int
}

func newReadSim(cfg *Config, g []Contig, vars []Variant, s int) *readSim {
	rs := &readSim{cfg: cfg, rng: cfg.stream(sampleStream + uint64(s))}
	total := 0
	for ci := range g {
		rs.names = append(rs.names, g[ci].Name)
		rs.haps = append(rs.haps, [2]haplotype{
			buildHaplotype(&g[ci], ci, vars, s, 0),
			buildHaplotype(&g[ci], ci, vars, s, 1),
		})
		total += len(g[ci].Seq)
		rs.cumLen = append(rs.cumLen, total)
	}
	return rs
}

// pairs is the number of read pairs that gives cfg.Coverage.
func (rs *readSim) pairs() int {
	total := rs.cumLen[len(rs.cumLen)-1]
	return int(math.Round(rs.cfg.Coverage * float64(total) / float64(2*rs.cfg.ReadLength)))
}

// writePair draws one fragment and writes its two reads as FASTQ records to
// w1 and w2. Fragments that touch an N run are redrawn: sequencers give no
// reads from a gap of the assembly.
func (rs *readSim) writePair(w1, w2 *bufio.Writer) {
	rl := rs.cfg.ReadLength
	var (
		ci, start, flen int
		hp              *haplotype
	)
	for {
		ci = rs.pickContig()
		hp = &rs.haps[ci][rs.rng.IntN(2)]
		flen = int(math.Round(rs.cfg.InsertMean + rs.rng.NormFloat64()*rs.cfg.InsertSD))
		flen = max(flen, rl)
		if flen > len(hp.seq) {
			continue
		}
		start = rs.rng.IntN(len(hp.seq) - flen + 1)
		if !hasN(hp.seq[start : start+flen]) {
			break
		}
	}
	left := append([]byte(nil), hp.seq[start:start+rl]...)
	right := revComp(hp.seq[start+flen-rl : start+flen])
	leftPos, rightPos := hp.refPos[start]+1, hp.refPos[start+flen-rl]+1
	// Read 1 comes from either end of the fragment; read 2 from the other.
	r1, r2, p1, p2, s1, s2 := left, right, leftPos, rightPos, 0, 1
	if rs.rng.IntN(2) == 1 {
		r1, r2, p1, p2, s1, s2 = right, left, rightPos, leftPos, 1, 0
	}
	q1, e1 := rs.addErrors(r1)
	q2, e2 := rs.addErrors(r2)
	rs.counter++
	name := fmt.Sprintf("%s_%d_%d_%d_%d_0_0_%d:0:0_%d:0:0_%s",
		rs.names[ci], p1, p2, s1, s2, e1, e2, strconv.FormatInt(int64(rs.counter), 16))
	writeFASTQ(w1, name, r1, q1)
	writeFASTQ(w2, name, r2, q2)
}

func (rs *readSim) pickContig() int {
	x := rs.rng.IntN(rs.cumLen[len(rs.cumLen)-1])
	for ci, c := range rs.cumLen {
		if x < c {
			return ci
		}
	}
	return len(rs.cumLen) - 1
}

// addErrors draws a quality per base from qualityTable and miscalls the base
// with the probability that quality states; it returns the Phred+33 quality
// string and the number of miscalled bases.
func (rs *readSim) addErrors(read []byte) ([]byte, int) {
	qual := make([]byte, len(read))
	errs := 0
	for i := range read {
		q := drawQuality(rs.rng.Float64())
		qual[i] = byte(33 + q)
		if rs.rng.Float64() < errProb[q] {
			read[i] = otherBase(rs.rng, read[i])
			errs++
		}
	}
	return qual, errs
}

func drawQuality(u float64) int {
	for _, t := range qualityTable {
		if u < t.frac {
			return t.q
		}
		u -= t.frac
	}
	return qualityTable[len(qualityTable)-1].q
}

func hasN(b []byte) bool {
	for _, c := range b {
		if c == 'N' {
			return true
		}
	}
	return false
}

// revComp returns the reverse complement of an ACGT sequence.
func revComp(s []byte) []byte {
	out := make([]byte, len(s))
	for i, c := range s {
		var r byte
		switch c {
		case 'A':
			r = 'T'
		case 'C':
			r = 'G'
		case 'G':
			r = 'C'
		case 'T':
			r = 'A'
		default:
			r = 'N'
		}
		out[len(s)-1-i] = r
	}
	return out
}

func writeFASTQ(w *bufio.Writer, name string, seq, qual []byte) {
	w.WriteByte('@')
	w.WriteString(name)
	w.WriteByte('\n')
	w.Write(seq)
	w.WriteString("\n+\n")
	w.Write(qual)
	w.WriteByte('\n')
}
