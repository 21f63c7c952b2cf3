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

// Audit runs axe-core on the current page, with the rules tagged wcag2a,
// wcag2aa, wcag21a, wcag21aa and wcag22aa, and returns the violations. It
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

// AssertAccessible audits the page and fails the test, without stopping it,
// listing each violation with its rule, impact, help and the elements.
// Violations that match one of known are left out.
func (b *Browser) AssertAccessible(known ...Known) {
	b.t.Helper()
	vs := filterKnown(b.Audit(), known)
	if len(vs) == 0 {
		return
	}
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = v.String()
	}
	b.t.Errorf("browsertest: %s has %d accessibility violations:\n  %s", b.URL(), len(vs), strings.Join(lines, "\n  "))
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
