package sim

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
)

// event is a kind of feature planted along the arms.
type event int

const (
	evAlu event = iota
	evL1
	evLTR
	evDNA
	evSegDup
	evSatellite
	evMicrosat
	evGap
	evCapture // start collecting a segmental duplication source; plants nothing
	nEvents
)

// Random streams of a seed: one for the layout, one for the repeat library,
// one for the sequence, so that a change to one part of the model leaves
// the draws of the others alone.
const (
	layoutStream   = 11
	libraryStream  = 12
	sequenceStream = 13
	// meanStream seeds the fixed draws that estimate mean feature lengths.
	meanStream = 14
)

// Satellite units: alpha satellite's 171 bp monomer (GC-poor) and an
// HSat3-like pentamer; HOR arrays of 4-20 monomers that differ from the
// monomer consensus by 15-30%, as in real centromeres (Willard and Waye).
const (
	alphaLen   = 171
	alphaGC    = 0.38
	hsatUnit   = "ATTCC"
	minHOR     = 4
	maxHOR     = 20
	chunkBases = 1 << 16 // bases generated per emit call for long features
)

// isochores are the G+C families of the human genome (Costantini et al.
// 2006, L1 to H3): mean G+C and share of the genome. Background blocks draw
// one, shifted so that the mix has the requested mean.
var isochores = []struct{ gc, share float64 }{
	{0.355, 0.19}, {0.39, 0.37}, {0.435, 0.31}, {0.49, 0.11}, {0.55, 0.02},
}

// isochoreLen is the mean length of a background G+C block.
const isochoreLen = 300_000

// poolEntry is a stretch of written sequence kept as a segmental
// duplication source.
type poolEntry struct {
	contig string
	start  int
	seq    []byte
}

// generator holds the state of one HumanLike run.
type generator struct {
	o   *HumanOptions
	L   *layout
	r   *rng
	m   mutator
	out outputs
	e   emitter
	err error // layout error, reported by run

	fams        [evDNA + 1][]*family
	alpha, hsat []byte
	hors        [][]byte // centromeric HOR unit per large contig
	horNames    []string

	isoCum  []float64
	isoGC   []float64
	isoLeft int
	bg      [2048]byte // background base for 11 random bits, see setGC

	evCum                  []float64
	meanBG                 float64
	sdMin, sdMax           float64
	satMin, satMax, gapMax float64

	pool      []*poolEntry
	poolBytes int
	sdOwed    int // duplications drawn while the pool was empty
	sdCap     *capture
	cur       *contigPlan
	name      string // of the contig being written

	buf, buf2, tsd, bed []byte
	nbuf                []byte
	altRecs             [][]byte
	altLens             []int
	summary             HumanSummary
}

func newGenerator(w io.Writer, o *HumanOptions) *generator {
	g := &generator{o: o, r: newRNG(o.Seed, sequenceStream)}
	g.m = mutator{r: g.r, indel: 1}
	g.out = outputs{fa: bufferOrNil(w), bed: bufferOrNil(o.Annotation), alt: bufferOrNil(o.Alt)}
	g.e = emitter{fa: g.out.fa, soft: o.SoftMask}
	g.L, g.err = planLayout(o, newRNG(o.Seed, layoutStream))
	g.buildLibrary(newRNG(o.Seed, libraryStream))
	g.nbuf = bytes.Repeat([]byte{'N'}, chunkBases)
	g.setRates()
	w0 := make([]float64, len(isochores))
	mean := 0.0
	for i, c := range isochores {
		w0[i] = c.share
		mean += c.gc * c.share
	}
	g.isoCum = cumulative(w0)
	for _, c := range isochores {
		g.isoGC = append(g.isoGC, min(0.8, max(0.2, c.gc+o.GC-mean)))
	}
	return g
}

// buildLibrary draws the repeat consensus sequences and the centromeric HOR
// unit of each large contig.
func (g *generator) buildLibrary(r *rng) {
	g.fams[evAlu] = buildFamilies(r, aluSpecs)
	g.fams[evL1] = buildFamilies(r, l1Specs)
	g.fams[evLTR] = buildFamilies(r, ltrSpecs)
	g.fams[evDNA] = buildFamilies(r, dnaSpecs)
	g.alpha = consensusSeq(r, alphaLen, alphaGC)
	g.hsat = []byte(hsatUnit)
	m := mutator{r: r, indel: 0.3}
	for i := range grch38Chroms {
		var hor []byte
		for range r.between(minHOR, maxHOR) {
			hor, _ = m.copyOf(hor, g.alpha, r.uniform(0.15, 0.30), nil)
		}
		g.hors = append(g.hors, hor)
		g.horNames = append(g.horNames, grch38Chroms[i].name+"_HOR")
	}
}

