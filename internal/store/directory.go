package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"learnwell"
	"learnwell/internal/directory"
)

// directoryLockKey serialises directory writes on PostgreSQL so change
// sequence numbers commit in order: a node polling for changes never skips
// one that commits late. SQLite has one writer already.
const directoryLockKey = 7_000_002

func (tx *Tx) lockDirectory(ctx context.Context) error {
	if tx.db.loc.Engine != Postgres {
		return nil
	}
	// Keyed by schema too, so databases in different schemas (tests) never wait on each other.
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))", directoryLockKey)
	return err
}

func (tx *Tx) recordChange(ctx context.Context, courseID string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO directory_changes (course_id, changed_at) VALUES ($1, $2)", courseID, tx.Now)
	return err
}

// PutOrganisation creates or updates a learning provider, after validating it.
func (tx *Tx) PutOrganisation(ctx context.Context, o *directory.Organisation) error {
	if o.ID == "" {
		o.ID = learnwell.NewID()
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if err := tx.lockDirectory(ctx); err != nil {
		return err
	}
	o.UpdatedAt = tx.Now
	if o.CreatedAt.IsZero() {
		o.CreatedAt = tx.Now
	}
	data, err := json.Marshal(o)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO organisations (id, name, data, source_system, source_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, data = excluded.data, source_system = excluded.source_system,
			source_id = excluded.source_id, updated_at = excluded.updated_at`,
		o.ID, o.Name, string(data), o.Source.System, o.Source.ID, o.CreatedAt, o.UpdatedAt)
	if err != nil {
		return err
	}
	return tx.recordChangesWhere(ctx, "SELECT id FROM courses WHERE organisation_id = $1", o.ID)
}

// recordChangesWhere records a change for each course the query returns.
func (tx *Tx) recordChangesWhere(ctx context.Context, query string, args ...any) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO directory_changes (course_id, changed_at) SELECT id, $"+
		fmt.Sprint(len(args)+1)+" FROM ("+query+") affected", append(args, tx.Now)...)
	return err
}

// PutLocation creates or updates a venue, after normalising and validating it.
func (tx *Tx) PutLocation(ctx context.Context, l *directory.Location) error {
	if l.ID == "" {
		l.ID = learnwell.NewID()
	}
	l.Normalise()
	if err := l.Validate(); err != nil {
		return err
	}
	if err := tx.lockDirectory(ctx); err != nil {
		return err
	}
	l.UpdatedAt = tx.Now
	if l.CreatedAt.IsZero() {
		l.CreatedAt = tx.Now
	}
	data, err := json.Marshal(l)
	if err != nil {
		return err
	}
	lat, lon := locationPoint(*l)
	_, err = tx.ExecContext(ctx, `INSERT INTO locations (id, organisation_id, postcode, borough, data, source_system, source_id, created_at, updated_at, lat, lon)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id, postcode = excluded.postcode,
			borough = excluded.borough, data = excluded.data, source_system = excluded.source_system,
			source_id = excluded.source_id, updated_at = excluded.updated_at, lat = excluded.lat, lon = excluded.lon`,
		l.ID, l.OrganisationID, l.Postcode, l.Borough, string(data), l.Source.System, l.Source.ID, l.CreatedAt, l.UpdatedAt, lat, lon)
	if err != nil {
		return tx.foreignKey(err, "organisation_id", "Select the organisation that uses the venue")
	}
	return tx.recordChangesWhere(ctx, "SELECT DISTINCT course_id AS id FROM runs WHERE location_id = $1", l.ID)
}

// PutCourse creates or updates a course with all its runs: runs not in the
// list are removed. The course and each run are validated against the
// taxonomies, and every message is returned together; nothing is written
// when anything is wrong.
func (tx *Tx) PutCourse(ctx context.Context, c *directory.Course, runs []directory.Run, tax *directory.Taxonomies) error {
	if c.ID == "" {
		c.ID = learnwell.NewID()
	}
	var v learnwell.Validation
	if err := c.Validate(tax); err != nil {
		for _, f := range learnwell.ErrorFields(err) {
			v.Add(f.Field, f.Message)
		}
	}
	for i := range runs {
		if runs[i].ID == "" {
			runs[i].ID = learnwell.NewID()
		}
		runs[i].CourseID = c.ID
		if err := runs[i].Validate(); err != nil {
			for _, f := range learnwell.ErrorFields(err) {
				v.Add(fmt.Sprintf("runs[%d].%s", i, f.Field), f.Message)
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := tx.lockDirectory(ctx); err != nil {
		return err
	}
	c.UpdatedAt = tx.Now
	if c.CreatedAt.IsZero() {
		c.CreatedAt = tx.Now
	}
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO courses (id, organisation_id, title, status, data, source_system, source_id, created_at, updated_at, min_age, max_age)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id, title = excluded.title,
			status = excluded.status, data = excluded.data, source_system = excluded.source_system,
			source_id = excluded.source_id, updated_at = excluded.updated_at, min_age = excluded.min_age, max_age = excluded.max_age`,
		c.ID, c.OrganisationID, c.Title, string(c.Status), string(data), c.Source.System, c.Source.ID, c.CreatedAt, c.UpdatedAt, c.MinAge, c.MaxAge)
	if err != nil {
		return tx.foreignKey(err, "organisation_id", "Select the organisation that runs the course")
	}
	if err := tx.replaceCourseTerms(ctx, *c); err != nil {
		return err
	}
	if err := tx.replaceRuns(ctx, c.ID, runs); err != nil {
		return err
	}
	return tx.recordChange(ctx, c.ID)
}

func (tx *Tx) replaceRuns(ctx context.Context, courseID string, runs []directory.Run) error {
	keep := make([]any, 0, len(runs)+1)
	keep = append(keep, courseID)
	marks := make([]string, 0, len(runs))
	for i, r := range runs {
		keep = append(keep, r.ID)
		marks = append(marks, fmt.Sprintf("$%d", i+2))
	}
	del := "DELETE FROM runs WHERE course_id = $1"
	if len(marks) > 0 {
		del += " AND id NOT IN (" + strings.Join(marks, ", ") + ")"
	}
	if _, err := tx.ExecContext(ctx, del, keep...); err != nil {
		return err
	}
	for i := range runs {
		r := &runs[i]
		r.UpdatedAt = tx.Now
		if r.CreatedAt.IsZero() {
			r.CreatedAt = tx.Now
		}
		data, err := json.Marshal(r)
		if err != nil {
			return err
		}
		var loc sql.NullString
		if r.LocationID != "" {
			loc = sql.NullString{String: r.LocationID, Valid: true}
		}
		fc := runFeedColumnsOf(*r)
		_, err = tx.ExecContext(ctx, `INSERT INTO runs (id, course_id, location_id, status, first_session, last_session,
				places_total, places_taken, data, created_at, updated_at, days, starts_at, ends_at, service_at_location_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
			ON CONFLICT (id) DO UPDATE SET course_id = excluded.course_id, location_id = excluded.location_id,
				status = excluded.status, first_session = excluded.first_session, last_session = excluded.last_session,
				places_total = excluded.places_total, places_taken = excluded.places_taken, data = excluded.data,
				updated_at = excluded.updated_at, days = excluded.days, starts_at = excluded.starts_at,
				ends_at = excluded.ends_at, service_at_location_id = excluded.service_at_location_id`,
			r.ID, r.CourseID, loc, string(r.Status), r.FirstSession.String(), r.LastSession.String(),
			r.PlacesTotal, r.PlacesTaken, string(data), r.CreatedAt, r.UpdatedAt, fc.days, fc.starts, fc.ends, fc.sal)
		if err != nil {
			return tx.foreignKey(err, fmt.Sprintf("runs[%d].location_id", i), "Select a venue from the list")
		}
	}
	return nil
}

// foreignKey turns a foreign key violation into a validation message.
func (tx *Tx) foreignKey(err error, field, message string) error {
	s := strings.ToLower(err.Error())
	if strings.Contains(s, "foreign key") {
		var v learnwell.Validation
		v.Add(field, message)
		return v.Err()
	}
	return err
}

// DeleteCourse removes a course and its runs.
func (tx *Tx) DeleteCourse(ctx context.Context, id string) error {
	if err := tx.lockDirectory(ctx); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, "DELETE FROM courses WHERE id = $1", id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return learnwell.Errorf(learnwell.ENOTFOUND, "There is no such course.")
	}
	return tx.recordChange(ctx, id)
}

