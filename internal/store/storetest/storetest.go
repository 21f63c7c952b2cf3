// Package storetest runs one conformance suite against each database engine:
// SQLite always, PostgreSQL when LEARNWELL_TEST_POSTGRES holds a URL. Subtests
// are named "sqlite/..." and "postgres/...". Each test gets its own SQLite file
// or PostgreSQL schema, so tests can run in parallel.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"learnwell"
	"learnwell/internal/store"
)

// PostgresEnv names the environment variable holding the test PostgreSQL URL.
const PostgresEnv = "LEARNWELL_TEST_POSTGRES"

// Options tunes a test database.
type Options struct {
	Clock     learnwell.Clock
	NoMigrate bool
}

// Each runs fn as a subtest named after each engine ("sqlite", "postgres"),
// on a fresh, migrated database of that engine.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	EachWith(t, Options{}, fn)
}

// EachWith is Each with options.
func EachWith(t *testing.T, opts Options, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			db := Open(t, engine, opts)
			fn(t, db)
		})
	}
}

// URL returns a database URL of a fresh, empty database of the engine for this
// test (a temp SQLite file, or a new PostgreSQL schema dropped at cleanup).
// Where PostgreSQL is not configured it skips, or fails under CI=true.
func URL(t testing.TB, engine string) string {
	t.Helper()
	if engine == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must exercise PostgreSQL", PostgresEnv)
		}
		t.Skipf("PostgreSQL not configured: set %s=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run this test on PostgreSQL", PostgresEnv)
	}
	schema := "lwtest_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL at %s is not usable: %v", PostgresEnv, err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a fresh, migrated database of the engine, closed at cleanup.
func Open(t testing.TB, engine string, opts Options) *store.DB {
	t.Helper()
	u := URL(t, engine)
	db, err := store.Open(context.Background(), u, store.Options{Clock: opts.Clock, Logger: QuietLogger()})
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	if !opts.NoMigrate {
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("migrate %s: %v", engine, err)
		}
	}
	return db
}

// QuietLogger discards logs, for tests.
func QuietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprint("storetest: ", err))
	}
	return hex.EncodeToString(b)
}
