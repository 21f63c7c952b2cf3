package store_test

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"

	"learnwell/internal/audit"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestAuditAppRoleGrants checks the PostgreSQL grants docs/audit.md gives the
// operator: an app role that may only SELECT and INSERT on the audit tables
// still migrates (when the owner has), appends and verifies, but can neither
// change the trail nor switch its triggers off.
func TestAuditAppRoleGrants(t *testing.T) {
	ctx := context.Background()
	ownerURL := storetest.URL(t, store.Postgres)
	owner, err := store.Open(ctx, ownerURL, store.Options{Logger: storetest.QuietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if err := owner.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(ownerURL)
	schema := u.Query().Get("search_path")
	role := schema + "_app"
	admin, err := sql.Open("pgx", os.Getenv(storetest.PostgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE ROLE "+role+" LOGIN"); err != nil {
		t.Skipf("cannot create a role to test grants: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP OWNED BY " + role)
		_, _ = admin.Exec("DROP ROLE " + role)
	})
	for _, q := range []string{
		"GRANT USAGE, CREATE ON SCHEMA " + schema + " TO " + role, // serve runs Migrate, whose CREATE TABLE IF NOT EXISTS needs it
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role,
		"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role,
		"REVOKE ALL ON " + schema + ".audit_entries, " + schema + ".audit_records FROM " + role,
		"GRANT SELECT, INSERT ON " + schema + ".audit_entries, " + schema + ".audit_records TO " + role,
	} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	u.User = url.User(role)
	app, err := store.Open(ctx, u.String(), store.Options{Logger: storetest.QuietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if err := app.Migrate(ctx); err != nil {
		t.Fatalf("the app role cannot migrate an up-to-date database: %v", err)
	}
	if err := app.Audit(ctx, viewEntry(userA, orgA, person(1))); err != nil {
		t.Fatalf("the app role cannot append: %v", err)
	}
	if sum, err := app.VerifyAudit(ctx, audit.VerifyOptions{}); err != nil || sum.Count != 1 {
		t.Fatalf("the app role cannot verify: %+v %v", sum, err)
	}
	for _, q := range []string{
		"ALTER TABLE audit_entries DISABLE TRIGGER USER",
		"UPDATE audit_entries SET action = 'person.list'",
		"DELETE FROM audit_records",
		"TRUNCATE audit_entries",
	} {
		_, err := app.SQL().ExecContext(ctx, q)
		if err == nil || !(strings.Contains(err.Error(), "permission denied") || strings.Contains(err.Error(), "must be owner")) {
			t.Errorf("%s as the app role: %v, want permission denied", q, err)
		}
	}
}
