package pileup

import (
	"fmt"
	"io"
	"strings"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/internal/htsfile"
	"github.com/vole-bio/vole/pileup/vcf"
)

// stream is one sample's alignments in coordinate order, with a one-record
// look-ahead so that the pileup can take reads from several samples in
// position order and a sequential reader can carry a read over to the next
// region.
type stream struct {
	af      *alignmentFile
	r       recordReader
	head    *sam.Record
	headC   int // reference contig of head
	n       int // records read so far, for messages
	lastC   int
	lastPos int
	done    bool
}

func newStream(af *alignmentFile, r recordReader) *stream {
	return &stream{af: af, r: r, lastC: -1}
}

// peek returns the next placed record and its reference contig, or nil at
// the end. Records without a reference (RNAME '*': unmapped reads, which a
// sorted file keeps at its end but a hand-made one may have anywhere) are
// passed over; they show nothing.
func (st *stream) peek() (*sam.Record, int, error) {
	for st.head == nil && !st.done {
		rec, err := htsfile.Read(st.r)
		if err == io.EOF {
			st.done = true
			break
		}
		st.n++
		if err != nil {
			return nil, 0, fmt.Errorf("%s: record %d: %w", st.af.path, st.n, err)
		}
		if rec.Ref == nil || rec.Ref.ID() < 0 {
			continue
		}
		if rec.Ref.ID() >= len(st.af.contig) {
			return nil, 0, fmt.Errorf("%s: record %d (read %s): contig %s is not in the header's @SQ lines", st.af.path, st.n, rec.Name, rec.Ref.Name())
		}
		if err := checkRecord(rec); err != nil {
			return nil, 0, fmt.Errorf("%s: record %d (read %s): %w", st.af.path, st.n, rec.Name, err)
		}
		c := st.af.contig[rec.Ref.ID()]
		if c < st.lastC || (c == st.lastC && rec.Pos < st.lastPos) {
			sorted := sortedName(st.af.path)
			return nil, 0, fmt.Errorf("%s is not coordinate-sorted at record %d (read %s): sort it with `samtools sort -o %s %s`, or align again with `vole align -o %s` (BAM output is sorted)",
				st.af.path, st.n, rec.Name, sorted, st.af.path, sorted)
		}
		st.lastC, st.lastPos = c, rec.Pos
		st.head, st.headC = rec, c
	}
	return st.head, st.headC, nil
}

// checkRecord rejects a mapped record whose CIGAR does not cover its
// sequence, which the pileup would otherwise read past.
func checkRecord(rec *sam.Record) error {
	if rec.Flags&sam.Unmapped != 0 || rec.Seq.Length == 0 {
		return nil
	}
	if _, n := rec.Cigar.Lengths(); n != rec.Seq.Length {
		return fmt.Errorf("CIGAR %v covers %d read bases but the read has %d", rec.Cigar, n, rec.Seq.Length)
	}
	if len(rec.Qual) != rec.Seq.Length {
		return fmt.Errorf("%d base qualities for %d bases", len(rec.Qual), rec.Seq.Length)
	}
	return nil
}

// sortedName is the name to suggest for a sorted BAM of path.
func sortedName(path string) string {
	if path == "-" {
		return "sorted.bam"
	}
	base := strings.TrimSuffix(strings.TrimSuffix(path, ".gz"), ".sam")
	return strings.TrimSuffix(base, ".bam") + ".sorted.bam"
}

// take consumes the head record.
func (st *stream) take() { st.head = nil }

// pileupParams are the thresholds of one pileup run.
type pileupParams struct {
	filter readFilter
	model  Model
	baq    bool
}

// keepBehind is how many columns before the one being called stay in the
// window: the indel model looks back RepeatMargin columns for read starts.
const keepBehind = 64

// pending is a read waiting for the reads after it (see regionCaller).
type pending struct {
	s   int
	rec *sam.Record
	end int
}

// regionCaller calls one region of one contig. Reads wait in a queue until
// every read that may show an indel within baqNear of them has arrived (so
// that the realigner knows whether they need BAQ), then add their bases to
// the window of columns; columns are called once no waiting read can reach
// them. Each position of the region is called from the reads that overlap
// it and nothing else, so calling a contig in pieces gives the same records
// as calling it whole.
type regionCaller struct {
	reg      Region
	pp       pileupParams
	ref      *refWindow
	w        *window
	sc       *siteCaller
	rl       *realigner
	overlaps []*mateOverlap
	queue    []pending
	next     int // the next position to call
	floor    int // position of the oldest read not yet counted, or of the last read seen
	scratch  []byte
	raw      struct {
		depth, mq0 int
		mqSq       int64
	}
	emit func(*vcf.Record) error
	out  []vcf.Record
}

// callRegion calls the columns of reg from the streams, one per sample,
// which must be positioned at or before the first read that may touch the
// region (baqReach before it); reads of later contigs or beyond the region
// (plus the normalization lag and baqReach) are left in the streams. Each
// record goes to emit, in position order.
func callRegion(reg Region, src refSource, streams []*stream, pp pileupParams, emit func(*vcf.Record) error) error {
	rc := &regionCaller{reg: reg, pp: pp, ref: newRefWindow(src, reg.Contig), w: newWindow(len(streams), max(0, reg.Start-keepBehind)),
		rl: newRealigner(pp.baq), next: reg.Start, floor: reg.Start - baqReach, emit: emit}
	rc.sc = newSiteCaller(pp.model, reg.Name, rc.ref, len(streams))
	rc.overlaps = make([]*mateOverlap, len(streams))
	for i := range rc.overlaps {
		rc.overlaps[i] = newMateOverlap()
	}
	for {
		s, rec, err := nextRead(reg, streams)
		if err != nil {
			return err
		}
		if rec == nil {
			break
		}
		if err := rc.arrive(s, rec); err != nil {
			return err
		}
	}
	if err := rc.release(len(rc.queue)); err != nil {
		return err
	}
	if err := rc.callUpTo(reg.End); err != nil {
		return err
	}
	return rc.ref.err
}

