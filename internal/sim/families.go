package sim

import (
	"fmt"
	"io"
	"math"
)

// Interspersed repeat families of the human-like genome, modelled on the
// classes RepeatMasker reports for GRCh38 (Alu, L1, ERV/LTR, DNA
// transposons). Each family has a random root consensus drawn from the seed;
// each subfamily's consensus is the root with a few percent of substitutions
// (the diagnostic positions that separate, say, AluY from AluS), and each
// planted copy is the subfamily consensus (or a fragment of it) with point
// substitutions and short indels at the copy's own divergence, drawn around
// the subfamily's age. Young subfamilies (AluY, L1HS/L1PA2) are what makes
// reads multi-map; old ones are nearly unique, as in the real genome.

// fragKind says which part of a consensus a copy keeps.
type fragKind uint8

const (
	fragWhole    fragKind = iota // the whole consensus (Alu)
	fragThree                    // a 3' end: 5'-truncated retrotransposition (L1)
	fragInternal                 // any internal piece (old DNA transposons, ERV internals)
)

// subfamily is one consensus of a family and the copies drawn from it.
type subfamily struct {
	name   string
	cons   []byte  // consensus, upper case
	weight float64 // share of the family's copies
	div    float64 // mean divergence of a copy from cons
}

// family is a repeat family: its RepeatMasker-style class, subfamilies, how
// copies are fragmented and whether they carry a poly-A tail.
type family struct {
	class string // e.g. SINE/Alu
	subs  []subfamily
	cum   []float64 // cumulative subfamily weights
	frag  fragKind
	// pFull is the chance that a fragmented copy is whole; meanFrag the
	// mean length of a fragment that is not.
	pFull    float64
	meanFrag float64
	tail     [2]int     // poly-A tail length range; zero for none
	tsd      [2]int     // target-site duplication length range
	divRange [2]float64 // copy divergence is clamped to this range
}

// subSpec describes a subfamily: name, share of copies, mean copy divergence.
type subSpec struct {
	name   string
	weight float64
	div    float64
}

// familySpec is the recipe of a family: one root consensus of length n and
// G+C fraction gc; subfamilies sit subDist (substitutions per base) from it.
type familySpec struct {
	class    string
	n        int
	gc       float64
	subDist  float64
	subs     []subSpec
	frag     fragKind
	pFull    float64
	meanFrag float64
	tail     [2]int
	tsd      [2]int
	divRange [2]float64
}

// Subfamily shares and ages are rough figures from RepeatMasker's GRCh38
// annotation (copies per subfamily, Kimura divergence); they set which copies
// are young enough to make reads multi-map.
var (
	aluSpecs = []familySpec{{
		class: "SINE/Alu", n: 282, gc: 0.53, subDist: 0.03, frag: fragWhole, tail: [2]int{8, 40}, tsd: [2]int{7, 20},
		divRange: [2]float64{0.02, 0.20},
		subs: []subSpec{
			{"AluJb", 0.12, 0.17}, {"AluJo", 0.13, 0.15}, {"AluSx", 0.25, 0.10},
			{"AluSz", 0.22, 0.09}, {"AluSg", 0.12, 0.07}, {"AluY", 0.13, 0.045}, {"AluYa5", 0.03, 0.02},
		},
	}}
	l1Specs = []familySpec{{
		class: "LINE/L1", n: 6000, gc: 0.40, subDist: 0.05, frag: fragThree, pFull: 0.03, meanFrag: 900,
		tail: [2]int{5, 30}, tsd: [2]int{7, 20}, divRange: [2]float64{0.01, 0.25},
		subs: []subSpec{
			{"L1HS", 0.005, 0.012}, {"L1PA2", 0.01, 0.025}, {"L1PA3", 0.02, 0.035}, {"L1PA5", 0.04, 0.06},
			{"L1PA7", 0.06, 0.08}, {"L1PA13", 0.08, 0.11}, {"L1PB1", 0.10, 0.13}, {"L1MA2", 0.14, 0.16},
			{"L1MB3", 0.21, 0.19}, {"L1ME1", 0.335, 0.22},
		},
	}}
	ltrSpecs = []familySpec{
		{class: "LTR/ERVL-MaLR", n: 360, gc: 0.45, subDist: 0.04, frag: fragInternal, pFull: 0.7, meanFrag: 200, tsd: [2]int{4, 6},
			divRange: [2]float64{0.04, 0.28}, subs: []subSpec{{"THE1B", 0.5, 0.12}, {"MLT1C", 0.5, 0.20}}},
		{class: "LTR/ERV1", n: 650, gc: 0.48, subDist: 0.05, frag: fragInternal, pFull: 0.7, meanFrag: 300, tsd: [2]int{4, 6},
			divRange: [2]float64{0.02, 0.28}, subs: []subSpec{{"LTR12C", 0.4, 0.09}, {"MER41B", 0.6, 0.11}}},
		{class: "LTR/ERVK", n: 7000, gc: 0.44, subDist: 0.03, frag: fragInternal, pFull: 0.05, meanFrag: 1200, tsd: [2]int{4, 6},
			divRange: [2]float64{0.01, 0.25}, subs: []subSpec{{"HERVK-int", 0.3, 0.04}, {"HERVL-int", 0.7, 0.15}}},
	}
	dnaSpecs = []familySpec{
		{class: "DNA/TcMar-Tigger", n: 2400, gc: 0.38, subDist: 0.05, frag: fragInternal, pFull: 0.05, meanFrag: 350, tsd: [2]int{2, 8},
			divRange: [2]float64{0.08, 0.30}, subs: []subSpec{{"Tigger1", 0.6, 0.17}, {"Tigger3a", 0.4, 0.21}}},
		{class: "DNA/hAT-Charlie", n: 2600, gc: 0.40, subDist: 0.05, frag: fragInternal, pFull: 0.02, meanFrag: 250, tsd: [2]int{2, 8},
			divRange: [2]float64{0.08, 0.30}, subs: []subSpec{{"Charlie1", 0.5, 0.22}, {"MER20", 0.5, 0.20}}},
	}
)

