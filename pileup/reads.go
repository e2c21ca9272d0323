package pileup

import (
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

// readFilter holds the read- and base-level thresholds.
type readFilter struct {
	minBaseQ, minMapQ int
}

// keep reports whether the pileup uses rec at all (a read without a
// sequence, SAM's '*', shows nothing).
func (f readFilter) keep(rec *sam.Record) bool {
	return rec.Flags&skipFlags == 0 && int(rec.MapQ) >= f.minMapQ && rec.Ref != nil && len(rec.Cigar) > 0 && rec.Seq.Length > 0
}

// mateOverlap remembers, for the first-placed read of each pair whose mate
// starts inside it, where it ends, so that the mate's bases over the same
// positions are not counted a second time (the two reads are one molecule:
// counting both would double the evidence for any error in it).
type mateOverlap struct {
	ends  map[string]int
	swept int // position of the last sweep by forget
}

func newMateOverlap() *mateOverlap { return &mateOverlap{ends: make(map[string]int)} }

// skipUntil returns the first position of rec that may be counted: past its
// mate's end when the mate was seen first and overlaps it, else rec.Pos. It
// records rec as a first mate when its mate starts inside it.
func (m *mateOverlap) skipUntil(rec *sam.Record, end int) int {
	if rec.Flags&sam.Paired == 0 || rec.Flags&sam.MateUnmapped != 0 || rec.MateRef != rec.Ref {
		return rec.Pos
	}
	if rec.MatePos <= rec.Pos {
		if mateEnd, ok := m.ends[rec.Name]; ok {
			delete(m.ends, rec.Name)
			return max(mateEnd, rec.Pos)
		}
	}
	if rec.MatePos >= rec.Pos && rec.MatePos < end {
		m.ends[rec.Name] = end
	}
	return rec.Pos
}

// forget drops, every few thousand positions, the first mates that end
// before pos, whose partners were filtered out or never came, so the map
// stays as small as the reads in flight.
func (m *mateOverlap) forget(pos int) {
	const every = 4096
	if pos < m.swept+every {
		return
	}
	m.swept = pos
	for name, end := range m.ends {
		if end < pos {
			delete(m.ends, name)
		}
	}
}

// refEnd returns the 0-based position after the last reference base the
// alignment covers.
func refEnd(rec *sam.Record) int {
	end := rec.Pos
	for _, op := range rec.Cigar {
		if op.Type().Consumes().Reference != 0 {
			end += op.Len()
		}
	}
	return end
}

// qualOf returns the phred error of a read's base: its base quality capped by
// the mapping quality (a base is no surer than the placement of its read).
func qualOf(bq byte, mq int) int {
	return min(int(bq), mq, maxQual)
}

// addRead adds rec's evidence for sample s to the window: every aligned base
// with quality >= minBaseQ at positions >= from, each insertion and deletion
// left-normalized against ref, and where the counted part ends. The read's
// own part starts at own (after its mate's end when the mate counted the
// bases before); from is own or later, where a region starts. A deletion
// anchored inside the own part but before from still marks its deleted
// bases from from on, as the whole contig's run does. The window's base must be
// at or before the positions the read touches after normalization (the
// caller keeps lag positions open behind the reads).
func (w *window) addRead(rec *sam.Record, s int, ref []byte, f readFilter, own, from, end int, scratch []byte) []byte {
	mq := min(int(rec.MapQ), 60)
	pos, qi := rec.Pos, 0
	last := len(rec.Cigar) - 1
	for i, op := range rec.Cigar {
		n := op.Len()
		switch op.Type() {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			// The hot loop: clip the block once and grow the ring once, so
			// each base costs a look-up, a compare and three adds.
			lo, hi := max(pos, from), min(pos+n, len(ref))
			if hi > lo {
				w.at(hi-1, s)
			}
			for p := lo; p < hi; p++ {
				k := qi + p - pos
				b := nibbleBase[seqNibble(rec.Seq, k)]
				bq := rec.Qual[k]
				if b > 3 || int(bq) < f.minBaseQ {
					continue
				}
				c := &w.cols[(p&w.mask)*w.samples+s]
				c.n[b]++
				c.terms[b].add(qualOf(bq, mq))
			}
			pos += n
			qi += n
		case sam.CigarInsertion:
			if i > 0 && i < last && pos-1 >= from && pos < len(ref) {
				scratch = w.addInsertion(rec, s, ref, f, pos, qi, n, mq, scratch)
			}
			qi += n
		case sam.CigarDeletion:
			if i > 0 && i < last && pos-1 >= own && pos+n < len(ref) && pos+n > from {
				w.addDeletion(rec, s, ref, f, pos, qi, n, mq, from)
			}
			pos += n
		case sam.CigarSkipped:
			pos += n
		case sam.CigarSoftClipped:
			qi += n
		}
	}
	if end-1 >= from && end-1 < len(ref) {
		w.at(end-1, s).ends++
	}
	return scratch
}

// addInsertion records the n read bases at qi inserted before reference
// position at, left-normalized, when they and their flanking bases pass the
// base quality filter; its error is the indel error of its repeat (see
// indelQual) capped by the mapping quality.
func (w *window) addInsertion(rec *sam.Record, s int, ref []byte, f readFilter, at, qi, n, mq int, scratch []byte) []byte {
	q := flankQual(rec, qi-1, qi+n)
	scratch = append(scratch[:0], '+')
	for k := 0; k < n; k++ {
		q = min(q, int(rec.Qual[qi+k]))
		c := nibbleLetter[seqNibble(rec.Seq, qi+k)]
		if nibbleBase[seqNibble(rec.Seq, qi+k)] > 3 {
			return scratch
		}
		scratch = append(scratch, c)
	}
	if q < f.minBaseQ {
		return scratch
	}
	at = leftInsertion(ref, at, scratch[1:])
	if at-1 < w.base {
		return scratch // shifted into the previous region, which counts it
	}
	key := string(scratch)
	slide := insertionContextEnd(ref, at, key[1:]) - at
	w.at(at-1, s).addIndel(key, min(mq, indelQual(slide)))
	return scratch
}

// addDeletion records the deletion of the n reference bases at pos, left-
// normalized, when its flanking read bases pass the base quality filter: at
// its anchor with the indel error of its repeat (see indelQual), and over
// the deleted positions as the spanned allele with the flanks' base quality,
// both capped by the mapping quality. Only positions from from on count: a
// deletion anchored before from belongs to the region before, which calls
// it, but its deleted bases inside this region are still not SNP evidence.
func (w *window) addDeletion(rec *sam.Record, s int, ref []byte, f readFilter, pos, qi, n, mq, from int) {
	q := flankQual(rec, qi-1, qi)
	if q < f.minBaseQ {
		return
	}
	q = qualOf(byte(q), mq)
	for p := max(pos, from); p < pos+n; p++ {
		c := w.at(p, s)
		c.n[spanned]++
		c.terms[spanned].add(q)
	}
	if pos-1 < from {
		return
	}
	start := leftDeletion(ref, pos, n)
	if start-1 < w.base {
		return // shifted into the previous region, which counts it
	}
	slide := deletionContextEnd(ref, start, n) - start - n
	w.at(start-1, s).addIndel(deletionKey(n), min(mq, indelQual(slide)))
}

// indelQual is the phred probability that a read shows an indel it does not
// carry, or misses one it does: Q40 outside repeats, as bcftools' default
// gap-open error, less 4 for each base the indel can slide across in a
// homopolymer or tandem repeat (where polymerase slippage makes indel errors
// common), and never below Q10.
func indelQual(slide int) int {
	return max(10, 40-4*slide)
}

// flankQual is the lower base quality of read positions a and b (either may
// be outside the read).
func flankQual(rec *sam.Record, a, b int) int {
	q := maxQual
	if a >= 0 && a < len(rec.Qual) {
		q = min(q, int(rec.Qual[a]))
	}
	if b >= 0 && b < len(rec.Qual) {
		q = min(q, int(rec.Qual[b]))
	}
	return q
}
