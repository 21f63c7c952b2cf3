package web_test

import (
	"net/http/httptest"
	"testing"

	"learnwell"
	"learnwell/internal/finder/findertest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// BenchmarkFinderPage renders a finder results page, with the parts of its
// form kept once rendered and, for comparison in the same run, rendered per
// request.
//
//	go test -run '^$' -bench FinderPage ./internal/web/
func BenchmarkFinderPage(b *testing.B) {
	db := storetest.Open(b, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)})
	findertest.Load(b, db)
	for _, tc := range []struct {
		name   string
		forget bool
	}{{"parts-kept", false}, {"parts-rendered-per-request", true}} {
		app := newApp(b, db, false)
		if tc.forget {
			app.ForgetParts()
		}
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				app.ServeHTTP(rec, httptest.NewRequest("GET", "/courses?q=painting&postcode=N7&miles=5", nil))
				if rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

// BenchmarkFinderPageFiltered renders a finder results page with filters
// applied, so with the summary of the filters and its Remove links.
//
//	go test -run '^$' -bench FinderPageFiltered ./internal/web/
func BenchmarkFinderPageFiltered(b *testing.B) {
	db := storetest.Open(b, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)})
	findertest.Load(b, db)
	app := newApp(b, db, false)
	for b.Loop() {
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest("GET", "/courses?q=painting&postcode=N7&miles=5&free=1&day=TU&day=WE&subject=arts-and-crafts", nil))
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
