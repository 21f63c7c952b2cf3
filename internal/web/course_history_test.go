package web_test

import (
	"context"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/demo"
	"learnwell/internal/directory"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// A course page shows the runs to come and leaves out the ended ones, which
// the demo has from last year: they are history, not dates to go to.
func TestCoursePageLeavesOutEndedRuns(t *testing.T) {
	now := time.Date(2027, 9, 1, 9, 0, 0, 0, time.UTC)
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(now)}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hasher, _ := account.NewHasher(account.TestHashParams, 2, 0)
		if _, err := demo.Load(ctx, db, demo.Options{Seed: 1, Services: 80, Hasher: hasher}); err != nil {
			t.Fatal(err)
		}
		today := directory.DateOf(now)
		var course directory.Listing
		var ended, toCome directory.Run
		if _, err := db.EachListing(ctx, func(l directory.Listing) error {
			var e, c directory.Run
			for _, r := range l.Runs {
				switch {
				case r.LastSession.Before(today):
					e = r
				case r.Status == directory.RunOpen:
					c = r
				}
			}
			if course.Course.ID == "" && e.ID != "" && c.ID != "" {
				course, ended, toCome = l, e, c
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if course.Course.ID == "" {
			t.Fatal("no demo course has both an ended run and one to come")
		}
		dates := func(r directory.Run) string { return r.FirstSession.Spoken() + " to " + r.LastSession.Spoken() }
		scenario{name: "course page", path: "/courses/" + course.Course.ID, status: 200,
			contains: []string{course.Course.Title, dates(toCome)}, absent: []string{dates(ended)}}.run(t, newApp(t, db, false))
	})
}
