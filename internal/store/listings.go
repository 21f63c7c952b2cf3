package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"runtime"
	"sync"
	"unsafe"

	"learnwell/internal/directory"
)

// listingChunk is how many courses EachListing reads at a time. Memory while
// streaming the directory is a few chunks, whatever its size.
var listingChunk = 1000

// EachListing streams the whole directory to fn, one listing at a time in
// order of course id, for building the search index. It returns the change
// sequence the listings are up to date with.
//
// All of it is read in one read transaction, so it is one snapshot. Courses
// are read a chunk at a time (keyset by id) with their runs, and the JSON of
// each chunk is decoded on other cores while the next chunk is read, so
// neither the whole directory nor every run is ever in memory at once. fn is
// called from one goroutine, in order.
func (db *DB) EachListing(ctx context.Context, fn func(directory.Listing) error) (lastChange int64, err error) {
	err = db.ReadTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM directory_changes").Scan(&lastChange); err != nil {
			return err
		}
		orgs := map[string]directory.Organisation{}
		if err := scanJSON(ctx, tx, "SELECT data FROM organisations", nil, func(o directory.Organisation) { orgs[o.ID] = o }); err != nil {
			return err
		}
		locs := map[string]directory.Location{}
		if err := scanJSON(ctx, tx, "SELECT data FROM locations", nil, func(l directory.Location) { locs[l.ID] = l }); err != nil {
			return err
		}
		return streamListings(ctx, tx, orgs, locs, fn)
	})
	if err != nil {
		return 0, db.classify(err)
	}
	return lastChange, nil
}

// rawChunk is one chunk of courses and their runs as read, before decoding.
type rawChunk struct {
	courses []string
	runs    []rawRun
	out     []directory.Listing
	err     error
	done    chan struct{}
}

type rawRun struct {
	courseID     string
	data         string
	taken, total int
	status       string
}

// streamListings reads chunks on this goroutine (the transaction's), decodes
// them on workers, and hands the listings to fn in order on a third.
func streamListings(ctx context.Context, tx *Tx, orgs map[string]directory.Organisation, locs map[string]directory.Location, fn func(directory.Listing) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	work := make(chan *rawChunk, workers)
	ordered := make(chan *rawChunk, workers*2)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c := range work {
				c.out, c.err = decodeChunk(c, orgs, locs)
				c.courses, c.runs = nil, nil
				close(c.done)
			}
		})
	}
	// The consumer calls fn in order and stops the reader at the first error.
	var fnErr error
	consumed := make(chan struct{})
	go func() {
		defer close(consumed)
		for c := range ordered {
			select {
			case <-c.done:
			case <-ctx.Done():
				continue // drain
			}
			if fnErr != nil {
				continue
			}
			if c.err != nil {
				fnErr = c.err
				cancel()
				continue
			}
			for _, l := range c.out {
				if fnErr = fn(l); fnErr != nil {
					cancel()
					break
				}
			}
			c.out = nil
		}
	}()
	readErr := readChunks(ctx, tx, func(c *rawChunk) bool {
		select {
		case ordered <- c:
		case <-ctx.Done():
			return false
		}
		select {
		case work <- c:
		case <-ctx.Done():
			close(c.done)
			return false
		}
		return true
	})
	close(work)
	wg.Wait()
	close(ordered)
	<-consumed
	if fnErr != nil {
		return fnErr
	}
	return readErr
}

// readChunks reads the courses in order of id, a chunk at a time, each with
// its runs, and passes each chunk to send until send returns false.
func readChunks(ctx context.Context, tx *Tx, send func(*rawChunk) bool) error {
	after := ""
	for {
		c := &rawChunk{done: make(chan struct{})}
		var first, last string
		err := eachRow(ctx, tx, "SELECT id, data FROM courses WHERE id > $1 ORDER BY id LIMIT $2", []any{after, listingChunk}, func(rows *sql.Rows) error {
			var id, data string
			if err := rows.Scan(&id, &data); err != nil {
				return err
			}
			if first == "" {
				first = id
			}
			last = id
			c.courses = append(c.courses, data)
			return nil
		})
		if err != nil {
			return err
		}
		if len(c.courses) == 0 {
			return nil
		}
		err = eachRow(ctx, tx, `SELECT course_id, data, places_taken, places_total, status FROM runs
			WHERE course_id >= $1 AND course_id <= $2 ORDER BY course_id, first_session, id`, []any{first, last}, func(rows *sql.Rows) error {
			var r rawRun
			if err := rows.Scan(&r.courseID, &r.data, &r.taken, &r.total, &r.status); err != nil {
				return err
			}
			c.runs = append(c.runs, r)
			return nil
		})
		if err != nil {
			return err
		}
		// Once sent, the chunk belongs to a worker, which empties it.
		full := len(c.courses) == listingChunk
		if !send(c) {
			return ctx.Err()
		}
		if !full {
			return nil
		}
		after = last
	}
}

// decodeChunk decodes a chunk's courses and runs into listings, in order.
func decodeChunk(c *rawChunk, orgs map[string]directory.Organisation, locs map[string]directory.Location) ([]directory.Listing, error) {
	runs := make(map[string][]directory.Run, len(c.courses))
	for _, raw := range c.runs {
		var r directory.Run
		if err := json.Unmarshal(bytesOf(raw.data), &r); err != nil {
			return nil, err
		}
		r.PlacesTaken, r.PlacesTotal, r.Status = raw.taken, raw.total, directory.RunStatus(raw.status)
		runs[raw.courseID] = append(runs[raw.courseID], r)
	}
	out := make([]directory.Listing, 0, len(c.courses))
	for _, data := range c.courses {
		var course directory.Course
		if err := json.Unmarshal(bytesOf(data), &course); err != nil {
			return nil, err
		}
		l := directory.Listing{Organisation: orgs[course.OrganisationID], Course: course, Runs: runs[course.ID]}
		l.Locations = make(map[string]directory.Location, len(l.Runs))
		for _, r := range l.Runs {
			if loc, ok := locs[r.LocationID]; ok {
				l.Locations[loc.ID] = loc
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// bytesOf returns the bytes of s without copying them, for json.Unmarshal,
// which only reads its input. The rows are scanned into strings because the
// SQLite driver hands text as a string: scanning into []byte would copy each
// row's JSON once more, and a build reads every row of the directory.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
