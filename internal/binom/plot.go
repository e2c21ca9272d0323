package binom

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Plot draws the threshold curve the course assignment asks for: coverage n
// on the x axis, the largest rejected minor-allele fraction k/n on the y
// axis. Rows with no rejected k are left out. The report embeds the same
// plot, so the command and the report cannot disagree.
func Plot(rows []Row, alpha float64) (*plot.Plot, error) {
	pts := make(plotter.XYs, 0, len(rows))
	for _, r := range rows {
		if r.K >= 0 {
			pts = append(pts, plotter.XY{X: float64(r.N), Y: r.Ratio})
		}
	}
	if len(pts) == 0 {
		return nil, fmt.Errorf("binom: no coverage in the range has a rejected count at alpha %v", alpha)
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Heterozygosity threshold (one-sided binomial test, p = 0.5, alpha = %v)", alpha)
	p.X.Label.Text = "coverage n"
	p.Y.Label.Text = "largest rejected minor-allele fraction k/n"
	p.Add(plotter.NewGrid())
	line, err := plotter.NewLine(pts)
	if err != nil {
		return nil, fmt.Errorf("binom: %w", err)
	}
	p.Add(line)
	p.Y.Min = 0
	return p, nil
}

// WritePlot writes the plot of rows to w in format "svg", "png" or "pdf".
func WritePlot(w io.Writer, rows []Row, alpha float64, format string) error {
	p, err := Plot(rows, alpha)
	if err != nil {
		return err
	}
	wt, err := p.WriterTo(8*vg.Inch, 5*vg.Inch, format)
	if err != nil {
		return fmt.Errorf("binom: %w", err)
	}
	_, err = wt.WriteTo(w)
	return err
}

// FormatOf returns the plot format named by a file's extension (svg, png or
// pdf), or an error naming the file.
func FormatOf(path string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	switch ext {
	case "svg", "png", "pdf":
		return ext, nil
	}
	return "", fmt.Errorf("%s: plot format must be .svg, .png or .pdf", path)
}
