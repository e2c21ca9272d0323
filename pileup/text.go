package pileup

import (
	"bufio"
	"io"
	"strconv"

	"github.com/biogo/hts/sam"
)

// TextOptions configure WriteText.
type TextOptions struct {
	// Region restricts the output to one region (see ParseRegion); it needs
	// a BAM index.
	Region string
	// MinBaseQ and MinMapQ are the read filters, as for calling.
	MinBaseQ, MinMapQ int
	// MaxDepth caps the reads shown at a position: a read that starts where
	// MaxDepth reads are already shown is left out, as samtools mpileup -d
	// does (default DefaultMaxDepth when 0).
	MaxDepth int
}

// WriteText writes the pileup of one BAM or SAM as samtools mpileup's text
// format does (without BAQ, as samtools mpileup -B), for teaching: per
// covered position the contig, the 1-based position, the reference base,
// the depth, the read bases ('.' and ',' for a match on the forward and
// reverse strand, a letter for a mismatch, upper case forward, '*' for a
// deleted base, '^' and the mapping quality as a character before a read's
// first base, '$' after its last, +N/-N and the bases after a base followed
// by an insertion or deletion, as in the CIGAR) and the base qualities. The
// same reads and bases count as for calling: flags, mapping and base
// quality filters, overlapping mates once; a read's first maxReadSpan
// reference bases.
func WriteText(refPath, bamPath string, w io.Writer, opt TextOptions) error {
	ref, contigs, files, err := loadInputs(refPath, []string{bamPath})
	if err != nil {
		return err
	}
	af := files[0]
	regions, err := targetRegions(opt.Region, contigs)
	if err != nil {
		return err
	}
	var st *stream
	if opt.Region != "" {
		rr, err := af.openRegions()
		if err != nil {
			return err
		}
		defer rr.Close()
		r, err := rr.region(regions[0].Contig, regions[0].Start, regions[0].End)
		if err != nil {
			return err
		}
		st = newStream(af, r)
	} else {
		r, c, err := af.openAll(1)
		if err != nil {
			return err
		}
		defer c.Close()
		st = newStream(af, r)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	f := readFilter{minBaseQ: opt.MinBaseQ, minMapQ: opt.MinMapQ, maxDepth: opt.MaxDepth}
	if f.maxDepth <= 0 {
		f.maxDepth = DefaultMaxDepth
	}
	for _, reg := range regions {
		tw := textWriter{w: bw, reg: reg, ref: newRefWindow(ref, reg.Contig), f: f, overlap: newMateOverlap(), next: reg.Start, fullAt: -1}
		if err := tw.region(st); err != nil {
			return err
		}
		if tw.ref.err != nil {
			return tw.ref.err
		}
	}
	return bw.Flush()
}

// textEntry is one read's contribution to one column.
type textEntry struct {
	pos   int
	bases []byte // '^' and MAPQ, the base, indel text, '$'
	qual  byte
}

// textRead is a read laid out as the columns it shows, in position order:
// a read with a long deletion or skip holds entries only where it shows
// something, so its cost follows its length, not its span.
type textRead struct {
	entries []textEntry
	cursor  int // the first entry not yet written
}

// textWriter prints the columns of one region.
type textWriter struct {
	w                  *bufio.Writer
	reg                Region
	ref                *refWindow
	f                  readFilter
	overlap            *mateOverlap
	active             []*textRead
	next               int
	fullAt             int // a position where the depth cap was reached
	line, bases, quals []byte
}

// region prints the columns of the region that have reads.
func (t *textWriter) region(st *stream) error {
	for {
		_, rec, err := nextRead(t.reg, []*stream{st})
		if err != nil {
			return err
		}
		if rec == nil {
			break
		}
		t.flush(rec.Pos)
		if !t.f.keep(rec) || rec.Pos >= t.reg.End {
			continue
		}
		end := min(refEnd(rec), t.ref.length)
		if rec.Pos == t.fullAt {
			continue // the depth cap: this read is not shown
		}
		if len(t.active) >= t.f.maxDepth {
			if t.prune(rec.Pos); len(t.active) >= t.f.maxDepth {
				t.fullAt = rec.Pos
				continue
			}
		}
		t.ref.need(min(t.next, rec.Pos), end)
		from, to := t.overlap.counted(rec, end)
		if tr := layOut(rec, t.ref, t.f, from, to, end); tr != nil {
			t.active = append(t.active, tr)
		}
		t.overlap.forget(rec.Pos)
	}
	t.flush(t.reg.End)
	return nil
}

// flush prints the columns before upTo (at most the region's end), jumping
// over positions no active read shows.
func (t *textWriter) flush(upTo int) {
	upTo = min(upTo, t.reg.End)
	for t.next < upTo {
		// The next position any active read shows.
		first := upTo
		kept := t.active[:0]
		for _, r := range t.active {
			for r.cursor < len(r.entries) && r.entries[r.cursor].pos < t.next {
				r.cursor++
			}
			if r.cursor < len(r.entries) {
				kept = append(kept, r)
				first = min(first, r.entries[r.cursor].pos)
			}
		}
		t.active = kept
		if first >= upTo {
			t.next = upTo
			return
		}
		t.next = first
		t.column()
		t.next++
	}
}

// prune drops the active reads that show nothing at or after pos.
func (t *textWriter) prune(pos int) {
	kept := t.active[:0]
	for _, r := range t.active {
		if r.entries[len(r.entries)-1].pos >= pos {
			kept = append(kept, r)
		}
	}
	t.active = kept
}

// column prints position t.next.
func (t *textWriter) column() {
	t.bases, t.quals = t.bases[:0], t.quals[:0]
	for _, r := range t.active {
		if e := r.entries[r.cursor]; e.pos == t.next {
			t.bases = append(t.bases, e.bases...)
			t.quals = append(t.quals, e.qual)
		}
	}
	line := append(append(t.line[:0], t.reg.Name...), '\t')
	line = append(strconv.AppendInt(line, int64(t.next+1), 10), '\t', t.ref.at(t.next), '\t')
	line = append(strconv.AppendInt(line, int64(len(t.quals)), 10), '\t')
	line = append(append(append(append(line, t.bases...), '\t'), t.quals...), '\n')
	t.w.Write(line)
	t.line = line
}

// layOut spells rec's columns in [from, to); end is where the read
// ends, marked '$' when shown. The text of all its columns goes into one
// buffer, in column order, each entry a slice of it: one allocation per
// read rather than per base.
func layOut(rec *sam.Record, ref *refWindow, f readFilter, from, to, end int) *textRead {
	if to <= from {
		return nil
	}
	tr := &textRead{}
	buf := make([]byte, 0, 2*rec.Seq.Length+16)
	rev := rec.Flags&sam.Reverse != 0
	caseOf := func(c byte) byte {
		if rev && c >= 'A' && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	prevStart := 0 // where the last entry's text starts
	put := func(p int, c, q byte) {
		prevStart = len(buf)
		if len(tr.entries) == 0 && p == rec.Pos {
			buf = append(buf, '^', byte(min(int(rec.MapQ), 93)+33))
		}
		buf = append(buf, c)
		tr.entries = append(tr.entries, textEntry{pos: p, bases: buf[prevStart:], qual: q + 33})
	}
	lastAt := func(p int) bool { return len(tr.entries) > 0 && tr.entries[len(tr.entries)-1].pos == p }
	extend := func(text ...byte) {
		buf = append(buf, text...)
		tr.entries[len(tr.entries)-1].bases = buf[prevStart:]
	}
	eachOp(rec, func(st cigarStep) bool {
		pos, qi, n := st.pos, st.qi, st.n
		switch st.op {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			for p := max(pos, from); p < min(pos+n, to); p++ {
				k := qi + p - pos
				if int(rec.Qual[k]) < f.minBaseQ {
					continue
				}
				c := nibbleLetter[seqNibble(rec.Seq, k)]
				switch {
				case c == ref.at(p) && rev:
					c = ','
				case c == ref.at(p):
					c = '.'
				default:
					c = caseOf(c)
				}
				put(p, c, rec.Qual[k])
			}
		case sam.CigarInsertion:
			if lastAt(pos - 1) {
				extend('+')
				extend(strconv.AppendInt(nil, int64(n), 10)...)
				for k := 0; k < n; k++ {
					extend(caseOf(nibbleLetter[seqNibble(rec.Seq, qi+k)]))
				}
			}
		case sam.CigarDeletion:
			if lastAt(pos - 1) {
				extend('-')
				extend(strconv.AppendInt(nil, int64(n), 10)...)
				for p := pos; p < min(pos+n, end); p++ {
					extend(caseOf(ref.at(p)))
				}
			}
			for p := max(pos, from); p < min(pos+n, to); p++ {
				// samtools shows (and filters) a deleted base with the
				// quality of the read base after the deletion.
				if qi < len(rec.Qual) && int(rec.Qual[qi]) >= f.minBaseQ {
					put(p, '*', rec.Qual[qi])
				}
			}
		}
		return pos < end
	})
	if lastAt(end - 1) {
		extend('$')
	}
	if len(tr.entries) == 0 {
		return nil
	}
	return tr
}