// setRates turns the requested shares into event rates along the arms: a
// class of mean length m and share f of the arms occurs f/m times per base,
// and the background between events has mean length (1 - sum f) / (sum of
// rates), so each class ends up with its share.
func (g *generator) setRates() {
	if g.err != nil {
		return
	}
	L, o := g.L, g.o
	arm := float64(max(L.armBases, 1))
	boost := float64(L.primary) / arm
	g.sdMax = math.Max(1000, math.Min(500_000, float64(L.largestArm)/8))
	g.sdMin = math.Min(10_000, g.sdMax/4)
	g.satMax = math.Max(1000, math.Min(200_000, float64(L.largestArm)/20))
	g.satMin = math.Min(2000, g.satMax/4)
	g.gapMax = math.Max(200, math.Min(100_000, float64(L.largestArm)/50))
	share := [nEvents]float64{
		evAlu: o.Alu * boost, evL1: o.L1 * boost, evLTR: o.LTR * boost, evDNA: o.DNA * boost,
		evSegDup: o.SegDup * boost, evSatellite: float64(L.scatteredSat) / arm,
		evMicrosat: o.Microsat * boost, evGap: float64(L.scatteredN) / arm,
	}
	if o.PoolBytes == 0 {
		share[evSegDup] = 0
	}
	aux := newRNG(0, meanStream)
	rate := make([]float64, nEvents)
	total, sum := 0.0, 0.0
	for ev := range evCapture {
		if share[ev] > 0 {
			rate[ev] = share[ev] / g.meanLength(ev, aux)
			sum += share[ev]
		}
	}
	rate[evCapture] = rate[evSegDup]
	for _, x := range rate {
		total += x
	}
	if total == 0 {
		g.evCum, g.meanBG = nil, math.Inf(1)
		return
	}
	g.evCum = cumulative(rate)
	g.meanBG = math.Max(0, 1-sum) / total
}

// meanLength estimates the mean length of an event class from 4,000 draws
// of a fixed random stream.
func (g *generator) meanLength(ev event, r *rng) float64 {
	const n = 4000
	switch ev {
	case evSegDup:
		return (g.sdMax - g.sdMin) / math.Log(g.sdMax/g.sdMin)
	case evSatellite:
		return (g.satMax - g.satMin) / math.Log(g.satMax/g.satMin)
	case evGap:
		return (g.gapMax - 100) / math.Log(g.gapMax/100)
	}
	s := 0
	for i := range n {
		if ev == evMicrosat {
			_, l := microsatUnit(r)
			s += l
			continue
		}
		fs := g.fams[ev]
		in := fs[i%len(fs)].draw(r)
		s += in.length()
	}
	return float64(s) / n
}

// run writes the genome and its side outputs.
func (g *generator) run() error {
	if g.err != nil {
		return g.err
	}
	if g.o.Library != nil {
		if err := g.writeLibrary(g.o.Library); err != nil {
			return fmt.Errorf("sim: repeat library: %w", err)
		}
	}
	for _, c := range g.L.contigs {
		if err := g.contig(c); err != nil {
			return err
		}
	}
	for _, a := range g.L.alts {
		if err := g.alt(a); err != nil {
			return err
		}
	}
	if g.out.alt != nil {
		g.writeAltFile()
	}
	if err := g.out.flush(); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	return nil
}

// contig writes one primary or small contig zone by zone.
func (g *generator) contig(c *contigPlan) error {
	g.cur, g.name = c, c.name
	caps := make([]*capture, 0, len(c.alts)+1)
	for _, a := range c.alts {
		caps = append(caps, a.cap)
	}
	g.e.startContig(c.name, caps)
	sides := 0
	for _, z := range c.zones {
		switch z.kind {
		case zoneGap:
			g.gap(z.length, z.name)
		case zoneArm:
			g.arm(g.e.pos + z.length)
		case zoneAlpha:
			g.centromere(c, z.length, sides > 0)
			sides++
		case zoneSatellite:
			g.satelliteContig(z.length)
		}
	}
	g.finishCapture()
	g.e.endContig()
	g.summary.Contigs++
	g.summary.Bases += g.e.pos
	if err := g.out.fa.Flush(); err != nil {
		return fmt.Errorf("sim: writing %s: %w", c.name, err)
	}
	return nil
}

