package store

import (
	"context"
	"database/sql"
	"errors"

	"learnwell"
)

// Meta keys.
const (
	metaDemo = "demo" // "true" when the database was created for the demo
	metaReal = "real" // "true" once real (non-demo) data has been written
)

func getMeta(ctx context.Context, q querier, key string) (string, bool, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = $1", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return v, err == nil, err
}

func setMeta(ctx context.Context, tx *Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, tx.Now)
	return err
}

// querier is what *sql.DB, *sql.Tx and *Tx have in common.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// IsDemo reports whether the database holds the demo dataset.
func (db *DB) IsDemo(ctx context.Context) (bool, error) {
	v, _, err := getMeta(ctx, db.read, metaDemo)
	if err != nil {
		return false, db.classify(err)
	}
	return v == "true", nil
}

// MarkDemo marks the database as a demo database, inside the transaction that
// loads the demo data. It refuses a database that holds real data.
func (tx *Tx) MarkDemo(ctx context.Context) error {
	real, _, err := getMeta(ctx, tx, metaReal)
	if err != nil {
		return err
	}
	if real == "true" {
		return learnwell.Errorf(learnwell.ECONFLICT, "This database holds real data, so demo data cannot be loaded into it. Use an empty database for the demo.")
	}
	return setMeta(ctx, tx, metaDemo, "true")
}

// MarkReal records that real data is being written, inside the writing
// transaction. It refuses a demo database, so demo and real data never mix.
func (tx *Tx) MarkReal(ctx context.Context) error {
	demo, _, err := getMeta(ctx, tx, metaDemo)
	if err != nil {
		return err
	}
	if demo == "true" {
		return learnwell.Errorf(learnwell.ECONFLICT, "This is a demo database, so real data cannot be written to it. Use a new database.")
	}
	real, _, err := getMeta(ctx, tx, metaReal)
	if err != nil || real == "true" {
		return err
	}
	return setMeta(ctx, tx, metaReal, "true")
}

// IsDemo reports whether the database is a demo database, inside a transaction.
func (tx *Tx) IsDemo(ctx context.Context) (bool, error) {
	v, _, err := getMeta(ctx, tx, metaDemo)
	return v == "true", err
}
