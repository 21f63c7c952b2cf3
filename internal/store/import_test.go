package store_test

import (
	"context"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

const feedSystem = "https://feed.example.org/oruk"

// importSample writes the sample listing as an import would, each record
// with its source, and returns the outcomes of organisation, venue and course.
func importSample(t *testing.T, db *store.DB, org *directory.Organisation, loc *directory.Location, course *directory.Course, runs []directory.Run, today directory.Date) [3]store.ImportOutcome {
	t.Helper()
	ctx := context.Background()
	var out [3]store.ImportOutcome
	err := db.WriteTx(ctx, func(tx *store.Tx) error {
		var err error
		if out[0], err = tx.ImportOrganisation(ctx, org); err != nil {
			return err
		}
		if out[1], err = tx.ImportLocation(ctx, loc); err != nil {
			return err
		}
		out[2], err = tx.ImportCourse(ctx, course, runs, tax, today)
		return err
	})
	if err != nil {
		t.Fatalf("import: %v (%v)", err, learnwell.ErrorFields(err))
	}
	return out
}

func TestImportCreatedUnchangedUpdated(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	today := directory.DateOf(clock.Now())
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, loc, course, runs := sample(t)
		org.Source = directory.Source{System: feedSystem, ID: "org-1"}
		loc.Source = directory.Source{System: feedSystem, ID: "loc-1"}
		course.Source = directory.Source{System: feedSystem, ID: "svc-1"}
		runs[0].PlacesTaken = 0

		o1, l1, c1, r1 := org, loc, course, cloneRuns(runs)
		if got := importSample(t, db, &o1, &l1, &c1, r1, today); got != [3]store.ImportOutcome{store.ImportCreated, store.ImportCreated, store.ImportCreated} {
			t.Fatalf("first import = %v, want all created", got)
		}
		firstUpdate := clock.Now()

		// Learnwell takes two places on the run, as a referral would.
		if err := db.WriteTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE runs SET places_taken = 2 WHERE id = $1", runs[0].ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}

		clock.Advance(time.Hour)
		o2, l2, c2, r2 := org, loc, course, cloneRuns(runs)
		if got := importSample(t, db, &o2, &l2, &c2, r2, today); got != [3]store.ImportOutcome{store.ImportUnchanged, store.ImportUnchanged, store.ImportUnchanged} {
			t.Fatalf("same import again = %v, want all unchanged", got)
		}
		l, err := db.FindListing(ctx, course.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !l.Course.UpdatedAt.Equal(firstUpdate) || !l.Organisation.UpdatedAt.Equal(firstUpdate) {
			t.Errorf("an unchanged import moved updated_at: course %v, organisation %v", l.Course.UpdatedAt, l.Organisation.UpdatedAt)
		}
		if l.Runs[0].PlacesTaken != 2 {
			t.Errorf("places taken = %d, want learnwell's 2 kept", l.Runs[0].PlacesTaken)
		}

		clock.Advance(time.Hour)
		o3, l3, c3, r3 := org, loc, course, cloneRuns(runs)
		c3.Title = "Watercolour painting: a beginners' course"
		r3[0].PlacesTotal = 1 // fewer places than learnwell has taken
		got := importSample(t, db, &o3, &l3, &c3, r3, today)
		if got != [3]store.ImportOutcome{store.ImportUnchanged, store.ImportUnchanged, store.ImportUpdated} {
			t.Fatalf("changed course = %v, want only the course updated", got)
		}
		l, err = db.FindListing(ctx, course.ID)
		if err != nil {
			t.Fatal(err)
		}
		if l.Course.Title != c3.Title || !l.Course.UpdatedAt.Equal(clock.Now()) || !l.Course.CreatedAt.Equal(firstUpdate) {
			t.Errorf("course after update = %q updated %v created %v", l.Course.Title, l.Course.UpdatedAt, l.Course.CreatedAt)
		}
		if l.Runs[0].PlacesTaken != 1 || l.Runs[0].PlacesTotal != 1 {
			t.Errorf("run places = %d of %d, want 1 of 1", l.Runs[0].PlacesTaken, l.Runs[0].PlacesTotal)
		}

		o4, l4 := org, loc
		l4.Name = "Larkspur Central Library"
		o4.Boroughs = []string{"E09000007"}
		got = importSample(t, db, &o4, &l4, &c3, cloneRuns(r3), today)
		if got != [3]store.ImportOutcome{store.ImportUpdated, store.ImportUpdated, store.ImportUnchanged} {
			t.Fatalf("changed venue and areas = %v", got)
		}
		l, _ = db.FindListing(ctx, course.ID)
		if len(l.Organisation.Boroughs) != 2 || l.Organisation.Boroughs[0] != "E09000019" || l.Organisation.Boroughs[1] != "E09000007" {
			t.Errorf("boroughs = %v, want the old one kept and the new one added", l.Organisation.Boroughs)
		}
		counts, _ := db.CountDirectory(ctx)
		if counts != (store.DirectoryCounts{Organisations: 1, Locations: 1, Courses: 1, Runs: 1}) {
			t.Errorf("counts = %+v: an import duplicated a record", counts)
		}
	})
}

