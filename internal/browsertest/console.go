package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// consoleLog collects a tab's console messages, uncaught exceptions and
// browser log entries as they arrive.
type consoleLog struct {
	mu      sync.Mutex
	msgs    []chromedp.ConsoleMessage
	changed chan struct{} // closed and replaced on each new message
	done    chan struct{} // closed when collection stops with the tab
	syncs   int           // markers written so far
}

// collectConsole starts collecting the messages of the tab ctx until it closes.
func collectConsole(ctx context.Context) *consoleLog {
	c := &consoleLog{changed: make(chan struct{}), done: make(chan struct{})}
	msgs := chromedp.Console(ctx)
	go func() {
		defer close(c.done)
		for m, err := range msgs {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.msgs = append(c.msgs, m)
			close(c.changed)
			c.changed = make(chan struct{})
			c.mu.Unlock()
		}
	}()
	return c
}

// wait returns when collection has stopped, after the tab closed.
func (c *consoleLog) wait() { <-c.done }

// syncMarkerPrefix starts the console.debug text that Console uses to know it
// has seen every earlier message.
const syncMarkerPrefix = "browsertest:sync:"

// Console returns the messages that the page has written to the console so
// far: console API calls, uncaught exceptions and browser log entries (such
// as a failed resource load), formatted as "type: text (url:line)".
func (b *Browser) Console() []string {
	b.t.Helper()
	msgs := b.syncConsole()
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, formatConsole(m))
	}
	return out
}

// ConsoleErrors returns the console errors and uncaught exceptions so far,
// leaving out failed loads of resources off the machine, which the harness
// blocks.
func (b *Browser) ConsoleErrors() []string {
	b.t.Helper()
	var out []string
	for _, m := range b.syncConsole() {
		if (m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException) && !blockedByHarness(m) {
			out = append(out, formatConsole(m))
		}
	}
	return out
}

// blockedByHarness reports whether m is the failed load of a resource off the
// machine, which the browser's host resolver rules block on purpose (such as
// the NHS.UK fonts from assets.nhs.uk).
func blockedByHarness(m chromedp.ConsoleMessage) bool {
	if !strings.Contains(m.Text, "net::ERR_NAME_NOT_RESOLVED") {
		return false
	}
	u, err := url.Parse(m.URL)
	if err != nil {
		return false
	}
	switch u.Hostname() {
	case "localhost", "127.0.0.1", "::1":
		return false
	}
	return true
}

// AssertNoConsoleErrors fails the test, without stopping it, if the page has
// logged an error or thrown an uncaught exception.
func (b *Browser) AssertNoConsoleErrors() {
	b.t.Helper()
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		b.t.Errorf("browsertest: %s: console errors:\n  %s", b.URL(), strings.Join(errs, "\n  "))
	}
}

// syncConsole writes a marker with console.debug and waits until the
// collector has seen it, so that every message logged before the call is
// included. It returns the messages before the marker, without markers.
func (b *Browser) syncConsole() []chromedp.ConsoleMessage {
	b.t.Helper()
	c := b.console
	c.mu.Lock()
	c.syncs++
	marker := fmt.Sprintf("%s%d", syncMarkerPrefix, c.syncs)
	c.mu.Unlock()
	run(b, "console marker", chromedp.Evaluate[chromedp.Void](fmt.Sprintf("console.debug(%s)", jsString(marker))))

	deadline := time.After(b.Timeout)
	for {
		c.mu.Lock()
		for i, m := range c.msgs {
			if m.Text == marker {
				var out []chromedp.ConsoleMessage
				for _, m := range c.msgs[:i] {
					if !strings.HasPrefix(m.Text, syncMarkerPrefix) {
						out = append(out, m)
					}
				}
				c.mu.Unlock()
				return out
			}
		}
		changed := c.changed
		c.mu.Unlock()
		select {
		case <-changed:
		case <-c.done:
			b.t.Fatalf("browsertest: the tab closed while reading the console")
		case <-deadline:
			b.t.Fatalf("browsertest: console: no marker after %v", b.Timeout)
		}
	}
}

// formatConsole formats a message as "type: text (url:line)".
func formatConsole(m chromedp.ConsoleMessage) string {
	s := fmt.Sprintf("%s: %s", m.Type, m.Text)
	if m.URL != "" {
		s += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
	}
	return s
}
