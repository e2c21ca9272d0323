package sim

import (
	"bufio"
	"strconv"
)

// lineWidth is the FASTA line length, GRCh38's own.
const lineWidth = 60

// histLen is how many of the last written bases the emitter remembers, for
// target-site duplications.
const histLen = 32

// capture collects the bases written to [start, end) of the current contig:
// the source of an alt contig or of a segmental duplication.
type capture struct {
	start, end int
	buf        []byte
}

// emitter writes one contig at a time as FASTA lines, counts positions,
// lower-cases masked stretches when soft-masking, feeds the captures that
// overlap what it writes, and remembers the last bases written.
type emitter struct {
	fa   *bufio.Writer
	soft bool
	col  int // bases on the current line
	pos  int // bases written to the current contig
	caps []*capture
	low  []byte
	hist [histLen]byte
	nh   int // valid bytes at the end of hist
}

// startContig writes the header of a contig; caps are its captures.
func (e *emitter) startContig(name string, caps []*capture) {
	e.fa.WriteByte('>')
	e.fa.WriteString(name)
	e.fa.WriteByte('\n')
	e.col, e.pos, e.nh, e.caps = 0, 0, 0, caps
}

// endContig ends the last line of the contig.
func (e *emitter) endContig() {
	if e.col > 0 {
		e.fa.WriteByte('\n')
	}
	e.col = 0
}

// emit writes seq; when mask is set and soft-masking is on, in lower case.
func (e *emitter) emit(seq []byte, mask bool) {
	if mask && e.soft {
		e.low = append(e.low[:0], seq...)
		for i, b := range e.low {
			if b != 'N' {
				e.low[i] = b | 0x20
			}
		}
		seq = e.low
	}
	for _, c := range e.caps {
		if c.start < e.pos+len(seq) && c.end > e.pos {
			c.buf = append(c.buf, seq[max(c.start, e.pos)-e.pos:min(c.end, e.pos+len(seq))-e.pos]...)
		}
	}
	e.remember(seq)
	e.pos += len(seq)
	for len(seq) > 0 {
		n := min(lineWidth-e.col, len(seq))
		e.fa.Write(seq[:n])
		seq = seq[n:]
		if e.col += n; e.col == lineWidth {
			e.fa.WriteByte('\n')
			e.col = 0
		}
	}
}

func (e *emitter) remember(seq []byte) {
	if len(seq) >= histLen {
		copy(e.hist[:], seq[len(seq)-histLen:])
		e.nh = histLen
		return
	}
	copy(e.hist[:], e.hist[len(seq):])
	copy(e.hist[histLen-len(seq):], seq)
	e.nh = min(histLen, e.nh+len(seq))
}

// last returns the last n bases written to this contig, or nil when fewer
// were.
func (e *emitter) last(n int) []byte {
	if n > e.nh {
		return nil
	}
	return e.hist[histLen-n:]
}

// feature is one line of the annotation BED.
type feature struct {
	contig     string
	start, end int
	name       string
	minus      bool
	class      string
	edits      int // edited bases against the source
	srcLen     int // bases of the source (consensus range or copied region)
	source     string
	from, to   int // 0-based half-open range of the source, when source is not "-"
	tail       int
}

// appendBED appends f as a BED line.
func (f *feature) appendBED(b []byte) []byte {
	div := 0.0
	if f.srcLen > 0 {
		div = float64(f.edits) / float64(f.srcLen)
	}
	b = append(b, f.contig...)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(f.start), 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(f.end), 10)
	b = append(b, '\t')
	b = append(b, f.name...)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(min(1000, div*1000+0.5)), 10)
	switch {
	case f.class == "gap" || f.class == "Simple_repeat":
		b = append(b, "\t.\t"...)
	case f.minus:
		b = append(b, "\t-\t"...)
	default:
		b = append(b, "\t+\t"...)
	}
	b = append(b, f.class...)
	b = append(b, '\t')
	b = strconv.AppendFloat(b, 100*div, 'f', 2, 64)
	b = append(b, '\t')
	b = append(b, f.source...)
	if f.source != "-" {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(f.from+1), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(f.to), 10)
	}
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(f.tail), 10)
	return append(b, '\n')
}