// arm plants features up to position end: background stretches of
// exponential length (Poisson insertion points), each followed by an event.
func (g *generator) arm(end int) {
	for g.e.pos < end {
		g.background(min(int(g.r.exp(g.meanBG)), end-g.e.pos))
		if g.e.pos >= end {
			break
		}
		ev := event(g.r.pick(g.evCum))
		if g.sdOwed > 0 && len(g.pool) > 0 && ev != evSegDup {
			// Pay back a duplication that found no source earlier, so
			// the share holds although the pool starts empty.
			ev = evSegDup
			g.sdOwed--
		}
		g.event(ev, end-g.e.pos)
		g.checkCapture()
	}
}

// event plants one feature of class ev in at most rem bases; a feature that
// does not fit is skipped.
func (g *generator) event(ev event, rem int) {
	switch ev {
	case evAlu, evL1, evLTR, evDNA:
		fs := g.fams[ev]
		f := fs[g.r.intn(len(fs))]
		in := f.draw(g.r)
		if in.length()+in.length()/8+f.tsd[1] <= rem {
			g.insert(f, in)
		}
	case evSegDup:
		if !g.segdup(rem) {
			g.sdOwed++
		}
	case evSatellite:
		l := min(int(g.r.logUniform(g.satMin, g.satMax)), rem)
		if g.r.chance(0.5) {
			g.array(l, g.hsatBlock(), "HSat3", "Satellite", hsatArray)
		} else {
			k := g.r.intn(len(g.hors))
			g.array(l, g.hors[k], g.horNames[k], "Satellite/centr", scatteredHOR)
		}
	case evMicrosat:
		g.microsat(rem)
	case evGap:
		g.gap(min(int(g.r.logUniform(100, g.gapMax)), rem), "contig")
	case evCapture:
		if g.sdCap == nil && g.o.PoolBytes > 0 {
			l := int(g.r.logUniform(g.sdMin, g.sdMax))
			g.sdCap = &capture{start: g.e.pos, end: min(g.e.pos+l, g.cur.length)}
			g.e.caps = append(g.e.caps, g.sdCap)
		}
	}
}

// background writes n bases of isochore-like random sequence, five bases
// per 64-bit draw (see setGC).
func (g *generator) background(n int) {
	for n > 0 {
		if g.isoLeft == 0 {
			g.setGC(g.isoGC[g.r.pick(g.isoCum)])
			g.isoLeft = 1 + int(g.r.exp(isochoreLen))
		}
		k := min(n, g.isoLeft, chunkBases)
		b := g.buf[:0]
		for len(b) < k {
			x := g.r.u64()
			for range min(5, k-len(b)) {
				b = append(b, g.bg[x&2047])
				x >>= 11
			}
		}
		g.buf = b
		g.e.emit(b, false)
		n -= k
		g.isoLeft -= k
	}
}

// setGC fills the background table: of 11 random bits, the low 10 give G+C
// with probability gc (to 1/1024), the 11th picks which of the pair.
func (g *generator) setGC(gc float64) {
	t := int(math.Round(gc * 1024))
	for v := range g.bg {
		strong, hi := v&1023 < t, v>>10 == 1
		switch {
		case strong && hi:
			g.bg[v] = 'G'
		case strong:
			g.bg[v] = 'C'
		case hi:
			g.bg[v] = 'A'
		default:
			g.bg[v] = 'T'
		}
	}
}

