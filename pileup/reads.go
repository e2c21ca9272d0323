package pileup

import (
	"strings"

	"github.com/biogo/hts/sam"
)

// skipFlags are the reads the pileup ignores, as samtools mpileup and
// bcftools mpileup do by default.
const skipFlags = sam.Unmapped | sam.Secondary | sam.QCFail | sam.Duplicate

// nibbleBase maps BAM's 4-bit base codes (=ACMGRSVTWYHKDBN) to 0..3 for
// A, C, G, T and 4 for anything else.
var nibbleBase = [16]byte{4, 0, 1, 4, 2, 4, 4, 4, 3, 4, 4, 4, 4, 4, 4, 4}

// nibbleLetter maps BAM's 4-bit base codes to their letters.
const nibbleLetter = "=ACMGRSVTWYHKDBN"

// seqNibble returns the 4-bit code of base i of s.
func seqNibble(s sam.Seq, i int) byte {
	d := byte(s.Seq[i>>1])
	if i&1 == 0 {
		return d >> 4
	}
	return d & 0xf
}

// baseCode maps reference letters to 0..3 (A, C, G, T) and 4 for the rest.
var baseCode = func() (t [256]byte) {
	for i := range t {
		t[i] = 4
	}
	for i, c := range "ACGT" {
		t[c], t[c+'a'-'A'] = byte(i), byte(i)
	}
	return t
}()

// maxMapQ caps the mapping quality a base's error takes, as bcftools'
// default capQ: aligners give 60 to any unique placement, which is no
// promise that the base is right.
const maxMapQ = 60

// maxReadSpan is the most reference bases of one read the pileup counts:
// a read spanning more (a spliced RNA read over a long intron, a bogus
// 2,000,000,000-base deletion) is counted over its first maxReadSpan
// bases, so that the window, which must hold every column a read touches,
// stays bounded.
const maxReadSpan = 1 << 16

// readFilter holds the read- and base-level thresholds.
type readFilter struct {
	minBaseQ, minMapQ int
	// maxDepth caps the reads each column of each sample holds (see
	// CallOptions.MaxDepth).
	maxDepth int
}

// passesFlags reports whether the pileup looks at rec at all: placed,
// primary, not a duplicate or QC failure, with a sequence and a CIGAR (a
// read without a sequence, SAM's '*', shows nothing).
func passesFlags(rec *sam.Record) bool {
	return rec.Flags&skipFlags == 0 && rec.Ref != nil && len(rec.Cigar) > 0 && rec.Seq.Length > 0
}

// keep reports whether rec's bases count: it passes the flags and the
// mapping quality threshold.
func (f readFilter) keep(rec *sam.Record) bool {
	return passesFlags(rec) && int(rec.MapQ) >= f.minMapQ
}

// mateOverlap shares the bases of a pair's overlapping reads between the
// two: the two reads are one molecule, and counting both would double the
// evidence for any error in it. The first-placed read counts up to the
// middle of the overlap and its mate from there. In the usual FR pair
// that keeps each read's better half (qualities fall towards a read's 3'
// end, which for both reads lies inside the overlap) and both strands
// (counting one read's overlap whole would give every overlap to the
// forward strand, and hom-alt sites the look of strand bias).
type mateOverlap struct {
	mids  map[string]int
	swept int // position of the last sweep by forget
}

func newMateOverlap() *mateOverlap { return &mateOverlap{mids: make(map[string]int)} }

// counted returns the part [from, to) of rec (which ends at end) to count,
// and remembers where its mate is to start when the mate starts inside it.
func (m *mateOverlap) counted(rec *sam.Record, end int) (from, to int) {
	if rec.Flags&sam.Paired == 0 || rec.Flags&sam.MateUnmapped != 0 || rec.MateRef != rec.Ref {
		return rec.Pos, end
	}
	if rec.MatePos <= rec.Pos {
		if mid, ok := m.mids[rec.Name]; ok {
			delete(m.mids, rec.Name)
			return min(max(mid, rec.Pos), end), end
		}
	}
	if rec.MatePos >= rec.Pos && rec.MatePos < end {
		mid := (rec.MatePos + end + 1) / 2
		m.mids[rec.Name] = mid
		return rec.Pos, mid
	}
	return rec.Pos, end
}

