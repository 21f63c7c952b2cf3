package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Selectors in this file are CSS selectors; each action waits, up to the
// Browser's Timeout, for the first element that matches.

// Open loads url in the tab, waits for the page to load and returns the HTTP
// status of the document.
func (b *Browser) Open(url string) int {
	b.t.Helper()
	resp := run(b, "open "+url, chromedp.NavigateResponse(url))
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// DisableJavaScript stops the tab loading scripts (any URL ending in .js)
// from the next page it opens, as for a browser where JavaScript is off or
// failed to load: the page's own scripts never run, while the harness can
// still evaluate in the page (axe, Eval). Inline scripts, which learnwell's
// Content Security Policy forbids, would still run.
func (b *Browser) DisableJavaScript() {
	b.t.Helper()
	b.do("block scripts", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.SetBlockedURLs, network.SetBlockedURLsParams{
			URLPatterns: []*network.BlockPattern{{URLPattern: "*://*:*/*.js", Block: true}},
		})
		return err
	}))
}

// Press focuses the element that sel matches and presses a key on it, such
// as kb.Enter (github.com/chromedp/chromedp/kb) on a link, as a keyboard
// user does. It does not wait for a page to load.
func (b *Browser) Press(sel, key string) {
	b.t.Helper()
	b.do("press a key on "+sel, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(key))
}

// Fill replaces the text of the input or textarea that sel matches by typing
// value into it.
func (b *Browser) Fill(sel, value string) {
	b.t.Helper()
	b.do("fill "+sel, chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), value))
}

// Select chooses the option with this value in the select that sel matches.
func (b *Browser) Select(sel, value string) {
	b.t.Helper()
	b.do("select "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
}

// Check checks the checkbox or radio that sel matches, by clicking it unless
// it is checked already.
func (b *Browser) Check(sel string) {
	b.t.Helper()
	checked := run(b, "read "+sel, chromedp.JavascriptAttribute[bool](chromedp.CSS(sel), "checked"))
	if !checked {
		b.Click(sel)
	}
}

// Click clicks the element that sel matches. It does not wait for a page to
// load; use Submit for a click that navigates.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	b.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// Submit submits a form and waits for the page that answers it, returning
// its HTTP status. If sel matches a form, Submit calls its requestSubmit(),
// as pressing Enter does; otherwise it clicks the element (a submit button or
// a link).
func (b *Browser) Submit(sel string) int {
	b.t.Helper()
	nodes := run(b, "find "+sel, chromedp.Nodes(chromedp.CSS(sel)))
	trigger := chromedp.Click(chromedp.CSS(sel))
	if len(nodes) > 0 && nodes[0].NodeName == "FORM" {
		trigger = chromedp.Evaluate[chromedp.Void](fmt.Sprintf("document.querySelector(%s).requestSubmit()", jsString(sel)))
	}
	ctx, cancel := context.WithTimeout(b.ctx, b.Timeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, trigger)
	if err != nil {
		b.t.Fatalf("browsertest: submit %s: %v", sel, err)
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Text returns the rendered text of the element that sel matches, as a
// reader sees it (its innerText).
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	return run(b, "text of "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// Value returns the current value of the input, select or textarea that sel matches.
func (b *Browser) Value(sel string) string {
	b.t.Helper()
	return run(b, "value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// Title returns the page's title.
func (b *Browser) Title() string {
	b.t.Helper()
	return run(b, "title", chromedp.Title())
}

// URL returns the page's URL.
func (b *Browser) URL() string {
	b.t.Helper()
	return run(b, "location", chromedp.Location())
}

// HTML returns the page's current markup, after scripts ran.
func (b *Browser) HTML() string {
	b.t.Helper()
	return run(b, "page HTML", chromedp.OuterHTML(chromedp.CSS("html")))
}

// Screenshot saves a PNG of the whole page at path.
func (b *Browser) Screenshot(path string) {
	b.t.Helper()
	png := run(b, "screenshot", chromedp.FullScreenshot(100))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("browsertest: screenshot: %v", err)
	}
}

// Eval evaluates a JavaScript expression in the page and decodes its result
// (JSON-like values) into T. A promise is awaited.
//
//	focused := browsertest.Eval[string](b, "document.activeElement.id")
func Eval[T any](b *Browser, expr string) T {
	b.t.Helper()
	return run(b, "evaluate "+expr, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// do runs steps with the Browser's timeout and fails the test on error.
func (b *Browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browsertest: %s: %v", what, err)
	}
}

// run runs one action with the Browser's timeout, returning its value, and
// fails the test on error.
func run[T any](b *Browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browsertest: %s: %v", what, err)
	}
	return v
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
