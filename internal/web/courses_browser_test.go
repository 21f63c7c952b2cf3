package web_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/browsertest"
	"learnwell/internal/finder/findertest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestFindACourseInBrowser finds a course by words and postcode in headless
// Chromium, opens it, and audits every state of the finder with axe-core.
func TestFindACourseInBrowser(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)})
	app, _ := newFinderApp(t, db)
	srv := httptest.NewServer(app)
	defer srv.Close()
	b := browsertest.New(t)

	if got := b.Open(srv.URL + "/"); got != 200 {
		t.Fatalf("home: %d", got)
	}
	if got := browsertest.Eval[string](b, `document.querySelector('.nhsuk-header__navigation a[href="/courses"]').textContent`); got != "Find a course" {
		t.Fatalf("navigation link %q", got)
	}
	b.Open(srv.URL + "/courses")
	if !strings.HasPrefix(b.Title(), "Find a course") {
		t.Fatalf("title %q", b.Title())
	}
	b.AssertAccessible()

	// Find by words and postcode.
	b.Fill("#q", "painting")
	b.Fill("#postcode", "n7")
	b.Select("#miles", "5")
	if got := b.Submit(`button[type="submit"]`); got != 200 {
		t.Fatalf("search: %d", got)
	}
	if !strings.Contains(b.URL(), "q=painting") || !strings.Contains(b.URL(), "postcode=n7") {
		t.Errorf("the search is not in the URL: %s", b.URL())
	}
	heading := b.Text("#results-heading")
	if !strings.Contains(heading, "found") {
		t.Fatalf("results heading %q", heading)
	}
	if !strings.Contains(b.Text(".lw-results"), "Watercolour painting for beginners") {
		t.Errorf("the course in N7 is not among the results: %s", b.Text(".lw-results"))
	}
	if strings.Contains(b.Text(".lw-results"), "Mindful painting in the park") {
		t.Error("a course in SW2, more than 5 miles from N7, is among the results")
	}
	b.AssertAccessible()
	b.AssertNoConsoleErrors()

	// Open it.
	href := browsertest.Eval[string](b, `[...document.querySelectorAll('.lw-result h3 a')].find(a => a.textContent === 'Watercolour painting for beginners').getAttribute('href')`)
	if got := b.Open(srv.URL + href); got != 200 {
		t.Fatalf("course page: %d", got)
	}
	if got := b.Text("h1"); got != "Watercolour painting for beginners" {
		t.Fatalf("course page h1 %q", got)
	}
	if !strings.Contains(b.Text("main"), "When and where") {
		t.Error("the course page does not say when and where")
	}
	b.AssertAccessible()
	b.AssertNoConsoleErrors()

	// No results, with help.
	b.Open(srv.URL + "/courses?q=painting&postcode=N7&miles=1&day=SU")
	if !strings.Contains(b.Text("main"), "No courses match your search") {
		t.Error("no help when nothing matches")
	}
	b.AssertAccessible()

	// An error: the summary links to the field and the title says so.
	if got := b.Open(srv.URL + "/courses?q=art&postcode=ZZ9+9ZZ"); got != 400 {
		t.Errorf("unknown postcode: %d", got)
	}
	if !strings.HasPrefix(b.Title(), "Error: ") {
		t.Errorf("title %q does not start with Error:", b.Title())
	}
	if !strings.Contains(b.Text(".nhsuk-error-summary"), "We could not find the postcode ZZ9 9ZZ") {
		t.Error("no error summary")
	}
	b.AssertAccessible()
}