// buildFamilies draws the consensus sequences of specs.
func buildFamilies(r *rng, specs []familySpec) []*family {
	m := &mutator{r: r}
	var out []*family
	for _, s := range specs {
		root := consensusSeq(r, s.n, s.gc)
		f := &family{class: s.class, frag: s.frag, pFull: s.pFull, meanFrag: s.meanFrag, tail: s.tail, tsd: s.tsd, divRange: s.divRange}
		w := make([]float64, len(s.subs))
		for i, ss := range s.subs {
			cons, _ := m.copyOf(nil, root, s.subDist, nil)
			f.subs = append(f.subs, subfamily{name: ss.name, cons: cons, weight: ss.weight, div: ss.div})
			w[i] = ss.weight
		}
		f.cum = cumulative(w)
		out = append(out, f)
	}
	return out
}

// insertion is one planted copy of a family, before its bytes are drawn.
type insertion struct {
	sub      *subfamily
	from, to int     // consensus range kept, 0-based half-open
	div      float64 // target divergence
	tail     int     // poly-A tail length
	minus    bool
}

// length is the insertion's expected length in bases.
func (in *insertion) length() int { return in.to - in.from + in.tail }

// draw picks a subfamily, a fragment, a divergence, a tail and a strand.
func (f *family) draw(r *rng) insertion {
	sub := &f.subs[r.pick(f.cum)]
	n := len(sub.cons)
	in := insertion{sub: sub, to: n}
	if f.frag != fragWhole && !r.chance(f.pFull) {
		l := min(n, 50+int(r.exp(f.meanFrag)))
		if f.frag == fragThree {
			in.from = n - l
		} else {
			in.from = r.intn(n - l + 1)
			in.to = in.from + l
		}
	}
	// Copies of a subfamily spread around its age: sd a quarter of the mean.
	in.div = math.Min(math.Max(sub.div*(1+0.25*r.norm()), f.divRange[0]), f.divRange[1])
	if f.tail[1] > 0 && in.to == n {
		in.tail = r.between(f.tail[0], f.tail[1])
	}
	in.minus = r.u64()&1 == 1
	return in
}

// writeFamilies writes every subfamily consensus as FASTA, named
// "name#class" as RepeatMasker libraries are.
func writeFamilies(w io.Writer, fams []*family) error {
	for _, f := range fams {
		for _, s := range f.subs {
			if _, err := fmt.Fprintf(w, ">%s#%s\n", s.name, f.class); err != nil {
				return err
			}
			if err := writeWrapped(w, s.cons); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeWrapped writes seq in lines of lineWidth.
func writeWrapped(w io.Writer, seq []byte) error {
	for i := 0; i < len(seq); i += lineWidth {
		if _, err := fmt.Fprintf(w, "%s\n", seq[i:min(i+lineWidth, len(seq))]); err != nil {
			return err
		}
	}
	return nil
}
