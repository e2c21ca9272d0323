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
}

// WriteText writes the pileup of one BAM or SAM as samtools mpileup's text
// format does, for teaching: per covered position the contig, the 1-based
// position, the reference base, the depth, the read bases ('.' and ','
// for a match on the forward and reverse strand, a letter for a mismatch,
// upper case forward, '*' for a deleted base, '^' and the mapping quality as
// a character before a read's first base, '$' after its last, +N/-N and the
// bases after a base followed by an insertion or deletion, as in the CIGAR)
// and the base qualities. The same reads and bases count as for calling:
// flags, mapping and base quality filters, overlapping mates once.
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
		r, c, err := af.openRegion(regions[0].Contig, regions[0].Start, regions[0].End)
		if err != nil {
			return err
		}
		defer c.Close()
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
	f := readFilter{minBaseQ: opt.MinBaseQ, minMapQ: opt.MinMapQ}
	for _, reg := range regions {
		if err := writeTextRegion(bw, reg, ref.ContigSeq(reg.Contig), st, f); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// textEntry is one read's contribution to one column.
type textEntry struct {
	bases []byte // '^' and MAPQ, the base, indel text, '$'
	qual  byte
}

// textRead is a read laid out by reference position from start.
type textRead struct {
	start   int
	entries []textEntry
}

// writeTextRegion prints the columns of reg that have reads.
func writeTextRegion(w *bufio.Writer, reg Region, ref []byte, st *stream, f readFilter) error {
	var active []*textRead
	overlap := newMateOverlap()
	next := reg.Start
	var line, bases, quals []byte
	flush := func(upTo int) {
		for ; next < min(upTo, reg.End); next++ {
			bases, quals = bases[:0], quals[:0]
			kept := active[:0]
			for _, r := range active {
				i := next - r.start
				if i >= len(r.entries) {
					continue
				}
				kept = append(kept, r)
				if i >= 0 && r.entries[i].bases != nil {
					bases = append(bases, r.entries[i].bases...)
					quals = append(quals, r.entries[i].qual)
				}
			}
			active = kept
			if len(quals) > 0 {
				line = append(append(line[:0], reg.Name...), '\t')
				line = append(strconv.AppendInt(line, int64(next+1), 10), '\t', ref[next], '\t')
				line = append(strconv.AppendInt(line, int64(len(quals)), 10), '\t')
				line = append(append(append(append(line, bases...), '\t'), quals...), '\n')
				w.Write(line)
			}
		}
	}
	for {
		_, rec, err := nextRead(reg, []*stream{st})
		if err != nil {
			return err
		}
		if rec == nil {
			break
		}
		flush(rec.Pos)
		if !f.keep(rec) {
			continue
		}
		end := refEnd(rec)
		if tr := layOut(rec, ref, f, overlap.skipUntil(rec, end), end); tr != nil {
			active = append(active, tr)
		}
		overlap.forget(rec.Pos)
	}
	flush(reg.End)
	return nil
}

// layOut spells rec's columns from position from on. The text of all its
// columns goes into one buffer, in column order, each entry a slice of it:
// one allocation per read rather than per base.
func layOut(rec *sam.Record, ref []byte, f readFilter, from, end int) *textRead {
	if end <= from {
		return nil
	}
	tr := &textRead{start: from, entries: make([]textEntry, end-from)}
	buf := make([]byte, 0, 2*(end-from)+16)
	rev := rec.Flags&sam.Reverse != 0
	caseOf := func(c byte) byte {
		if rev && c >= 'A' && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	prev, prevStart := -1, 0 // the last entry shown and where its text starts
	put := func(i int, c, q byte) {
		prevStart = len(buf)
		if prev < 0 && i == rec.Pos-from {
			buf = append(buf, '^', byte(min(int(rec.MapQ), 93)+33))
		}
		buf = append(buf, c)
		tr.entries[i] = textEntry{bases: buf[prevStart:], qual: q + 33}
		prev = i
	}
	extend := func(text ...byte) {
		buf = append(buf, text...)
		tr.entries[prev].bases = buf[prevStart:]
	}
	pos, qi := rec.Pos, 0
	for _, op := range rec.Cigar {
		n := op.Len()
		switch op.Type() {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			for k := 0; k < n; k++ {
				p := pos + k
				if p < from || p >= len(ref) || int(rec.Qual[qi+k]) < f.minBaseQ {
					continue
				}
				c := nibbleLetter[seqNibble(rec.Seq, qi+k)]
				switch {
				case c == ref[p] && rev:
					c = ','
				case c == ref[p]:
					c = '.'
				default:
					c = caseOf(c)
				}
				put(p-from, c, rec.Qual[qi+k])
			}
			pos += n
			qi += n
		case sam.CigarInsertion:
			if prev >= 0 && prev == pos-from-1 {
				extend('+')
				extend(strconv.AppendInt(nil, int64(n), 10)...)
				for k := 0; k < n; k++ {
					extend(caseOf(nibbleLetter[seqNibble(rec.Seq, qi+k)]))
				}
			}
			qi += n
		case sam.CigarDeletion:
			if prev >= 0 && prev == pos-from-1 {
				extend('-')
				extend(strconv.AppendInt(nil, int64(n), 10)...)
				for k := 0; k < n && pos+k < len(ref); k++ {
					extend(caseOf(ref[pos+k]))
				}
			}
			for k := 0; k < n && pos+k < len(ref); k++ {
				// samtools shows (and filters) a deleted base with the
				// quality of the read base after the deletion.
				if i := pos + k - from; i >= 0 && qi < len(rec.Qual) && int(rec.Qual[qi]) >= f.minBaseQ {
					put(i, '*', rec.Qual[qi])
				}
			}
			pos += n
		case sam.CigarSkipped:
			pos += n
		case sam.CigarSoftClipped:
			qi += n
		}
	}
	if prev >= 0 && prev == end-1-from {
		extend('$')
	}
	return tr
}
