package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/audit"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

var (
	orgA   = learnwell.DerivedID("audit test", "organisation A")
	orgB   = learnwell.DerivedID("audit test", "organisation B")
	userA  = learnwell.DerivedID("audit test", "user A")
	userA2 = learnwell.DerivedID("audit test", "user A2")
	userB  = learnwell.DerivedID("audit test", "user B")
)

func person(n int) string { return learnwell.DerivedID("audit test", "person", fmt.Sprint(n)) }

func viewEntry(user, org string, people ...string) audit.Entry {
	return audit.Entry{
		Actor:   audit.User(user, org, "link_worker"),
		Action:  "person.view",
		Subject: audit.Subject{Type: "person", IDs: people, OrganisationID: org},
		Origin:  audit.OriginFrom("203.0.113.9:4431", "0123456789abcdef", "Mozilla/5.0 (X11; Linux x86_64)"),
		Reason:  audit.Reason{Code: "direct_care"},
	}
}

func allEntries(t *testing.T, db *store.DB) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	if err := db.EachAuditEntry(context.Background(), 1, func(e audit.Entry) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAuditAppendsAChain(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.UTC)
	clock := learnwell.NewFixedClock(start)
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		clock.Set(start) // each engine starts at the same time
		ctx := context.Background()
		if sum, err := db.VerifyAudit(ctx, audit.VerifyOptions{}); err != nil || sum.Count != 0 || sum.Head != "" {
			t.Fatalf("empty trail: %+v, %v", sum, err)
		}
		change := audit.Entry{
			Actor: audit.User(userA, orgA, "org_admin"), Action: "user.change_roles",
			Subject: audit.Subject{Type: "user", IDs: []string{userA2}, OrganisationID: orgA},
			Codes:   map[string]string{"added": "link_worker", "removed": "provider_coordinator"},
			Reason:  audit.Reason{Code: "role_change", Note: "Moved team in March 2026"},
		}
		// Two entries in one transaction, one in the next.
		if err := db.WriteTx(ctx, func(tx *store.Tx) error {
			if err := tx.Audit(ctx, change); err != nil {
				return err
			}
			return tx.Audit(ctx, viewEntry(userA, orgA, person(1), person(2)))
		}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
		if err := db.Audit(ctx, audit.Entry{Actor: audit.System("job:redact_messages"), Action: "message.redact"}); err != nil {
			t.Fatal(err)
		}
		got := allEntries(t, db)
		if len(got) != 3 {
			t.Fatalf("%d entries, want 3", len(got))
		}
		at := start.Truncate(time.Microsecond)
		want := audit.Seal(change, 0, "", at)
		if !reflect.DeepEqual(got[0], want) {
			t.Fatalf("entry 1 read back as\n%+v\nwant\n%+v", got[0], want)
		}
		if got[1].Seq != 2 || got[1].PrevHash != got[0].Hash || !got[1].At.Equal(at) ||
			!reflect.DeepEqual(got[1].Subject.IDs, []string{person(1), person(2)}) || got[1].Origin.Network != "203.0.113.0/24" {
			t.Fatalf("entry 2: %+v", got[1])
		}
		if got[2].Seq != 3 || got[2].PrevHash != got[1].Hash || !got[2].At.Equal(at.Add(time.Minute)) || got[2].Actor.System != "job:redact_messages" {
			t.Fatalf("entry 3: %+v", got[2])
		}
		sum, err := db.VerifyAudit(ctx, audit.VerifyOptions{ExpectHead: got[1].Hash})
		if err != nil || sum.Count != 3 || sum.Last != 3 || sum.Head != got[2].Hash {
			t.Fatalf("verify: %+v, %v", sum, err)
		}
		if sum, err := db.VerifyAudit(ctx, audit.VerifyOptions{From: 3, ExpectHead: got[0].Hash}); err != nil || sum.Count != 1 || sum.First != 3 {
			t.Fatalf("verify from 3 with an older anchor: %+v, %v", sum, err)
		}
	})
}

func TestAuditEntryOnlyWithItsChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		msg := store.NewMessage{Channel: "email", Recipient: "someone@example.com", Subject: "S", Body: "B", DedupKey: "invite-1"}
		// A change that rolls back leaves no entry, and no change.
		boom := errors.New("boom")
		err := db.WriteTx(ctx, func(tx *store.Tx) error {
			if _, _, err := tx.EnqueueMessage(ctx, msg); err != nil {
				return err
			}
			if err := tx.Audit(ctx, audit.Entry{Actor: audit.User(userA, orgA, "org_admin"), Action: "user.invite"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if n := len(allEntries(t, db)); n != 0 {
			t.Fatalf("%d entries after a rollback", n)
		}
		if _, total, _ := db.FindMessages(ctx, store.MessageFilter{}); total != 0 {
			t.Fatalf("%d messages after a rollback", total)
		}
		// An invalid entry is refused before anything is written.
		err = db.WriteTx(ctx, func(tx *store.Tx) error {
			if _, _, err := tx.EnqueueMessage(ctx, msg); err != nil {
				return err
			}
			return tx.Audit(ctx, audit.Entry{Actor: audit.User(userA, orgA, "org_admin"), Action: "user.invite",
				Codes: map[string]string{"email": "someone@example.com"}})
		})
		if learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("invalid entry: %v", err)
		}
		if n := len(allEntries(t, db)); n != 0 {
			t.Fatalf("%d entries after an invalid one", n)
		}
		// A read-only transaction cannot audit (views use DB.Audit).
		err = db.ReadTx(ctx, func(tx *store.Tx) error {
			return tx.Audit(ctx, viewEntry(userA, orgA, person(1)))
		})
		if learnwell.ErrorCode(err) != learnwell.EINTERNAL {
			t.Fatalf("audit in a read transaction: %v", err)
		}
		// A change that commits has its entry, with the change's time.
		err = db.WriteTx(ctx, func(tx *store.Tx) error {
			if _, _, err := tx.EnqueueMessage(ctx, msg); err != nil {
				return err
			}
			return tx.Audit(ctx, audit.Entry{Actor: audit.User(userA, orgA, "org_admin"), Action: "user.invite"})
		})
		if err != nil {
			t.Fatal(err)
		}
		msgs, _, _ := db.FindMessages(ctx, store.MessageFilter{})
		es := allEntries(t, db)
		if len(msgs) != 1 || len(es) != 1 || !es[0].At.Equal(msgs[0].CreatedAt) {
			t.Fatalf("%d messages, %d entries", len(msgs), len(es))
		}
	})
}

func TestAuditTableIsAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Audit(ctx, viewEntry(userA, orgA, person(1))); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			"UPDATE audit_entries SET action = 'person.list'",
			"DELETE FROM audit_entries",
			"UPDATE audit_records SET seq = 2",
			"DELETE FROM audit_records",
		} {
			_, err := db.SQL().ExecContext(ctx, q)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want refused as append-only", q, err)
			}
		}
		if db.Engine() == store.Postgres {
			if _, err := db.SQL().ExecContext(ctx, "TRUNCATE audit_entries"); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("TRUNCATE: err = %v", err)
			}
		}
		if _, err := db.VerifyAudit(ctx, audit.VerifyOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}

