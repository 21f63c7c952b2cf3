package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"learnwell"
	"learnwell/internal/geo"
)

// metaPostcodes is the meta key holding the generation of the postcode set
// in use.
const metaPostcodes = "postcodes"

// PostcodeSet describes a loaded ONS postcode directory.
type PostcodeSet struct {
	Generation int64
	Source     string // the file's name
	Rows       int
	LoadedAt   time.Time
}

// postcodeBatch is how many rows a SQLite load writes per transaction, so
// that other writers get their turn between batches.
const postcodeBatch = 20_000

// postcodeInsertRows is how many rows one SQLite INSERT statement writes.
// The driver looks each $N up by name, in time that grows with the number
// of them, so a statement of 200 rows (1,000 arguments) loads at a fifth of
// the speed of one of 50.
const postcodeInsertRows = 50

// ReplacePostcodes loads the rows as a new set of postcodes and, once every
// row is in, switches to it in one transaction and deletes the old set. A
// reader sees the old set or the new one, never a mix; if rows yields an
// error, ctx ends or anything fails, the rows written so far are removed and
// the old set stays in use. source is the file's name, for the about-the-data
// page. It returns the new set. A set of no rows is refused (EINVALID).
//
// On PostgreSQL the rows go in with one COPY; on SQLite in transactions of
// 20,000 rows, so that other writers are held up for a moment at most.
func (db *DB) ReplacePostcodes(ctx context.Context, source string, rows iter.Seq2[geo.PostcodeRow, error]) (PostcodeSet, error) {
	var set PostcodeSet
	err := db.WriteTx(ctx, func(tx *Tx) error {
		set = PostcodeSet{Source: source, LoadedAt: tx.Now}
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(generation), 0) + 1 FROM postcode_sets").Scan(&set.Generation); err != nil {
			return err
		}
		// Two loads at once on PostgreSQL may pick the same number: the
		// second then fails here, on the primary key.
		_, err := tx.ExecContext(ctx, "INSERT INTO postcode_sets (generation, source, started_at) VALUES ($1, $2, $3)", set.Generation, source, tx.Now)
		return err
	})
	if err != nil {
		return PostcodeSet{}, db.classify(err)
	}
	var n int
	if db.loc.Engine == Postgres {
		n, err = db.copyPostcodes(ctx, set.Generation, rows)
	} else {
		n, err = db.insertPostcodes(ctx, set.Generation, rows)
	}
	if err == nil && n == 0 {
		err = learnwell.Errorf(learnwell.EINVALID, "The postcode file has no postcodes to load, so the postcodes in use are kept.")
	}
	if err == nil {
		set.Rows = n
		err = db.switchPostcodes(ctx, &set)
	}
	if err != nil {
		// Leave no half-loaded generation behind, even when ctx has ended.
		if derr := db.deletePostcodeGenerations(context.WithoutCancel(ctx), "generation = $1", set.Generation); derr != nil {
			db.log.WarnContext(ctx, "could not remove a postcode load that failed; the next load removes it", "error", derr.Error())
		}
		return PostcodeSet{}, db.classify(err)
	}
	if err := db.deletePostcodeGenerations(ctx, "generation <> $1", set.Generation); err != nil {
		db.log.WarnContext(ctx, "could not remove the postcodes no longer in use; the next load removes them", "error", err.Error())
	}
	return set, nil
}

// switchPostcodes makes the set the one in use, after checking every row it
// was given is there (another load running at the same time removes them).
func (db *DB) switchPostcodes(ctx context.Context, set *PostcodeSet) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		var have int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM postcodes WHERE generation = $1", set.Generation).Scan(&have); err != nil {
			return err
		}
		if have != set.Rows {
			return learnwell.Errorf(learnwell.ECONFLICT, "Another postcode import ran at the same time and finished first, so this one stopped (%d of its %d postcodes were left). The postcodes in use are the other import's.", have, set.Rows)
		}
		set.LoadedAt = tx.Now
		res, err := tx.ExecContext(ctx, "UPDATE postcode_sets SET row_count = $1, finished_at = $2 WHERE generation = $3", set.Rows, tx.Now, set.Generation)
		if err != nil {
			return err
		}
		// On PostgreSQL the other load cannot see this one's rows until its
		// COPY ends, but it does remove its set.
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return learnwell.Errorf(learnwell.ECONFLICT, "Another postcode import ran at the same time and finished first, so this one stopped. The postcodes in use are the other import's.")
		}
		return setMeta(ctx, tx, metaPostcodes, strconv.FormatInt(set.Generation, 10))
	})
}

