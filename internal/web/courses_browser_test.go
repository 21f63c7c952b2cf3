package web_test

import (
	"net/http/httptest"
	"strconv"
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

// TestFinderWaysOnInBrowser follows, as a person would, the finder's ways
// on from what used to be dead ends: the home page's call to action, a
// distance sort without a place, the summary of the filters applied with
// its Remove and Clear filters links, and a postcode outside London.
func TestFinderWaysOnInBrowser(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)})
	app, _ := newFinderApp(t, db)
	srv := httptest.NewServer(app)
	defer srv.Close()
	b := browsertest.New(t)

	b.Open(srv.URL + "/")
	if got := b.Submit("main a.nhsuk-action-link"); got != 200 || !strings.HasSuffix(b.URL(), "/courses") {
		t.Fatalf("the home page's call to action: %d %s", got, b.URL())
	}

	// Words without a place: no "Nearest first" to choose.
	b.Fill("#q", "painting")
	b.Submit(`button[type="submit"]`)
	if n := browsertest.Eval[int](b, `document.querySelectorAll('#sort option[value="distance"]').length`); n != 0 {
		t.Error("Nearest first is offered without a postcode")
	}
	// A link that asks for it anyway keeps the results and says why.
	if got := b.Open(srv.URL + "/courses?q=painting&sort=distance"); got != 200 {
		t.Fatalf("distance sort without a postcode: %d", got)
	}
	if !strings.Contains(b.Text("main .nhsuk-inset-text"), "Enter a postcode to sort by distance") || !strings.Contains(b.Text(".lw-results"), "Painting portraits") {
		t.Errorf("no note or no results: %s", b.Text("main"))
	}
	b.AssertAccessible()

	// Filters applied, each removable; Clear filters keeps the words.
	b.Open(srv.URL + "/courses?q=painting")
	b.Check(`input[name="free"]`)
	b.Submit(`form`)
	if !strings.Contains(b.Text("main"), "Filters applied") || !strings.Contains(b.Text("#results-heading"), "2 courses found") {
		t.Fatalf("no summary of the filters: %s", b.Text("main"))
	}
	b.AssertAccessible()
	b.Submit(`main .nhsuk-summary-list__actions a`)
	if strings.Contains(b.URL(), "free=") || !strings.Contains(b.URL(), "q=painting") || strings.Contains(b.Text("main"), "Filters applied") {
		t.Errorf("Remove did not remove only the filter: %s", b.URL())
	}
	b.Open(srv.URL + "/courses?q=painting&postcode=N7&day=TU&free=1")
	b.Open(srv.URL + linkHref(b, "Clear filters"))
	if got := b.URL(); !strings.HasSuffix(got, "/courses?postcode=N7&q=painting") {
		t.Errorf("Clear filters went to %s", got)
	}

	// A postcode outside London.
	b.Open(srv.URL + "/courses?q=painting&postcode=EH1+1YZ")
	if !strings.Contains(b.Text("main"), "EH1 1YZ is outside London") {
		t.Errorf("no word of London: %s", b.Text("main"))
	}
	b.AssertAccessible()
	b.Open(srv.URL + linkHref(b, "Show online courses"))
	if got := b.URL(); strings.Contains(got, "postcode") || !strings.Contains(got, "mode=online") {
		t.Errorf("Show online courses went to %s", got)
	}
}

// linkHref returns the href of the link in main whose text is text.
func linkHref(b *browsertest.Browser, text string) string {
	return browsertest.Eval[string](b, `[...document.querySelectorAll('main a')].find(a => a.textContent === `+strconv.Quote(text)+`).getAttribute('href')`)
}