// allowTampering removes the append-only triggers, as someone with the
// database owner's rights could.
func allowTampering(t *testing.T, db *store.DB) {
	t.Helper()
	stmts := []string{"ALTER TABLE audit_entries DISABLE TRIGGER USER", "ALTER TABLE audit_records DISABLE TRIGGER USER"}
	if db.Engine() == store.SQLite {
		stmts = []string{"DROP TRIGGER audit_entries_no_update", "DROP TRIGGER audit_entries_no_delete",
			"DROP TRIGGER audit_records_no_update", "DROP TRIGGER audit_records_no_delete"}
	}
	for _, s := range stmts {
		if _, err := db.SQL().Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

// tamperCases edit one row of a five-entry trail with raw SQL.
var tamperCases = []struct {
	name    string
	sql     []string
	seq     int64
	problem string
}{
	{"edited action", []string{"UPDATE audit_entries SET action = 'person.list' WHERE seq = 3"}, 3, audit.ProblemHash},
	{"edited time", []string{"UPDATE audit_entries SET at = (SELECT at FROM audit_entries WHERE seq = 1) WHERE seq = 4"}, 4, audit.ProblemHash},
	{"edited record ids", []string{`UPDATE audit_entries SET subject_ids = '[]' WHERE seq = 2`}, 2, audit.ProblemHash},
	{"deleted row", []string{"DELETE FROM audit_entries WHERE seq = 3"}, 3, audit.ProblemGap},
	{"deleted first row", []string{"DELETE FROM audit_entries WHERE seq = 1"}, 1, audit.ProblemGap},
	{"reordered rows", []string{
		"UPDATE audit_entries SET seq = 1000 WHERE seq = 2",
		"UPDATE audit_entries SET seq = 2 WHERE seq = 3",
		"UPDATE audit_entries SET seq = 3 WHERE seq = 1000",
	}, 2, audit.ProblemHash},
	{"copied hash", []string{"UPDATE audit_entries SET prev_hash = (SELECT prev_hash FROM audit_entries WHERE seq = 4) WHERE seq = 5"}, 5, audit.ProblemHash},
	// The record index: entry n names person(n-1) and person(n).
	{"deleted record row", []string{fmt.Sprintf("DELETE FROM audit_records WHERE seq = 3 AND record_id = '%s'", person(2))}, 3, audit.ProblemRecords},
	{"deleted every record row", []string{"DELETE FROM audit_records"}, 1, audit.ProblemRecords},
	{"altered record id", []string{fmt.Sprintf("UPDATE audit_records SET record_id = '%s' WHERE seq = 2 AND record_id = '%s'", person(9), person(2))}, 2, audit.ProblemRecords},
	{"record row moved", []string{fmt.Sprintf("UPDATE audit_records SET seq = 4 WHERE seq = 2 AND record_id = '%s'", person(1))}, 2, audit.ProblemRecords},
	{"added record row", []string{fmt.Sprintf("INSERT INTO audit_records (record_id, seq) VALUES ('%s', 4)", person(9))}, 4, audit.ProblemRecords},
	{"added record row past the end", []string{fmt.Sprintf("INSERT INTO audit_records (record_id, seq) VALUES ('%s', 6)", person(0))}, 6, audit.ProblemRecords},
	{"added record row before the start", []string{fmt.Sprintf("INSERT INTO audit_records (record_id, seq) VALUES ('%s', 0)", person(0))}, 0, audit.ProblemRecords},
}

// fiveEntries writes five entries, each in its own transaction, and returns them.
func fiveEntries(t *testing.T, db *store.DB) []audit.Entry {
	t.Helper()
	for i := range 5 {
		if err := db.Audit(context.Background(), viewEntry(userA, orgA, person(i), person(i+1))); err != nil {
			t.Fatal(err)
		}
	}
	return allEntries(t, db)
}

func TestAuditVerifyFindsTampering(t *testing.T) {
	for _, tc := range tamperCases {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				fiveEntries(t, db)
				if _, err := db.VerifyAudit(ctx, audit.VerifyOptions{}); err != nil {
					t.Fatalf("before tampering: %v", err)
				}
				allowTampering(t, db)
				for _, q := range tc.sql {
					if _, err := db.SQL().ExecContext(ctx, q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				_, err := db.VerifyAudit(ctx, audit.VerifyOptions{})
				var b *audit.Break
				if !errors.As(err, &b) || learnwell.ErrorCode(err) != learnwell.ECONFLICT {
					t.Fatalf("verify after tampering: %v", err)
				}
				if b.Seq != tc.seq || b.Problem != tc.problem {
					t.Fatalf("break at %d (%s), want %d (%s): %v", b.Seq, b.Problem, tc.seq, tc.problem, err)
				}
				if !strings.Contains(learnwell.ErrorMessage(err), fmt.Sprintf("entry %d", tc.seq)) {
					t.Fatalf("message %q does not name entry %d", learnwell.ErrorMessage(err), tc.seq)
				}
			})
		})
	}
}

func TestAuditAnchorFindsACutTail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		es := fiveEntries(t, db)
		anchor := es[4].Hash
		allowTampering(t, db)
		if _, err := db.SQL().ExecContext(ctx, "DELETE FROM audit_entries WHERE seq >= 4"); err != nil {
			t.Fatal(err)
		}
		// Their rows in the record index give the cut away...
		var b *audit.Break
		if _, err := db.VerifyAudit(ctx, audit.VerifyOptions{}); !errors.As(err, &b) || b.Problem != audit.ProblemRecords || b.Seq != 4 {
			t.Fatalf("a cut that leaves the index: %v", err)
		}
		// ...until they are cut too. Without the anchor, what is left is a whole chain.
		if _, err := db.SQL().ExecContext(ctx, "DELETE FROM audit_records WHERE seq >= 4"); err != nil {
			t.Fatal(err)
		}
		if sum, err := db.VerifyAudit(ctx, audit.VerifyOptions{}); err != nil || sum.Count != 3 {
			t.Fatalf("without anchor: %+v %v", sum, err)
		}
		_, err := db.VerifyAudit(ctx, audit.VerifyOptions{ExpectHead: anchor})
		if !errors.As(err, &b) || b.Problem != audit.ProblemMissingHead || b.Seq != 4 {
			t.Fatalf("with anchor: %v", err)
		}
		if _, err := db.VerifyAudit(ctx, audit.VerifyOptions{ExpectHead: "nonsense"}); learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("bad anchor: %v", err)
		}
	})
}

