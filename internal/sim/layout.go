package sim

import (
	"fmt"
	"math"
	"slices"
)

// grch38Chroms are GRCh38's primary chromosomes: length, centromere
// midpoint in Mb, and the Mb of N the assembly has in the centromere's
// heterochromatin and, for the acrocentric chromosomes, in the short arm.
// They set the relative sizes and where the structural gaps go.
var grch38Chroms = []struct {
	name       string
	length     int
	cen        float64
	cenN, armN float64
}{
	{"chr1", 248956422, 123.4, 18, 0}, {"chr2", 242193529, 93.9, 0.5, 0},
	{"chr3", 198295559, 90.9, 0.5, 0}, {"chr4", 190214555, 50.0, 0.5, 0},
	{"chr5", 181538259, 48.8, 0.5, 0}, {"chr6", 170805979, 59.8, 0.5, 0},
	{"chr7", 159345973, 60.1, 0.5, 0}, {"chr8", 145138636, 45.2, 0.5, 0},
	{"chr9", 138394717, 43.0, 20, 0}, {"chr10", 133797422, 39.8, 0.5, 0},
	{"chr11", 135086622, 53.4, 0.5, 0}, {"chr12", 133275309, 35.5, 0.5, 0},
	{"chr13", 114364328, 17.7, 0.5, 16}, {"chr14", 107043718, 17.2, 0.5, 16},
	{"chr15", 101991189, 19.0, 0.5, 17}, {"chr16", 90338345, 36.8, 8, 0},
	{"chr17", 83257441, 25.1, 0.5, 0}, {"chr18", 80373285, 18.5, 0.5, 0},
	{"chr19", 58617616, 26.2, 0.5, 0}, {"chr20", 64444167, 28.1, 0.5, 0},
	{"chr21", 46709983, 12.0, 0.5, 6}, {"chr22", 50818468, 15.0, 0.5, 10.5},
	{"chrX", 156040895, 60.6, 0.5, 0}, {"chrY", 57227415, 10.4, 30, 0},
}

// Layout limits.
const (
	minSmallContig = 200   // shortest small contig
	minAlt         = 1000  // shortest alt contig
	telomereGap    = 10000 // GRCh38's telomere gaps, scaled down with the genome
	// structuralN is the share of the N budget in telomeres, short arms and
	// centromeres; the rest is scattered along the arms.
	structuralN = 0.85
	// centromericSat is the share of the satellite budget at centromeres.
	centromericSat = 2.0 / 3
	// satContigShare is the share of small contigs that are satellite
	// arrays, as many of GRCh38's chrUn contigs are.
	satContigShare = 1.0 / 3
)

// zoneKind is what a stretch of a contig holds.
type zoneKind uint8

const (
	zoneGap       zoneKind = iota // N
	zoneArm                       // background with planted features
	zoneAlpha                     // centromeric alpha-satellite array
	zoneSatellite                 // a small contig that is one satellite array
)

// zone is one stretch of a contig's layout.
type zone struct {
	kind   zoneKind
	length int
	name   string // gap kind for the annotation
}

// contigPlan is one contig to write: name, length, layout, and the alt
// contigs whose sources lie on it (sorted by start).
type contigPlan struct {
	name   string
	length int
	large  int // index in grch38Chroms for the large contigs, else -1
	zones  []zone
	alts   []*altPlan
}

// altPlan is one alt-like contig: a copy of src[start:start+length] with
// divergence div, written reverse-complemented when minus.
type altPlan struct {
	name          string
	src           *contigPlan
	start, length int
	div           float64
	minus         bool
	cap           *capture // collects the source while src is written
}

// layout is the plan of a whole genome.
type layout struct {
	contigs []*contigPlan
	alts    []*altPlan
	// armBases is the total length of zones where features are planted;
	// scatteredN and scatteredSat the N and satellite bases to plant there.
	armBases, scatteredN, scatteredSat int
	// primary is the number of bases of the primary and small contigs.
	primary int
	// largestArm bounds the size of planted features on small genomes.
	largestArm int
}

