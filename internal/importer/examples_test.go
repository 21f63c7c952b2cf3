package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/finder"
	"learnwell/internal/geo"
	"learnwell/internal/importer"
	"learnwell/internal/search"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

var now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func orukOpts(db *store.DB) importer.ORUKOptions {
	return importer.ORUKOptions{Options: importer.Options{DB: db}, Timeout: 2 * time.Second, Backoff: time.Millisecond, Retries: 2}
}

// The official HSDS 3.0 and ORUK 3.0 examples that hold services import,
// with warnings for what learnwell cannot keep, and importing them again
// changes nothing.
func TestOfficialExamplesImport(t *testing.T) {
	files, _ := filepath.Glob("testdata/open-referral/*/*.json")
	if len(files) != 10 {
		t.Fatalf("found %d example files, want 10", len(files))
	}
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(now)}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, f := range files {
			rep, err := importer.ImportORUK(ctx, f, orukOpts(db))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			var out bytes.Buffer
			rep.Write(&out)
			if rep.Rejected != 0 || rep.Total() != 1 || !rep.OK() {
				t.Fatalf("%s: %s", f, out.String())
			}
			if testing.Verbose() {
				t.Log(out.String())
			}
			if strings.Contains(f, "service_full") && len(rep.Warnings) == 0 {
				t.Errorf("%s: no warnings, though its location is not in the UK:\n%s", f, out.String())
			}
			again, err := importer.ImportORUK(ctx, f, orukOpts(db))
			if err != nil || again.Unchanged != 1 {
				var out bytes.Buffer
				again.Write(&out)
				t.Fatalf("%s again: %v\n%s", f, err, out.String())
			}
		}
		// A file's source is its name, so the ORUK and HSDS files of the
		// same name are one source: five courses, the first with its own id.
		counts, _ := db.CountDirectory(ctx)
		if counts.Courses != 5 {
			t.Errorf("courses = %d, want 5", counts.Courses)
		}
		l, err := db.FindListing(ctx, "ac148810-d857-441c-9679-408f346de14b")
		if err != nil {
			t.Fatal(err)
		}
		c := l.Course
		if c.Title != "Community Counselling" || c.Source.ID != "ac148810-d857-441c-9679-408f346de14b" || c.MinAge != 16 || c.MaxAge != 100 {
			t.Errorf("course = %+v", c)
		}
		if len(c.Subjects) != 1 || c.Subjects[0] != directory.TermID(directory.SchemeSubject, "mindfulness-and-wellbeing") {
			t.Errorf("subjects = %v, want the wellbeing subject from the word counselling", c.Subjects)
		}
		if len(c.CostOptions) != 1 || c.CostOptions[0].AmountPence != 3500 || c.CostOptions[0].Concessions != "per 1 hour session" {
			t.Errorf("costs = %+v", c.CostOptions)
		}
		if len(c.OtherTerms) != 1 {
			t.Errorf("other terms = %v, want the example's own term", c.OtherTerms)
		}
		reg, err := db.Taxonomies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if term, ok := reg.TermByID(c.OtherTerms[0]); !ok || term.Name != "name" {
			t.Errorf("imported term = %+v %v", term, ok)
		}
	})
}

// A course whose venue cannot be placed (a postcode in no known district)
// is kept, without a position or borough, and the finder indexes it: found
// by its words, never by distance.
func TestUnplacedVenueAndTheFinder(t *testing.T) {
	clock := learnwell.NewFixedClock(now)
	db := storetest.Open(t, store.SQLite, storetest.Options{Clock: clock})
	ctx := context.Background()
	svc := fakeService(1)
	loc := svc["service_at_locations"].([]any)[0].(map[string]any)["location"].(map[string]any)
	loc["addresses"] = []any{map[string]any{"address_1": "1 Nowhere Lane", "city": "Elsewhere", "postal_code": "ZZ9 9ZZ", "country": "GB"}}
	data, _ := json.Marshal(svc)
	path := filepath.Join(t.TempDir(), "unplaced.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := importer.ImportORUK(ctx, path, orukOpts(db))
	if err != nil || rep.Created != 1 {
		t.Fatalf("%v\n%s", err, report(rep))
	}
	if !strings.Contains(report(rep), `its postcode "ZZ9 9ZZ" cannot be placed: it is kept without a position or borough`) {
		t.Errorf("no warning:\n%s", report(rep))
	}
	l, err := db.FindListing(ctx, svcID(1))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Runs) != 1 || l.Locations[l.Runs[0].LocationID].Point != nil || l.Locations[l.Runs[0].LocationID].Borough != "" {
		t.Fatalf("listing = %+v", l)
	}
	tax, _ := db.Taxonomies(ctx)
	f := finder.New(db, finder.Options{Logger: storetest.QuietLogger(), Clock: clock, Taxonomies: tax})
	if err := f.Build(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := f.Index().Search(search.Query{Words: "pottery", Page: 1, PerPage: 10})
	if err != nil || res.Total != 1 {
		t.Fatalf("by words: %+v %v", res, err)
	}
	london := geo.Point{Lat: 51.5, Lon: -0.12}
	res, err = f.Index().Search(search.Query{Words: "pottery", Near: &london, WithinKm: 50, Page: 1, PerPage: 10})
	if err != nil || res.Total != 0 {
		t.Fatalf("by distance: %+v %v", res, err)
	}
}
