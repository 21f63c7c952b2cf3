package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"

	"learnwell"
	"learnwell/internal/finder/findertest"
	"learnwell/internal/search"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
	"learnwell/internal/web"
)

// newFinderApp returns the app over the fixed findertest directory.
func newFinderApp(t *testing.T, db *store.DB) (*web.Server, []string) {
	t.Helper()
	ids := findertest.Load(t, db)
	return newApp(t, db, false), ids
}

func TestFinderPages(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		app, ids := newFinderApp(t, db)
		for _, sc := range []scenario{
			{name: "finder start", path: "/courses", status: 200, contains: []string{"Find a course", "What would you like to learn?", `name="postcode"`, "Only free courses"},
				absent: []string{"courses found"}},
			{name: "words", path: "/courses?q=painting", status: 200, contains: []string{"3 courses found", "Watercolour painting for beginners", "Painting portraits", "Mindful painting in the park", "Thistlewood College"}},
			{name: "words and place", path: "/courses?q=painting&postcode=n7&miles=5", status: 200,
				contains: []string{"Watercolour painting for beginners", "miles away)", `value="N7"`}, absent: []string{"Mindful painting in the park"}},
			{name: "free only keeps the box ticked", path: "/courses?q=painting&free=1", status: 200, contains: []string{"2 courses found", `value="1" checked`}},
			{name: "no results offers help", path: "/courses?q=painting&postcode=N7&miles=1&free=1&day=SU", status: 200,
				contains: []string{"No courses match your search", "Search within 2 miles instead", "Clear filters", "Search without the words"},
				absent:   []string{"Remove all filters"}},
			{name: "unknown postcode", path: "/courses?q=art&postcode=ZZ9+9ZZ", status: 400,
				contains: []string{"There is a problem", "We could not find the postcode ZZ9 9ZZ. Check it and try again", `href="#postcode"`, "Error: Find a course"},
				absent:   []string{"courses found"}},
			{name: "bad filter value is escaped", path: "/courses?subject=%3Cscript%3E", status: 400, contains: []string{"Select a subject from the list"}, absent: []string{"<script>"}},
			{name: "course page", path: "/courses/" + ids[0], status: 200,
				contains: []string{"Watercolour painting for beginners", "Thistlewood College", "When and where", "12 places left of 12", "Free", "How to join", "Email us.", "1 Example Road"}},
			{name: "course page of a fee", path: "/courses/" + ids[1], status: 200, contains: []string{"£45"}},
			{name: "unknown course", path: "/courses/" + learnwell.NewID(), status: 404, contains: []string{"Page not found"}},
			{name: "malformed id", path: "/courses/not-an-id", status: 404},
		} {
			sc.run(t, app)
		}
	})
}

func TestFinderPaging(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		app, _ := newFinderApp(t, db)
		scenario{name: "page past the end", path: "/courses?q=painting&page=9", status: 302, header: map[string]string{"Location": "/courses?q=painting"}}.run(t, app)
		scenario{name: "a page past the end of nothing", path: "/courses?q=zzzz&page=9", status: 200, contains: []string{"No courses match your search"}}.run(t, app)
		// Six courses, one page: a page-size query keeps every result on page 1.
		scenario{name: "all courses", path: "/courses?sort=soonest", status: 200, contains: []string{"6 courses found", "Showing 1 to 6"}}.run(t, app)
	})
}

// Parts of the finder's form are rendered once per choice and kept; a page
// must still show exactly its own choices and errors, whatever came before.
func TestFinderFormPartsFollowEachRequest(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)})
	app, _ := newFinderApp(t, db)
	for _, sc := range []scenario{
		{name: "borough chosen", path: "/courses?borough=E09000019", status: 200,
			contains: []string{`value="E09000019" checked`, `<details class="nhsuk-details" open>`}},
		{name: "then no borough", path: "/courses?q=painting", status: 200,
			absent: []string{`value="E09000019" checked`, `<details class="nhsuk-details" open>`}},
		{name: "two boroughs", path: "/courses?borough=E09000019&borough=E09000028", status: 200,
			contains: []string{`value="E09000019" checked`, `value="E09000028" checked`}},
		{name: "a bad free value shows its error", path: "/courses?q=art&free=maybe", status: 400,
			contains: []string{"nhsuk-form-group--error", "Select whether to show only free courses"}},
		{name: "then the error is gone", path: "/courses?q=art", status: 200,
			absent: []string{"nhsuk-form-group--error", "nhsuk-error-message"}},
		{name: "a distance between choices shows the nearest", path: "/courses?q=art&postcode=N7&miles=4", status: 200,
			contains: []string{`<option value="5" selected>`}},
		{name: "then a choice", path: "/courses?q=art&postcode=N7&miles=2", status: 200,
			contains: []string{`<option value="2" selected>`}, absent: []string{`<option value="5" selected>`}},
		{name: "free ticked", path: "/courses?free=1", status: 200, contains: []string{`value="1" checked`}},
		{name: "free not ticked", path: "/courses?q=art", status: 200, absent: []string{`value="1" checked`}},
		{name: "starts chosen", path: "/courses?starts=4", status: 200, contains: []string{`value="4" checked`}},
		{name: "a bad borough keeps the others", path: "/courses?borough=E09000019&borough=nowhere", status: 400,
			contains: []string{`value="E09000019" checked`, "nhsuk-checkboxes__input"}},
	} {
		sc.run(t, app)
	}
}