// forget drops, every few thousand positions, the first mates whose
// partners should have come before pos (filtered out, or never there), so
// the map stays as small as the reads in flight. (The second half of such
// a read's overlap is not counted.)
func (m *mateOverlap) forget(pos int) {
	const every = 4096
	if pos < m.swept+every {
		return
	}
	m.swept = pos
	for name, mid := range m.mids {
		if mid < pos {
			delete(m.mids, name)
		}
	}
}

// cigarStep is one CIGAR operation of a read: its type and length, where
// it starts on the reference (pos) and in the read (qi), and whether it is
// the CIGAR's first or last operation.
type cigarStep struct {
	op          sam.CigarOpType
	n, pos, qi  int
	first, last bool
}

// eachOp calls fn with every operation of rec's CIGAR in order, keeping
// the reference and read positions, until fn returns false.
func eachOp(rec *sam.Record, fn func(cigarStep) bool) {
	pos, qi := rec.Pos, 0
	for i, op := range rec.Cigar {
		st := cigarStep{op: op.Type(), n: op.Len(), pos: pos, qi: qi, first: i == 0, last: i == len(rec.Cigar)-1}
		if !fn(st) {
			return
		}
		c := st.op.Consumes()
		pos += c.Reference * st.n
		qi += c.Query * st.n
	}
}

// refEnd returns the 0-based position after the last reference base the
// alignment covers, counting at most maxReadSpan bases (callers clip it to
// the contig as well).
func refEnd(rec *sam.Record) int {
	end := rec.Pos
	for _, op := range rec.Cigar {
		if op.Type().Consumes().Reference != 0 {
			end += op.Len()
		}
	}
	return min(end, rec.Pos+maxReadSpan)
}

// alignedPart returns the read coordinates [first, last] of the read's
// first and last aligned (M, =, X) bases: the ends that read-position
// evidence measures from (soft clips are not part of the alignment).
func alignedPart(rec *sam.Record) (first, last int) {
	first, last = -1, -1
	eachOp(rec, func(st cigarStep) bool {
		switch st.op {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			if first < 0 {
				first = st.qi
			}
			last = st.qi + st.n - 1
		}
		return true
	})
	return first, last
}

// readEvidence is what addRead needs beyond the record: the base
// qualities of its SNP evidence (BAQ-capped, or the read's own) and its
// aligned part. Indels use the read's own qualities: BAQ is low next to a
// gap that could sit elsewhere in a repeat, which says nothing about
// whether the read carries the gap (the indel model's repeat-aware error
// covers that).
type readEvidence struct {
	qual        []byte
	first, last int
	reverse     bool
	strand      int // 1 on the reverse strand
	mq          int
	ends        readEnds
}

func (e *readEvidence) endDist(qi int) int { return min(qi-e.first, e.last-qi) }

// obs packs the observation of read base qi showing allele a with quality
// q (BAQ-capped) and base quality bq as read.
func (e *readEvidence) obs(a byte, qi, q, bq int) baseObs {
	return makeObs(a, e.reverse, min(q, e.mq), bq, e.endDist(qi))
}

// readSpan is the part of a read addRead counts: [from, to) as the whole
// run counts it (the read's own start or its mate's overlap middle, to
// that middle or its end), end its reference end, and [lo, hi) the
// positions whose bases are stored (from and to clipped to the region and
// the window). Which indels count depends on from and to alone, so that a
// region stores exactly what the whole run stores in it: a deletion
// anchored before lo still marks its deleted bases from lo on.
type readSpan struct{ from, to, end, lo, hi int }

