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
// the end. Unplaced reads (at the end of a sorted file) end the stream.
func (st *stream) peek() (*sam.Record, int, error) {
	if st.head != nil || st.done {
		return st.head, st.headC, nil
	}
	rec, err := htsfile.Read(st.r)
	if err == io.EOF {
		st.done = true
		return nil, 0, nil
	}
	st.n++
	if err != nil {
		return nil, 0, fmt.Errorf("%s: record %d: %w", st.af.path, st.n, err)
	}
	if rec.Ref == nil || rec.Ref.ID() < 0 {
		st.done = true
		return nil, 0, nil
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
	return rec, c, nil
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
}

// keepBehind is how many columns before the one being called stay in the
// window: the indel model looks back RepeatMargin columns for read starts.
const keepBehind = 64

// callRegion calls the columns of reg from the streams, one per sample,
// which must be positioned at or before the region's first read; reads of
// later contigs or beyond the region (plus the normalization lag) are left
// in the streams. Each position of reg is called from every read that
// overlaps it, whatever else the streams hold, so calling a contig in pieces
// gives the same records as calling it whole.
func callRegion(reg Region, ref []byte, streams []*stream, pp pileupParams) ([]vcf.Record, error) {
	w := newWindow(len(streams), max(0, reg.Start-keepBehind))
	sc := newSiteCaller(pp.model, reg.Name, ref, len(streams))
	var (
		out     []vcf.Record
		scratch []byte
	)
	overlaps := make([]*mateOverlap, len(streams))
	for i := range overlaps {
		overlaps[i] = newMateOverlap()
	}
	next := reg.Start
	callUpTo := func(pos int) {
		pos = min(pos, reg.End)
		for ; next < pos; next++ {
			if next-w.base > w.mask {
				w.advance(next - keepBehind) // past the last read: empty columns
			}
			out = sc.call(w, next, out)
		}
		w.advance(next - keepBehind)
	}
	for {
		s, rec, err := nextRead(reg, streams)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			break
		}
		callUpTo(rec.Pos - lag)
		if !pp.filter.keep(rec) {
			continue
		}
		end := refEnd(rec)
		if end <= reg.Start {
			continue
		}
		counted := overlaps[s].skipUntil(rec, end)
		overlaps[s].forget(rec.Pos)
		if counted >= w.base && end-counted > pp.model.RepeatMargin {
			// Reads shorter than the margin never count here, so that a
			// piece of a contig sees the same starts as the whole.
			w.at(counted, s).starts++
		}
		from := max(counted, reg.Start, w.base)
		if end > from {
			scratch = w.addRead(rec, s, ref, pp.filter, from, end, scratch)
		}
	}
	callUpTo(reg.End)
	return out, nil
}

// nextRead takes the read that starts first among the streams' heads within
// reg (extended by lag), skipping reads before it; it returns a nil record
// when no stream has more reads for reg.
func nextRead(reg Region, streams []*stream) (int, *sam.Record, error) {
	best, bestPos := -1, 0
	for i, st := range streams {
		for {
			rec, c, err := st.peek()
			if err != nil {
				return 0, nil, err
			}
			if rec == nil || c > reg.Contig || (c == reg.Contig && rec.Pos >= reg.End+lag) {
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
