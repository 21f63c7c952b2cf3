package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
)

// The Open Referral feed (internal/api/oruk) reads the directory a page at a
// time: the functions here select and count the courses, venues and
// providers it lists in SQL, in a stable order, so that a page costs the
// same at any size of directory and no request holds the whole directory.
// The feed then reads the page's listings with FindListings.

// FeedPage is which rows of a list to return.
type FeedPage struct {
	Offset, Limit int
}

// FeedFilter selects the courses the feed lists: active ones, narrowed by
// each field that is set. Conditions combine with AND.
type FeedFilter struct {
	// IDs, when not nil, keeps only these courses (the matches of a search
	// in the finder's index); an empty, non-nil IDs keeps none.
	IDs []string
	// Today decides which runs are published: open or full, with their
	// last session on or after Today (directory.Run.Published, in SQL).
	Today directory.Date
	// TermID keeps the courses classified by this taxonomy term.
	TermID string
	// AnyTermIDs, when not nil, keeps the courses classified by at least
	// one of these terms (the terms of one taxonomy).
	AnyTermIDs []string
	// MinAge and MaxAge keep the courses whose ages overlap them (0: not
	// given; a course's 0 is open).
	MinAge, MaxAge int
	// OrganisationID keeps one provider's courses.
	OrganisationID string
	// ModifiedAfter keeps the courses that changed after it: the course, its
	// provider, one of its runs or one of their venues.
	ModifiedAfter time.Time
	// Days, StartsFrom and EndsBy keep the courses with a published run that
	// meets all three: on one of the days, starting at or after StartsFrom,
	// ending at or before EndsBy (London clock times).
	Days       []time.Weekday
	StartsFrom *directory.ClockTime
	EndsBy     *directory.ClockTime
}

// hasRunConditions reports whether a published run must meet Days,
// StartsFrom or EndsBy.
func (f FeedFilter) hasRunConditions() bool {
	return len(f.Days) > 0 || f.StartsFrom != nil || f.EndsBy != nil
}

// none reports whether the filter keeps nothing, without asking the database.
func (f FeedFilter) none() bool {
	return (f.IDs != nil && len(f.IDs) == 0) || (f.AnyTermIDs != nil && len(f.AnyTermIDs) == 0)
}

// sqlArgs collects the arguments of a statement and writes their $N.
type sqlArgs struct {
	engine string
	args   []any
}

func (a *sqlArgs) add(v any) string {
	a.args = append(a.args, v)
	return fmt.Sprintf("$%d", len(a.args))
}

// in writes "column IN (the values)" with the values as one argument: a JSON
// array on SQLite, a text array on PostgreSQL. Any number of values costs
// one argument, and PostgreSQL never sees an empty IN ().
func (a *sqlArgs) in(column string, values []string) string {
	if a.engine == Postgres {
		return column + " = ANY(" + a.add(values) + ")"
	}
	b, _ := json.Marshal(values)
	return column + " IN (SELECT value FROM json_each(" + a.add(string(b)) + "))"
}

// courseConditions writes the filter's conditions on the course c.
func (a *sqlArgs) courseConditions(f FeedFilter) string {
	conds := []string{"c.status = 'active'"}
	if f.IDs != nil {
		conds = append(conds, a.in("c.id", f.IDs))
	}
	if f.TermID != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM course_terms t WHERE t.course_id = c.id AND t.term_id = "+a.add(f.TermID)+")")
	}
	if f.AnyTermIDs != nil {
		conds = append(conds, "EXISTS (SELECT 1 FROM course_terms t WHERE t.course_id = c.id AND "+a.in("t.term_id", f.AnyTermIDs)+")")
	}
	if f.MinAge > 0 {
		conds = append(conds, "(c.max_age = 0 OR c.max_age >= "+a.add(f.MinAge)+")")
	}
	if f.MaxAge > 0 {
		conds = append(conds, "(c.min_age = 0 OR c.min_age <= "+a.add(f.MaxAge)+")")
	}
	if f.OrganisationID != "" {
		conds = append(conds, "c.organisation_id = "+a.add(f.OrganisationID))
	}
	if !f.ModifiedAfter.IsZero() {
		// Stored times are whole microseconds, so comparing with the time cut
		// to microseconds gives the same answer on both engines, whatever
		// each does with the nanoseconds.
		t := a.add(f.ModifiedAfter.UTC().Truncate(time.Microsecond))
		conds = append(conds, "(c.updated_at > "+t+
			" OR EXISTS (SELECT 1 FROM organisations o WHERE o.id = c.organisation_id AND o.updated_at > "+t+")"+
			" OR EXISTS (SELECT 1 FROM runs r WHERE r.course_id = c.id AND r.updated_at > "+t+")"+
			" OR EXISTS (SELECT 1 FROM runs r JOIN locations l ON l.id = r.location_id WHERE r.course_id = c.id AND l.updated_at > "+t+"))")
	}
	return strings.Join(conds, " AND ")
}

