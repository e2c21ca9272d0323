package pileup

import (
	"bufio"
	"fmt"
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
	flush := func(upTo int) {
		for ; next < min(upTo, reg.End); next++ {
			var bases, quals []byte
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
				fmt.Fprintf(w, "%s\t%d\t%c\t%d\t%s\t%s\n", reg.Name, next+1, ref[next], len(quals), bases, quals)
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

// layOut spells rec's columns from position from on.
func layOut(rec *sam.Record, ref []byte, f readFilter, from, end int) *textRead {
	if end <= from {
		return nil
	}
	tr := &textRead{start: from, entries: make([]textEntry, end-from)}
	rev := rec.Flags&sam.Reverse != 0
	caseOf := func(c byte) byte {
		if rev && c >= 'A' && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	pos, qi := rec.Pos, 0
	prev := -1 // entry index of the last base shown
	for _, op := range rec.Cigar {
		n := op.Len()
		switch op.Type() {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			for k := 0; k < n; k++ {
				p, i := pos+k, pos+k-from
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
				tr.entries[i] = textEntry{bases: []byte{c}, qual: rec.Qual[qi+k] + 33}
				prev = i
			}
			pos += n
			qi += n
		case sam.CigarInsertion, sam.CigarDeletion:
			anchor := pos - from - 1 // the entry the indel text follows
			var text []byte
			if op.Type() == sam.CigarInsertion {
				text = append([]byte("+"+strconv.Itoa(n)), make([]byte, n)...)
				for k := 0; k < n; k++ {
					text[len(text)-n+k] = caseOf(nibbleLetter[seqNibble(rec.Seq, qi+k)])
				}
				qi += n
			} else {
				text = []byte("-" + strconv.Itoa(n))
				for k := 0; k < n && pos+k < len(ref); k++ {
					text = append(text, caseOf(ref[pos+k]))
					if i := pos + k - from; i >= 0 && qi < len(rec.Qual) && int(rec.Qual[qi]) >= f.minBaseQ {
						// samtools shows (and filters) a deleted base with
						// the quality of the read base after the deletion.
						tr.entries[i] = textEntry{bases: []byte{'*'}, qual: rec.Qual[qi] + 33}
					}
				}
				pos += n
			}
			if prev >= 0 && prev == anchor {
				tr.entries[prev].bases = append(tr.entries[prev].bases, text...)
			}
		case sam.CigarSkipped:
			pos += n
		case sam.CigarSoftClipped:
			qi += n
		}
	}
	for i := range tr.entries {
		if tr.entries[i].bases != nil {
			if rec.Pos >= from && i == rec.Pos-from {
				tr.entries[i].bases = append([]byte{'^', byte(min(int(rec.MapQ), 93) + 33)}, tr.entries[i].bases...)
			}
			break
		}
	}
	if last := end - 1 - from; last >= 0 && tr.entries[last].bases != nil {
		tr.entries[last].bases = append(tr.entries[last].bases, '$')
	}
	return tr
}