func cloneRuns(runs []directory.Run) []directory.Run { return append([]directory.Run(nil), runs...) }

func TestImportRunsGoneFromTheSource(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	today := directory.DateOf(clock.Now())
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, loc, course, runs := sample(t)
		org.Source = directory.Source{System: feedSystem, ID: "org-1"}
		loc.Source = directory.Source{System: feedSystem, ID: "loc-1"}
		course.Source = directory.Source{System: feedSystem, ID: "svc-1"}
		finished := runs[0]
		finished.ID, finished.FirstSession, finished.LastSession = learnwell.NewID(), directory.NewDate(2026, 1, 6), directory.NewDate(2026, 3, 24)
		finished.Schedule.Breaks = nil
		all := []directory.Run{runs[0], finished}
		importSample(t, db, &org, &loc, &course, cloneRuns(all), today)

		// The source lists neither run now: the finished one stays as it
		// was, the one still to come is cancelled.
		got := importSample(t, db, &org, &loc, &course, nil, today)
		if got[2] != store.ImportUpdated {
			t.Fatalf("course = %v, want updated", got[2])
		}
		l, _ := db.FindListing(ctx, course.ID)
		status := map[string]directory.RunStatus{}
		for _, r := range l.Runs {
			status[r.ID] = r.Status
		}
		if len(l.Runs) != 2 || status[runs[0].ID] != directory.RunCancelled || status[finished.ID] != directory.RunOpen {
			t.Fatalf("runs = %v, want the coming run cancelled and the finished one kept open", status)
		}
		if got := importSample(t, db, &org, &loc, &course, nil, today); got[2] != store.ImportUnchanged {
			t.Fatalf("again = %v, want unchanged", got[2])
		}
	})
}

