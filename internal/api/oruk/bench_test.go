package oruk_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"learnwell"
	"learnwell/internal/api/oruk"
	"learnwell/internal/demo"
	"learnwell/internal/directory"
	"learnwell/internal/finder/findertest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// BenchmarkFeed serves the demo directory of 5,000 courses from the feed's
// handler in process (no HTTP): a whole walk of /oruk/services?per_page=500,
// one page in the middle of it, one service, and venues near a postcode.
// For 200,000 courses over HTTP, run `learnwell bench oruk`
// (docs/benchmarks.md).
func BenchmarkFeed(b *testing.B) {
	const courses = 5000
	for _, engine := range []string{store.SQLite, store.Postgres} {
		b.Run(engine, func(b *testing.B) {
			db := storetest.Open(b, engine, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)})
			ctx := context.Background()
			if _, err := demo.Load(ctx, db, demo.Options{Seed: 1, Services: courses}); err != nil {
				b.Fatal(err)
			}
			h := oruk.New(oruk.Options{DB: db, BaseURL: base, Clock: learnwell.NewFixedClock(findertest.Now)})
			serve := func(target string) {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
				}
			}
			ids, _, err := db.FindFeedServices(ctx, store.FeedFilter{Today: directory.DateOf(findertest.Now)}, store.FeedPage{Offset: courses / 2, Limit: 1})
			if err != nil || len(ids) != 1 {
				b.Fatal(ids, err)
			}
			pages := (courses + 499) / 500
			b.Run("walk", func(b *testing.B) {
				for b.Loop() {
					for p := 1; p <= pages; p++ {
						serve(fmt.Sprintf("/oruk/services?per_page=500&page=%d", p))
					}
				}
				b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
			})
			b.Run("middle page", func(b *testing.B) {
				for b.Loop() {
					serve(fmt.Sprintf("/oruk/services?per_page=500&page=%d", pages/2))
				}
			})
			b.Run("one service", func(b *testing.B) {
				for b.Loop() {
					serve("/oruk/services/" + ids[0])
				}
			})
			b.Run("near N7", func(b *testing.B) {
				for b.Loop() {
					serve("/oruk/service_at_locations?postcode=N7&proximity=5000")
				}
			})
		})
	}
}
