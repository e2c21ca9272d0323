package main

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/vole-bio/vole/align"
)

// alignProgress shows how many reads `vole align` has done: a live bar on
// a terminal, otherwise a line per batch as bwa mem prints (so that a log
// file shows the run advancing). Messages written through it while a bar
// is shown clear the bar first.
type alignProgress struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	start time.Time
}

// newAlignProgress reports on w: a bar when w is a terminal, lines
// otherwise.
func newAlignProgress(w io.Writer) *alignProgress {
	p := &alignProgress{w: w, start: time.Now()}
	if isTerminal(w) {
		p.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("vole align"),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// update reports the counts after a batch.
func (p *alignProgress) update(st align.Stats) {
	secs := time.Since(p.start).Seconds()
	msg := fmt.Sprintf("vole align: %d reads aligned in %.1f s (%.0f reads/s)", st.Reads, secs, float64(st.Reads)/max(secs, 1e-3))
	if p.bar != nil {
		p.bar.Describe(msg)
		p.bar.Set64(st.Reads)
		return
	}
	fmt.Fprintln(p.w, msg)
}

// Write passes a message through, above the bar when one is shown.
func (p *alignProgress) Write(b []byte) (int, error) {
	if p.bar != nil {
		p.bar.Clear()
	}
	return p.w.Write(b)
}

// finish clears the bar.
func (p *alignProgress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
