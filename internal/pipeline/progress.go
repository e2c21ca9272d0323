package pipeline

import (
	"github.com/schollz/progressbar/v3"
)

// progress shows which step of the run is under way as a bar on stderr. It
// is off unless Config.Progress is set, which the command does only when
// stderr is a terminal and -q is not given.
type progress struct {
	bar     *progressbar.ProgressBar
	started bool
}

func newProgress(cfg Config, steps int) *progress {
	p := &progress{}
	if cfg.Progress {
		p.bar = progressbar.NewOptions(steps,
			progressbar.OptionSetWriter(cfg.Stderr),
			progressbar.OptionSetDescription("vole run"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// next marks the previous step done and names the one starting.
func (p *progress) next(step string) {
	if p.bar == nil {
		return
	}
	if p.started {
		p.bar.Add(1)
	}
	p.started = true
	p.bar.Describe("vole run: " + step)
}

// finish completes and clears the bar.
func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