// The finder's dead ends (issue 9, item 6): each request that used to end
// in an error or an empty page now keeps the person's results or takes them
// somewhere useful.
func TestFinderHasNoDeadEnds(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		app, _ := newFinderApp(t, db)
		for _, sc := range []scenario{
			// Nearest first needs a postcode.
			{name: "nearest first without a postcode keeps the results", path: "/courses?q=painting&sort=distance", status: 200,
				contains: []string{"3 courses found", "Watercolour painting for beginners", "Enter a postcode to sort by distance. These courses are sorted by best match.", "nhsuk-inset-text"},
				absent:   []string{"There is a problem", `value="distance"`}},
			{name: "a distance without a postcode keeps the results", path: "/courses?q=painting&miles=5", status: 200,
				contains: []string{"3 courses found", "Watercolour painting for beginners", "Enter a postcode to search within a distance, like SE1 7PB. These courses are at any distance.", `<option value="5" selected>`},
				absent:   []string{"There is a problem"}},
			{name: "nearest first is not offered without a postcode", path: "/courses?q=painting", status: 200,
				contains: []string{`<option value="soonest">Starting soonest</option>`}, absent: []string{`value="distance"`}},
			{name: "nearest first is offered with a postcode", path: "/courses?q=painting&postcode=N7", status: 200,
				contains: []string{`<option value="distance">Nearest first</option>`}},
			{name: "nearest first with a postcode", path: "/courses?q=painting&postcode=N7&sort=distance", status: 200,
				contains: []string{`<option value="distance" selected>Nearest first</option>`}, absent: []string{"Enter a postcode to sort by distance"}},
			// Pages.
			{name: "a page past the last goes to the last", path: "/courses?q=painting&free=1&page=9", status: 302,
				header: map[string]string{"Location": "/courses?free=1&q=painting"}},
			{name: "a page far past the last goes to the last", path: "/courses?q=painting&page=99999999999999999999", status: 302,
				header: map[string]string{"Location": "/courses?q=painting"}},
			{name: "page -1 is page 1", path: "/courses?q=painting&page=-1", status: 200,
				contains: []string{"3 courses found", "Watercolour painting for beginners"}, absent: []string{"There is a problem", `href="#page"`}},
			{name: "page 0 is page 1", path: "/courses?q=painting&page=0", status: 200, contains: []string{"3 courses found", "Showing 1 to 3"}},
			{name: "page abc is page 1", path: "/courses?q=painting&page=abc", status: 200, contains: []string{"3 courses found", "Showing 1 to 3"}},
			// Without the words.
			{name: "without the words shows every course", path: "/courses?q=zzzz", status: 200,
				contains: []string{"No courses match your search", `<a href="/courses?q=">Search without the words &#34;zzzz&#34;</a>`}},
			{name: "every course", path: "/courses?q=", status: 200, contains: []string{"6 courses found"}},
			{name: "without the words keeps the rest", path: "/courses?q=zzzz&postcode=N7&miles=3&free=1&day=TU&sort=soonest", status: 200,
				contains: []string{`<a href="/courses?day=TU&amp;free=1&amp;miles=3&amp;postcode=N7&amp;sort=soonest">Search without the words`}},
			// Outside London.
			{name: "outside London says so and offers online courses", path: "/courses?q=painting&postcode=EH1+1YZ&free=1", status: 200,
				contains: []string{"2 courses found", "EH1 1YZ is outside London", "learnwell lists courses in London",
					`<a href="/courses?free=1&amp;mode=online&amp;q=painting">Show online courses</a>`}},
			{name: "outside London with nothing near", path: "/courses?q=painting&postcode=EH1+1YZ&miles=20&sort=distance", status: 200,
				contains: []string{"No courses match your search", "EH1 1YZ is outside London", `href="/courses?mode=online&amp;q=painting"`},
				absent:   []string{"Search within"}},
			{name: "London says nothing of it", path: "/courses?q=painting&postcode=N7", status: 200, absent: []string{"outside London"}},
			// Any distance from 0.5 to 50 miles.
			{name: "3 miles", path: "/courses?q=painting&postcode=N7&miles=3", status: 200,
				contains: []string{"Watercolour painting for beginners", `<option value="2" selected>Within 2 miles</option>`},
				absent:   []string{"There is a problem", "Mindful painting in the park"}},
			{name: "half a mile", path: "/courses?q=painting&postcode=N7&miles=0.5", status: 200, contains: []string{`<option value="1" selected>`}},
			{name: "70 miles is refused, keeping the results", path: "/courses?q=painting&postcode=N7&miles=70", status: 200,
				contains: []string{"3 courses found", "Enter a distance from 0.5 to 50 miles", `<option value="" selected>Any distance</option>`},
				absent:   []string{"There is a problem"}},
			// The home page's call to action.
			{name: "home links to the finder", path: "/", status: 200,
				contains: []string{`<a class="nhsuk-action-link" href="/courses">`, `<span class="nhsuk-action-link__text">Find a course</span>`}},
		} {
			sc.run(t, app)
		}
	})
}