// addRead adds rec's evidence for sample s to the window: every aligned base
// whose quality (BAQ-capped when qual is) is at least minBaseQ at
// positions in [sp.lo, sp.hi) (qual may be nil when that is empty), each
// insertion and deletion anchored in [sp.from, sp.to) left-normalized
// against ref, and the read's end when it is counted up to it. The
// window's base must be at or before sp.lo and the positions the read
// touches after normalization (the caller keeps lag positions open behind
// the reads).
func (w *window) addRead(rec *sam.Record, s int, ref *refWindow, f readFilter, sp readSpan, qual []byte, scratch []byte) []byte {
	from, to, end := sp.from, sp.to, sp.end
	ev := readEvidence{qual: qual, reverse: rec.Flags&sam.Reverse != 0, mq: min(int(rec.MapQ), maxMapQ)}
	if ev.reverse {
		ev.strand = 1
	}
	ev.first, ev.last = alignedPart(rec)
	ev.ends = readEnds{first: -1, last: noEnd}
	if from == rec.Pos {
		ev.ends.first = rec.Pos
	}
	if to == end {
		ev.ends.last = end - 1
	}
	eachOp(rec, func(st cigarStep) bool {
		pos, qi, n := st.pos, st.qi, st.n
		switch st.op {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			// The hot loop: clip the block once and grow the ring once, so
			// each base costs a look-up, a compare and an append.
			lo, hi := max(pos, sp.lo), min(pos+n, sp.hi)
			if hi > lo {
				w.at(hi-1, s)
			}
			for p := lo; p < hi; p++ {
				k := qi + p - pos
				b := nibbleBase[seqNibble(rec.Seq, k)]
				raw := int(rec.Qual[k])
				if b > 3 || raw < f.minBaseQ {
					continue
				}
				c := &w.cols[(p&w.mask)*w.samples+s]
				c.cover[ev.strand]++
				if bq := neighbourCap(qual, k); bq >= f.minBaseQ {
					c.add(ev.obs(b, k, bq, raw), f.maxDepth)
				}
			}
		case sam.CigarInsertion:
			// A 0-length gap (a CIGAR such as 5M0I5M, which SAM does not
			// forbid) is no indel.
			if n > 0 && !st.first && !st.last && pos-1 >= from && pos < min(ref.length, to) {
				scratch = w.addInsertion(rec, s, ref, f, &ev, pos, qi, n, scratch)
			}
		case sam.CigarDeletion:
			if n > 0 && !st.first && !st.last && pos-1 >= from && pos+n < min(ref.length, to) {
				w.addDeletion(rec, s, ref, f, &ev, pos, qi, n, sp)
			}
		}
		return pos+st.op.Consumes().Reference*n < to
	})
	if to == end && end-1 >= sp.lo && end-1 < ref.length {
		w.at(end-1, s).ends[ev.strand]++
	}
	return scratch
}

// addInsertion records the n read bases at qi inserted before reference
// position at, left-normalized, when they and their flanking bases pass the
// base quality filter; its error is the indel error of its repeat (see
// indelQual) capped by the mapping quality. An insertion that does not
// pass marks the read as showing neither allele at its anchor (unsure):
// its base there must not count for the reference.
func (w *window) addInsertion(rec *sam.Record, s int, ref *refWindow, f readFilter, ev *readEvidence, at, qi, n int, scratch []byte) []byte {
	q := flankQual(rec.Qual, qi-1, qi+n)
	scratch = append(scratch[:0], '+')
	for k := 0; k < n; k++ {
		q = min(q, int(rec.Qual[qi+k]))
		c := nibbleLetter[seqNibble(rec.Seq, qi+k)]
		if nibbleBase[seqNibble(rec.Seq, qi+k)] > 3 {
			if at-1 >= w.base {
				w.at(at-1, s).unsure[ev.strand]++
			}
			return scratch
		}
		scratch = append(scratch, c)
	}
	at = leftInsertion(ref, at, scratch[1:])
	if at-1 < w.base {
		return scratch // shifted into the previous region, which counts it
	}
	if q < f.minBaseQ {
		w.at(at-1, s).unsure[ev.strand]++
		return scratch
	}
	key := string(scratch)
	slide := insertionContextEnd(ref, at, key[1:]) - at
	iq := min(ev.mq, indelQual(slide, repeatUnits(key[1:])))
	w.at(at-1, s).addIndel(key, makeObs(0, ev.reverse, iq, q, ev.endDist(qi)), ev.ends, f.maxDepth)
	return scratch
}