// FindListing returns one course with its provider, runs and venues, or ENOTFOUND.
func (db *DB) FindListing(ctx context.Context, id string) (directory.Listing, error) {
	ls, err := db.FindListings(ctx, []string{id})
	if err != nil {
		return directory.Listing{}, err
	}
	if len(ls) == 0 {
		return directory.Listing{}, learnwell.Errorf(learnwell.ENOTFOUND, "There is no such course.")
	}
	return ls[0], nil
}

// FindListings returns the listings of the courses with these ids, in the
// order given; ids not found are left out. It makes four queries whatever the
// number of ids, so a page of results costs the same as one course.
func (db *DB) FindListings(ctx context.Context, ids []string) ([]directory.Listing, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []directory.Listing
	err := db.ReadTx(ctx, func(tx *Tx) error {
		args, marks := inList(ids)
		courses := map[string]directory.Course{}
		if err := scanJSON(ctx, tx, "SELECT data FROM courses WHERE id IN ("+marks+")", args, func(c directory.Course) { courses[c.ID] = c }); err != nil {
			return err
		}
		if len(courses) == 0 {
			return nil // and PostgreSQL refuses an empty IN ()
		}
		runs := map[string][]directory.Run{}
		var locIDs []string
		err := eachRow(ctx, tx, "SELECT data, places_taken, places_total, status FROM runs WHERE course_id IN ("+marks+") ORDER BY first_session, id", args,
			func(rows *sql.Rows) error {
				var data string
				var r directory.Run
				var status string
				if err := rows.Scan(&data, &r.PlacesTaken, &r.PlacesTotal, &status); err != nil {
					return err
				}
				taken, total := r.PlacesTaken, r.PlacesTotal
				if err := json.Unmarshal([]byte(data), &r); err != nil {
					return err
				}
				r.PlacesTaken, r.PlacesTotal, r.Status = taken, total, directory.RunStatus(status)
				runs[r.CourseID] = append(runs[r.CourseID], r)
				if r.LocationID != "" {
					locIDs = append(locIDs, r.LocationID)
				}
				return nil
			})
		if err != nil {
			return err
		}
		locs := map[string]directory.Location{}
		if len(locIDs) > 0 {
			largs, lmarks := inList(locIDs)
			if err := scanJSON(ctx, tx, "SELECT data FROM locations WHERE id IN ("+lmarks+")", largs, func(l directory.Location) { locs[l.ID] = l }); err != nil {
				return err
			}
		}
		var orgIDs []string
		for _, c := range courses {
			orgIDs = append(orgIDs, c.OrganisationID)
		}
		orgs := map[string]directory.Organisation{}
		oargs, omarks := inList(orgIDs)
		if err := scanJSON(ctx, tx, "SELECT data FROM organisations WHERE id IN ("+omarks+")", oargs, func(o directory.Organisation) { orgs[o.ID] = o }); err != nil {
			return err
		}
		for _, id := range ids {
			c, ok := courses[id]
			if !ok {
				continue
			}
			l := directory.Listing{Organisation: orgs[c.OrganisationID], Course: c, Runs: runs[id], Locations: map[string]directory.Location{}}
			for _, r := range l.Runs {
				if loc, ok := locs[r.LocationID]; ok {
					l.Locations[loc.ID] = loc
				}
			}
			out = append(out, l)
		}
		return nil
	})
	return out, db.classify(err)
}

