package jobs_test

import (
	"context"
	"testing"
	"time"

	"learnwell/internal/jobs"
	"learnwell/internal/notify"
	"learnwell/internal/store/storetest"
)

func TestPeriodicJobDeletesExpiredSessions(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		ctx := context.Background()
		s := db.Sessions()
		if err := s.CommitCtx(ctx, "expired", []byte("x"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.CommitCtx(ctx, "live", []byte("x"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		count := func() int {
			var n int
			if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM sessions").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// The periodic job runs when the client starts, then every ten minutes.
		r, err := jobs.New(jobs.Options{DB: db, Transport: notify.OutboxOnly{}, Logger: storetest.QuietLogger(),
			PollInterval: 20 * time.Millisecond, Retry: fastRetry})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stop(t, r) })
		waitFor(t, "the expired session removed", func() bool { return count() == 1 })
		if _, found, _ := s.FindCtx(ctx, "live"); !found {
			t.Fatal("the live session was removed")
		}
	})
}