// addDeletion records the deletion of the n reference bases at pos, left-
// normalized, when its flanking read bases pass the base quality filter: at
// its anchor with the indel error of its repeat (see indelQual), and over
// the deleted positions in [sp.lo, sp.hi) as the spanned allele with the
// flanks' base quality, both capped by the mapping quality.
func (w *window) addDeletion(rec *sam.Record, s int, ref *refWindow, f readFilter, ev *readEvidence, pos, qi, n int, sp readSpan) {
	q := flankQual(rec.Qual, qi-1, qi)
	if q < f.minBaseQ {
		if start := leftDeletion(ref, pos, n); start-1 >= w.base {
			w.at(start-1, s).unsure[ev.strand]++ // neither allele, as for insertions
		}
		return
	}
	dist := ev.endDist(max(qi-1, ev.first))
	o := makeObs(spanned, ev.reverse, min(q, ev.mq), q, dist)
	for p := max(pos, sp.lo); p < min(pos+n, sp.hi); p++ {
		w.at(p, s).add(o, f.maxDepth)
	}
	start := leftDeletion(ref, pos, n)
	if start-1 < w.base {
		return // shifted into the previous region, which counts it
	}
	slide := deletionContextEnd(ref, start, n) - start - n
	iq := min(ev.mq, indelQual(slide, repeatUnits(string(ref.slice(start, start+n)))))
	w.at(start-1, s).addIndel(deletionKey(n), makeObs(0, ev.reverse, iq, q, dist), ev.ends, f.maxDepth)
}

// deltaBQ caps a base's quality at its neighbours' (in the read) plus
// deltaBQ, as bcftools mpileup's --delta-BQ does by default: a confident
// base amid doubtful ones (a quality estimate thrown by a homopolymer or a
// phasing hiccup) is likely miscalibrated.
const deltaBQ = 30

// neighbourCap returns qual[k] capped at the lower quality of its
// neighbours plus deltaBQ.
func neighbourCap(qual []byte, k int) int {
	q := int(qual[k])
	if k > 0 {
		q = min(q, int(qual[k-1])+deltaBQ)
	}
	if k+1 < len(qual) {
		q = min(q, int(qual[k+1])+deltaBQ)
	}
	return q
}

// indelQual is the phred probability that a read reaching across the
// repeat shows an indel of units repeat units that it does not carry, or
// misses one it does, for an indel that can slide across slide bases of a
// homopolymer or tandem repeat: Q45 outside repeats and in short ones (up
// to 3 bases), less 2.5 for each further base, where polymerase slippage
// makes indel errors common and steeply more so with the repeat's length
// (Ross et al. 2013, "Characterizing and measuring bias in sequence data",
// Genome Biology 14:R51), never below Q10; and 10 more for each unit past
// the first, as slippage by several units at once is about ten times rarer
// per unit (the stutter of PCR and sequencing falls off geometrically with
// its size), at most Q45.
//
// Chosen on the tuning set (ART HiSeq 2500 reads at 30x on benchtool's
// synthetic 3 Mb genome, seed 7, variants by benchtool mutate -seed 7):
// the former 40 - 4*slide missed 4 of 608 indels there, this 2; a floor
// of 15 with a slower fall did as well there, and the faster fall is kept
// for real homopolymers, where ART's errors are too kind. The tuning set
// plants one-unit repeat changes only, so the step per unit comes from the
// geometric argument, not from it.
func indelQual(slide, units int) int {
	q := max(10, int(45-2.5*float64(max(0, slide-3))))
	return min(45, q+10*max(0, units-1))
}

// repeatUnits is how many copies of its smallest period an indel's
// sequence is ("TCTC": 2, "AAA": 3, "ACG": 1).
func repeatUnits(seq string) int {
	n := len(seq)
	for p := 1; p < n; p++ {
		if n%p != 0 {
			continue
		}
		if strings.Repeat(seq[:p], n/p) == seq {
			return n / p
		}
	}
	return 1
}

// flankQual is the lower quality of read positions a and b (either may be
// outside the read).
func flankQual(qual []byte, a, b int) int {
	q := maxQual
	if a >= 0 && a < len(qual) {
		q = min(q, int(qual[a]))
	}
	if b >= 0 && b < len(qual) {
		q = min(q, int(qual[b]))
	}
	return q
}

// maxQual is the highest phred quality the model distinguishes.
const maxQual = 93