// insert plants a copy of an interspersed repeat, with its poly-A tail and
// the duplicated target site after it.
func (g *generator) insert(f *family, in insertion) {
	tsd := g.e.last(g.r.between(f.tsd[0], f.tsd[1]))
	if bytes.IndexByte(tsd, 'N') >= 0 {
		tsd = nil // no target site in a gap
	}
	g.tsd = append(g.tsd[:0], tsd...)
	src := in.sub.cons[in.from:in.to]
	lo, hi := int(math.Ceil(f.divRange[0]*float64(len(src)))), int(f.divRange[1]*float64(len(src)))
	var seq []byte
	var edits int
	// Redraw a copy whose realised divergence left the family's range (a
	// short fragment may never reach it: the last draw then stays).
	for try := 0; try < 32; try++ {
		if seq, edits = g.m.copyOf(g.buf[:0], src, in.div, nil); edits >= lo && edits <= hi {
			break
		}
	}
	seq = polyA(g.r, seq, in.tail)
	if in.minus {
		reverseComplement(seq)
	}
	g.buf = seq
	start := g.e.pos
	g.e.emit(seq, true)
	g.annotate(&feature{start: start, name: in.sub.name, minus: in.minus, class: f.class, edits: edits,
		srcLen: in.to - in.from, source: in.sub.name, from: in.from, to: in.to, tail: in.tail})
	g.e.emit(g.tsd, false)
}

// polyA appends an A-rich tail of n bases, one base in ten another one.
func polyA(r *rng, seq []byte, n int) []byte {
	for range n {
		b := byte('A')
		if r.chance(0.1) {
			b = "ACGT"[r.intn(4)]
		}
		seq = append(seq, b)
	}
	return seq
}

// microsatUnits weights microsatellite unit lengths 1-6 (homopolymers and
// dinucleotides are the commonest in the human genome).
var microsatUnits = cumulative([]float64{0.35, 0.25, 0.10, 0.15, 0.10, 0.05})

// microsatUnit draws a unit (homopolymers of A/T nine times in ten) and a
// total length (12 plus exponential of mean 25).
func microsatUnit(r *rng) ([]byte, int) {
	k := 1 + r.pick(microsatUnits)
	var unit []byte
	if k == 1 {
		unit = []byte{"AT"[r.intn(2)]}
		if r.chance(0.1) {
			unit[0] = "CG"[r.intn(2)]
		}
	} else {
		unit = randomSeq(r, nil, k, 0.41)
	}
	return unit, 12 + int(r.exp(25))
}

// microsat plants a tandem repeat of a 1-6 base unit with 0-8% impurities.
func (g *generator) microsat(rem int) {
	unit, l := microsatUnit(g.r)
	if l > rem {
		return
	}
	g.buf2 = g.buf2[:0]
	for len(g.buf2) < l {
		g.buf2 = append(g.buf2, unit...)
	}
	seq, edits := g.m.copyOf(g.buf[:0], g.buf2[:l], g.r.uniform(0, 0.08), nil)
	g.buf = seq
	start := g.e.pos
	g.e.emit(seq, true)
	g.annotate(&feature{start: start, name: "(" + string(unit) + ")n", class: "Simple_repeat",
		edits: edits, srcLen: l, source: "-"})
}

// arraySpec says how the copies of a satellite array vary. Real arrays are
// not copies of one unit with independent mutations: HOR variants
// (haplotypes) a few percent apart each fill runs of near-identical copies
// (Willard and Waye 1987; the T2T arrays, Altemose et al. 2022), which is
// what makes nearly every 100-mer of a centromere occur many times.
type arraySpec struct {
	varD  [2]float64 // divergence of the 4-12 variants from the unit (none: one variant, the unit)
	copyD [2]float64 // divergence of each copy from its variant
	// ownUnit says the unit is drawn for the array (HSat blocks), so the
	// annotation names no library range.
	ownUnit bool
}

var (
	centromericHOR = arraySpec{varD: [2]float64{0.005, 0.02}, copyD: [2]float64{0.0005, 0.005}}
	scatteredHOR   = arraySpec{varD: [2]float64{0.02, 0.05}, copyD: [2]float64{0.003, 0.01}}
	monomeric      = arraySpec{copyD: [2]float64{0.10, 0.25}}
	hsatArray      = arraySpec{varD: [2]float64{0.01, 0.03}, copyD: [2]float64{0.002, 0.01}, ownUnit: true}
)

