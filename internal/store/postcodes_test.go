package store_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/geo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// postcodeRows reads rows from a small postcode file.
func postcodeRows(t *testing.T, text string) iter.Seq2[geo.PostcodeRow, error] {
	t.Helper()
	f, err := geo.OpenPostcodeFile(strings.NewReader(text), geo.PostcodeFileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return f.Rows()
}

const setA = `pcds,doterm,lat,long,laua
N7 8DB,,51.553546,-0.114568,E09000019
SE1 7PB,,51.501609,-0.115242,E09000022
TS24 7AA,,54.69,-1.21,E06000001
`

const setB = `PCD7,DOTERM,LAT,LONG,LAD25CD
SE1 7PB,,51.5017,-0.1153,E09000028
E20 1EJ,,51.5387,-0.0166,E09000025
`

// syntheticRows yields n distinct postcodes in the E1 to E9 districts.
func syntheticRows(n int) iter.Seq2[geo.PostcodeRow, error] {
	return func(yield func(geo.PostcodeRow, error) bool) {
		letters := "ABDEFGHJLNPQRSTUWXYZ"
		for i := range n {
			p := geo.Postcode{Outward: fmt.Sprintf("E%d", 1+i/4000%9), Inward: fmt.Sprintf("%d%c%c", i/400%10, letters[i/20%20], letters[i%20])}
			if !yield(geo.PostcodeRow{Postcode: p, Point: geo.Point{Lat: 51.5, Lon: -0.05}, Authority: "E09000030", Line: i + 2}, nil) {
				return
			}
		}
	}
}

func countPostcodeRows(t *testing.T, db *store.DB) (rows, sets int) {
	t.Helper()
	err := db.SQL().QueryRow("SELECT (SELECT COUNT(*) FROM postcodes), (SELECT COUNT(*) FROM postcode_sets)").Scan(&rows, &sets)
	if err != nil {
		t.Fatal(err)
	}
	return rows, sets
}

func TestPostcodesLoadAndLocate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, ok, err := db.Postcodes(ctx); ok || err != nil {
			t.Fatalf("a new database has postcodes: %v %v", ok, err)
		}
		// Before any load, every postcode is at its district's centre.
		n7, _ := geo.DistrictByCode("N7")
		if p, err := db.LocatePostcode(ctx, "N7 8DB"); err != nil || p.Exact || p.Point != n7.Point {
			t.Errorf("before a load: %+v %v", p, err)
		}
		set, err := db.ReplacePostcodes(ctx, "NSPL_TEST.csv", postcodeRows(t, setA))
		if err != nil {
			t.Fatal(err)
		}
		if set.Rows != 3 || set.Source != "NSPL_TEST.csv" || set.Generation == 0 {
			t.Errorf("set %+v", set)
		}
		got, ok, err := db.Postcodes(ctx)
		if !ok || err != nil || got.Rows != 3 || got.Generation != set.Generation || got.LoadedAt.IsZero() {
			t.Errorf("Postcodes() = %+v %v %v", got, ok, err)
		}
		p, err := db.LocatePostcode(ctx, " n78db ")
		if err != nil || !p.Exact || p.Point != (geo.Point{Lat: 51.553546, Lon: -0.114568}) || p.Authority != "E09000019" || p.Postcode.String() != "N7 8DB" {
			t.Errorf("exact: %+v %v", p, err)
		}
		if b, ok := p.Borough(); !ok || b.Name != "Islington" {
			t.Errorf("borough %v %v", b, ok)
		}
		// Outside London, the authority is still given.
		if p, err := db.LocatePostcode(ctx, "TS24 7AA"); err != nil || !p.Exact || p.Authority != "E06000001" {
			t.Errorf("outside London: %+v %v", p, err)
		}
		// A district, and a full postcode the set lacks, are at the district's centre.
		for _, s := range []string{"N7", "N7 9ZZ"} {
			if p, err := db.LocatePostcode(ctx, s); err != nil || p.Exact || p.Point != n7.Point || p.Authority != "" {
				t.Errorf("%s: %+v %v", s, p, err)
			}
		}
		// An unknown district, and input that is not a postcode, get the same
		// messages as without a database.
		for _, s := range []string{"ZZ9 9ZZ", "ZZ9", "hello", ""} {
			_, want := geo.LocateWith(ctx, nil, s)
			_, err := db.Locator().Locate(ctx, s)
			if err == nil || learnwell.ErrorMessage(err) != learnwell.ErrorMessage(want) || learnwell.ErrorCode(err) != learnwell.ErrorCode(want) {
				t.Errorf("%q: %v, want %v", s, err, want)
			}
		}
	})
}

func TestPostcodesReplace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.ReplacePostcodes(ctx, "a.csv", postcodeRows(t, setA)); err != nil {
			t.Fatal(err)
		}
		b, err := db.ReplacePostcodes(ctx, "b.csv", postcodeRows(t, setB))
		if err != nil {
			t.Fatal(err)
		}
		if rows, sets := countPostcodeRows(t, db); rows != 2 || sets != 1 {
			t.Errorf("after the replace: %d rows in %d sets, want 2 in 1", rows, sets)
		}
		if p, _ := db.LocatePostcode(ctx, "N7 8DB"); p.Exact {
			t.Errorf("N7 8DB is still exact after the replace: %+v", p)
		}
		if p, _ := db.LocatePostcode(ctx, "SE1 7PB"); !p.Exact || p.Authority != "E09000028" {
			t.Errorf("SE1 7PB: %+v, want the new set's", p)
		}
		if s, _, _ := db.Postcodes(ctx); s.Source != "b.csv" || s.Generation != b.Generation {
			t.Errorf("set in use %+v", s)
		}
	})
}

