// Package progress shows a history scan's advance on a terminal: blobs scanned of total, bytes
// read, rate and ETA; nothing when the writer is not a terminal.
package progress

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Bar is a progress bar; a nil *Bar shows nothing, so callers need no check.
type Bar struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

// New is a bar on w, or nil when w is not a terminal or quiet is set.
func New(w io.Writer, quiet bool) *Bar {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &Bar{w: w}
}

// Update is history.Options.Progress.
func (p *Bar) Update(done, total int, bytes int64) {
	if p == nil {
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("history"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("blobs"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetWidth(30),
		)
	}
	p.bar.Describe(fmt.Sprintf("history %d MB", bytes>>20))
	p.bar.Set(done)
}

// Finish clears the bar.
func (p *Bar) Finish() {
	if p != nil && p.bar != nil {
		p.bar.Finish()
	}
}
