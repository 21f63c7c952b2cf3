package finder_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/finder"
	"learnwell/internal/finder/findertest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

var tax = directory.BuiltinTaxonomies()

func search(t *testing.T, f *finder.Service, raw string) []string {
	t.Helper()
	v, _ := url.ParseQuery(raw)
	q, err := finder.ParseQuery(v, tax, findertest.Now)
	if err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	res, err := f.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, it := range res.Items {
		titles = append(titles, it.Listing.Course.Title)
	}
	if res.Total != len(titles) && res.Pages == 1 {
		t.Fatalf("%s: total %d but %d items", raw, res.Total, len(titles))
	}
	return titles
}

var queries = []string{
	"q=painting",
	"q=paint&sort=soonest",
	"postcode=N7&miles=5&sort=distance",
	"postcode=SE1+7PB&sort=distance",
	"free=1&sort=soonest",
	"day=TU&day=SA",
	"time=evening",
	"subject=arts-and-crafts&borough=E09000019",
	"q=nothing+matches+this",
}

func TestSearchSameOnBothEngines(t *testing.T) {
	results := map[string]map[string][]string{}
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		findertest.Load(t, db)
		f := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
		if err := f.Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		if f.Len() != len(findertest.Fixtures) {
			t.Fatalf("index has %d courses, want %d", f.Len(), len(findertest.Fixtures))
		}
		got := map[string][]string{}
		for _, q := range queries {
			got[q] = search(t, f, q)
		}
		results[db.Engine()] = got
		if titles := got["q=painting"]; len(titles) != 3 {
			t.Errorf("painting found %v, want the three painting courses (stemmed)", titles)
		}
		if titles := got["postcode=N7&miles=5&sort=distance"]; len(titles) < 2 || titles[0] != "Watercolour painting for beginners" {
			t.Errorf("near N7 = %v, want the N7 course first", titles)
		}
		if titles := got["time=evening"]; !slices.Equal(titles, []string{"Spanish for travel", "Painting portraits"}) && !slices.Equal(titles, []string{"Painting portraits", "Spanish for travel"}) {
			t.Errorf("evening = %v", titles)
		}
		if titles := got["q=nothing+matches+this"]; len(titles) != 0 {
			t.Errorf("nonsense found %v", titles)
		}
	})
	if len(results) == 2 {
		for _, q := range queries {
			if !slices.Equal(results[store.SQLite][q], results[store.Postgres][q]) {
				t.Errorf("%s: SQLite %v, PostgreSQL %v", q, results[store.SQLite][q], results[store.Postgres][q])
			}
		}
	}
}

func TestChangesReachEveryNode(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := findertest.Load(t, db)
		nodeA := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
		nodeB := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
		for _, n := range []*finder.Service{nodeA, nodeB} {
			if err := n.Build(ctx); err != nil {
				t.Fatal(err)
			}
		}
		// A provider renames a course and cancels another's only run.
		l, _ := db.FindListing(ctx, ids[0])
		l.Course.Title = "Watercolour landscapes"
		l2, _ := db.FindListing(ctx, ids[2])
		l2.Runs[0].Status = directory.RunCancelled
		err := db.WriteTx(ctx, func(tx *store.Tx) error {
			if err := tx.PutCourse(ctx, &l.Course, l.Runs, tax); err != nil {
				return err
			}
			if err := tx.PutCourse(ctx, &l2.Course, l2.Runs, tax); err != nil {
				return err
			}
			return tx.DeleteCourse(ctx, ids[3])
		})
		if err != nil {
			t.Fatal(err)
		}
		for name, n := range map[string]*finder.Service{"A": nodeA, "B": nodeB} {
			if err := n.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			if got := search(t, n, "q=landscapes"); len(got) != 1 {
				t.Errorf("node %s: renamed course not found: %v", name, got)
			}
			if got := search(t, n, "q=spanish"); len(got) != 0 {
				t.Errorf("node %s: cancelled course still listed: %v", name, got)
			}
			if got := search(t, n, "q=cooking"); len(got) != 0 {
				t.Errorf("node %s: deleted course still listed: %v", name, got)
			}
			if n.Len() != len(findertest.Fixtures)-2 {
				t.Errorf("node %s: %d courses, want %d", name, n.Len(), len(findertest.Fixtures)-2)
			}
		}
	})
}

func TestFailedRebuildKeepsTheIndex(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		findertest.Load(t, db)
		f := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
		if err := f.Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // the store read fails
		if err := f.Build(ctx); err == nil {
			t.Fatal("Build with a cancelled context = nil")
		}
		if f.Len() != len(findertest.Fixtures) {
			t.Fatalf("a failed rebuild left %d courses, want the old index's %d", f.Len(), len(findertest.Fixtures))
		}
	})
}