func TestPostcodesInterruptedLoadKeepsTheSet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, err := db.ReplacePostcodes(ctx, "a.csv", postcodeRows(t, setA))
		if err != nil {
			t.Fatal(err)
		}
		stillA := func(when string) {
			t.Helper()
			if p, _ := db.LocatePostcode(ctx, "N7 8DB"); !p.Exact || p.Authority != "E09000019" {
				t.Errorf("%s: N7 8DB is %+v, want set A's", when, p)
			}
			if p, _ := db.LocatePostcode(ctx, "E1 0AA"); p.Exact {
				t.Errorf("%s: a row of the failed load is in use: %+v", when, p)
			}
			if s, _, _ := db.Postcodes(ctx); s.Generation != a.Generation {
				t.Errorf("%s: set in use %+v, want %+v", when, s, a)
			}
			if rows, sets := countPostcodeRows(t, db); rows != 3 || sets != 1 {
				t.Errorf("%s: %d rows in %d sets, want set A's 3 alone", when, rows, sets)
			}
		}
		// The file fails after 25,000 rows: more than one SQLite batch is written.
		boom := errors.New("the disk is on fire")
		failing := func(yield func(geo.PostcodeRow, error) bool) {
			for r, err := range syntheticRows(25_000) {
				if !yield(r, err) {
					return
				}
			}
			yield(geo.PostcodeRow{}, boom)
		}
		if _, err := db.ReplacePostcodes(ctx, "broken.csv", failing); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want %v", err, boom)
		}
		stillA("after a read error")

		// Interrupted (Ctrl-C) part way.
		cctx, cancel := context.WithCancel(ctx)
		interrupted := func(yield func(geo.PostcodeRow, error) bool) {
			for r, err := range syntheticRows(30_000) {
				if r.Line == 22_000 {
					cancel()
				}
				if !yield(r, err) {
					return
				}
			}
		}
		if _, err := db.ReplacePostcodes(cctx, "interrupted.csv", interrupted); err == nil {
			t.Fatal("an interrupted load succeeded")
		}
		stillA("after an interruption")

		// A file with no usable row changes nothing.
		if _, err := db.ReplacePostcodes(ctx, "empty.csv", syntheticRows(0)); learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("empty: %v", err)
		}
		stillA("after an empty file")

		// And a whole large set loads.
		big, err := db.ReplacePostcodes(ctx, "big.csv", syntheticRows(30_000))
		if err != nil || big.Rows != 30_000 {
			t.Fatalf("big: %+v %v", big, err)
		}
		if rows, sets := countPostcodeRows(t, db); rows != 30_000 || sets != 1 {
			t.Errorf("after the big load: %d rows in %d sets", rows, sets)
		}
	})
}

func TestPostcodeLocatorFallsBackWhenTheDatabaseFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.ReplacePostcodes(ctx, "a.csv", postcodeRows(t, setA)); err != nil {
			t.Fatal(err)
		}
		db.Close()
		n7, _ := geo.DistrictByCode("N7")
		if p, err := db.LocatePostcode(ctx, "N7 8DB"); err != nil || p.Exact || p.Point != n7.Point {
			t.Errorf("with the database closed: %+v %v", p, err)
		}
	})
}

// TestPostcodesTwoImportsAtOnce runs a second import to its end while a
// first is loading: the first then stops rather than switch to a set the
// second has cleaned away (on SQLite some of its rows are gone; on
// PostgreSQL its COPY was not yet visible, but its set's record is gone),
// and the second's set is in use, whole.
func TestPostcodesTwoImportsAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var second error
		first := func(yield func(geo.PostcodeRow, error) bool) {
			for r, err := range syntheticRows(30_000) {
				if r.Line == 25_000 {
					_, second = db.ReplacePostcodes(ctx, "b.csv", postcodeRows(t, setB))
				}
				if !yield(r, err) {
					return
				}
			}
		}
		_, err := db.ReplacePostcodes(ctx, "a.csv", first)
		if second != nil {
			t.Fatalf("the second import: %v", second)
		}
		if learnwell.ErrorCode(err) != learnwell.ECONFLICT || !strings.Contains(learnwell.ErrorMessage(err), "at the same time") {
			t.Errorf("the first import: %v, want a conflict", err)
		}
		set, ok, _ := db.Postcodes(ctx)
		rows, sets := countPostcodeRows(t, db)
		if !ok || set.Source != "b.csv" || rows != 2 || sets != 1 {
			t.Errorf("in use %+v with %d rows in %d sets, want b.csv's 2", set, rows, sets)
		}
		if p, _ := db.LocatePostcode(ctx, "E20 1EJ"); !p.Exact {
			t.Errorf("b.csv's postcodes are not in use: %+v", p)
		}
	})
}
