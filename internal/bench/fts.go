package bench

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"learnwell/internal/finder"
	"learnwell/internal/geo"
	"learnwell/internal/search"
	"learnwell/internal/store"
)

// FTSResult compares the engine's own full-text and geographic search with
// the index, on the same words and places. The engine's tables exist only
// in the bench's throwaway database.
type FTSResult struct {
	Engine string
	Method string        // what the engine ran, in a few words
	Build  time.Duration // making the full-text table and its index
	Rows   []FTSRow
}

// FTSRow is one kind of query timed on the engine and on the index. Matches
// differ a little: the engines stem and split words their own way, and the
// index counts only courses with a session to come.
type FTSRow struct {
	Kind          string
	Query         string // the words or district; "" for the row of the whole kind
	Queries       int
	EngineMatches [2]int // fewest and most
	IndexMatches  [2]int
	Engine, Index Latency
}

// withinKm is the radius of the geographic comparison.
const withinKm = 5.0

// dialect is the SQL one engine runs for the comparison.
type dialect struct {
	method string
	build  []string
	top    string // $1: the words; returns the page of ids
	count  string // $1: the words
}

var dialects = map[string]dialect{
	store.SQLite: {
		method: "FTS5 (porter), bm25 top 20 + COUNT(*)",
		build: []string{
			`CREATE VIRTUAL TABLE bench_fts USING fts5(id UNINDEXED, title, summary, description, tokenize = 'porter unicode61 remove_diacritics 2')`,
			`INSERT INTO bench_fts (id, title, summary, description)
				SELECT id, title, COALESCE(json_extract(data, '$.summary'), ''), COALESCE(json_extract(data, '$.description'), '')
				FROM courses WHERE status = 'active'`,
			`INSERT INTO bench_fts (bench_fts) VALUES ('optimize')`,
			`CREATE TABLE bench_points (location_id TEXT PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL)`,
			`INSERT INTO bench_points SELECT id, json_extract(data, '$.point.Lat'), json_extract(data, '$.point.Lon')
				FROM locations WHERE json_extract(data, '$.point.Lat') IS NOT NULL`,
			`CREATE INDEX bench_points_lat ON bench_points (lat, lon)`,
			`ANALYZE`,
		},
		top:   `SELECT id FROM bench_fts WHERE bench_fts MATCH $1 ORDER BY bm25(bench_fts, 0, 4, 2, 1), id LIMIT 20`,
		count: `SELECT COUNT(*) FROM bench_fts WHERE bench_fts MATCH $1`,
	},
	store.Postgres: {
		method: "tsvector + GIN ('english'), plainto_tsquery, ts_rank top 20 + COUNT(*)",
		build: []string{
			`ALTER TABLE courses ADD COLUMN bench_doc tsvector`,
			`UPDATE courses SET bench_doc = setweight(to_tsvector('english', title), 'A')
				|| setweight(to_tsvector('english', COALESCE(data::json->>'summary', '')), 'B')
				|| setweight(to_tsvector('english', COALESCE(data::json->>'description', '')), 'D')`,
			`CREATE INDEX bench_courses_doc ON courses USING GIN (bench_doc)`,
			`CREATE TABLE bench_points (location_id TEXT PRIMARY KEY, lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL)`,
			`INSERT INTO bench_points SELECT id, (data::json->'point'->>'Lat')::float8, (data::json->'point'->>'Lon')::float8
				FROM locations WHERE data::json->'point'->>'Lat' IS NOT NULL`,
			`CREATE INDEX bench_points_lat ON bench_points (lat, lon)`,
			`VACUUM ANALYZE courses`,
			`ANALYZE bench_points`,
		},
		top: `SELECT id FROM courses, plainto_tsquery('english', $1) q
			WHERE status = 'active' AND bench_doc @@ q ORDER BY ts_rank(bench_doc, q) DESC, id LIMIT 20`,
		count: `SELECT COUNT(*) FROM courses WHERE status = 'active' AND bench_doc @@ plainto_tsquery('english', $1)`,
	},
}

// nearSQL finds the courses with a live run at a venue within the radius: a
// bounding box on an index of (lat, lon), then the distance on a local flat
// projection (exact enough over a few kilometres). The same text runs on both
// engines. $1, $2: the point; $3: km² per degree² of longitude; $4..$7: the
// box; $8: today; $9: the radius squared in km².
const nearSQL = `SELECT r.course_id, MIN((p.lat - $1) * (p.lat - $1) * 12364.35 + (p.lon - $2) * (p.lon - $2) * $3) AS d2
	FROM bench_points p JOIN runs r ON r.location_id = p.location_id JOIN courses c ON c.id = r.course_id
	WHERE p.lat BETWEEN $4 AND $5 AND p.lon BETWEEN $6 AND $7
		AND r.status <> 'cancelled' AND r.last_session >= $8 AND c.status = 'active'
	GROUP BY r.course_id`

const (
	nearTopSQL   = `SELECT course_id FROM (` + nearSQL + `) n WHERE d2 <= $9 ORDER BY d2, course_id LIMIT 20`
	nearCountSQL = `SELECT COUNT(*) FROM (` + nearSQL + `) n WHERE d2 <= $9`
)

// nearArgs are nearSQL's arguments for a point.
func nearArgs(p geo.Point, today string) []any {
	const kmPerDegLat = 111.195 // EarthRadiusKm * π / 180
	kmPerDegLon := kmPerDegLat * math.Cos(p.Lat*math.Pi/180)
	dLat, dLon := withinKm/kmPerDegLat, withinKm/kmPerDegLon
	return []any{p.Lat, p.Lon, kmPerDegLon * kmPerDegLon, p.Lat - dLat, p.Lat + dLat, p.Lon - dLon, p.Lon + dLon, today, withinKm * withinKm}
}