// published writes the condition that the run r is published: the SQL of
// directory.Run.Published, which the finder and the feed's mapper use.
func (a *sqlArgs) published(f FeedFilter) string {
	return "r.status IN ('open', 'full') AND r.last_session >= " + a.add(f.Today.String())
}

// runConditions writes Days, StartsFrom and EndsBy on the run r ("" when
// none is set).
func (a *sqlArgs) runConditions(f FeedFilter) string {
	var conds []string
	if len(f.Days) > 0 {
		conds = append(conds, "(r.days & "+a.add(dayMask(f.Days))+") <> 0")
	}
	if f.StartsFrom != nil {
		conds = append(conds, "r.starts_at >= "+a.add(f.StartsFrom.String()))
	}
	if f.EndsBy != nil {
		conds = append(conds, "r.ends_at <= "+a.add(f.EndsBy.String()))
	}
	return strings.Join(conds, " AND ")
}

func dayMask(days []time.Weekday) int {
	m := 0
	for _, d := range days {
		m |= 1 << d
	}
	return m
}

// FindFeedServices returns the ids of a page of the courses the filter keeps,
// in order of id, and how many it keeps in all. With run conditions a course
// needs a published run that meets them.
func (db *DB) FindFeedServices(ctx context.Context, f FeedFilter, page FeedPage) (ids []string, total int, err error) {
	if f.none() {
		return nil, 0, nil
	}
	a := &sqlArgs{engine: db.loc.Engine}
	where := a.courseConditions(f)
	if f.hasRunConditions() {
		where += " AND EXISTS (SELECT 1 FROM runs r WHERE r.course_id = c.id AND " + a.published(f) + " AND " + a.runConditions(f) + ")"
	}
	err = db.ReadTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM courses c WHERE "+where, a.args...).Scan(&total); err != nil {
			return err
		}
		if total <= page.Offset {
			return nil
		}
		args := append(a.args, page.Limit, page.Offset)
		q := fmt.Sprintf("SELECT c.id FROM courses c WHERE %s ORDER BY c.id LIMIT $%d OFFSET $%d", where, len(args)-1, len(args))
		return eachRow(ctx, tx, q, args, func(rows *sql.Rows) error {
			var id string
			err := rows.Scan(&id)
			ids = append(ids, id)
			return err
		})
	})
	return ids, total, db.classify(err)
}

// FeedVenue is a course at one of its venues: a service_at_location of the
// feed. Lat and Lon are the venue's point, when it has one.
type FeedVenue struct {
	CourseID, LocationID string
	ID                   string // directory.ServiceAtLocationID of the two
	Point                *geo.Point
}

// venuesQuery writes the query of the feed's venues: each (course, venue)
// with a published run, of a course the filter keeps, with a published run
// there that meets the run conditions. The columns are course_id,
// location_id, service_at_location_id, lat, lon and first_run (the first
// session and id of the first published run there, which orders the venues
// of a course as the course's runs are ordered).
func (a *sqlArgs) venuesQuery(f FeedFilter) string {
	q := `SELECT r.course_id, r.location_id, r.service_at_location_id, l.lat, l.lon, MIN(r.first_session || ' ' || r.id) AS first_run
		FROM runs r JOIN courses c ON c.id = r.course_id JOIN locations l ON l.id = r.location_id
		WHERE r.location_id IS NOT NULL AND ` + a.published(f) + " AND " + a.courseConditions(f) + `
		GROUP BY r.course_id, r.location_id, r.service_at_location_id, l.lat, l.lon`
	if f.hasRunConditions() {
		q += " HAVING MAX(CASE WHEN " + a.runConditions(f) + " THEN 1 ELSE 0 END) = 1"
	}
	return q
}

// nearVenuesQuery writes the query of the same venues as venuesQuery, in no
// order, with an empty first_run; within, when not nil, keeps those inside
// the box. The venues in the box lead the join (on SQLite, whose planner
// has no statistics, CROSS JOIN fixes the order), so a small box reads few
// runs whatever the size of the directory.
func (a *sqlArgs) nearVenuesQuery(f FeedFilter, within *geo.Box) string {
	where := "r.location_id = l.id AND c.id = r.course_id AND " + a.published(f) + " AND " + a.courseConditions(f)
	if within != nil {
		where += fmt.Sprintf(" AND l.lat BETWEEN %s AND %s AND l.lon BETWEEN %s AND %s",
			a.add(within.MinLat), a.add(within.MaxLat), a.add(within.MinLon), a.add(within.MaxLon))
	}
	if f.hasRunConditions() {
		where += " AND " + a.runConditions(f)
	}
	return `SELECT DISTINCT r.course_id, r.location_id, r.service_at_location_id, l.lat, l.lon, '' AS first_run
		FROM locations l CROSS JOIN runs r CROSS JOIN courses c WHERE ` + where
}

func scanVenue(rows *sql.Rows) (FeedVenue, error) {
	var v FeedVenue
	var lat, lon sql.NullFloat64
	var first string
	if err := rows.Scan(&v.CourseID, &v.LocationID, &v.ID, &lat, &lon, &first); err != nil {
		return v, err
	}
	if lat.Valid && lon.Valid {
		v.Point = &geo.Point{Lat: lat.Float64, Lon: lon.Float64}
	}
	return v, nil
}