// The filters applied are listed above the results, each with a link that
// removes it and keeps the rest; "Clear filters" keeps the words and place.
func TestFinderFilterSummary(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		app, _ := newFinderApp(t, db)
		for _, sc := range []scenario{
			{name: "no filters, no summary", path: "/courses?q=painting&postcode=N7&miles=5", status: 200, absent: []string{"Filters applied", "Clear filters"}},
			{name: "each filter is listed with its own removal", path: "/courses?q=painting&subject=arts-and-crafts&free=1&day=TU&day=WE", status: 200,
				contains: []string{"Filters applied",
					`<dt class="nhsuk-summary-list__key">Subject</dt>`, `<dd class="nhsuk-summary-list__value">Arts and crafts</dd>`,
					`href="/courses?day=TU&amp;day=WE&amp;free=1&amp;q=painting">Remove<span class="nhsuk-u-visually-hidden"> the filter Subject: Arts and crafts</span>`,
					`href="/courses?day=TU&amp;day=WE&amp;q=painting&amp;subject=arts-and-crafts">Remove<span class="nhsuk-u-visually-hidden"> the filter Cost: Only free courses`,
					`href="/courses?day=WE&amp;free=1&amp;q=painting&amp;subject=arts-and-crafts">Remove<span class="nhsuk-u-visually-hidden"> the filter Days: Tuesday`,
					`href="/courses?day=TU&amp;free=1&amp;q=painting&amp;subject=arts-and-crafts">Remove<span class="nhsuk-u-visually-hidden"> the filter Days: Wednesday`,
					`<a href="/courses?q=painting">Clear filters</a>`}},
			{name: "starts and age", path: "/courses?starts=4&age=45", status: 200,
				contains: []string{"the filter Starting: Within 4 weeks", `href="/courses?age=45">Remove`, "the filter Your age: 45", `href="/courses?starts=4">Remove`, `<a href="/courses?q=">Clear filters</a>`}},
			{name: "clear filters keeps the words, the place and the order", path: "/courses?q=painting&postcode=N7&miles=5&sort=soonest&borough=E09000019", status: 200,
				contains: []string{"Islington", `<a href="/courses?miles=5&amp;postcode=N7&amp;q=painting&amp;sort=soonest">Clear filters</a>`}},
			{name: "the summary stays when nothing matches", path: "/courses?q=painting&day=SU", status: 200,
				contains: []string{"No courses match your search", "Filters applied", `<a href="/courses?q=painting">Clear filters</a>`}},
		} {
			sc.run(t, app)
		}
	})
}

// On the demo directory, where "art" finds many pages of courses, a page
// past the last goes to the last, with every other parameter kept.
func TestFinderPastTheLastPageOnDemoDatabase(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{})
	app := newApp(t, db, true)
	body := get(t, app, "/courses?q=art&free=1")
	m := regexp.MustCompile(`(\d+) courses found`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no count:\n%s", body)
	}
	total, _ := strconv.Atoi(m[1])
	last := (total + search.DefaultPerPage - 1) / search.DefaultPerPage
	if last < 3 {
		t.Fatalf("%d courses: too few pages to test", total)
	}
	want := "/courses?free=1&page=" + strconv.Itoa(last) + "&q=art"
	scenario{name: "past the last", path: "/courses?q=art&free=1&page=" + strconv.Itoa(last+1), status: 302, header: map[string]string{"Location": want}}.run(t, app)
	// Every course, paged: page 1 is every course again, not the start page.
	scenario{name: "every course, page 2", path: "/courses?q=&page=2", status: 200,
		contains: []string{`<a href="/courses?q=" class="nhsuk-pagination__previous" rel="prev">`, `<a class="nhsuk-pagination__link" href="/courses?q=" aria-label="Page 1">`}}.run(t, app)
	scenario{name: "the last", path: want, status: 200, contains: []string{m[0], fmt.Sprintf("Showing %d to %d", (last-1)*search.DefaultPerPage+1, total)}}.run(t, app)
}

// get returns the body of a GET that must answer 200.
func get(t *testing.T, h http.Handler, path string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	if rec.Code != 200 {
		t.Fatalf("GET %s: %d", path, rec.Code)
	}
	return rec.Body.String()
}
