package browsertest

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp/kb"
)

func TestMain(m *testing.M) { Main(m) }

// An accessible page: a language, a title, a main landmark, a heading, and
// every control labelled.
const goodPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Good</title><link rel="icon" href="data:,"></head>
<body>
<main>
  <h1>Tell us about you</h1>
  <form method="post" action="/result">
    <label for="name">Full name</label>
    <input id="name" name="name" autocomplete="name">
    <fieldset>
      <legend>Favourite colour</legend>
      <input type="radio" id="red" name="colour" value="red"><label for="red">Red</label>
      <input type="radio" id="blue" name="colour" value="blue"><label for="blue">Blue</label>
    </fieldset>
    <label for="borough">Borough</label>
    <select id="borough" name="borough">
      <option value="camden">Camden</option>
      <option value="hackney">Hackney</option>
    </select>
    <input type="checkbox" id="agree" name="agree" value="yes"><label for="agree">I agree</label>
    <button type="submit" id="continue">Continue</button>
  </form>
</main>
</body>
</html>`

// An inaccessible page: no language, an image without alt text and an input
// without a label.
const badPage = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>Bad</title><link rel="icon" href="data:,"></head>
<body>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input name="q">
</body>
</html>`

// A page that asks for an image from the internet, which the harness blocks.
const offlinePage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Offline</title><link rel="icon" href="data:,"></head>
<body><main><h1>Offline</h1><img src="https://example.com/logo.png" alt="Example logo"></main></body>
</html>`

// A page with a console error and an uncaught exception.
const errorPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Errors</title><link rel="icon" href="data:,"></head>
<body><main><h1>Errors</h1>
<script>console.error("something went wrong"); throw new Error("boom");</script>
</main></body>
</html>`

