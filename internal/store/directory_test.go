package store_test

import (
	"context"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

var tax = directory.BuiltinTaxonomies()

func sample(t *testing.T) (directory.Organisation, directory.Location, directory.Course, []directory.Run) {
	t.Helper()
	org := directory.Organisation{ID: learnwell.NewID(), Name: "Larkspur Library Learning", Description: "A demo provider.",
		Kind: directory.OrganisationKind(directory.OrganisationKinds()[0].Code), Email: "hello@example.com", Boroughs: []string{"E09000019"}}
	pt := geo.Point{Lat: 51.5465, Lon: -0.1058}
	loc := directory.Location{ID: learnwell.NewID(), OrganisationID: org.ID, Name: "Larkspur Library", Address1: "12 Example Road",
		Town: "London", Postcode: "n7 9ab", Point: &pt, Borough: "E09000019"}
	course := directory.Course{ID: learnwell.NewID(), OrganisationID: org.ID, Title: "Watercolour painting for beginners",
		Summary: "Learn to paint with watercolours in a friendly group.", Subjects: []string{directory.TermID("subject", "arts-and-crafts")},
		Delivery: directory.DeliveryMode(directory.DeliveryModes()[0].Code), Free: true, Status: directory.CourseActive,
		HowToJoin: "Call or email us.", Contacts: []directory.Contact{{ID: learnwell.NewID(), Name: "Front desk", Email: "desk@example.com"}}}
	run := directory.Run{ID: learnwell.NewID(), CourseID: course.ID, LocationID: loc.ID,
		FirstSession: directory.NewDate(2026, 9, 15), LastSession: directory.NewDate(2026, 12, 8),
		Schedule: directory.Schedule{Freq: "WEEKLY", Start: directory.ClockTime{Hour: 10}, End: directory.ClockTime{Hour: 12},
			Breaks: []directory.Break{{Label: "half term", From: directory.NewDate(2026, 10, 26), To: directory.NewDate(2026, 10, 30)}}},
		PlacesTotal: 12, PlacesTaken: 3, Status: directory.RunOpen}
	return org, loc, course, []directory.Run{run}
}

func putSample(t *testing.T, db *store.DB) (directory.Organisation, directory.Location, directory.Course, []directory.Run) {
	t.Helper()
	org, loc, course, runs := sample(t)
	ctx := context.Background()
	err := db.WriteTx(ctx, func(tx *store.Tx) error {
		if err := tx.PutOrganisation(ctx, &org); err != nil {
			return err
		}
		if err := tx.PutLocation(ctx, &loc); err != nil {
			return err
		}
		return tx.PutCourse(ctx, &course, runs, tax)
	})
	if err != nil {
		t.Fatalf("put sample: %v (%v)", err, learnwell.ErrorFields(err))
	}
	return org, loc, course, runs
}

func TestDirectoryRoundTrip(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, loc, course, runs := putSample(t, db)
		got, err := db.FindListing(ctx, course.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Course.Title != course.Title || got.Organisation.Name != org.Name || len(got.Runs) != 1 {
			t.Fatalf("listing = %+v", got)
		}
		if got.Runs[0].PlacesTaken != 3 || len(got.Runs[0].Schedule.Breaks) != 1 || got.Runs[0].FirstSession != runs[0].FirstSession {
			t.Fatalf("run = %+v", got.Runs[0])
		}
		if v, ok := got.Venue(got.Runs[0]); !ok || v.Postcode != "N7 9AB" || v.ID != loc.ID {
			t.Fatalf("venue = %+v, %v (want the postcode normalised)", v, ok)
		}
		if !got.Course.CreatedAt.Equal(clock.Now()) {
			t.Fatalf("created at %v, want %v", got.Course.CreatedAt, clock.Now())
		}
		if _, err := db.FindListing(ctx, learnwell.NewID()); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("unknown id: %v", err)
		}
		counts, _ := db.CountDirectory(ctx)
		if counts != (store.DirectoryCounts{Organisations: 1, Locations: 1, Courses: 1, Runs: 1}) {
			t.Fatalf("counts = %+v", counts)
		}
	})
}

func TestDirectoryValidationWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, loc, course, runs := sample(t)
		course.Title = ""
		course.CostOptions = []directory.CostOption{{ID: learnwell.NewID(), AmountPence: 2500}} // a fee on a free course
		runs[0].LastSession = directory.NewDate(2026, 9, 1)                                     // before the first
		runs[0].PlacesTotal = -1
		err := db.WriteTx(ctx, func(tx *store.Tx) error {
			if err := tx.PutOrganisation(ctx, &org); err != nil {
				return err
			}
			if err := tx.PutLocation(ctx, &loc); err != nil {
				return err
			}
			return tx.PutCourse(ctx, &course, runs, tax)
		})
		if learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("err = %v, want invalid", err)
		}
		fields := learnwell.FieldMap(learnwell.ErrorFields(err))
		for _, f := range []string{"title", "runs[0].last_session", "runs[0].places_total"} {
			if fields[f] == "" {
				t.Errorf("no message for %s in %v", f, fields)
			}
		}
		if len(fields) < 4 {
			t.Errorf("want every problem reported together (including the fee), got %v", fields)
		}
		if c, _ := db.CountDirectory(ctx); c != (store.DirectoryCounts{}) {
			t.Fatalf("a failed listing wrote %+v", c)
		}
	})
}

func TestDirectoryUnknownOrganisationIsAFieldError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, _, course, _ := sample(t)
		err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.PutCourse(ctx, &course, nil, tax) })
		if learnwell.ErrorCode(err) != learnwell.EINVALID || learnwell.FieldMap(learnwell.ErrorFields(err))["organisation_id"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestDirectoryRunsReplacedAndChangesRecorded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org, _, course, runs := putSample(t, db)
		ids, seq, err := db.DirectoryChanges(ctx, 0, 100)
		if err != nil || len(ids) != 1 || ids[0] != course.ID {
			t.Fatalf("changes = %v %d %v", ids, seq, err)
		}
		// A second run replaces the first.
		second := runs[0]
		second.ID = learnwell.NewID()
		second.PlacesTaken = 0
		if err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.PutCourse(ctx, &course, []directory.Run{second}, tax) }); err != nil {
			t.Fatal(err)
		}
		got, _ := db.FindListing(ctx, course.ID)
		if len(got.Runs) != 1 || got.Runs[0].ID != second.ID {
			t.Fatalf("runs = %+v", got.Runs)
		}
		// Renaming the provider changes its courses' listings too.
		org.Name = "Larkspur Libraries"
		if err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.PutOrganisation(ctx, &org) }); err != nil {
			t.Fatal(err)
		}
		ids, next, _ := db.DirectoryChanges(ctx, seq, 100)
		if len(ids) != 1 || ids[0] != course.ID || next <= seq {
			t.Fatalf("changes after %d = %v, next %d", seq, ids, next)
		}
		if ids, n2, _ := db.DirectoryChanges(ctx, next, 100); len(ids) != 0 || n2 != next {
			t.Fatalf("no new changes, got %v %d", ids, n2)
		}
		var listings int
		last, err := db.EachListing(ctx, func(l directory.Listing) error {
			listings++
			if l.Organisation.Name != "Larkspur Libraries" || len(l.Locations) != 1 {
				t.Errorf("listing = %+v", l)
			}
			return nil
		})
		if err != nil || listings != 1 || last != next {
			t.Fatalf("EachListing: %d listings, last %d (want %d), %v", listings, last, next, err)
		}
		if err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.DeleteCourse(ctx, course.ID) }); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindListing(ctx, course.ID); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("after delete: %v", err)
		}
	})
}
