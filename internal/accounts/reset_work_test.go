package accounts_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"learnwell/internal/jobs/jobstest"
	"learnwell/internal/store"
)

// tableRows counts the rows of every table of the database.
func tableRows(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	ctx := context.Background()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if db.Engine() != store.SQLite {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	rows, err := db.SQL().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	out := map[string]int{}
	for _, n := range names {
		var c int
		if err := db.SQL().QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM "%s"`, n)).Scan(&c); err != nil {
			t.Fatal(err)
		}
		out[n] = c
	}
	return out
}

// changed lists the tables whose counts differ, with the difference. It
// leaves out river_notification: River's signal to idle workers that a queue
// has a new job, which it writes at most once in a short while, by the clock,
// whatever the job holds.
func changed(before, after map[string]int) []string {
	var out []string
	for n, c := range after {
		if c != before[n] && n != "river_notification" {
			out = append(out, fmt.Sprintf("%s%+d", n, c-before[n]))
		}
	}
	slices.Sort(out)
	return out
}

// "Forgot your password?" must not tell, by how long it takes, whether an
// address has an account (issue 9, item 3). The request does the same work
// either way: it writes the same rows (one queued job, whose arguments
// differ only in the address) and nothing else; the lookup and the email
// happen in the job. Not a timed assertion: the work itself is compared.
func TestPasswordResetRequestDoesTheSameWork(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		h.bootstrap() // admin@example.org has an account
		// A first request, so River's one-off writes (a queue's first
		// insert) happen before the two compared.
		if err := h.svc.RequestPasswordReset(ctx, "first@example.org"); err != nil {
			t.Fatal(err)
		}
		jobstest.WorkPasswordResets(t, h.db, h.svc)
		var diffs [][]string
		for _, email := range []string{"admin@example.org", "nobody@example.org"} {
			before := tableRows(t, h.db)
			events := len(h.actions())
			if err := h.svc.RequestPasswordReset(ctx, email); err != nil {
				t.Fatal(err)
			}
			diffs = append(diffs, changed(before, tableRows(t, h.db)))
			if len(h.actions()) != events {
				t.Errorf("%s: the request audited something itself", email)
			}
			waiting := jobstest.Waiting(t, h.db, store.PasswordResetArgs{}.Kind())
			if len(waiting) != 1 {
				t.Fatalf("%s: waiting jobs %v", email, waiting)
			}
			// The address waits sealed with the data key, not in plain text.
			if args := string(waiting[0].EncodedArgs); strings.Contains(args, email) || strings.Contains(args, strings.Split(email, "@")[0]) {
				t.Fatalf("%s: the job holds the address: %s", email, args)
			}
			if n := jobstest.WorkPasswordResets(t, h.db, h.svc); n != 1 {
				t.Fatalf("%s: %d jobs worked", email, n)
			}
		}
		if want := []string{"river_job+1"}; !slices.Equal(diffs[0], want) || !slices.Equal(diffs[1], want) {
			t.Fatalf("rows a request wrote: known address %v, unknown %v; want %v for both", diffs[0], diffs[1], want)
		}
		// The job did the rest: one email, to the account.
		if h.messages("admin@example.org") != 1 || h.messages("nobody@example.org") != 0 {
			t.Fatal("the jobs did not send one email to the account, and none to the unknown address")
		}
	})
}