// array plants l bases of tandem copies of unit as spec says, streaming in
// chunks; a variant holds for runs of ten copies on average. The annotated
// divergence is that of the copies from unit.
func (g *generator) array(l int, unit []byte, name, class string, spec arraySpec) {
	if l <= 0 {
		return
	}
	m := mutator{r: g.r, indel: 0.3}
	nv := 1
	if spec.varD[1] > 0 {
		nv = g.r.between(4, 12)
	}
	variants, vEdits := make([][]byte, nv), make([]int, nv)
	for i := range variants {
		variants[i], vEdits[i] = m.copyOf(nil, unit, g.r.uniform(spec.varD[0], spec.varD[1]), nil)
	}
	v := g.r.intn(nv)
	start, done, edits, srcLen := g.e.pos, 0, 0, 0
	for done < l {
		b := g.buf[:0]
		for len(b) < chunkBases && done+len(b) < l {
			if g.r.chance(0.1) {
				v = g.r.intn(nv)
			}
			var e int
			b, e = m.copyOf(b, variants[v], g.r.uniform(spec.copyD[0], spec.copyD[1]), nil)
			edits += e + vEdits[v]
			srcLen += len(unit)
		}
		b = b[:min(len(b), l-done)]
		g.buf = b
		g.e.emit(b, true)
		done += len(b)
	}
	f := &feature{start: start, name: name, class: class, edits: edits, srcLen: srcLen, source: name, to: len(unit)}
	if spec.ownUnit {
		f.source = "-"
	}
	g.annotate(f)
}

// hsatBlock draws the unit of an HSat3-like array: 40-200 copies of the
// pentamer, 8-15% diverged.
func (g *generator) hsatBlock() []byte {
	var t []byte
	for range g.r.between(40, 200) {
		t = append(t, g.hsat...)
	}
	m := mutator{r: g.r, indel: 0.3}
	b, _ := m.copyOf(nil, t, g.r.uniform(0.08, 0.15), nil)
	return b
}

// centromere writes one side of a centromere: the chromosome's HOR array,
// with an outer fifth of monomeric alpha satellite (10-25% from the monomer
// consensus). right says the zone is on
// the q side of the centromere gap.
func (g *generator) centromere(c *contigPlan, l int, right bool) {
	flank := l / 5
	hor := func() { g.array(l-flank, g.hors[c.large], g.horNames[c.large], "Satellite/centr", centromericHOR) }
	mono := func() { g.array(flank, g.alpha, "ALR_Alpha", "Satellite/centr", monomeric) }
	if right {
		hor()
		mono()
		return
	}
	mono()
	hor()
}

// satelliteContig fills a small contig with one satellite array, alpha HOR
// or HSat-like as an unplaced contig of GRCh38 often is.
func (g *generator) satelliteContig(l int) {
	if g.r.chance(0.5) {
		g.array(l, g.hsatBlock(), "HSat3", "Satellite", hsatArray)
		return
	}
	k := g.r.intn(len(g.hors))
	g.array(l, g.hors[k], g.horNames[k], "Satellite/centr", centromericHOR)
}

// gap writes n N bases; a segmental duplication source stops before it.
func (g *generator) gap(n int, name string) {
	if n <= 0 {
		return
	}
	g.finishCapture()
	start := g.e.pos
	for left := n; left > 0; left -= chunkBases {
		g.e.emit(g.nbuf[:min(left, chunkBases)], false)
	}
	g.annotate(&feature{start: start, name: name, class: "gap", source: "-"})
}

// segdup plants a copy of a pooled stretch (or of a piece that fits rem) at
// 0.5-3% divergence, on either strand; the source is dropped from the pool
// half the time, so some duplications have more than two copies. It
// reports whether it planted one.
func (g *generator) segdup(rem int) bool {
	if len(g.pool) == 0 || float64(rem) < g.sdMin/2 {
		return false
	}
	i := g.r.intn(len(g.pool))
	if g.r.chance(0.6) { // intrachromosomal when possible, as most are
		var same []int
		for j, p := range g.pool {
			if p.contig == g.cur.name {
				same = append(same, j)
			}
		}
		if len(same) > 0 {
			i = same[g.r.intn(len(same))]
		}
	}
	p := g.pool[i]
	src, off := p.seq, 0
	if len(src) > rem*9/10 {
		l := rem * 9 / 10
		off = g.r.intn(len(src) - l + 1)
		src = src[off : off+l]
	}
	seq, edits := g.m.copyOf(g.buf[:0], src, g.r.logUniform(0.005, 0.03), nil)
	minus := g.r.chance(0.5)
	if minus {
		reverseComplement(seq)
	}
	g.buf = seq
	start := g.e.pos
	g.e.emit(seq, false)
	g.annotate(&feature{start: start, name: "SD", minus: minus, class: "segdup", edits: edits,
		srcLen: len(src), source: p.contig, from: p.start + off, to: p.start + off + len(src)})
	if g.r.chance(0.5) {
		g.dropPool(i)
	}
	return true
}