// planLayout draws contig names, lengths and zones, and the alt contigs.
func planLayout(o *HumanOptions, r *rng) (*layout, error) {
	n := o.contigCount()
	nLarge := min(n, maxLarge)
	nSmall := n - nLarge
	altTotal := 0
	if o.Alts > 0 {
		altTotal = max(int(o.AltFraction*float64(o.Size)), o.Alts*minAlt)
	}
	small := smallLengths(r, nSmall, max(int(o.SmallFraction*float64(o.Size)), nSmall*minSmallContig))
	smallTotal := 0
	for _, l := range small {
		smallTotal += l
	}
	L := &layout{primary: o.Size - altTotal}
	largeTotal := L.primary - smallTotal
	lengths := scaleLengths(nLarge, largeTotal)
	nBudget := o.N * float64(L.primary)
	satBudget := o.Satellite * float64(L.primary)
	scale := float64(largeTotal) / float64(sumLengths(nLarge))
	tel := min(max(int(telomereGap*scale), 100), telomereGap)
	var cenW, armW, lenSum float64
	for i := range nLarge {
		cenW += grch38Chroms[i].cenN
		armW += grch38Chroms[i].armN
		lenSum += float64(lengths[i])
	}
	rest := math.Max(0, nBudget-float64(2*tel*nLarge))
	structural := structuralN * rest
	scatteredN := rest - structural
	for i, l := range lengths {
		c := grch38Chroms[i]
		alpha := int(centromericSat * satBudget * float64(l) / lenSum)
		cenN := int(structural * c.cenN / (cenW + armW))
		armN := int(structural * c.armN / (cenW + armW))
		p := &contigPlan{name: c.name, length: l, large: i}
		var lost int
		p.zones, lost = chromZones(l, int(float64(l)*c.cen*1e6/float64(c.length)), tel, armN, cenN, alpha)
		scatteredN += float64(lost)
		L.contigs = append(L.contigs, p)
	}
	satLeft := (1 - centromericSat) * o.Satellite * float64(L.primary)
	for i, l := range small {
		p := &contigPlan{name: fmt.Sprintf("chrUn_SIM%06dv1", i+1), length: l, large: -1}
		if i >= nSmall/2 {
			p.name += "_decoy"
		}
		kind := zoneArm
		if r.chance(satContigShare) {
			kind = zoneSatellite
			satLeft -= float64(l)
		}
		p.zones = []zone{{kind: kind, length: l}}
		L.contigs = append(L.contigs, p)
	}
	for _, p := range L.contigs {
		for _, z := range p.zones {
			if z.kind == zoneArm {
				L.armBases += z.length
				L.largestArm = max(L.largestArm, z.length)
			}
		}
	}
	L.scatteredN = int(scatteredN)
	L.scatteredSat = max(0, int(satLeft))
	if err := L.planAlts(r, o, altTotal); err != nil {
		return nil, err
	}
	return L, nil
}

func sumLengths(n int) int {
	s := 0
	for i := range n {
		s += grch38Chroms[i].length
	}
	return s
}

// scaleLengths gives the first n GRCh38 chromosomes lengths in proportion
// summing to total.
func scaleLengths(n, total int) []int {
	sum := sumLengths(n)
	out := make([]int, n)
	left := total
	for i := range n {
		out[i] = int(float64(grch38Chroms[i].length) * float64(total) / float64(sum))
		left -= out[i]
	}
	out[0] += left
	return out
}

// smallLengths draws n lognormal lengths (sigma 1.2, like GRCh38's unplaced
// and decoy contigs, whose lengths span 1 kb to a few hundred kb) scaled to
// sum to about total, none shorter than minSmallContig.
func smallLengths(r *rng, n, total int) []int {
	if n == 0 {
		return nil
	}
	w := make([]float64, n)
	sum := 0.0
	for i := range w {
		w[i] = math.Exp(1.2 * r.norm())
		sum += w[i]
	}
	out := make([]int, n)
	for i := range w {
		out[i] = max(minSmallContig, int(w[i]*float64(total)/sum))
	}
	return out
}