// deletePostcodeGenerations deletes the postcodes and sets of the
// generations matching where (with $1 the generation), in batches on SQLite.
func (db *DB) deletePostcodeGenerations(ctx context.Context, where string, generation int64) error {
	if db.loc.Engine == Postgres {
		return db.WriteTx(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, "DELETE FROM postcodes WHERE "+where, generation); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "DELETE FROM postcode_sets WHERE "+where, generation)
			return err
		})
	}
	for {
		var n int64
		err := db.WriteTx(ctx, func(tx *Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM postcodes WHERE (generation, postcode) IN (
				SELECT generation, postcode FROM postcodes WHERE `+where+` LIMIT 50000)`, generation)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM postcode_sets WHERE "+where, generation)
		return err
	})
}

// insertPostcodes writes the rows on SQLite: multi-row INSERTs, in batches
// of postcodeBatch rows per transaction.
func (db *DB) insertPostcodes(ctx context.Context, generation int64, rows iter.Seq2[geo.PostcodeRow, error]) (int, error) {
	full := postcodeInsertSQL(postcodeInsertRows)
	batch := make([]geo.PostcodeRow, 0, postcodeBatch)
	total := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := db.BulkWriteTx(ctx, func(tx *Tx) error {
			stmt, err := tx.PrepareContext(ctx, full)
			if err != nil {
				return err
			}
			defer stmt.Close()
			args := make([]any, 0, postcodeInsertRows*5)
			for chunk := range chunks(batch, postcodeInsertRows) {
				args = postcodeArgs(args[:0], generation, chunk)
				if len(chunk) == postcodeInsertRows {
					_, err = stmt.ExecContext(ctx, args...)
				} else {
					_, err = tx.ExecContext(ctx, postcodeInsertSQL(len(chunk)), args...)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		total += len(batch)
		batch = batch[:0]
		return err
	}
	for row, err := range rows {
		if err != nil {
			return total, err
		}
		batch = append(batch, row)
		if len(batch) == postcodeBatch {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	return total, flush()
}

func chunks[T any](s []T, n int) iter.Seq[[]T] {
	return func(yield func([]T) bool) {
		for len(s) > 0 {
			c := s[:min(n, len(s))]
			s = s[len(c):]
			if !yield(c) {
				return
			}
		}
	}
}

func postcodeInsertSQL(n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO postcodes (generation, postcode, lat, lon, authority) VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "($%d, $%d, $%d, $%d, $%d)", i*5+1, i*5+2, i*5+3, i*5+4, i*5+5)
	}
	return b.String()
}

func postcodeArgs(args []any, generation int64, rows []geo.PostcodeRow) []any {
	for _, r := range rows {
		args = append(args, generation, r.Postcode.String(), r.Point.Lat, r.Point.Lon, r.Authority)
	}
	return args
}

// copyPostcodes writes the rows on PostgreSQL with one COPY, through the
// pgx connection under database/sql. The COPY is one statement: if it
// fails, none of its rows stay.
func (db *DB) copyPostcodes(ctx context.Context, generation int64, rows iter.Seq2[geo.PostcodeRow, error]) (int, error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	next, stop := iter.Pull2(rows)
	defer stop()
	var n int64
	var readErr error // the rows' own error, which pgx reports only as text
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: the PostgreSQL driver is %T, not pgx", dc)
		}
		n, err = sc.Conn().CopyFrom(ctx, pgx.Identifier{"postcodes"}, []string{"generation", "postcode", "lat", "lon", "authority"},
			pgx.CopyFromFunc(func() ([]any, error) {
				row, err, ok := next()
				if !ok || err != nil {
					readErr = err
					return nil, err
				}
				return []any{generation, row.Postcode.String(), row.Point.Lat, row.Point.Lon, row.Authority}, nil
			}))
		return err
	})
	if err != nil && readErr != nil {
		return 0, readErr
	}
	return int(n), err
}

// Postcodes returns the set of postcodes in use, and false when none has
// been loaded.
func (db *DB) Postcodes(ctx context.Context) (PostcodeSet, bool, error) {
	var s PostcodeSet
	var loaded sql.NullTime
	err := db.read.QueryRowContext(ctx, `SELECT generation, source, row_count, finished_at FROM postcode_sets
		WHERE generation = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = $1)`, metaPostcodes).Scan(&s.Generation, &s.Source, &s.Rows, &loaded)
	if errors.Is(err, sql.ErrNoRows) {
		return PostcodeSet{}, false, nil
	}
	if err != nil {
		return PostcodeSet{}, false, db.classify(err)
	}
	s.LoadedAt = loaded.Time.UTC()
	return s, true, nil
}

// findPostcode looks a full postcode up in the set in use.
func (db *DB) findPostcode(ctx context.Context, p geo.Postcode) (pt geo.Point, authority string, found bool, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT lat, lon, authority FROM postcodes
		WHERE generation = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = $1) AND postcode = $2`, metaPostcodes, p.String()).Scan(&pt.Lat, &pt.Lon, &authority)
	if errors.Is(err, sql.ErrNoRows) {
		return geo.Point{}, "", false, nil
	}
	return pt, authority, err == nil, err
}

// LocatePostcode places a postcode or district as a person typed it: a full
// postcode in the loaded ONS postcode directory at its own point, with its
// local authority (Exact); any other (a district, or a postcode the
// directory lacks or none is loaded) at its district's centre, as
// geo.LocateString does, with the same errors for input that is not a
// postcode or a district that is not known. Should the database fail, it
// logs a warning and falls back to the district. Importers call it for each
// venue's postcode; Locator gives it to the finder and the feed.
func (db *DB) LocatePostcode(ctx context.Context, s string) (geo.Place, error) {
	p, err := geo.ParsePostcode(s)
	if err != nil {
		return geo.Place{}, err
	}
	if !p.IsDistrict() {
		pt, auth, found, err := db.findPostcode(ctx, p)
		switch {
		case err != nil && ctx.Err() == nil:
			// The postcode itself is personal data: it stays out of the log.
			db.log.WarnContext(ctx, "could not look a postcode up; placing it at its district's centre", "error", err.Error())
		case found:
			return geo.Place{Postcode: p, Point: pt, Authority: auth, Exact: true}, nil
		}
	}
	pt, err := geo.Locate(p)
	if err != nil {
		return geo.Place{Postcode: p}, err
	}
	return geo.Place{Postcode: p, Point: pt}, nil
}

// Locator returns LocatePostcode as a geo.Locator.
func (db *DB) Locator() geo.Locator { return geo.LocatorFunc(db.LocatePostcode) }
