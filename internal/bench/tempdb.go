package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"learnwell/internal/store"
)

// tempDB is a throwaway database: a SQLite file in a temporary directory, or
// a PostgreSQL schema of its own.
type tempDB struct {
	url    string
	dir    string // SQLite: the directory to remove
	base   string // PostgreSQL: the server URL
	schema string // PostgreSQL: the schema to drop
}

// newTempDB makes a fresh, empty database of the engine.
func newTempDB(ctx context.Context, engine, postgresURL string) (*tempDB, error) {
	if engine == store.SQLite {
		dir, err := os.MkdirTemp("", "learnwell-bench-")
		if err != nil {
			return nil, err
		}
		return &tempDB{url: "sqlite:" + filepath.Join(dir, "bench.db"), dir: dir}, nil
	}
	schema := "lwbench_" + randomHex(6)
	admin, err := sql.Open("pgx", postgresURL)
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return nil, fmt.Errorf("create the bench schema: %w", err)
	}
	u, err := url.Parse(postgresURL)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return &tempDB{url: u.String(), base: postgresURL, schema: schema}, nil
}

// drop removes the database.
func (t *tempDB) drop(ctx context.Context) error {
	if t.dir != "" {
		return os.RemoveAll(t.dir)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	admin, err := sql.Open("pgx", t.base)
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.ExecContext(ctx, "DROP SCHEMA "+t.schema+" CASCADE")
	return err
}

// pingPostgres checks the server answers, within a few seconds.
func pingPostgres(ctx context.Context, rawURL string) error {
	if rawURL == "" {
		return fmt.Errorf("no URL")
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", rawURL)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.PingContext(ctx)
}

// analyzePostgres gathers the planner's statistics on the directory's tables.
func analyzePostgres(ctx context.Context, db *store.DB) error {
	_, err := db.SQL().ExecContext(ctx, "ANALYZE organisations, locations, courses, runs")
	return err
}

// redact drops any password from a URL, for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the PostgreSQL URL"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
