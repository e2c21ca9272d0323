package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/vole-bio/vole/internal/binom"
)

// chart is one inline SVG figure with its caption.
type chart struct {
	Caption string
	SVG     template.HTML
}

// inlineSVG draws p as an SVG element fit for embedding in HTML: the XML
// declaration and comment that precede <svg are dropped.
func inlineSVG(p *plot.Plot, w, h vg.Length) (template.HTML, error) {
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", fmt.Errorf("report: drawing %q: %w", p.Title.Text, err)
	}
	s := b.Bytes()
	if i := bytes.Index(s, []byte("<svg")); i >= 0 {
		s = s[i:]
	}
	// The SVG is produced by gonum/plot from numbers and escaped labels,
	// not from user markup.
	return template.HTML(s), nil
}

// maxCoverageCharts bounds the coverage charts of a many-contig reference
// (a draft assembly) to its longest contigs, so the page stays readable.
const maxCoverageCharts = 12

// longestContigs returns at most n contigs, longest first (ties in
// reference order).
func longestContigs(contigs []Contig, n int) []Contig {
	c := slices.Clone(contigs)
	slices.SortStableFunc(c, func(a, b Contig) int { return b.Length - a.Length })
	return c[:min(n, len(c))]
}

// coverageCharts draws one chart per contig, for the longest
// maxCoverageCharts contigs, with a line per sample: mean depth against
// position in kb.
func coverageCharts(tracks []Track, contigs []Contig, samples []string) ([]chart, error) {
	var out []chart
	for _, ct := range longestContigs(contigs, maxCoverageCharts) {
		p := plot.New()
		p.Title.Text = "Read depth along " + ct.Name
		p.X.Label.Text = "position (kb)"
		p.X.Tick.Marker = plainTicks{}
		p.Y.Label.Text = "mean depth per bin"
		p.Add(plotter.NewGrid())
		p.Legend.Top = true
		n := 0
		for si, s := range samples {
			for _, t := range tracks {
				if t.Sample != s || t.Contig != ct.Name || len(t.Depth) == 0 {
					continue
				}
				pts := make(plotter.XYs, len(t.Depth))
				for i, d := range t.Depth {
					pts[i] = plotter.XY{X: (float64(i) + 0.5) * float64(t.BinSize) / 1000, Y: d}
				}
				l, err := plotter.NewLine(pts)
				if err != nil {
					return nil, fmt.Errorf("report: coverage of %s on %s: %w", s, ct.Name, err)
				}
				l.Color = plotutil.Color(si)
				l.Width = vg.Points(1.2)
				p.Add(l)
				p.Legend.Add(s, l)
				n++
			}
		}
		if n == 0 {
			continue
		}
		// Headroom above the highest bin keeps the legend off the lines.
		p.Y.Min, p.Y.Max = 0, 1.35*p.Y.Max
		svg, err := inlineSVG(p, 9*vg.Inch, 3*vg.Inch)
		if err != nil {
			return nil, err
		}
		out = append(out, chart{Caption: fmt.Sprintf("%s (%d bp)", ct.Name, ct.Length), SVG: svg})
	}
	return out, nil
}

// plainTicks are gonum's default ticks labelled without trailing zeros
// ("250", not "250.00").
type plainTicks struct{}

// Ticks implements plot.Ticker.
func (plainTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'f', -1, 64)
		}
	}
	return ticks
}

// balanceBins is the number of allele-balance histogram bins over [0, 1].
const balanceBins = 20

// alleleBalanceCharts draws, per sample, the histogram of the alternate
// allele fraction of its heterozygous calls; true heterozygous sites gather
// around 0.5.
func alleleBalanceCharts(samples []string, ab [][]float64) ([]chart, error) {
	var out []chart
	for si, s := range samples {
		if si >= len(ab) {
			break
		}
		h := &plotter.Histogram{
			Bins:      make([]plotter.HistogramBin, balanceBins),
			Width:     1.0 / balanceBins,
			FillColor: plotutil.Color(si),
			LineStyle: plotter.DefaultLineStyle,
		}
		for i := range h.Bins {
			h.Bins[i].Min = float64(i) / balanceBins
			h.Bins[i].Max = float64(i+1) / balanceBins
		}
		for _, f := range ab[si] {
			i := min(max(int(f*balanceBins), 0), balanceBins-1)
			h.Bins[i].Weight++
		}
		h.LineStyle.Color = color.Gray{Y: 60}
		p := plot.New()
		p.Title.Text = s
		p.X.Label.Text = "alt reads / (ref + alt reads)"
		p.Y.Label.Text = "het calls"
		p.Add(h)
		p.X.Min, p.X.Max, p.Y.Min = 0, 1, 0
		svg, err := inlineSVG(p, 3*vg.Inch, 2.4*vg.Inch)
		if err != nil {
			return nil, err
		}
		out = append(out, chart{Caption: fmt.Sprintf("%s: %d heterozygous calls", s, len(ab[si])), SVG: svg})
	}
	return out, nil
}

// binomChart draws the threshold curve with the same function as
// `vole binom --plot`.
func binomChart(rows []binom.Row, alpha float64) (*chart, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	p, err := binom.Plot(rows, alpha)
	if err != nil {
		return nil, err
	}
	svg, err := inlineSVG(p, 7*vg.Inch, 3.5*vg.Inch)
	if err != nil {
		return nil, err
	}
	return &chart{Caption: fmt.Sprintf("coverage %d to %d, alpha %v", rows[0].N, rows[len(rows)-1].N, alpha), SVG: svg}, nil
}
