// Package jobstest works background jobs in a test, at once and in the
// test's own goroutine, so a test can ask for something the web does in the
// background (a password reset email) and then look at what it did.
package jobstest

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"learnwell/internal/jobs"
	"learnwell/internal/store"
)

// client returns an insert-only River client on the store's database.
func client(tb testing.TB, db *store.DB) *river.Client[*sql.Tx] {
	tb.Helper()
	var c *river.Client[*sql.Tx]
	var err error
	if db.Engine() == store.SQLite {
		c, err = river.NewClient(riversqlite.New(db.SQL()), &river.Config{})
	} else {
		c, err = river.NewClient(riverdatabasesql.New(db.SQL()), &river.Config{})
	}
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// Waiting returns the waiting jobs of a kind, oldest first.
func Waiting(tb testing.TB, db *store.DB, kind string) []*rivertype.JobRow {
	tb.Helper()
	res, err := client(tb, db).JobList(context.Background(),
		river.NewJobListParams().Kinds(kind).States(rivertype.JobStateAvailable).First(1000))
	if err != nil {
		tb.Fatal(err)
	}
	return res.Jobs
}

// WorkPasswordResets works every waiting password reset job with the sender,
// as the runner would, deletes it, and says how many it worked.
func WorkPasswordResets(tb testing.TB, db *store.DB, sender jobs.PasswordResetSender) int {
	tb.Helper()
	ctx := context.Background()
	waiting := Waiting(tb, db, store.PasswordResetArgs{}.Kind())
	for _, j := range waiting {
		var args store.PasswordResetArgs
		if err := json.Unmarshal(j.EncodedArgs, &args); err != nil {
			tb.Fatal(err)
		}
		if err := sender.SendPasswordReset(ctx, args); err != nil {
			tb.Fatalf("password reset job: %v", err)
		}
		if _, err := client(tb, db).JobDelete(ctx, j.ID); err != nil {
			tb.Fatal(err)
		}
	}
	return len(waiting)
}
