package workflow

import (
	"io"
	"sync"

	"github.com/schollz/progressbar/v3"
)

// progress shows which step of the run is under way as a bar on stderr. It
// is off unless Config.Progress is set, which the command does only when
// stderr is a terminal and -q is not given.
type progress struct {
	bar     *progressbar.ProgressBar
	started bool
	w       io.Writer
	mu      sync.Mutex
}

func newProgress(cfg Config, steps int) *progress {
	p := &progress{w: cfg.Stderr}
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
	p.mu.Lock()
	defer p.mu.Unlock()
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

// Write lets the steps' own messages pass through while a bar is shown: the
// bar is cleared, the message written, and the bar drawn again below it.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Clear()
	n, err := p.w.Write(b)
	p.bar.RenderBlank()
	return n, err
}
