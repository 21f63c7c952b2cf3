package browsertest

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core (MPL-2.0), vendored by testdata/axe/update.sh. A
// non-test file may embed from testdata when it names the file.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// auditScript runs axe on the document with the WCAG 2.0, 2.1 and 2.2 A and
// AA rules and returns the violations in the shape of Violation.
const auditScript = `axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
  resultTypes: ['violations']
}).then(r => r.violations.map(v => ({
  id: v.id,
  impact: v.impact || '',
  help: v.help,
  helpUrl: v.helpUrl,
  nodes: v.nodes.map(n => ({
    target: n.target.map(t => Array.isArray(t) ? t.join(' ') : String(t)),
    html: n.html,
    failureSummary: n.failureSummary || ''
  }))
})))`

// Violation is one axe-core rule that the page breaks.
type Violation struct {
	ID      string          `json:"id"`     // the rule, such as "label" or "image-alt"
	Impact  string          `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Help    string          `json:"help"`   // what the rule asks for
	HelpURL string          `json:"helpUrl"`
	Nodes   []ViolationNode `json:"nodes"` // the elements that break it
}

// ViolationNode is an element that breaks a rule.
type ViolationNode struct {
	Target         []string `json:"target"` // CSS selectors that find the element
	HTML           string   `json:"html"`   // the start of its markup
	FailureSummary string   `json:"failureSummary"`
}

// String formats the violation on one line per element, for a test failure.
func (v Violation) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s (%s): %s <%s>", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&s, "\n    %s: %s", strings.Join(n.Target, ", "), shorten(n.HTML, 160))
	}
	return s.String()
}

// shorten returns the first line of s, cut to at most n bytes (on a rune
// boundary) with "…" when cut.
func shorten(s string, n int) string {
	s, _, cut := strings.Cut(s, "\n")
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "")
		cut = true
	}
	if cut {
		s += "…"
	}
	return s
}

// Audit runs axe-core on the current page at the viewport's current width,
// with the rules tagged wcag2a, wcag2aa, wcag21a, wcag21aa and wcag22aa, and
// returns the violations. It
// injects axe through the DevTools protocol, which a page's Content Security
// Policy does not block. Automated checks find some problems, not all: they
// do not replace testing with people and assistive technology.
func (b *Browser) Audit() []Violation {
	b.t.Helper()
	if !run(b, "check for axe", chromedp.Evaluate[bool](`typeof window.axe === 'object'`)) {
		run(b, "inject axe", chromedp.Evaluate[chromedp.Void](axeSource))
	}
	return run(b, "run axe", chromedp.Evaluate[[]Violation](auditScript, chromedp.EvalAwaitPromise))
}

// Known is a violation the project accepts, with the reason. It matches the
// elements of Rule whose HTML or failure summary contains Match.
type Known struct {
	Rule   string
	Match  string
	Reason string
}

// NHSConditionalReveal accepts the aria-expanded attribute that the NHS.UK
// frontend script puts on a radio that reveals a conditional question. ARIA
// 1.2 does not allow it on radios, so axe reports it as critical; GOV.UK
// Frontend, where the pattern comes from, keeps it on purpose because screen
// readers announce it (alphagov/govuk-frontend#979, w3c/aria#1404).
var NHSConditionalReveal = Known{
	Rule:   "aria-allowed-attr",
	Match:  "aria-expanded",
	Reason: "NHS.UK frontend conditional reveal, kept on purpose upstream (alphagov/govuk-frontend#979)",
}

// The widths, in CSS pixels, at which AssertAccessible audits a page: the
// narrowest phone that WCAG's reflow criterion (1.4.10) names, and a desktop.
const (
	PhoneWidth   = 320
	DesktopWidth = 1280
	// viewportHeight is the height of the viewport at either width.
	viewportHeight = 1024
)

// SetWidth makes the tab's viewport width CSS pixels wide, as a window of
// that width would be, and waits until the page has laid itself out again
// (its resize handlers run on the next animation frames).
func (b *Browser) SetWidth(width int) {
	b.t.Helper()
	b.do(fmt.Sprintf("set the width to %d", width), chromedp.EmulateViewport(int64(width), viewportHeight))
	run(b, "wait for layout", chromedp.Evaluate[bool](settleScript, chromedp.EvalAwaitPromise))
}

// settleScript resolves after two animation frames, by when a resize's
// handlers (such as the NHS.UK header's, which moves links into its "More"
// menu) have run and the page has been laid out again.
const settleScript = `new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true), 0))))`

// overflowScript returns nothing when the page fits its viewport across, and
// otherwise how wide it is and the innermost elements that reach past the
// right edge (or start before the left), to say what to fix.
const overflowScript = `(() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  // An element sticks out itself, or its content (a long word) does.
  const wide = [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect(), style = getComputedStyle(e);
    if (r.width === 0 || style.position === 'fixed') return false;
    return r.right > width + 0.5 || r.left < -0.5 ||
      (style.overflowX === 'visible' && e.scrollWidth > e.clientWidth + 1 && r.left + e.scrollWidth > width + 0.5);
  });
  const inner = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    [...e.classList].map(c => '.' + c).join('');
  return {scrollWidth: root.scrollWidth, clientWidth: width,
    elements: inner.slice(0, 5).map(e => {
      const r = e.getBoundingClientRect();
      const path = [];
      for (let p = e; p && p !== document.body && path.length < 4; p = p.parentElement) path.unshift(name(p));
      return path.join(' > ') + ' (' + Math.round(r.left) + ' to ' + Math.round(r.right) + ' px)';
    })};
})()`

// overflow is what overflowScript finds.
type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	ClientWidth int      `json:"clientWidth"`
	Elements    []string `json:"elements"`
}

// SidewaysScroll reports whether the page, at the viewport's current width,
// is wider than the viewport, so that a reader must scroll sideways; if so,
// it describes the elements that stick out.
func (b *Browser) SidewaysScroll() (bool, string) {
	b.t.Helper()
	o := run(b, "measure the width", chromedp.Evaluate[*overflow](overflowScript))
	if o == nil {
		return false, ""
	}
	return true, fmt.Sprintf("%d px wide in a %d px viewport; sticking out: %s", o.ScrollWidth, o.ClientWidth, strings.Join(o.Elements, "; "))
}

// AssertAccessible audits the page at PhoneWidth and at DesktopWidth and
// fails the test, without stopping it, listing each violation with its
// width, rule, impact, help and the elements. At PhoneWidth it also fails if
// the page scrolls sideways (WCAG 1.4.10 Reflow), naming the elements that
// stick out. Violations that match one of known are left out. It leaves
// the viewport at DesktopWidth.
func (b *Browser) AssertAccessible(known ...Known) {
	b.t.Helper()
	var problems []string
	for _, width := range []int{PhoneWidth, DesktopWidth} {
		b.SetWidth(width)
		for _, v := range filterKnown(b.Audit(), known) {
			problems = append(problems, fmt.Sprintf("at %d px: %s", width, v))
		}
		if width == PhoneWidth {
			if wide, what := b.SidewaysScroll(); wide {
				problems = append(problems, fmt.Sprintf("at %d px: the page scrolls sideways: %s", width, what))
			}
		}
	}
	if len(problems) == 0 {
		return
	}
	b.t.Errorf("browsertest: %s has %d accessibility problems:\n  %s", b.URL(), len(problems), strings.Join(problems, "\n  "))
}

// filterKnown returns the violations without the elements that known
// accepts, and without violations left with no elements.
func filterKnown(vs []Violation, known []Known) []Violation {
	var out []Violation
	for _, v := range vs {
		var nodes []ViolationNode
		for _, n := range v.Nodes {
			if !slices.ContainsFunc(known, func(k Known) bool {
				return k.Rule == v.ID && (strings.Contains(n.HTML, k.Match) || strings.Contains(n.FailureSummary, k.Match))
			}) {
				nodes = append(nodes, n)
			}
		}
		if len(nodes) > 0 {
			v.Nodes = nodes
			out = append(out, v)
		}
	}
	return out
}
