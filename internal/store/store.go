// Package store does all of learnwell's SQL, on SQLite (embedded, the default)
// or PostgreSQL (production, several app nodes). Both engines run the same SQL
// text where they can: placeholders are written $1, $2... which modernc.org/sqlite
// binds by number. The few differences sit behind the dialect methods in
// dialect.go. Every public method runs in one transaction with one "now".
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"learnwell"
	"learnwell/internal/audit"
)

// DB is a handle on the database. It is safe for concurrent use.
type DB struct {
	loc   Location
	write *sql.DB // SQLite: one connection, BEGIN IMMEDIATE; PostgreSQL: the pool
	read  *sql.DB // SQLite: a pool of readers; PostgreSQL: the same pool as write
	clock learnwell.Clock
	log   *slog.Logger
	jobs  *river.Client[*sql.Tx] // insert-only client: jobs join the store's transactions
}

// Options tunes Open. The zero value is fine.
type Options struct {
	Clock    learnwell.Clock // defaults to the system clock
	Logger   *slog.Logger    // defaults to slog.Default()
	MaxConns int             // PostgreSQL pool size, or SQLite readers; default 8
}

// Open connects to the database at the URL (see ParseURL). It does not migrate:
// call Migrate. For SQLite the directory of the file is created if needed.
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	loc, err := ParseURL(rawURL)
	if err != nil {
		return nil, learnwell.Wrap(err, learnwell.EINVALID, err.Error())
	}
	if opts.Clock == nil {
		opts.Clock = learnwell.SystemClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = 8
	}
	db := &DB{loc: loc, clock: opts.Clock, log: opts.Logger}
	switch loc.Engine {
	case SQLite:
		err = db.openSQLite(opts)
	case Postgres:
		err = db.openPostgres(opts)
	}
	if err != nil {
		return nil, err
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, learnwell.Wrap(err, learnwell.EUNAVAILABLE, "The database cannot be reached.")
	}
	var driverErr error
	if loc.Engine == SQLite {
		db.jobs, driverErr = river.NewClient(riversqlite.New(db.write), &river.Config{})
	} else {
		db.jobs, driverErr = river.NewClient(riverdatabasesql.New(db.write), &river.Config{})
	}
	if driverErr != nil {
		db.Close()
		return nil, fmt.Errorf("store: river insert client: %w", driverErr)
	}
	return db, nil
}

func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_time_format", "sqlite")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

func (db *DB) openSQLite(opts Options) error {
	if dir := filepath.Dir(db.loc.Path); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return learnwell.Wrap(err, learnwell.EUNAVAILABLE, "The database folder cannot be created.")
		}
	}
	w, err := sql.Open("sqlite", sqliteDSN(db.loc.Path, false))
	if err != nil {
		return err
	}
	w.SetMaxOpenConns(1) // SQLite has one writer; River's SQLite driver wants one too
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	// The first connection sets WAL mode before readers open.
	if _, err := w.Exec("SELECT 1"); err != nil {
		w.Close()
		return learnwell.Wrap(err, learnwell.EUNAVAILABLE, "The database cannot be opened.")
	}
	r, err := sql.Open("sqlite", sqliteDSN(db.loc.Path, true))
	if err != nil {
		w.Close()
		return err
	}
	r.SetMaxOpenConns(opts.MaxConns)
	r.SetMaxIdleConns(opts.MaxConns)
	db.write, db.read = w, r
	return nil
}

func (db *DB) openPostgres(opts Options) error {
	p, err := sql.Open("pgx", db.loc.DSN)
	if err != nil {
		return learnwell.Wrap(err, learnwell.EINVALID, "The PostgreSQL database URL is not valid.")
	}
	p.SetMaxOpenConns(opts.MaxConns + 4) // headroom for River's own work
	p.SetMaxIdleConns(opts.MaxConns)
	p.SetConnMaxIdleTime(5 * time.Minute)
	db.write, db.read = p, p
	return nil
}

// Engine returns SQLite or Postgres.
func (db *DB) Engine() string { return db.loc.Engine }

// Location returns where the database is (without secrets, via String).
func (db *DB) Location() Location { return db.loc }

// Clock returns the store's clock.
func (db *DB) Clock() learnwell.Clock { return db.clock }

// SQL returns the connection pool River and other libraries should use for
// writes: for SQLite the single writer connection.
func (db *DB) SQL() *sql.DB { return db.write }

// Close closes every connection.
func (db *DB) Close() error {
	var errs []error
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	return errors.Join(errs...)
}

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return learnwell.Wrap(err, learnwell.EUNAVAILABLE, "The database cannot be reached.")
	}
	return nil
}

// Tx is one transaction with one "now", so every row a change writes carries
// the same time.
type Tx struct {
	*sql.Tx
	Now          time.Time
	db           *DB
	readOnly     bool
	beforeCommit []func(context.Context) error // last writes, such as the audit entries (audit.go)
	afterCommit  []func()
	pendingAudit []audit.Entry // entries to append just before the commit
}

// AfterCommit registers fn to run once the transaction has committed (not if it
// rolls back): for example to refresh the in-memory search index.
func (tx *Tx) AfterCommit(fn func()) { tx.afterCommit = append(tx.afterCommit, fn) }

// now returns the clock's time in UTC, truncated to microseconds because that
// is what PostgreSQL keeps: both engines then return the same instant.
func (db *DB) now() time.Time { return db.clock.Now().UTC().Truncate(time.Microsecond) }

// WriteTx runs fn in a read-write transaction and commits if fn returns nil.
// On SQLite the transaction begins IMMEDIATE, taking the write lock at once.
func (db *DB) WriteTx(ctx context.Context, fn func(*Tx) error) error {
	return db.runTx(ctx, db.write, false, fn)
}

// ReadTx runs fn in a read-only transaction (a consistent snapshot).
func (db *DB) ReadTx(ctx context.Context, fn func(*Tx) error) error {
	return db.runTx(ctx, db.read, true, fn)
}

func (db *DB) runTx(ctx context.Context, pool *sql.DB, readOnly bool, fn func(*Tx) error) (err error) {
	opts := &sql.TxOptions{}
	if readOnly && db.loc.Engine == Postgres {
		// One snapshot for every statement, as SQLite's read transactions have.
		opts = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	sqlTx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return db.classify(err)
	}
	tx := &Tx{Tx: sqlTx, Now: db.now(), db: db, readOnly: readOnly}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		if badText(err) {
			return learnwell.Wrap(err, learnwell.EINVALID, errUnusualText.Message)
		}
		return err
	}
	for _, f := range tx.beforeCommit {
		if err := f(ctx); err != nil {
			_ = sqlTx.Rollback()
			return db.classify(err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return db.classify(err)
	}
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

// classify turns driver errors into learnwell errors: a cancelled context stays
// as it is, anything else is internal.
func (db *DB) classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var le *learnwell.Error
	if errors.As(err, &le) {
		return err
	}
	if badText(err) {
		return learnwell.Wrap(err, learnwell.EINVALID, errUnusualText.Message)
	}
	return learnwell.Internal(err)
}
