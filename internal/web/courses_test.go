package web_test

import (
	"testing"

	"learnwell"
	"learnwell/internal/finder/findertest"
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
				contains: []string{"No courses match your search", "Search within 2 miles instead", "Remove all filters", "Search without the words"}},
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
		scenario{name: "page past the end", path: "/courses?q=painting&page=9", status: 200, contains: []string{"3 courses found"},
			absent: []string{"Watercolour"}}.run(t, app)
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
		{name: "a bad distance shows its error", path: "/courses?q=art&miles=7", status: 400,
			contains: []string{"nhsuk-select--error"}},
		{name: "then the error is gone", path: "/courses?q=art", status: 200,
			absent: []string{"nhsuk-select--error", "nhsuk-error-message"}},
		{name: "free ticked", path: "/courses?free=1", status: 200, contains: []string{`value="1" checked`}},
		{name: "free not ticked", path: "/courses?q=art", status: 200, absent: []string{`value="1" checked`}},
		{name: "starts chosen", path: "/courses?starts=4", status: 200, contains: []string{`value="4" checked`}},
		{name: "a bad borough keeps the others", path: "/courses?borough=E09000019&borough=nowhere", status: 400,
			contains: []string{`value="E09000019" checked`, "nhsuk-checkboxes__input"}},
	} {
		sc.run(t, app)
	}
}
