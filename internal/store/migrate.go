package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"learnwell"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one numbered schema change, with the same number on both engines.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations for an engine, in order. It
// fails if the numbers are not 1, 2, 3... or differ between the engines.
func Migrations(engine string) ([]Migration, error) {
	ms, err := readMigrations(engine)
	if err != nil {
		return nil, err
	}
	other := Postgres
	if engine == Postgres {
		other = SQLite
	}
	os, err := readMigrations(other)
	if err != nil {
		return nil, err
	}
	if len(os) != len(ms) {
		return nil, fmt.Errorf("store: %d %s migrations but %d %s migrations", len(ms), engine, len(os), other)
	}
	for i := range ms {
		if ms[i].Name != os[i].Name {
			return nil, fmt.Errorf("store: migration %d is %q on %s but %q on %s", ms[i].Version, ms[i].Name, engine, os[i].Name, other)
		}
	}
	return ms, nil
}

func readMigrations(engine string) ([]Migration, error) {
	dir := "migrations/" + engine
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		base := strings.TrimSuffix(e.Name(), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 {
			return nil, fmt.Errorf("store: migration file %s/%s is not named NNNN_name.sql", dir, e.Name())
		}
		b, err := fs.ReadFile(migrationFS, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("store: %s migrations are not numbered 1, 2, 3...: found %04d at position %d", engine, m.Version, i+1)
		}
	}
	return ms, nil
}

// migrationLockKey is the PostgreSQL advisory lock that serialises migrations
// when several app nodes start at once.
const migrationLockKey = 7_000_001

// Migrate applies every pending migration, each in its own transaction, then
// River's migrations. It is safe to run from several nodes at once.
func (db *DB) Migrate(ctx context.Context) error {
	ms, err := Migrations(db.loc.Engine)
	if err != nil {
		return learnwell.Internal(err)
	}
	if db.loc.Engine == Postgres {
		conn, err := db.write.Conn(ctx)
		if err != nil {
			return db.classify(err)
		}
		defer conn.Close()
		// Keyed by schema too, so databases in different schemas never wait on each other.
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1, hashtext(current_schema()))", migrationLockKey); err != nil {
			return db.classify(err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", migrationLockKey)
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TIMESTAMP NOT NULL)`); err != nil {
		return db.classify(err)
	}
	for _, m := range ms {
		err := db.WriteTx(ctx, func(tx *Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = $1", m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", m.Version, m.Name, tx.Now)
			return err
		})
		if err != nil {
			return learnwell.Internal(err)
		}
	}
	if err := db.fillFeedColumns(ctx); err != nil {
		return learnwell.Internal(fmt.Errorf("fill in the feed's columns: %w", err))
	}
	if err := db.migrateRiver(ctx); err != nil {
		return learnwell.Internal(fmt.Errorf("river migrations: %w", err))
	}
	return nil
}

func (db *DB) migrateRiver(ctx context.Context) error {
	if db.loc.Engine == SQLite {
		m, err := rivermigrate.New(riversqlite.New(db.write), nil)
		if err != nil {
			return err
		}
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		return err
	}
	m, err := rivermigrate.New(riverdatabasesql.New(db.write), nil)
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

// SchemaVersion returns the highest applied migration, 0 on an empty database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	if err != nil {
		return 0, learnwell.Wrap(err, learnwell.EUNAVAILABLE, "The database is not set up. Run learnwell migrate.")
	}
	return v, nil
}

// Ready reports whether the database answers and holds every migration.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.Ping(ctx); err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	ms, err := Migrations(db.loc.Engine)
	if err != nil {
		return learnwell.Internal(err)
	}
	if v < len(ms) {
		return learnwell.Errorf(learnwell.EUNAVAILABLE, "The database is at version %d of %d. Run learnwell migrate.", v, len(ms))
	}
	return nil
}
