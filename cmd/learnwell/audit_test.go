package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/audit"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

func TestAuditVerifyCommand(t *testing.T) {
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url := storetest.URL(t, engine)
			env := map[string]string{"LEARNWELL_DATABASE_URL": url}
			code, out, errOut := runCmd(t, env, "audit", "verify")
			if code != 0 || !strings.Contains(out, "The audit trail is empty.") {
				t.Fatalf("verify on an empty database = %d %q %q", code, out, errOut)
			}
			db, err := store.Open(ctx, url, store.Options{Logger: storetest.QuietLogger()})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			org, user := learnwell.DerivedID("cmd audit", "org"), learnwell.DerivedID("cmd audit", "user")
			for i := range 5 {
				e := audit.Entry{Actor: audit.User(user, org, "link_worker"), Action: "person.view",
					Subject: audit.Subject{Type: "person", IDs: []string{learnwell.DerivedID("cmd audit", "person", string(rune('a'+i)))}}}
				if err := db.Audit(ctx, e); err != nil {
					t.Fatal(err)
				}
			}

			code, out, errOut = runCmd(t, env, "audit", "verify")
			if code != 0 || !strings.Contains(out, "intact: 5 entries checked (1 to 5)") {
				t.Fatalf("verify = %d %q %q", code, out, errOut)
			}
			m := regexp.MustCompile(`Anchor: count 5 head ([0-9a-f]{64})`).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no anchor in %q", out)
			}
			head := m[1]
			if code, out, errOut = runCmd(t, env, "audit", "verify", "--expect-head", head, "--from", "3"); code != 0 || !strings.Contains(out, "3 entries checked (3 to 5)") {
				t.Fatalf("verify --expect-head --from 3 = %d %q %q", code, out, errOut)
			}

			// Someone with the owner's rights removes the triggers and cuts the last entry.
			allowTampering(t, db)
			if _, err := db.SQL().ExecContext(ctx, "DELETE FROM audit_entries WHERE seq = 5"); err != nil {
				t.Fatal(err)
			}
			code, _, errOut = runCmd(t, env, "audit", "verify")
			if code != 1 || !strings.Contains(errOut, "broken at entry 5: record index mismatch") || !strings.Contains(errOut, "there is no entry 5") {
				t.Fatalf("a cut that leaves the record index = %d %q", code, errOut)
			}
			if _, err := db.SQL().ExecContext(ctx, "DELETE FROM audit_records WHERE seq = 5"); err != nil {
				t.Fatal(err)
			}
			if code, _, errOut = runCmd(t, env, "audit", "verify"); code != 0 {
				t.Fatalf("a cut tail is a whole chain without the anchor: %d %q", code, errOut)
			}
			code, _, errOut = runCmd(t, env, "audit", "verify", "--expect-head", head)
			if code != 1 || !strings.Contains(errOut, "broken at entry 5: anchor missing") {
				t.Fatalf("verify with the anchor after a cut = %d %q", code, errOut)
			}

			// Then removes entry 2 from the record index, so a search by its record misses it.
			var record string
			if err := db.SQL().QueryRowContext(ctx, "SELECT record_id FROM audit_records WHERE seq = 2").Scan(&record); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SQL().ExecContext(ctx, "DELETE FROM audit_records WHERE seq = 2"); err != nil {
				t.Fatal(err)
			}
			code, out, errOut = runCmd(t, env, "audit", "verify")
			if code != 1 || !strings.Contains(errOut, "broken at entry 2: record index mismatch") ||
				!strings.Contains(errOut, "names record "+record+" but audit_records has no row") || !strings.Contains(out, "Checked 1 entries (1 to 1)") {
				t.Fatalf("verify after deleting an index row = %d %q %q", code, out, errOut)
			}
			if _, err := db.SQL().ExecContext(ctx, "INSERT INTO audit_records (record_id, seq) VALUES ($1, 2)", record); err != nil {
				t.Fatal(err)
			}

			// Then edits entry 3.
			if _, err := db.SQL().ExecContext(ctx, "UPDATE audit_entries SET actor_role = 'org_admin' WHERE seq = 3"); err != nil {
				t.Fatal(err)
			}
			code, out, errOut = runCmd(t, env, "audit", "verify")
			if code != 1 || !strings.Contains(errOut, "broken at entry 3: hash mismatch") || !strings.Contains(out, "Checked 2 entries (1 to 2)") {
				t.Fatalf("verify after an edit = %d %q %q", code, out, errOut)
			}
		})
	}
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

func TestAuditUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"audit"}, "learnwell audit verify"},
		{[]string{"audit", "check"}, "learnwell audit verify"},
		{[]string{"audit", "verify", "--from", "0"}, "--from must be 1 or more"},
		{[]string{"audit", "verify", "--expect-head", "abc"}, "--expect-head must be a hash"},
		{[]string{"audit", "verify", "extra"}, "no further arguments"},
		{[]string{"audit", "verify", "--no-such-flag"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, nil, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	code, _, errOut := runCmd(t, nil, "audit", "--help")
	if code != 0 || !strings.Contains(errOut, "-expect-head") || !strings.Contains(errOut, "-from") {
		t.Errorf("audit --help = %d %q", code, errOut)
	}
}