// checkCapture moves a complete segmental duplication source to the pool.
func (g *generator) checkCapture() {
	if g.sdCap != nil && g.e.pos >= g.sdCap.end {
		g.finishCapture()
	}
}

// finishCapture ends the open source capture (at a gap or contig end it may
// be short) and pools it when it is long enough, evicting random entries to
// stay within PoolBytes.
func (g *generator) finishCapture() {
	c := g.sdCap
	if c == nil {
		return
	}
	g.sdCap = nil
	g.e.caps = g.e.caps[:len(g.e.caps)-1]
	if float64(len(c.buf)) < g.sdMin/2 || len(c.buf) > g.o.PoolBytes {
		return
	}
	g.pool = append(g.pool, &poolEntry{contig: g.cur.name, start: c.start, seq: c.buf})
	g.poolBytes += len(c.buf)
	for g.poolBytes > g.o.PoolBytes {
		g.dropPool(g.r.intn(len(g.pool)))
	}
}

func (g *generator) dropPool(i int) {
	g.poolBytes -= len(g.pool[i].seq)
	g.pool = append(g.pool[:i], g.pool[i+1:]...)
}

// annotate completes f with the contig and end and writes it to the BED.
func (g *generator) annotate(f *feature) {
	if g.out.bed == nil {
		return
	}
	f.contig, f.end = g.name, g.e.pos
	g.bed = f.appendBED(g.bed[:0])
	g.out.bed.Write(g.bed)
}

// alt writes an alt contig: its source with SNP- and indel-like edits,
// and records its alignment to the source for the .alt file.
func (g *generator) alt(a *altPlan) error {
	var cig cigar
	seq, edits := g.m.copyOf(nil, a.cap.buf, a.div, &cig)
	if a.minus {
		reverseComplement(seq)
	}
	g.name = a.name
	g.e.startContig(a.name, nil)
	g.e.emit(seq, false)
	g.annotate(&feature{start: 0, name: "alt", minus: a.minus, class: "alt", edits: edits,
		srcLen: a.length, source: a.src.name, from: a.start, to: a.start + a.length})
	g.e.endContig()
	g.summary.Contigs++
	g.summary.Alts++
	g.summary.Bases += len(seq)
	g.altLens = append(g.altLens, len(seq))
	flag := 0
	if a.minus {
		flag = 16
	}
	rec := fmt.Appendf(nil, "%s\t%d\t%s\t%d\t255\t%s\t*\t0\t0\t*\t*\tNM:i:%d\n",
		a.name, flag, a.src.name, a.start+1, cig.String(), edits)
	g.altRecs = append(g.altRecs, rec)
	a.cap.buf = nil
	if err := g.out.fa.Flush(); err != nil {
		return fmt.Errorf("sim: writing %s: %w", a.name, err)
	}
	return nil
}

// writeAltFile writes the alt contigs' alignments as SAM, bwa's .alt
// format: @SQ lines for every contig, then one record per alt contig whose
// first field is the alt contig's name (which is all bwa mem reads of it).
func (g *generator) writeAltFile() {
	w := g.out.alt
	for _, c := range g.L.contigs {
		w.WriteString("@SQ\tSN:" + c.name + "\tLN:" + strconv.Itoa(c.length) + "\n")
	}
	for i, a := range g.L.alts {
		w.WriteString("@SQ\tSN:" + a.name + "\tLN:" + strconv.Itoa(g.altLens[i]) + "\n")
	}
	for _, r := range g.altRecs {
		w.Write(r)
	}
}

// writeLibrary writes the repeat consensus sequences, the alpha monomer,
// the HSat unit and the HOR units.
func (g *generator) writeLibrary(w io.Writer) error {
	for _, fs := range g.fams {
		if err := writeFamilies(w, fs); err != nil {
			return err
		}
	}
	units := []struct {
		name string
		seq  []byte
	}{{"ALR_Alpha#Satellite/centr", g.alpha}, {"HSat3#Satellite", g.hsat}}
	for i, h := range g.hors {
		units = append(units, struct {
			name string
			seq  []byte
		}{g.horNames[i] + "#Satellite/centr", h})
	}
	for _, u := range units {
		if _, err := fmt.Fprintf(w, ">%s\n", u.name); err != nil {
			return err
		}
		if err := writeWrapped(w, u.seq); err != nil {
			return err
		}
	}
	return nil
}