// inList returns distinct values as arguments and their $N placeholders.
func inList(values []string) ([]any, string) {
	seen := map[string]bool{}
	var args []any
	var marks []string
	for _, v := range values {
		if seen[v] {
			continue
		}
		seen[v] = true
		args = append(args, v)
		marks = append(marks, fmt.Sprintf("$%d", len(args)))
	}
	return args, strings.Join(marks, ", ")
}

func eachRow(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanJSON decodes the single data column of each row into a T.
func scanJSON[T any](ctx context.Context, q querier, query string, args []any, fn func(T)) error {
	return eachRow(ctx, q, query, args, func(rows *sql.Rows) error {
		var data string
		if err := rows.Scan(&data); err != nil {
			return err
		}
		var v T
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			return err
		}
		fn(v)
		return nil
	})
}

// DirectoryChanges returns the ids of courses changed after seq, oldest
// first, at most limit, and the sequence number to ask from next time.
func (db *DB) DirectoryChanges(ctx context.Context, after int64, limit int) (ids []string, next int64, err error) {
	next = after
	seen := map[string]bool{}
	err = eachRow(ctx, db.read, "SELECT seq, course_id FROM directory_changes WHERE seq > $1 ORDER BY seq LIMIT $2", []any{after, limit}, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&next, &id); err != nil {
			return err
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
		return nil
	})
	return ids, next, db.classify(err)
}

// DirectoryCounts says how many organisations, courses and runs there are.
type DirectoryCounts struct{ Organisations, Locations, Courses, Runs int }

// CountDirectory counts the directory's records.
func (db *DB) CountDirectory(ctx context.Context) (DirectoryCounts, error) {
	var c DirectoryCounts
	err := db.read.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM organisations), (SELECT COUNT(*) FROM locations),
		(SELECT COUNT(*) FROM courses), (SELECT COUNT(*) FROM runs)`).Scan(&c.Organisations, &c.Locations, &c.Courses, &c.Runs)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return c, db.classify(err)
}
