package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
)

//go:embed page.html.tmpl
var pageText string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":   func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) },
	"qual":  func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
	"depth": func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
	"ratio": func(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" },
}).Parse(pageText))

// view is what the template sees: the report plus its drawn charts and the
// shared variants with genome coordinates.
type view struct {
	*Report
	SharedRows []sharedRow
	AnyRegion  bool
	Coverage   []chart
	// Undrawn counts the contigs left out of the coverage charts.
	Undrawn    int
	Balance    []chart
	BinomChart *chart
}

type sharedRow struct {
	Variant
	Genome string
}

// Write renders r as one self-contained HTML page to w.
func Write(w io.Writer, r *Report) error {
	names := make([]string, len(r.Samples))
	for i, s := range r.Samples {
		names[i] = s.Name
	}
	v := &view{Report: r}
	for _, sv := range r.SharedHomAlt {
		row := sharedRow{Variant: sv}
		if chrom, g, ok := GenomeCoord(sv.Contig, sv.Pos); ok {
			row.Genome = fmt.Sprintf("%s:%d", chrom, g)
			v.AnyRegion = true
		}
		v.SharedRows = append(v.SharedRows, row)
	}
	var err error
	if v.Coverage, err = coverageCharts(r.Coverage, r.Contigs, names); err != nil {
		return err
	}
	v.Undrawn = max(0, len(r.Contigs)-maxCoverageCharts)
	if v.Balance, err = alleleBalanceCharts(names, r.AlleleBalance); err != nil {
		return err
	}
	if v.BinomChart, err = binomChart(r.Binom, r.BinomAlpha); err != nil {
		return err
	}
	if err := page.Execute(w, v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
