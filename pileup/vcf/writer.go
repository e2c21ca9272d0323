package vcf

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Writer writes a VCF 4.2 stream: the header first, then records in the order
// given (the caller sorts them).
type Writer struct {
	w   *bufio.Writer
	buf []byte
	err error
}

// NewWriter writes the header to w and returns a Writer for the records.
// The header lines come out as ##fileformat, ##contig in Contigs order, the
// Meta lines in order, then #CHROM with the samples.
func NewWriter(w io.Writer, h *Header) (*Writer, error) {
	vw := &Writer{w: bufio.NewWriterSize(w, 1<<16)}
	fmt.Fprintln(vw.w, "##fileformat=VCFv4.2")
	for _, m := range h.Meta {
		if strings.HasPrefix(m, "fileformat=") {
			continue
		}
		fmt.Fprintf(vw.w, "##%s\n", m)
	}
	for _, c := range h.Contigs {
		if c.Length > 0 {
			fmt.Fprintf(vw.w, "##contig=<ID=%s,length=%d>\n", c.Name, c.Length)
		} else { // length unknown: writing length=0 would claim an empty contig
			fmt.Fprintf(vw.w, "##contig=<ID=%s>\n", c.Name)
		}
	}
	vw.w.WriteString("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO")
	if len(h.Samples) > 0 {
		vw.w.WriteString("\tFORMAT")
		for _, s := range h.Samples {
			vw.w.WriteString("\t" + s)
		}
	}
	vw.w.WriteByte('\n')
	return vw, nil
}

// FormatQual formats a QUAL value as vole writes it: '.' for missing, else at
// most two decimals without trailing zeros.
func FormatQual(q float64) string {
	if math.IsNaN(q) {
		return "."
	}
	return strconv.FormatFloat(math.Round(q*100)/100, 'f', -1, 64)
}

// Write writes one record.
func (vw *Writer) Write(r *Record) error {
	if vw.err != nil {
		return vw.err
	}
	b := vw.buf[:0]
	b = append(b, r.Chrom...)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(r.Pos), 10)
	b = append(b, '\t')
	b = append(b, orDot(r.ID)...)
	b = append(b, '\t')
	b = append(b, r.Ref...)
	b = append(b, '\t')
	b = append(b, orDot(strings.Join(r.Alt, ","))...)
	b = append(b, '\t')
	b = append(b, FormatQual(r.Qual)...)
	b = append(b, '\t')
	b = append(b, orDot(strings.Join(r.Filter, ";"))...)
	b = append(b, '\t')
	if len(r.Info) == 0 {
		b = append(b, '.')
	}
	for i, f := range r.Info {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, f.Key...)
		if !f.Flag {
			b = append(b, '=')
			b = append(b, f.Value...)
		}
	}
	if len(r.Format) > 0 {
		b = append(b, '\t')
		b = append(b, strings.Join(r.Format, ":")...)
		for _, s := range r.Samples {
			b = append(b, '\t')
			b = append(b, strings.Join(s, ":")...)
		}
	}
	b = append(b, '\n')
	vw.buf = b
	_, vw.err = vw.w.Write(b)
	return vw.err
}

// Flush writes buffered data to the underlying writer.
func (vw *Writer) Flush() error {
	if vw.err != nil {
		return vw.err
	}
	return vw.w.Flush()
}

func orDot(s string) string {
	if s == "" {
		return "."
	}
	return s
}
