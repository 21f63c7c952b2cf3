package importer

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// IsTerminal reports whether w is a terminal, where progress is drawn as a
// bar; anything else (a file, a pipe, a CI log) gets plain lines.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Progress shows how far a long import has got, on stderr: a bar redrawn in
// place on a terminal, and otherwise a plain line now and then. It never
// shows record contents, only counts.
type Progress struct {
	w     io.Writer
	bar   bool
	noun  string
	total int // 0 when not known yet
	done  int
	// every is the least time between two plain lines (a bar is redrawn at
	// most ten times a second).
	every time.Duration
	now   func() time.Time
	last  time.Time
	drawn bool
}

// NewProgress returns a progress display on w: a bar when bar is true (w is
// a terminal), plain lines at most every interval otherwise. A nil w shows
// nothing.
func NewProgress(w io.Writer, bar bool, noun string, every time.Duration) *Progress {
	if every <= 0 {
		every = 5 * time.Second
	}
	return &Progress{w: w, bar: bar, noun: noun, every: every, now: time.Now}
}

// SetTotal says how many records there are, when the source says.
func (p *Progress) SetTotal(n int) {
	if p != nil && n > 0 {
		p.total = n
	}
}

// Step records one more record done and shows progress if it is time.
func (p *Progress) Step(r *Report) {
	if p == nil || p.w == nil {
		return
	}
	p.done++
	now := p.now()
	gap := p.every
	if p.bar {
		gap = 100 * time.Millisecond
	}
	if !p.last.IsZero() && now.Sub(p.last) < gap && p.done != p.total {
		return
	}
	if p.last.IsZero() && !p.bar && p.done != p.total {
		p.last = now // the first plain line comes after one interval
		return
	}
	p.last = now
	p.show(r)
}

func (p *Progress) show(r *Report) {
	of := ""
	if p.total > 0 {
		of = fmt.Sprintf(" of %d", p.total)
	}
	if !p.bar {
		fmt.Fprintf(p.w, "progress: %d%s %s (%s)\n", p.done, of, p.noun, r.Counts())
		return
	}
	const width = 30
	bar := strings.Repeat("-", width)
	if p.total > 0 {
		filled := min(width, p.done*width/p.total)
		bar = strings.Repeat("#", filled) + strings.Repeat("-", width-filled)
	}
	fmt.Fprintf(p.w, "\r[%s] %d%s %s (%s)\x1b[K", bar, p.done, of, p.noun, r.Counts())
	p.drawn = true
}

// Finish ends the display: the bar's line is closed so the report starts on
// a line of its own.
func (p *Progress) Finish() {
	if p != nil && p.w != nil && p.drawn {
		fmt.Fprintln(p.w)
	}
}
