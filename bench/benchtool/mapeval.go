package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// mapqThresholds are the MAPQ cut-offs reported, as in mapeval.py.
var mapqThresholds = []int{0, 1, 10, 20, 30, 60}

// dwgsimTruth is where a simulated read came from.
type dwgsimTruth struct {
	Contig string
	Pos    int // 1-based leftmost base of the read on the forward strand
}

// parseDwgsimName decodes the truth that dwgsim writes in a read name:
// contig_pos1_pos2_strand1_strand2_rand_... — the last nine '_'-separated
// fields are dwgsim's, the contig is the join of the rest (contig names may
// hold '_'), read 1 of a pair starts at pos1 and read 2 at pos2. Names that
// start with "rand_" are random reads: ok is false and the read has no truth.
func parseDwgsimName(name string, first bool) (t dwgsimTruth, ok bool, err error) {
	if strings.HasPrefix(name, "rand_") {
		return t, false, nil
	}
	parts := strings.Split(name, "_")
	if len(parts) < 9 {
		return t, false, fmt.Errorf("read name %q: not a dwgsim name (needs 9 '_'-separated fields after the contig)", name)
	}
	k := len(parts) - 9
	field := parts[k]
	if !first {
		field = parts[k+1]
	}
	pos, err := strconv.Atoi(field)
	if err != nil {
		return t, false, fmt.Errorf("read name %q: position %q is not an integer", name, field)
	}
	return dwgsimTruth{Contig: strings.Join(parts[:k], "_"), Pos: pos}, true, nil
}

// mapTally accumulates mapping accuracy over primary alignments.
type mapTally struct {
	Tol     int // a placement within Tol bases of the truth is correct
	Reads   int
	Mapped  int
	Correct int
	byMapQ  map[int][2]int // MAPQ -> {aligned, wrong}
}

// Add scores one record. Secondary and supplementary records are ignored; a
// primary alignment is correct when it lies on the true contig and its
// clip-adjusted leftmost position (POS minus leading S/H clips) is within Tol
// of the true start. Random reads are never correct when mapped.
func (m *mapTally) Add(r alnRecord) error {
	if r.Flag&0x900 != 0 {
		return nil
	}
	m.Reads++
	truth, hasTruth, err := parseDwgsimName(r.Name, r.Flag&0x80 == 0)
	if err != nil {
		return err
	}
	if r.Flag&0x4 != 0 {
		return nil
	}
	m.Mapped++
	d := r.Pos - r.LeadClip - truth.Pos
	ok := hasTruth && r.Ref == truth.Contig && d <= m.Tol && -d <= m.Tol
	if m.byMapQ == nil {
		m.byMapQ = map[int][2]int{}
	}
	c := m.byMapQ[r.MapQ]
	c[0]++
	if ok {
		m.Correct++
	} else {
		c[1]++
	}
	m.byMapQ[r.MapQ] = c
	return nil
}

// AtLeast returns the aligned and wrong counts among records with MAPQ >= q.
func (m *mapTally) AtLeast(q int) (aligned, wrong int) {
	for mq, c := range m.byMapQ {
		if mq >= q {
			aligned += c[0]
			wrong += c[1]
		}
	}
	return aligned, wrong
}

func pct(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }

// WriteText prints the report in mapeval.py's format.
func (m *mapTally) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "reads=%d mapped=%d (%.2f%%) correct=%d (%.2f%%) wrong=%d\n",
		m.Reads, m.Mapped, pct(m.Mapped, m.Reads), m.Correct, pct(m.Correct, m.Reads), m.Mapped-m.Correct)
	for _, q := range mapqThresholds {
		a, wr := m.AtLeast(q)
		fmt.Fprintf(w, "  MAPQ>=%-2d aligned=%d wrong=%d error_rate=%.2e\n", q, a, wr, float64(wr)/float64(max(a, 1)))
	}
	return nil
}

// mapevalTSVHeader names the columns of WriteTSV.
const mapevalTSVHeader = "reads\tmapped %\tcorrect %\twrong\taligned Q>=20\twrong Q>=20"

// WriteTSV prints one tab-separated row for bench tables.
func (m *mapTally) WriteTSV(w io.Writer) error {
	a, wr := m.AtLeast(20)
	_, err := fmt.Fprintf(w, "%d\t%.2f\t%.2f\t%d\t%d\t%d\n",
		m.Reads, pct(m.Mapped, m.Reads), pct(m.Correct, m.Reads), m.Mapped-m.Correct, a, wr)
	return err
}

// runMapeval implements `benchtool mapeval [-tol N] [-tsv] FILE.sam|FILE.bam`.
func runMapeval(args []string, stdout io.Writer) error {
	fs := newFlags("mapeval", "FILE.sam|FILE.bam|-")
	tol := fs.Int("tol", 20, "`bases` a placement may be off the truth and still be correct")
	tsv := fs.Bool("tsv", false, "print one tab-separated row ("+strings.ReplaceAll(mapevalTSVHeader, "\t", ", ")+")")
	header := fs.Bool("header", false, "with -tsv, print only the column names and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *tsv && *header {
		_, err := fmt.Fprintln(stdout, mapevalTSVHeader)
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("need exactly one SAM/BAM file")
	}
	m, err := scoreAlignments(fs.Arg(0), *tol)
	if err != nil {
		return err
	}
	if *tsv {
		return m.WriteTSV(stdout)
	}
	return m.WriteText(stdout)
}

// scoreAlignments reads every record of a SAM/BAM file into a mapTally.
func scoreAlignments(path string, tol int) (*mapTally, error) {
	s, err := openAlignments(path)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	m := &mapTally{Tol: tol}
	for s.Next() {
		r := s.Record()
		if err := m.Add(r); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, s.Where(), err)
		}
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return m, nil
}
