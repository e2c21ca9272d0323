package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/vole-bio/vole/internal/fileio"
)

// resultTable is a TSV of results: a header row, then one row per tool with
// the tool's name in the first column.
type resultTable struct {
	Header []string
	Rows   [][]string
}

// readTable parses a results TSV; every row must have as many cells as the
// header (a missing trailing cell is padded with "n/a").
func readTable(r io.Reader) (resultTable, error) {
	var t resultTable
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		cells := strings.Split(sc.Text(), "\t")
		if t.Header == nil {
			t.Header = cells
			continue
		}
		if len(cells) > len(t.Header) {
			return t, fmt.Errorf("line %d: %d cells, the header has %d", line, len(cells), len(t.Header))
		}
		for len(cells) < len(t.Header) {
			cells = append(cells, "n/a")
		}
		t.Rows = append(t.Rows, cells)
	}
	if err := sc.Err(); err != nil {
		return t, fmt.Errorf("line %d: %w", line+1, err)
	}
	if t.Header == nil {
		return t, errors.New("empty table: no header row")
	}
	return t, nil
}

// withRatios returns a copy of t with, after each column named in cols, a
// column "<col> ratio" holding the row's value divided by the anchor
// row's: the first row whose first cell is anchor and, when group names a
// column, whose cell in that column equals the row's (so each genome's rows
// are compared with the anchor on the same genome). Cells that are not
// numbers, a missing anchor row, or an anchor value of zero give "–".
func (t resultTable) withRatios(anchor, group string, cols []string) (resultTable, error) {
	gi := -1
	if group != "" {
		if gi = slices.Index(t.Header, group); gi < 0 {
			return t, fmt.Errorf("no group column %q (columns: %s)", group, strings.Join(t.Header, ", "))
		}
	}
	anchorOf := make([]int, len(t.Rows))
	for ri, r := range t.Rows {
		anchorOf[ri] = slices.IndexFunc(t.Rows, func(a []string) bool {
			return a[0] == anchor && (gi < 0 || a[gi] == r[gi])
		})
	}
	out := resultTable{Header: nil, Rows: make([][]string, len(t.Rows))}
	for ci, h := range t.Header {
		out.Header = append(out.Header, h)
		for ri, r := range t.Rows {
			out.Rows[ri] = append(out.Rows[ri], r[ci])
		}
		if !slices.Contains(cols, h) {
			continue
		}
		out.Header = append(out.Header, h+" ratio")
		for ri, r := range t.Rows {
			out.Rows[ri] = append(out.Rows[ri], ratioCell(r[ci], anchorOf[ri], t.Rows, ci))
		}
	}
	for _, c := range cols {
		if !slices.Contains(t.Header, c) {
			return out, fmt.Errorf("no column %q to take a ratio of (columns: %s)", c, strings.Join(t.Header, ", "))
		}
	}
	return out, nil
}

func ratioCell(v string, anchorRow int, rows [][]string, col int) string {
	if anchorRow < 0 {
		return "–"
	}
	x, err1 := strconv.ParseFloat(v, 64)
	a, err2 := strconv.ParseFloat(rows[anchorRow][col], 64)
	if err1 != nil || err2 != nil || a == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", x/a)
}

// writeMarkdown prints t as a GitHub-flavoured markdown table.
func (t resultTable) writeMarkdown(w io.Writer) error {
	row := func(cells []string) string {
		esc := make([]string, len(cells))
		for i, c := range cells {
			esc[i] = strings.ReplaceAll(c, "|", `\|`)
		}
		return "| " + strings.Join(esc, " | ") + " |\n"
	}
	var b strings.Builder
	b.WriteString(row(t.Header))
	sep := make([]string, len(t.Header))
	for i := range sep {
		sep[i] = "---"
	}
	b.WriteString(row(sep))
	for _, r := range t.Rows {
		b.WriteString(row(r))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// runTable implements `benchtool table [-anchor TOOL] [-group COL] [-ratio COL,COL] FILE.tsv`.
func runTable(args []string, stdout io.Writer) error {
	fs := newFlags("table", "RESULTS.tsv")
	anchor := fs.String("anchor", "", "tool (first cell of a row) the ratios are taken against")
	ratio := fs.String("ratio", "", "comma-separated `columns` to give a ratio to the anchor")
	group := fs.String("group", "", "take each row's ratio to the anchor row with the same value in this `column`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("need one results TSV")
	}
	r, err := fileio.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer r.Close()
	t, err := readTable(r)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if *ratio != "" {
		if t, err = t.withRatios(*anchor, *group, strings.Split(*ratio, ",")); err != nil {
			return fmt.Errorf("%s: %w", fs.Arg(0), err)
		}
	}
	return t.writeMarkdown(stdout)
}
