package flagstat

import (
	"fmt"
	"io"
	"strings"
)

// percent is samtools's percentage: n/total computed in single precision
// (as its C code does), printed with two decimals, or "N/A" (text) / "null"
// (JSON) when total is 0. Keeping the single-precision step makes the last
// digit agree with samtools.
func percent(n, total int64, json bool) string {
	if total == 0 {
		if json {
			return "null"
		}
		return "N/A"
	}
	p := float64(float32(n)/float32(total)) * 100.0
	if json {
		return fmt.Sprintf("%.2f", p)
	}
	return fmt.Sprintf("%.2f%%", p)
}

// line is one row of the report: its label, the value of a column, and
// optionally the percentage of which other count.
type line struct {
	label string
	json  string // key in the JSON layout
	value func(*Counts) int64
	of    func(*Counts) int64 // denominator for a percentage, or nil
}

// lines are the rows of samtools flagstat 1.16, in its order.
var lines = []line{
	{"in total (QC-passed reads + QC-failed reads)", "total", func(c *Counts) int64 { return c.Total }, nil},
	{"primary", "primary", func(c *Counts) int64 { return c.Primary }, nil},
	{"secondary", "secondary", func(c *Counts) int64 { return c.Secondary }, nil},
	{"supplementary", "supplementary", func(c *Counts) int64 { return c.Supplementary }, nil},
	{"duplicates", "duplicates", func(c *Counts) int64 { return c.Duplicates }, nil},
	{"primary duplicates", "primary duplicates", func(c *Counts) int64 { return c.PrimaryDuplicates }, nil},
	{"mapped", "mapped", func(c *Counts) int64 { return c.Mapped }, func(c *Counts) int64 { return c.Total }},
	{"primary mapped", "primary mapped", func(c *Counts) int64 { return c.PrimaryMapped }, func(c *Counts) int64 { return c.Primary }},
	{"paired in sequencing", "paired in sequencing", func(c *Counts) int64 { return c.Paired }, nil},
	{"read1", "read1", func(c *Counts) int64 { return c.Read1 }, nil},
	{"read2", "read2", func(c *Counts) int64 { return c.Read2 }, nil},
	{"properly paired", "properly paired", func(c *Counts) int64 { return c.ProperlyPaired }, func(c *Counts) int64 { return c.Paired }},
	{"with itself and mate mapped", "with itself and mate mapped", func(c *Counts) int64 { return c.WithMateMapped }, nil},
	{"singletons", "singletons", func(c *Counts) int64 { return c.Singletons }, func(c *Counts) int64 { return c.Paired }},
	{"with mate mapped to a different chr", "with mate mapped to a different chr", func(c *Counts) int64 { return c.MateOtherChr }, nil},
	{"with mate mapped to a different chr (mapQ>=5)", "with mate mapped to a different chr (mapQ >= 5)", func(c *Counts) int64 { return c.MateOtherChrQ5 }, nil},
}

// WriteText writes the counts in samtools flagstat's default layout.
func (s *Stats) WriteText(w io.Writer) error {
	var b strings.Builder
	p, f := &s.QCPassed, &s.QCFailed
	for _, l := range lines {
		fmt.Fprintf(&b, "%d + %d %s", l.value(p), l.value(f), l.label)
		if l.of != nil {
			fmt.Fprintf(&b, " (%s : %s)", percent(l.value(p), l.of(p), false), percent(l.value(f), l.of(f), false))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the counts as samtools flagstat -O json does, byte for
// byte (including its spacing), so that scripts written for it work.
func (s *Stats) WriteJSON(w io.Writer) error {
	var b strings.Builder
	b.WriteString("{\n")
	for i, col := range []struct {
		name string
		c    *Counts
	}{{"QC-passed reads", &s.QCPassed}, {"QC-failed reads", &s.QCFailed}} {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, " %q: { \n", col.name)
		for j, l := range lines {
			sep := ", \n"
			if j == len(lines)-1 {
				sep = " \n"
			}
			fmt.Fprintf(&b, "  %q: %d%s", l.json, l.value(col.c), sep)
			if l.of != nil {
				fmt.Fprintf(&b, "  %q: %s, \n", l.json+" %", percent(l.value(col.c), l.of(col.c), true))
			}
		}
		b.WriteString(" }")
	}
	b.WriteString("\n}\n")
	_, err := io.WriteString(w, b.String())
	return err
}