// chromZones lays out a chromosome of length l with its centromere at cen:
// telomere gap, short-arm gap (armN), p arm, alpha array, centromere gap
// (cenN) inside the array, q arm, telomere gap. Structural pieces that would
// leave less than a tenth of the chromosome to the arms are shrunk; the N
// bases lost that way are returned so the caller can scatter them instead.
func chromZones(l, cen, tel, armN, cenN, alpha int) ([]zone, int) {
	tel = min(tel, l/20)
	fixed := armN + cenN + alpha
	room := l*9/10 - 2*tel
	lost := 0
	if fixed > room {
		f := float64(room) / float64(fixed)
		lost = armN + cenN - int(float64(armN)*f) - int(float64(cenN)*f)
		armN, cenN, alpha = int(float64(armN)*f), int(float64(cenN)*f), int(float64(alpha)*f)
	}
	alphaL := alpha / 2
	p := max(0, cen-tel-armN-alphaL-cenN/2)
	q := l - 2*tel - armN - p - alpha - cenN
	zs := []zone{
		{zoneGap, tel, "telomere"}, {zoneGap, armN, "short_arm"}, {zoneArm, p, ""},
		{zoneAlpha, alphaL, ""}, {zoneGap, cenN, "centromere"}, {zoneAlpha, alpha - alphaL, ""},
		{zoneArm, q, ""}, {zoneGap, tel, "telomere"},
	}
	return slices.DeleteFunc(zs, func(z zone) bool { return z.length == 0 }), lost
}

// planAlts places the alt contigs on the arms of the large contigs, each on
// an arm drawn in proportion to its length, lengths lognormal (sigma 0.7)
// around altTotal/Alts, none longer than half its arm.
func (L *layout) planAlts(r *rng, o *HumanOptions, altTotal int) error {
	if o.Alts == 0 {
		return nil
	}
	type arm struct {
		c          *contigPlan
		start, len int
	}
	var arms []arm
	var w []float64
	for _, c := range L.contigs {
		pos := 0
		for _, z := range c.zones {
			if c.large >= 0 && z.kind == zoneArm && z.length >= 4*minAlt {
				arms = append(arms, arm{c, pos, z.length})
				w = append(w, float64(z.length))
			}
			pos += z.length
		}
	}
	if len(arms) == 0 {
		return fmt.Errorf("sim: no chromosome arm is long enough for alt contigs of %d bases", minAlt)
	}
	cum := cumulative(w)
	lw := make([]float64, o.Alts)
	sum := 0.0
	for i := range lw {
		lw[i] = math.Exp(0.7 * r.norm())
		sum += lw[i]
	}
	for i := range o.Alts {
		a := arms[r.pick(cum)]
		l := min(max(minAlt, int(lw[i]*float64(altTotal)/sum)), a.len/2)
		ap := &altPlan{
			src: a.c, start: a.start + r.intn(a.len-l+1), length: l,
			div: r.logUniform(0.001, 0.01), minus: r.chance(0.2),
		}
		ap.name = fmt.Sprintf("%s_SIM%06dv1_alt", a.c.name, i+1)
		ap.cap = &capture{start: ap.start, end: ap.start + l}
		a.c.alts = append(a.c.alts, ap)
		L.alts = append(L.alts, ap)
	}
	for _, c := range L.contigs {
		slices.SortStableFunc(c.alts, func(a, b *altPlan) int { return a.start - b.start })
	}
	// Alts capped by their arm leave bases of altTotal unused: give them to
	// the first chromosome's last arm so the genome keeps its size (alts
	// there lie before the added bases).
	left := altTotal
	for _, a := range L.alts {
		left -= a.length
	}
	c := L.contigs[0]
	for i := len(c.zones) - 1; i >= 0 && left > 0; i-- {
		if c.zones[i].kind == zoneArm {
			c.zones[i].length += left
			c.length += left
			L.armBases += left
			L.primary += left
			break
		}
	}
	return nil
}