// compareFTS builds the engine's full-text table and times the word and
// place queries on it and on the index: a row for each query, then one for
// each kind over its queries.
func compareFTS(ctx context.Context, db *store.DB, f *finder.Service, iterations int) (FTSResult, error) {
	d := dialects[db.Engine()]
	c := &comparison{ctx: ctx, conn: db.SQL(), ix: f.Index(), reps: min(30, max(3, iterations/20)),
		res: FTSResult{Engine: db.Engine(), Method: d.method}}
	start := time.Now()
	for _, stmt := range d.build {
		if _, err := c.conn.ExecContext(ctx, stmt); err != nil {
			return c.res, fmt.Errorf("%s: %w", stmt, err)
		}
	}
	c.res.Build = time.Since(start)

	now := db.Clock().Now()
	for _, k := range []struct {
		name  string
		words []string
	}{{KindCommonWord, commonWords}, {KindRareWord, rareWords}, {KindTwoWords, twoWords}} {
		c.startKind()
		for _, w := range k.words {
			arg := w
			if db.Engine() == store.SQLite {
				arg = fts5Match(w)
			}
			if err := c.one(k.name, w, d.top, d.count, []any{arg}, search.Query{Words: w, Now: now}); err != nil {
				return c.res, err
			}
		}
		c.endKind(k.name)
	}
	near := fmt.Sprintf("within %g km, nearest 20", withinKm)
	today := now.In(london()).Format(time.DateOnly)
	c.startKind()
	for _, district := range Districts {
		_, pt, err := geo.LocateString(district)
		if err != nil {
			return c.res, err
		}
		q := search.Query{Near: &pt, WithinKm: withinKm, Sort: search.SortDistance, Now: now}
		if err := c.one(near, district, nearTopSQL, nearCountSQL, nearArgs(pt, today), q); err != nil {
			return c.res, err
		}
	}
	c.endKind(near)
	return c.res, nil
}

// comparison is the state of compareFTS: the rows so far and the samples of
// the kind under way.
type comparison struct {
	ctx      context.Context
	conn     *sql.DB
	ix       *search.Index
	reps     int
	res      FTSResult
	from     int // the first row of the kind under way
	eng, idx *samples
}

func (c *comparison) startKind() {
	c.from, c.eng, c.idx = len(c.res.Rows), newSamples(), newSamples()
}

// one times one query on the engine and on the index and adds its row.
func (c *comparison) one(kind, label, top, count string, args []any, q search.Query) error {
	e, i := newSamples(), newSamples()
	n, err := timeSQL(c.ctx, c.conn, top, count, args, c.reps, e)
	if err != nil {
		return err
	}
	m, err := timeIndex(c.ix, q, c.reps*10, i)
	if err != nil {
		return err
	}
	c.eng.merge(e)
	c.idx.merge(i)
	c.res.Rows = append(c.res.Rows, FTSRow{Kind: kind, Query: label, Queries: 1, EngineMatches: [2]int{n, n},
		IndexMatches: [2]int{m, m}, Engine: e.overall(), Index: i.overall()})
	return nil
}

// endKind adds the row of the kind over its queries.
func (c *comparison) endKind(name string) {
	row := FTSRow{Kind: name, Queries: len(c.res.Rows) - c.from, Engine: c.eng.overall(), Index: c.idx.overall()}
	for i, r := range c.res.Rows[c.from:] {
		row.EngineMatches = widen(row.EngineMatches, r.EngineMatches[0], i)
		row.IndexMatches = widen(row.IndexMatches, r.IndexMatches[0], i)
	}
	c.res.Rows = append(c.res.Rows, row)
}

// widen extends a [fewest, most] range by n; i == 0 starts it.
func widen(r [2]int, n, i int) [2]int {
	if i == 0 {
		return [2]int{n, n}
	}
	return [2]int{min(r[0], n), max(r[1], n)}
}

// timeSQL runs the page query and the count query together reps times (after
// one untimed run), stopping early once two seconds have gone, and returns
// the count.
func timeSQL(ctx context.Context, conn *sql.DB, top, count string, args []any, reps int, into *samples) (int, error) {
	var n int
	run := func() error {
		rows, err := conn.QueryContext(ctx, top, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return conn.QueryRowContext(ctx, count, args...).Scan(&n)
	}
	if err := run(); err != nil {
		return 0, fmt.Errorf("%s: %w", top, err)
	}
	budget := time.Now().Add(2 * time.Second)
	for i := 0; i < reps && (i < 3 || time.Now().Before(budget)); i++ {
		t0 := time.Now()
		if err := run(); err != nil {
			return 0, err
		}
		into.add("", time.Since(t0))
	}
	return n, nil
}

// timeIndex runs q on the index reps times (after one untimed run) and
// returns its total.
func timeIndex(ix *search.Index, q search.Query, reps int, into *samples) (int, error) {
	r, err := ix.Search(q)
	if err != nil {
		return 0, err
	}
	for range reps {
		t0 := time.Now()
		if _, err := ix.Search(q); err != nil {
			return 0, err
		}
		into.add("", time.Since(t0))
	}
	return r.Total, nil
}

// london is Europe/London, or UTC where the time zone database is missing.
func london() *time.Location {
	if loc, err := time.LoadLocation("Europe/London"); err == nil {
		return loc
	}
	return time.UTC
}
