package demo_test

import (
	"context"
	"errors"
	"testing"

	"learnwell"
	"learnwell/internal/demo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

func TestLoadWritesTheDataset(t *testing.T) {
	opts := demo.Options{Seed: 5, Services: 200, Today: date(2027, 9, 1)}
	want := demo.Generate(opts)
	runs := 0
	for _, c := range want.Courses {
		runs += len(c.Runs)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sum, err := demo.Load(ctx, db, opts)
		if err != nil {
			t.Fatalf("Load: %v (%v)", err, learnwell.ErrorFields(err))
		}
		wantSum := demo.Summary{Loaded: true, Messages: 2, Organisations: len(want.Organisations),
			Locations: len(want.Locations), Courses: 200, Runs: runs}
		if sum != wantSum {
			t.Errorf("Load = %+v, want %+v", sum, wantSum)
		}
		counts, err := db.CountDirectory(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts != (store.DirectoryCounts{Organisations: sum.Organisations, Locations: sum.Locations, Courses: sum.Courses, Runs: sum.Runs}) {
			t.Errorf("the database holds %+v, Load said %+v", counts, sum)
		}
		if isDemo, err := db.IsDemo(ctx); err != nil || !isDemo {
			t.Errorf("IsDemo = %v, %v after Load", isDemo, err)
		}
		c := want.Courses[42]
		got, err := db.FindListing(ctx, c.Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Course.Title != c.Course.Title || got.Organisation.ID != c.Course.OrganisationID || len(got.Runs) != len(c.Runs) {
			t.Errorf("listing %s = %q by %s with %d runs, want %q by %s with %d", c.Course.ID,
				got.Course.Title, got.Organisation.ID, len(got.Runs), c.Course.Title, c.Course.OrganisationID, len(c.Runs))
		}

		if _, err := demo.Load(ctx, db, opts); learnwell.ErrorCode(err) != learnwell.ECONFLICT {
			t.Errorf("second Load = %v, want ECONFLICT", err)
		}
		if sum, err := demo.Ensure(ctx, db, opts); err != nil || sum.Loaded {
			t.Errorf("Ensure on the demo = %+v, %v, want nothing loaded and no error", sum, err)
		}
		if again, err := db.CountDirectory(ctx); err != nil || again != counts {
			t.Errorf("after a second Load and Ensure the database holds %+v (%v), want %+v", again, err, counts)
		}
	})
}

func TestEnsureLoadsAnEmptyDatabase(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{})
	settings := func() (cache, temp int) {
		t.Helper()
		w := db.SQL()
		if err := w.QueryRow("PRAGMA cache_size").Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := w.QueryRow("PRAGMA temp_store").Scan(&temp); err != nil {
			t.Fatal(err)
		}
		return cache, temp
	}
	cache, temp := settings()
	sum, err := demo.Ensure(context.Background(), db, demo.Options{Seed: 1, Services: 50})
	if err != nil || !sum.Loaded || sum.Courses != 50 {
		t.Fatalf("Ensure on an empty database = %+v, %v, want 50 courses loaded", sum, err)
	}
	// Load tunes SQLite's writer connection for the load, and puts it back.
	if c, tm := settings(); c != cache || tm != temp {
		t.Errorf("after Load the writer has cache_size %d and temp_store %d, want %d and %d as before", c, tm, cache, temp)
	}
}

func TestLoadRefusesRealData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.MarkReal(ctx) }); err != nil {
			t.Fatal(err)
		}
		for name, load := range map[string]func(context.Context, *store.DB, demo.Options) (demo.Summary, error){
			"Load": demo.Load, "Ensure": demo.Ensure,
		} {
			sum, err := load(ctx, db, demo.Options{Seed: 1, Services: 50})
			if learnwell.ErrorCode(err) != learnwell.ECONFLICT || sum != (demo.Summary{}) {
				t.Errorf("%s into real data = %+v, %v, want ECONFLICT", name, sum, err)
			}
		}
		if counts, err := db.CountDirectory(ctx); err != nil || counts != (store.DirectoryCounts{}) {
			t.Errorf("after refusing, the database holds %+v (%v), want nothing", counts, err)
		}
		if isDemo, err := db.IsDemo(ctx); err != nil || isDemo {
			t.Errorf("IsDemo = %v, %v after refusing", isDemo, err)
		}
	})
}

func TestLoadStopsWhenCancelled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := demo.Load(ctx, db, demo.Options{Seed: 1, Services: 50}); !errors.Is(err, context.Canceled) {
			t.Errorf("Load with a cancelled context = %v, want context.Canceled", err)
		}
		if counts, err := db.CountDirectory(context.Background()); err != nil || counts != (store.DirectoryCounts{}) {
			t.Errorf("after a cancelled Load the database holds %+v (%v), want nothing", counts, err)
		}
	})
}