// A page that is fine at desktop width but at 320 px is too wide (a long
// unbreakable word) and shows a pale note that fails colour contrast.
const narrowPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Narrow</title><link rel="icon" href="data:,">
<style>
  .phone-note { display: none; }
  @media (max-width: 400px) { .phone-note { display: block; color: #d8dde0; background: #ffffff; } }
</style></head>
<body><main><h1>Narrow</h1>
<p id="key">LEARNWELLDEMOSECONDFACTORKEYLEARNWELLDEMOSECONDFACTORKEY</p>
<p class="phone-note">Turn your phone sideways</p>
</main></body>
</html>`

// A page whose script marks it, with a skip link to a main that takes focus.
const scriptPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Script</title><link rel="icon" href="data:,"><script src="/mark.js"></script></head>
<body><a href="#main">Skip</a><main id="main" tabindex="-1"><h1>Script</h1></main></body>
</html>`

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("GET /good", page(goodPage))
	mux.HandleFunc("GET /bad", page(badPage))
	mux.HandleFunc("GET /errors", page(errorPage))
	mux.HandleFunc("GET /offline", page(offlinePage))
	mux.HandleFunc("GET /narrow", page(narrowPage))
	mux.HandleFunc("GET /script", page(scriptPage))
	mux.HandleFunc("GET /mark.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, "document.documentElement.className = 'scripted';")
	})
	mux.HandleFunc("POST /result", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.FormValue("name") == "" {
			w.WriteHeader(http.StatusUnprocessableEntity)
		}
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><title>Result</title><link rel="icon" href="data:,"></head>
<body><main><h1 id="result">%s</h1></main></body></html>`,
			html.EscapeString(strings.Join([]string{r.FormValue("name"), r.FormValue("colour"), r.FormValue("borough"), r.FormValue("agree")}, ", ")))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestAccessiblePagePasses(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	b := New(t)
	if status := b.Open(srv.URL + "/good"); status != http.StatusOK {
		t.Fatalf("status %d, want 200", status)
	}
	if got := b.Title(); got != "Good" {
		t.Errorf("title %q, want Good", got)
	}
	if vs := b.Audit(); len(vs) != 0 {
		t.Errorf("violations on an accessible page: %v", vs)
	}
	b.AssertAccessible()
	b.AssertNoConsoleErrors()
}

func TestInaccessiblePageFails(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	rec := &recorder{TB: t}
	b := New(rec)
	b.Open(srv.URL + "/bad")

	vs := b.Audit()
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
		if v.Impact == "" || v.Help == "" || len(v.Nodes) == 0 || len(v.Nodes[0].Target) == 0 {
			t.Errorf("violation %s lacks details: %+v", v.ID, v)
		}
	}
	for _, want := range []string{"image-alt", "label", "html-has-lang"} {
		if !slices.Contains(ids, want) {
			t.Errorf("violations %v lack %s", ids, want)
		}
	}

	b.AssertAccessible()
	if len(rec.errors) != 1 {
		t.Fatalf("AssertAccessible reported %d failures, want 1", len(rec.errors))
	}
	for _, want := range []string{"image-alt (critical)", "label (critical)", "img: <img", "input: <input name=\"q\">", `<link rel="icon" href="data:,"></head>…`} {
		if !strings.Contains(rec.errors[0], want) {
			t.Errorf("AssertAccessible's message lacks %q:\n%s", want, rec.errors[0])
		}
	}
}

func TestAssertAccessibleAtPhoneWidth(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	rec := &recorder{TB: t}
	b := New(rec)
	b.Open(srv.URL + "/narrow")

	if vs := b.Audit(); len(vs) != 0 {
		t.Fatalf("violations at desktop width, where the page is fine: %v", vs)
	}
	if wide, what := b.SidewaysScroll(); wide {
		t.Fatalf("the page scrolls sideways at desktop width: %s", what)
	}
	b.AssertAccessible()
	if len(rec.errors) != 1 {
		t.Fatalf("AssertAccessible reported %d failures, want 1: %q", len(rec.errors), rec.errors)
	}
	for _, want := range []string{"at 320 px: color-contrast", "at 320 px: the page scrolls sideways", "p#key"} {
		if !strings.Contains(rec.errors[0], want) {
			t.Errorf("AssertAccessible's message lacks %q:\n%s", want, rec.errors[0])
		}
	}
	if strings.Contains(rec.errors[0], "at 1280 px") {
		t.Errorf("a problem reported at desktop width:\n%s", rec.errors[0])
	}
	if got := Eval[int](b, "document.documentElement.clientWidth"); got != DesktopWidth {
		t.Errorf("after AssertAccessible the viewport is %d px wide, want %d", got, DesktopWidth)
	}

	// At 320 px the page itself says it is too wide.
	b.SetWidth(PhoneWidth)
	if got := Eval[int](b, "document.documentElement.clientWidth"); got != PhoneWidth {
		t.Errorf("SetWidth(%d) gave a viewport %d px wide", PhoneWidth, got)
	}
	if wide, what := b.SidewaysScroll(); !wide || !strings.Contains(what, "p#key") {
		t.Errorf("SidewaysScroll at 320 px = %v, %q; want the long word's paragraph", wide, what)
	}
}

func TestDisableJavaScriptAndPress(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	b := New(t)
	b.Open(srv.URL + "/script")
	if got := Eval[string](b, "document.documentElement.className"); got != "scripted" {
		t.Fatalf("the page's script did not run: class %q", got)
	}
	b.Press("a", kb.Enter)
	if got := Eval[string](b, "document.activeElement.id"); got != "main" {
		t.Errorf("after Enter on the skip link, focus is on %q", got)
	}

	nojs := New(t)
	nojs.DisableJavaScript()
	nojs.Open(srv.URL + "/script")
	if got := Eval[string](nojs, "document.documentElement.className"); got != "" {
		t.Errorf("the page's script ran after DisableJavaScript: class %q", got)
	}
	if vs := nojs.Audit(); len(vs) != 0 { // the harness still evaluates
		t.Errorf("violations: %v", vs)
	}
}

func TestFormRoundTrip(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	b := New(t)

	b.Open(srv.URL + "/good")
	b.Fill("#name", "Ada <Lovelace>")
	b.Check("#blue")
	b.Check("#blue") // checking twice leaves it checked
	b.Select("#borough", "hackney")
	b.Check("#agree")
	if got := b.Value("#name"); got != "Ada <Lovelace>" {
		t.Errorf("value %q after Fill", got)
	}
	if status := b.Submit("form"); status != http.StatusOK {
		t.Errorf("status %d, want 200", status)
	}
	if got, want := b.Text("#result"), "Ada <Lovelace>, blue, hackney, yes"; got != want {
		t.Errorf("result %q, want %q", got, want)
	}
	if got := b.URL(); got != srv.URL+"/result" {
		t.Errorf("URL %q after submit", got)
	}

	// Clicking the button, with an empty name: the server answers 422.
	b.Open(srv.URL + "/good")
	if status := b.Submit("#continue"); status != http.StatusUnprocessableEntity {
		t.Errorf("status %d, want 422", status)
	}
	if got := b.Title(); got != "Result" {
		t.Errorf("title %q after submitting with the button", got)
	}
}

func TestConsoleErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	b := New(t)

	b.Open(srv.URL + "/good")
	if errs := b.ConsoleErrors(); len(errs) != 0 {
		t.Errorf("console errors on a clean page: %q", errs)
	}

	b.Open(srv.URL + "/errors")
	errs := b.ConsoleErrors()
	if len(errs) != 2 || !strings.Contains(errs[0], "something went wrong") || !strings.Contains(errs[1], "boom") {
		t.Errorf("console errors %q, want the console.error and the exception", errs)
	}

	rec := &recorder{TB: t}
	b.t = rec
	b.AssertNoConsoleErrors()
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "boom") {
		t.Errorf("AssertNoConsoleErrors reported %q", rec.errors)
	}
}

func TestNoNetwork(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	b := New(t)
	b.Open(srv.URL + "/offline")

	got := Eval[string](b, `fetch('https://example.com/', {mode: 'no-cors'}).then(() => 'online', () => 'offline')`)
	if got != "offline" {
		t.Errorf("a page reached https://example.com/: %s", got)
	}
	if errs := b.ConsoleErrors(); len(errs) != 0 {
		t.Errorf("blocked loads reported as console errors: %q", errs)
	}
	if all := strings.Join(b.Console(), "\n"); !strings.Contains(all, "https://example.com/logo.png") {
		t.Errorf("the console lacks the blocked image load:\n%s", all)
	}
}

func TestFilterKnown(t *testing.T) {
	radio := ViolationNode{Target: []string{"#contact"}, HTML: `<input type="radio" aria-expanded="false">`, FailureSummary: "ARIA attribute is not allowed: aria-expanded=\"false\""}
	other := ViolationNode{Target: []string{"#x"}, HTML: `<div role="button" aria-checked="true">`, FailureSummary: "ARIA attribute is not allowed: aria-checked=\"true\""}
	vs := []Violation{
		{ID: "aria-allowed-attr", Nodes: []ViolationNode{radio, other}},
		{ID: "label", Nodes: []ViolationNode{{Target: []string{"input"}, HTML: `<input aria-expanded="true">`}}},
	}
	got := filterKnown(vs, []Known{NHSConditionalReveal})
	if len(got) != 2 || len(got[0].Nodes) != 1 || got[0].Nodes[0].Target[0] != "#x" || got[1].ID != "label" {
		t.Errorf("filterKnown kept %+v; want the aria-checked node and the label violation", got)
	}
	if got := filterKnown(vs[:1], []Known{{Rule: "aria-allowed-attr", Match: "aria-"}}); len(got) != 0 {
		t.Errorf("a violation with every node known was kept: %+v", got)
	}
	if got := filterKnown(vs, nil); len(got) != 2 || len(got[0].Nodes) != 2 {
		t.Errorf("filterKnown without known changed the violations: %+v", got)
	}
}

func TestPageContent(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	b := New(t)
	b.Open(srv.URL + "/good")

	if h := b.HTML(); !strings.Contains(h, `<h1>Tell us about you</h1>`) {
		t.Errorf("HTML lacks the heading: %.200s", h)
	}
	if got := Eval[int](b, "1 + 2"); got != 3 {
		t.Errorf("Eval 1 + 2 = %d", got)
	}
	if got := Eval[string](b, "Promise.resolve(document.querySelector('label').textContent)"); got != "Full name" {
		t.Errorf("Eval of a promise = %q", got)
	}
	path := filepath.Join(t.TempDir(), "page.png")
	b.Screenshot(path)
	png, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("screenshot is not a PNG (%v)", err)
	}
}

func TestSkip(t *testing.T) {
	missing := fmt.Errorf("%w (looked everywhere)", errNoChromium)
	broken := errors.New("browsertest: start /usr/bin/chromium: exit status 1")
	tests := []struct {
		err  error
		ci   string
		want bool
	}{
		{missing, "", true},
		{missing, "false", true},
		{missing, "true", false}, // CI must run the browser tests
		{broken, "", false},      // a broken install fails, never skips
		{nil, "", false},
	}
	for _, tt := range tests {
		if got := skip(tt.err, tt.ci); got != tt.want {
			t.Errorf("skip(%v, CI=%q) = %v, want %v", tt.err, tt.ci, got, tt.want)
		}
	}
}

func TestFindChromiumFromEnv(t *testing.T) {
	t.Setenv("LEARNWELL_CHROMIUM", filepath.Join(t.TempDir(), "no-such-chromium"))
	_, err := findChromium()
	if err == nil || errors.Is(err, errNoChromium) {
		t.Errorf("a wrong LEARNWELL_CHROMIUM gave %v, want an error that fails the test", err)
	}
	self, _ := os.Executable()
	t.Setenv("LEARNWELL_CHROMIUM", self)
	if got, err := findChromium(); err != nil || got != self {
		t.Errorf("findChromium() = %q, %v; want %q", got, err, self)
	}
}

// recorder is a testing.TB that records Errorf calls instead of failing, so
// a test can check that an assertion fails.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