func TestResolveImportID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, _, _, _ := putSample(t, db) // made in learnwell: no source
		src := directory.Source{System: feedSystem, ID: "org-1"}
		err := db.WriteTx(ctx, func(tx *store.Tx) error {
			fresh := learnwell.NewID()
			id, existing, err := tx.ResolveImportID(ctx, store.ImportOrganisation, src, fresh)
			if err != nil || existing || id != fresh {
				t.Errorf("a free UUID = %q %v %v, want it kept", id, existing, err)
			}
			id, existing, err = tx.ResolveImportID(ctx, store.ImportOrganisation, src, org.ID)
			if err != nil || existing || id == org.ID || id != learnwell.DerivedID("import", "organisation", src.System, src.ID) {
				t.Errorf("an id learnwell already uses = %q %v %v, want a derived one", id, existing, err)
			}
			id, _, _ = tx.ResolveImportID(ctx, store.ImportOrganisation, src, "not-a-uuid")
			if !learnwell.ValidID(id) || id != learnwell.DerivedID("import", "organisation", src.System, src.ID) {
				t.Errorf("a non-UUID id = %q, want a derived one", id)
			}
			imported := directory.Organisation{ID: fresh, Name: "Elsewhere Learning", Description: "From a feed.",
				Kind: directory.OtherOrganisation, Source: src}
			if _, err := tx.ImportOrganisation(ctx, &imported); err != nil {
				return err
			}
			id, existing, err = tx.ResolveImportID(ctx, store.ImportOrganisation, src, learnwell.NewID())
			if err != nil || !existing || id != fresh {
				t.Errorf("the same source again = %q %v %v, want the first id", id, existing, err)
			}
			if _, _, err := tx.ResolveImportID(ctx, store.ImportCourse, directory.Source{}, fresh); learnwell.ErrorCode(err) != learnwell.EINVALID {
				t.Errorf("no source: %v", err)
			}
			found, ok, err := tx.FindOrganisationByName(ctx, "  larkspur LIBRARY learning ")
			if err != nil || !ok || found.ID != org.ID {
				t.Errorf("by name = %v %v %v", found.ID, ok, err)
			}
			if _, ok, _ := tx.FindOrganisationByName(ctx, "Nobody"); ok {
				t.Error("found an organisation that does not exist")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestSourceIsUnique(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src := directory.Source{System: feedSystem, ID: "org-1"}
		put := func() error {
			return db.WriteTx(ctx, func(tx *store.Tx) error {
				o := directory.Organisation{Name: "Twice", Description: "Imported twice.", Kind: directory.OtherOrganisation, Source: src}
				return tx.PutOrganisation(ctx, &o)
			})
		}
		if err := put(); err != nil {
			t.Fatal(err)
		}
		if err := put(); err == nil {
			t.Fatal("a second organisation with the same source was stored")
		}
	})
}

func TestImportedTaxonomies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tx0 := directory.Taxonomy{ID: learnwell.NewID(), Scheme: "service-types", Name: "Service types", Description: "From a feed."}
		parent := directory.TaxonomyTerm{ID: learnwell.NewID(), TaxonomyID: tx0.ID, Name: "Learning", Description: "Learning."}
		child := directory.TaxonomyTerm{ID: learnwell.NewID(), TaxonomyID: tx0.ID, Name: "Art classes", Description: "Art.", ParentID: parent.ID}
		orphan := directory.TaxonomyTerm{ID: learnwell.NewID(), TaxonomyID: tx0.ID, Name: "Choirs", Description: "Singing.", ParentID: learnwell.NewID()}
		var outcomes []store.ImportOutcome
		write := func(fn func(tx *store.Tx) (store.ImportOutcome, error)) {
			t.Helper()
			err := db.WriteTx(ctx, func(tx *store.Tx) error {
				o, err := fn(tx)
				outcomes = append(outcomes, o)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		write(func(tx *store.Tx) (store.ImportOutcome, error) { return tx.PutImportedTaxonomy(ctx, tx0) })
		for _, term := range []directory.TaxonomyTerm{parent, child, orphan} {
			write(func(tx *store.Tx) (store.ImportOutcome, error) { return tx.PutImportedTerm(ctx, term) })
		}
		write(func(tx *store.Tx) (store.ImportOutcome, error) { return tx.PutImportedTaxonomy(ctx, tx0) })
		write(func(tx *store.Tx) (store.ImportOutcome, error) { return tx.PutImportedTerm(ctx, child) })
		child.Name = "Art and craft classes"
		write(func(tx *store.Tx) (store.ImportOutcome, error) { return tx.PutImportedTerm(ctx, child) })
		want := []store.ImportOutcome{store.ImportCreated, store.ImportCreated, store.ImportCreated, store.ImportCreated,
			store.ImportUnchanged, store.ImportUnchanged, store.ImportUpdated}
		if len(outcomes) != len(want) {
			t.Fatalf("outcomes = %v", outcomes)
		}
		for i := range want {
			if outcomes[i] != want[i] {
				t.Fatalf("outcomes = %v, want %v", outcomes, want)
			}
		}
		reg, err := db.Taxonomies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := reg.TermByID(directory.TermID(directory.SchemeSubject, "music")); !ok {
			t.Error("the registry lost the built-in terms")
		}
		got, ok := reg.TermByID(child.ID)
		if !ok || got.Name != "Art and craft classes" || got.ParentID != parent.ID || got.Scheme != "service-types" {
			t.Errorf("child = %+v %v", got, ok)
		}
		if got, ok := reg.TermByID(orphan.ID); !ok || got.ParentID != "" {
			t.Errorf("orphan = %+v %v, want it kept without its unknown parent", got, ok)
		}
		err = db.WriteTx(ctx, func(tx *store.Tx) error {
			_, err := tx.PutImportedTerm(ctx, directory.TaxonomyTerm{ID: directory.TermID(directory.SchemeSubject, "music"), TaxonomyID: tx0.ID, Name: "Music"})
			return err
		})
		if learnwell.ErrorCode(err) != learnwell.ECONFLICT {
			t.Errorf("importing over a built-in term: %v", err)
		}
	})
}
