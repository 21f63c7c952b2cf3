package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"

	"github.com/jackc/pgx/v5/pgconn"

	"learnwell"
)

// The store's last line of defence against unusual text (a NUL byte, a C0
// control, bytes that are not UTF-8: learnwell.UnusualText). The HTTP edge
// and the importers refuse it first, with a message per field; if a caller
// forgot, every statement of a transaction refuses it here with EINVALID on
// both engines alike. Without this SQLite stores it and PostgreSQL fails
// with SQLSTATE 22021 (a 500).

// errUnusualText is the store's refusal: the caller did not check its input.
var errUnusualText = learnwell.Errorf(learnwell.EINVALID, "Remove the unusual characters from your answers, then try again.")

// ExecContext is the transaction's ExecContext, refusing unusual text.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if unusualArgs(args) {
		return nil, errUnusualText
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}

// QueryContext is the transaction's QueryContext, refusing unusual text.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if unusualArgs(args) {
		return nil, errUnusualText
	}
	return tx.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext is the transaction's QueryRowContext, refusing unusual
// text: the row's Scan returns the EINVALID error. (A *sql.Row can carry
// only an error of the driver's, so the arguments are replaced by one whose
// conversion fails with it, before the query reaches the database.)
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if unusualArgs(args) {
		return tx.Tx.QueryRowContext(ctx, "SELECT $1", refusedText{})
	}
	return tx.Tx.QueryRowContext(ctx, query, args...)
}

// refusedText is an argument that cannot be sent.
type refusedText struct{}

// Value implements driver.Valuer: it always fails.
func (refusedText) Value() (driver.Value, error) { return nil, errUnusualText }

// unusualArgs reports whether an argument is, or points to, or is a slice
// of, text that learnwell refuses. Bytes ([]byte) are data, not text.
func unusualArgs(args []any) bool {
	for _, a := range args {
		switch v := a.(type) {
		case nil, []byte, int, int64, bool:
			continue
		case string:
			if learnwell.UnusualText(v) {
				return true
			}
			continue
		}
		if unusualValue(reflect.ValueOf(a)) {
			return true
		}
	}
	return false
}

func unusualValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return learnwell.UnusualText(v.String())
	case reflect.Pointer:
		return !v.IsNil() && unusualValue(v.Elem())
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return false
		}
		for i := range v.Len() {
			if unusualValue(v.Index(i)) {
				return true
			}
		}
	}
	return false
}

// badText reports whether err is PostgreSQL refusing text: an invalid byte
// sequence (SQLSTATE 22021, such as NUL) or a Unicode escape it does not
// support (22P05, such as \u0000 in JSON).
func badText(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "22021" || pe.Code == "22P05")
}