// TestAuditConcurrentWriters runs writers on two store.DB handles on one
// database, as two app nodes would: the chain stays whole with no gaps.
func TestAuditConcurrentWriters(t *testing.T) {
	const writers, each = 8, 50
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url := storetest.URL(t, engine)
			var nodes [2]*store.DB
			for i := range nodes {
				db, err := store.Open(ctx, url, store.Options{Logger: storetest.QuietLogger()})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				nodes[i] = db
			}
			var wg sync.WaitGroup
			errs := make(chan error, writers)
			for w := range writers {
				wg.Go(func() {
					db := nodes[w%2]
					for i := range each {
						e := viewEntry(userA, orgA, person(w*1000+i))
						var err error
						if i%2 == 0 {
							err = db.Audit(ctx, e)
						} else { // with a change in the same transaction
							err = db.WriteTx(ctx, func(tx *store.Tx) error {
								if _, _, err := tx.EnqueueMessage(ctx, store.NewMessage{Channel: "sms", Recipient: "07700900000", Body: "b"}); err != nil {
									return err
								}
								return tx.Audit(ctx, e)
							})
						}
						if err != nil {
							errs <- fmt.Errorf("writer %d entry %d: %w", w, i, err)
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			sum, err := nodes[1].VerifyAudit(ctx, audit.VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Count != writers*each || sum.Last != writers*each {
				t.Fatalf("%+v, want %d entries", sum, writers*each)
			}
		})
	}
}

func TestFindAuditEntries(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := learnwell.NewFixedClock(start)
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		clock.Set(start) // each engine starts at the same time
		ctx := context.Background()
		write := func(e audit.Entry) {
			t.Helper()
			if err := db.Audit(ctx, e); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Hour)
		}
		write(viewEntry(userA, orgA, person(1)))                                                  // 1: A views A's person 1
		write(viewEntry(userA2, orgA, person(2), person(1)))                                      // 2: A2 views A's people 2 and 1
		write(viewEntry(userB, orgB, person(3)))                                                  // 3: B views B's person 3
		shared := viewEntry(userB, orgB, person(1))                                               // 4: B views A's person 1 (shared)
		shared.Subject.OrganisationID = orgA                                                      //
		write(shared)                                                                             //
		write(audit.Entry{Actor: audit.User(userA, orgA, "org_admin"), Action: "user.deactivate", // 5
			Subject: audit.Subject{Type: "user", IDs: []string{userA2}, OrganisationID: orgA}})
		write(audit.Entry{Actor: audit.System("command:user-create"), Action: "user.create", // 6
			Subject: audit.Subject{Type: "user", IDs: []string{userB}, OrganisationID: orgB}})

		tests := []struct {
			name  string
			f     audit.Filter
			total int
			seqs  []int64
		}{
			{"all", audit.Filter{}, 6, []int64{6, 5, 4, 3, 2, 1}},
			{"organisation A: its actors and its records", audit.Filter{OrganisationID: orgA}, 4, []int64{5, 4, 2, 1}},
			{"organisation B", audit.Filter{OrganisationID: orgB}, 3, []int64{6, 4, 3}},
			{"actor", audit.Filter{OrganisationID: orgA, ActorUserID: userA}, 2, []int64{5, 1}},
			{"action", audit.Filter{OrganisationID: orgA, Action: "person.view"}, 3, []int64{4, 2, 1}},
			{"record", audit.Filter{RecordID: person(1)}, 3, []int64{4, 2, 1}},
			{"record in organisation B's view", audit.Filter{OrganisationID: orgB, RecordID: person(1)}, 1, []int64{4}},
			{"record of a user", audit.Filter{RecordID: userA2}, 1, []int64{5}},
			{"date range", audit.Filter{From: start.Add(time.Hour), To: start.Add(3 * time.Hour)}, 2, []int64{3, 2}},
			{"from only", audit.Filter{OrganisationID: orgA, From: start.Add(3 * time.Hour)}, 2, []int64{5, 4}},
			{"first page", audit.Filter{OrganisationID: orgA, Limit: 3}, 4, []int64{5, 4, 2}},
			{"second page", audit.Filter{OrganisationID: orgA, Limit: 3, Offset: 3}, 4, []int64{1}},
			{"nothing", audit.Filter{ActorUserID: person(9)}, 0, nil},
		}
		for _, tt := range tests {
			got, total, err := db.FindAuditEntries(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var seqs []int64
			for _, e := range got {
				seqs = append(seqs, e.Seq)
			}
			if total != tt.total || !reflect.DeepEqual(seqs, tt.seqs) {
				t.Errorf("%s: total %d, entries %v; want %d, %v", tt.name, total, seqs, tt.total, tt.seqs)
			}
		}
		if _, _, err := db.FindAuditEntries(ctx, audit.Filter{RecordID: "Jane"}); learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("bad filter: %v", err)
		}
	})
}
