package finder_test

import (
	"context"
	"net/url"
	"slices"
	"testing"
	"time"

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
		titles = append(titles, it.Title)
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
		// What each result shows comes from the finder's cards in memory;
		// it must be what the course's listing in the store says.
		for _, q := range queries {
			v, _ := url.ParseQuery(q)
			fq, _ := finder.ParseQuery(v, tax, findertest.Now)
			res, err := f.Search(context.Background(), fq)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range res.Items {
				l, err := db.FindListing(context.Background(), it.ID)
				if err != nil {
					t.Fatal(err)
				}
				want := finder.Describe(l, findertest.Now)
				want.DistanceMiles = it.DistanceMiles
				if it != want {
					t.Errorf("%s: result %+v, but its listing says %+v", q, it, want)
				}
			}
		}
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
			if got := search(t, n, "q=landscapes"); len(got) != 1 || got[0] != "Watercolour landscapes" {
				t.Errorf("node %s: renamed course not found under its new title: %v", name, got)
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

// Moving courses on as their sessions begin must leave the finder as a fresh
// build at that moment would be: the same results in the same order, showing
// the same next sessions, whatever the sort and filters.
func TestMoveOnMatchesARebuild(t *testing.T) {
	clock := learnwell.NewFixedClock(findertest.Now)
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock.Set(findertest.Now)
		findertest.Load(t, db)
		moving := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
		if err := moving.Build(ctx); err != nil {
			t.Fatal(err)
		}
		views := append(slices.Clone(queries), "sort=soonest", "starts=2&sort=soonest", "day=TU", "q=painting&sort=soonest")
		for _, step := range []time.Duration{2 * time.Hour, 24 * time.Hour, 3 * 24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour, 60 * 24 * time.Hour} {
			clock.Advance(step)
			if err := moving.MoveOn(ctx); err != nil {
				t.Fatal(err)
			}
			fresh := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
			if err := fresh.Build(ctx); err != nil {
				t.Fatal(err)
			}
			if moving.Len() != fresh.Len() {
				t.Fatalf("at %v: %d courses moved on, %d in a rebuild", clock.Now(), moving.Len(), fresh.Len())
			}
			for _, raw := range views {
				v, _ := url.ParseQuery(raw)
				q, err := finder.ParseQuery(v, tax, clock.Now())
				if err != nil {
					t.Fatal(err)
				}
				got, err := moving.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				want, err := fresh.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != want.Total || !slices.Equal(got.Items, want.Items) {
					t.Errorf("at %v, %s:\nmoved on %d %+v\n rebuilt %d %+v", clock.Now(), raw, got.Total, got.Items, want.Total, want.Items)
				}
			}
		}
	})
}
