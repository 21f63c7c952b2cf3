package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"learnwell/internal/directory"
)

// The columns the feed filters on (migration 0004) copy fields out of each
// row's JSON. PutLocation, PutCourse and its runs write them with the row;
// fillFeedColumns fills them in once for rows written before the migration.

// locationPoint returns the venue's point as two nullable columns.
func locationPoint(l directory.Location) (lat, lon sql.NullFloat64) {
	if l.Point == nil {
		return lat, lon
	}
	return sql.NullFloat64{Float64: l.Point.Lat, Valid: true}, sql.NullFloat64{Float64: l.Point.Lon, Valid: true}
}

// runFeedColumns are a run's days, times and service_at_location id.
type runFeedColumns struct {
	days         int    // bit d for weekday d
	starts, ends string // HH:MM
	sal          sql.NullString
}

func runFeedColumnsOf(r directory.Run) runFeedColumns {
	fc := runFeedColumns{days: dayMask(r.Days()), starts: r.Schedule.Start.String(), ends: r.Schedule.End.String()}
	if !r.Online() {
		fc.sal = sql.NullString{String: directory.ServiceAtLocationID(r.CourseID, r.LocationID), Valid: true}
	}
	return fc
}

// replaceCourseTerms writes the terms that classify the course.
func (tx *Tx) replaceCourseTerms(ctx context.Context, c directory.Course) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM course_terms WHERE course_id = $1", c.ID); err != nil {
		return err
	}
	ids := c.TermIDs()
	if len(ids) == 0 {
		return nil
	}
	args := []any{c.ID}
	var values []string
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		args = append(args, id)
		values = append(values, fmt.Sprintf("($1, $%d)", len(args)))
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO course_terms (course_id, term_id) VALUES "+strings.Join(values, ", "), args...)
	return err
}

// metaFeedColumns records that the feed's columns are filled in.
const metaFeedColumns = "feed_columns"

// fillFeedColumns fills in the feed's columns of rows written before
// migration 0004, once; Migrate calls it.
func (db *DB) fillFeedColumns(ctx context.Context) error {
	done, _, err := getMeta(ctx, db.write, metaFeedColumns)
	if err != nil || done == "1" {
		return err
	}
	return db.BulkWriteTx(ctx, func(tx *Tx) error {
		err := eachData(ctx, tx, "SELECT data FROM locations", func(l directory.Location) error {
			lat, lon := locationPoint(l)
			_, err := tx.ExecContext(ctx, "UPDATE locations SET lat = $1, lon = $2 WHERE id = $3", lat, lon, l.ID)
			return err
		})
		if err != nil {
			return err
		}
		err = eachData(ctx, tx, "SELECT data FROM courses", func(c directory.Course) error {
			if _, err := tx.ExecContext(ctx, "UPDATE courses SET min_age = $1, max_age = $2 WHERE id = $3", c.MinAge, c.MaxAge, c.ID); err != nil {
				return err
			}
			return tx.replaceCourseTerms(ctx, c)
		})
		if err != nil {
			return err
		}
		err = eachData(ctx, tx, "SELECT data FROM runs", func(r directory.Run) error {
			fc := runFeedColumnsOf(r)
			_, err := tx.ExecContext(ctx, "UPDATE runs SET days = $1, starts_at = $2, ends_at = $3, service_at_location_id = $4 WHERE id = $5",
				fc.days, fc.starts, fc.ends, fc.sal, r.ID)
			return err
		})
		if err != nil {
			return err
		}
		return setMeta(ctx, tx, metaFeedColumns, "1")
	})
}

// eachData decodes every row's data column, reading them all before fn
// runs, so that fn may write to the same transaction (SQLite's one writer
// connection cannot read and write at once). It is for one-off upkeep.
func eachData[T any](ctx context.Context, tx *Tx, query string, fn func(T) error) error {
	var all []T
	if err := scanJSON(ctx, tx, query, nil, func(v T) { all = append(all, v) }); err != nil {
		return err
	}
	for _, v := range all {
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}