// FindFeedServiceAtLocations returns a page of the feed's venues (see
// FeedVenue) of the courses the filter keeps, in order of course id and
// then of each course's runs, and how many there are in all.
func (db *DB) FindFeedServiceAtLocations(ctx context.Context, f FeedFilter, page FeedPage) (venues []FeedVenue, total int, err error) {
	if f.none() {
		return nil, 0, nil
	}
	a := &sqlArgs{engine: db.loc.Engine}
	q := a.venuesQuery(f)
	err = db.ReadTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+q+") v", a.args...).Scan(&total); err != nil {
			return err
		}
		if total <= page.Offset {
			return nil
		}
		args := append(a.args, page.Limit, page.Offset)
		paged := fmt.Sprintf("%s ORDER BY r.course_id, first_run LIMIT $%d OFFSET $%d", q, len(args)-1, len(args))
		return eachRow(ctx, tx, paged, args, func(rows *sql.Rows) error {
			v, err := scanVenue(rows)
			venues = append(venues, v)
			return err
		})
	})
	return venues, total, db.classify(err)
}

// EachFeedServiceAtLocation calls fn with every venue of the feed (see
// FeedVenue) of the courses the filter keeps, in no particular order; with
// within, only those whose point is inside the box. It is for ordering by
// distance, which the caller does: it holds nothing itself.
func (db *DB) EachFeedServiceAtLocation(ctx context.Context, f FeedFilter, within *geo.Box, fn func(FeedVenue) error) error {
	if f.none() {
		return nil
	}
	a := &sqlArgs{engine: db.loc.Engine}
	q := a.nearVenuesQuery(f, within)
	err := db.ReadTx(ctx, func(tx *Tx) error {
		return eachRow(ctx, tx, q, a.args, func(rows *sql.Rows) error {
			v, err := scanVenue(rows)
			if err != nil {
				return err
			}
			return fn(v)
		})
	})
	return db.classify(err)
}

// FindFeedServiceAtLocation returns the course and venue of the feed's
// service_at_location id, from any run held there (published or not: the
// caller decides), or ENOTFOUND.
func (db *DB) FindFeedServiceAtLocation(ctx context.Context, id string) (courseID, locationID string, err error) {
	err = db.read.QueryRowContext(ctx, "SELECT course_id, location_id FROM runs WHERE service_at_location_id = $1 LIMIT 1", id).Scan(&courseID, &locationID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", learnwell.Errorf(learnwell.ENOTFOUND, "There is no such service at a location.")
	}
	return courseID, locationID, db.classify(err)
}

// The feed's organizations are the providers with at least one course (of
// any status), in the order of their first course's id.
const feedOrganisations = `SELECT o.data FROM organisations o
	JOIN (SELECT organisation_id, MIN(id) AS first_course FROM courses GROUP BY organisation_id) f ON f.organisation_id = o.id`

// FindFeedOrganisations returns a page of the providers that have a course,
// in the order of their first course's id, and how many there are in all.
func (db *DB) FindFeedOrganisations(ctx context.Context, page FeedPage) (orgs []directory.Organisation, total int, err error) {
	err = db.ReadTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(DISTINCT organisation_id) FROM courses").Scan(&total); err != nil {
			return err
		}
		if total <= page.Offset {
			return nil
		}
		return scanJSON(ctx, tx, feedOrganisations+" ORDER BY f.first_course LIMIT $1 OFFSET $2", []any{page.Limit, page.Offset},
			func(o directory.Organisation) { orgs = append(orgs, o) })
	})
	return orgs, total, db.classify(err)
}

// EachFeedOrganisation calls fn with every provider that has a course, in
// the order of their first course's id, for a search of their names.
func (db *DB) EachFeedOrganisation(ctx context.Context, fn func(directory.Organisation) error) error {
	err := db.ReadTx(ctx, func(tx *Tx) error {
		var fnErr error
		err := scanJSON(ctx, tx, feedOrganisations+" ORDER BY f.first_course", nil, func(o directory.Organisation) {
			if fnErr == nil {
				fnErr = fn(o)
			}
		})
		if err != nil {
			return err
		}
		return fnErr
	})
	return db.classify(err)
}

// FindFeedOrganisation returns the provider with the id if it has a course,
// else ENOTFOUND.
func (db *DB) FindFeedOrganisation(ctx context.Context, id string) (directory.Organisation, error) {
	var found []directory.Organisation
	err := scanJSON(ctx, db.read, "SELECT data FROM organisations o WHERE id = $1 AND EXISTS (SELECT 1 FROM courses c WHERE c.organisation_id = o.id)",
		[]any{id}, func(o directory.Organisation) { found = append(found, o) })
	if err != nil {
		return directory.Organisation{}, db.classify(err)
	}
	if len(found) == 0 {
		return directory.Organisation{}, learnwell.Errorf(learnwell.ENOTFOUND, "There is no such organisation.")
	}
	return found[0], nil
}