// arrive takes the next read in position order.
func (rc *regionCaller) arrive(s int, rec *sam.Record) error {
	n := 0
	for n < len(rc.queue) && rc.queue[n].end+baqNear < rec.Pos {
		n++
	}
	if err := rc.release(n); err != nil {
		return err
	}
	floor := rec.Pos
	if len(rc.queue) > 0 {
		floor = rc.queue[0].rec.Pos
	}
	rc.floor = max(rc.floor, floor)
	if err := rc.callUpTo(rc.floor - lag); err != nil {
		return err
	}
	if !passesFlags(rec) {
		return nil
	}
	end := min(refEnd(rec), rc.ref.length)
	// Reads ending up to keepBehind before the region count too, for what
	// they leave inside it: a first mate sets where its second mate's
	// counted part starts, and a read start marks the column the indel
	// model looks back to. Their bases before the region are not stored.
	counted := rec.Pos < rc.reg.End+lag && end > rc.reg.Start-keepBehind
	if counted && end > rc.next {
		// Raw depth: every read through the flags, as bcftools' INFO/DP.
		mq := int64(rec.MapQ)
		rc.w.at(end, s) // grow the ring first: at may move the columns
		for _, x := range [2]struct{ pos, sign int }{{max(rec.Pos, rc.next), 1}, {end, -1}} {
			c := rc.w.at(x.pos, s)
			c.rawDelta += int32(x.sign)
			c.mqSqDelta += int64(x.sign) * mq * mq
			if mq == 0 {
				c.mq0Delta += int32(x.sign)
			}
		}
	}
	if !rc.pp.filter.keep(rec) {
		return nil
	}
	rc.rl.note(rec)
	if counted {
		rc.queue = append(rc.queue, pending{s, rec, end})
	}
	return nil
}

// release counts the first n waiting reads.
func (rc *regionCaller) release(n int) error {
	for _, p := range rc.queue[:n] {
		rc.count(p.s, p.rec, p.end)
	}
	rc.queue = append(rc.queue[:0], rc.queue[n:]...)
	return nil
}

// count adds one read's bases and indels to the window.
func (rc *regionCaller) count(s int, rec *sam.Record, end int) {
	w := rc.w
	from, to := rc.overlaps[s].counted(rec, end)
	rc.overlaps[s].forget(rec.Pos)
	rc.rl.forget(rec.Pos - baqReach)
	if from == rec.Pos && rec.Pos >= w.base {
		// The read's own start (not its mate's middle): an indel just
		// after it is one the read cannot show.
		strand := 0
		if rec.Flags&sam.Reverse != 0 {
			strand = 1
		}
		w.at(rec.Pos, s).starts[strand]++
	}
	sp := readSpan{from: from, to: to, end: end, lo: max(from, rc.reg.Start, w.base), hi: min(to, rc.reg.End)}
	if to <= sp.lo {
		return
	}
	rc.ref.need(min(rc.next, rc.floor)-refBehind, end+maxShift+1)
	var qual []byte
	if sp.lo < sp.hi {
		// Only bases inside the region need BAQ: a read starting past it
		// counts for its indels and its end.
		qual = rc.rl.quals(rec, end, rc.ref)
	}
	rc.scratch = w.addRead(rec, s, rc.ref, rc.pp.filter, sp, qual, rc.scratch)
}

// callUpTo calls the positions before pos (at most the region's end).
func (rc *regionCaller) callUpTo(pos int) error {
	pos = min(pos, rc.reg.End)
	w := rc.w
	for ; rc.next < pos; rc.next++ {
		p := rc.next
		if p >= w.reach {
			rc.next = pos // no read reaches here: nothing to call
			break
		}
		if p-w.base > w.mask {
			w.advance(p - keepBehind)
		}
		for s := 0; s < w.samples; s++ {
			c := w.peek(p, s)
			rc.raw.depth += int(c.rawDelta)
			rc.raw.mq0 += int(c.mq0Delta)
			rc.raw.mqSq += c.mqSqDelta
		}
		rc.ref.need(min(p, rc.floor)-refBehind, p+1)
		rc.sc.rawDepth, rc.sc.rawMQ0, rc.sc.rawMQSq = rc.raw.depth, rc.raw.mq0, rc.raw.mqSq
		rc.out = rc.sc.call(w, p, rc.out[:0])
		for i := range rc.out {
			if err := rc.emit(&rc.out[i]); err != nil {
				return err
			}
		}
	}
	w.advance(rc.next - keepBehind)
	return nil
}

// nextRead takes the read that starts first among the streams' heads within
// reg (extended by lag and baqReach), skipping reads before it; it returns
// a nil record when no stream has more reads for reg.
func nextRead(reg Region, streams []*stream) (int, *sam.Record, error) {
	best, bestPos := -1, 0
	for i, st := range streams {
		for {
			rec, c, err := st.peek()
			if err != nil {
				return 0, nil, err
			}
			if rec == nil || c > reg.Contig || (c == reg.Contig && rec.Pos >= reg.End+lag+baqReach) {
				break
			}
			if c < reg.Contig {
				st.take()
				continue
			}
			if best < 0 || rec.Pos < bestPos {
				best, bestPos = i, rec.Pos
			}
			break
		}
	}
	if best < 0 {
		return 0, nil, nil
	}
	rec := streams[best].head
	streams[best].take()
	return best, rec, nil
}
