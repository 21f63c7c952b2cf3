package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// feedDirectory is a small directory for the feed's store functions: two
// providers (and a third with no course), three venues (one with no point),
// and courses numbered 0 to 6, whose ids sort in that order.
type feedDirectory struct {
	orgs    [3]directory.Organisation
	locs    [3]directory.Location
	courses []directory.Course
	runs    [][]directory.Run
}

var feedToday = directory.NewDate(2026, 11, 24)

func feedID(kind string, i int) string {
	// Derived ids sort in no useful order; these sort by i.
	return fmt.Sprintf("0000000%d-0000-4000-8000-%012d", len(kind), i)
}

func weekly(day time.Weekday, start, end int) directory.Schedule {
	return directory.Schedule{Freq: directory.Weekly, ByDay: []directory.WeekdayNum{{Day: day}},
		Start: directory.ClockTime{Hour: start}, End: directory.ClockTime{Hour: end}}
}

func putFeedDirectory(t *testing.T, db *store.DB) *feedDirectory {
	t.Helper()
	d := &feedDirectory{}
	ctx := context.Background()
	for i := range d.orgs {
		d.orgs[i] = directory.Organisation{ID: feedID("org", i), Name: fmt.Sprintf("Provider %d", i), Description: "A provider.",
			Kind: directory.OrganisationKind(directory.OrganisationKinds()[0].Code)}
	}
	points := []*geo.Point{{Lat: 51.5465, Lon: -0.1058}, {Lat: 51.5033, Lon: -0.1196}, nil}
	for i := range d.locs {
		d.locs[i] = directory.Location{ID: feedID("location", i), OrganisationID: d.orgs[0].ID, Name: fmt.Sprintf("Venue %d", i),
			Address1: "1 Road", Town: "London", Postcode: "N7 8DB", Point: points[i], Borough: "E09000019"}
	}
	past, soon, later := feedToday.AddDays(-30), feedToday.AddDays(7), feedToday.AddDays(90)
	run := func(c, n, loc int, day time.Weekday, start, end int, status directory.RunStatus, first, last directory.Date) directory.Run {
		r := directory.Run{ID: feedID("run", c*10+n), FirstSession: first, LastSession: last,
			Schedule: weekly(day, start, end), PlacesTotal: 10, Status: status}
		for r.FirstSession.Weekday() != day {
			r.FirstSession = r.FirstSession.AddDays(1)
		}
		if loc >= 0 {
			r.LocationID = d.locs[loc].ID
		}
		return r
	}
	subject := func(code string) []string { return []string{directory.TermID(directory.SchemeSubject, code)} }
	type spec struct {
		org      int
		min, max int
		subjects []string
		status   directory.CourseStatus
		runs     []directory.Run
	}
	specs := []spec{
		0: {0, 0, 0, subject("arts-and-crafts"), directory.CourseActive, nil},
		1: {0, 19, 0, subject("languages"), directory.CourseActive, nil},
		2: {1, 0, 30, subject("cooking"), directory.CourseActive, nil},
		3: {1, 40, 65, subject("arts-and-crafts"), directory.CourseActive, nil},
		4: {0, 0, 0, subject("digital-skills"), directory.CourseInactive, nil},
		5: {1, 0, 0, subject("languages"), directory.CourseActive, nil},
		6: {0, 0, 0, subject("cooking"), directory.CourseActive, nil},
	}
	specs[0].runs = []directory.Run{run(0, 1, 1, time.Tuesday, 10, 12, directory.RunOpen, later, later.AddDays(60)),
		run(0, 0, 0, time.Monday, 18, 20, directory.RunOpen, soon, later)}
	specs[1].runs = []directory.Run{run(1, 0, 0, time.Wednesday, 9, 11, directory.RunFull, soon, later)}
	specs[2].runs = []directory.Run{run(2, 0, 2, time.Saturday, 10, 13, directory.RunOpen, soon, later),
		run(2, 1, 1, time.Friday, 10, 12, directory.RunOpen, past, feedToday.AddDays(-1))} // over: not published
	specs[3].runs = []directory.Run{run(3, 0, -1, time.Thursday, 19, 20, directory.RunOpen, soon, later), // online
		run(3, 1, 1, time.Thursday, 14, 16, directory.RunCancelled, soon, later)}
	specs[4].runs = []directory.Run{run(4, 0, 0, time.Monday, 10, 12, directory.RunOpen, soon, later)}
	specs[5].runs = []directory.Run{run(5, 0, 1, time.Monday, 13, 15, directory.RunOpen, past, feedToday)} // last session today: published
	err := db.WriteTx(ctx, func(tx *store.Tx) error {
		for i := range d.orgs {
			if err := tx.PutOrganisation(ctx, &d.orgs[i]); err != nil {
				return err
			}
		}
		for i := range d.locs {
			if err := tx.PutLocation(ctx, &d.locs[i]); err != nil {
				return err
			}
		}
		for i, s := range specs {
			c := directory.Course{ID: feedID("course", i), OrganisationID: d.orgs[s.org].ID, Title: fmt.Sprintf("Course %d", i),
				Summary: "A course.", Subjects: s.subjects, Delivery: directory.InPerson, Free: true, Status: s.status,
				MinAge: s.min, MaxAge: s.max, HowToJoin: "Come along."}
			if i == 1 {
				c.Languages = []string{"en", "fr"}
			}
			if err := tx.PutCourse(ctx, &c, s.runs, tax); err != nil {
				return fmt.Errorf("course %d: %w %v", i, err, learnwell.ErrorFields(err))
			}
			d.courses = append(d.courses, c)
			d.runs = append(d.runs, s.runs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func courseIDs(d *feedDirectory, nums ...int) []string {
	out := []string{}
	for _, n := range nums {
		out = append(out, d.courses[n].ID)
	}
	return out
}

func TestFeedServicesPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := putFeedDirectory(t, db)
		all := courseIDs(d, 0, 1, 2, 3, 5, 6) // 4 is inactive
		f := store.FeedFilter{Today: feedToday}
		for _, tc := range []struct {
			page store.FeedPage
			want []string
		}{
			{store.FeedPage{Offset: 0, Limit: 50}, all},
			{store.FeedPage{Offset: 0, Limit: 2}, all[:2]},
			{store.FeedPage{Offset: 2, Limit: 2}, all[2:4]},
			{store.FeedPage{Offset: 4, Limit: 2}, all[4:]},
			{store.FeedPage{Offset: 5, Limit: 2}, all[5:]},
			{store.FeedPage{Offset: 6, Limit: 2}, nil},
			{store.FeedPage{Offset: 600, Limit: 500}, nil},
			{store.FeedPage{Offset: 0, Limit: 1}, all[:1]},
		} {
			ids, total, err := db.FindFeedServices(ctx, f, tc.page)
			if err != nil || total != len(all) || !slices.Equal(ids, tc.want) {
				t.Errorf("%+v: %v, total %d, %v; want %v, total %d", tc.page, ids, total, err, tc.want, len(all))
			}
		}
	})
}

func TestFeedServicesFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := putFeedDirectory(t, db)
		at := func(h, m int) *directory.ClockTime { return &directory.ClockTime{Hour: h, Minute: m} }
		arts := directory.TermID(directory.SchemeSubject, "arts-and-crafts")
		for _, tc := range []struct {
			name string
			f    store.FeedFilter
			want []string
		}{
			{"search hits", store.FeedFilter{IDs: courseIDs(d, 6, 4, 1)}, courseIDs(d, 1, 6)},
			{"no search hits", store.FeedFilter{IDs: []string{}}, nil},
			{"term", store.FeedFilter{TermID: arts}, courseIDs(d, 0, 3)},
			{"language term", store.FeedFilter{TermID: directory.TermID(directory.SchemeLanguage, "fr")}, courseIDs(d, 1)},
			{"any of terms", store.FeedFilter{AnyTermIDs: []string{arts, directory.TermID(directory.SchemeSubject, "cooking")}}, courseIDs(d, 0, 2, 3, 6)},
			{"none of no terms", store.FeedFilter{AnyTermIDs: []string{}}, nil},
			{"minimum age", store.FeedFilter{MinAge: 35}, courseIDs(d, 0, 1, 3, 5, 6)},
			{"maximum age", store.FeedFilter{MaxAge: 18}, courseIDs(d, 0, 2, 5, 6)},
			{"ages overlap", store.FeedFilter{MinAge: 31, MaxAge: 39}, courseIDs(d, 0, 1, 5, 6)},
			{"organisation", store.FeedFilter{OrganisationID: d.orgs[1].ID}, courseIDs(d, 2, 3, 5)},
			{"day", store.FeedFilter{Days: []time.Weekday{time.Monday}}, courseIDs(d, 0, 5)},
			{"days", store.FeedFilter{Days: []time.Weekday{time.Wednesday, time.Saturday}}, courseIDs(d, 1, 2)},
			{"day of a run that is over", store.FeedFilter{Days: []time.Weekday{time.Friday}}, nil},
			{"day of a cancelled run, and online", store.FeedFilter{Days: []time.Weekday{time.Thursday}}, courseIDs(d, 3)},
			{"starts from", store.FeedFilter{StartsFrom: at(18, 0)}, courseIDs(d, 0, 3)},
			{"ends by", store.FeedFilter{EndsBy: at(12, 0)}, courseIDs(d, 0, 1)},
			{"one run meets all", store.FeedFilter{Days: []time.Weekday{time.Monday}, StartsFrom: at(12, 0), EndsBy: at(16, 0)}, courseIDs(d, 5)},
			{"no run meets all", store.FeedFilter{Days: []time.Weekday{time.Tuesday}, StartsFrom: at(18, 0)}, nil},
			{"combined", store.FeedFilter{TermID: arts, MinAge: 50, OrganisationID: d.orgs[1].ID}, courseIDs(d, 3)},
		} {
			tc.f.Today = feedToday
			ids, total, err := db.FindFeedServices(ctx, tc.f, store.FeedPage{Limit: 100})
			if err != nil || total != len(tc.want) || !slices.Equal(ids, tc.want) {
				t.Errorf("%s: %v (total %d, %v), want %v", tc.name, ids, total, err, tc.want)
			}
		}
	})
}

func TestFeedModifiedAfter(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := putFeedDirectory(t, db)
		modified := func(after time.Time) []string {
			t.Helper()
			ids, _, err := db.FindFeedServices(ctx, store.FeedFilter{Today: feedToday, ModifiedAfter: after}, store.FeedPage{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			return ids
		}
		loaded := clock.Now()
		if got := modified(loaded); len(got) != 0 {
			t.Errorf("nothing changed after the load, got %v", got)
		}
		if got := modified(loaded.Add(-time.Microsecond)); len(got) != 6 {
			t.Errorf("everything changed just before the load, got %v", got)
		}
		// A change to a provider, a venue or a course (with its runs) each
		// count, a microsecond apart.
		step := func(fn func(tx *store.Tx) error) time.Time {
			t.Helper()
			before := clock.Now()
			clock.Advance(time.Microsecond)
			if err := db.WriteTx(ctx, fn); err != nil {
				t.Fatal(err)
			}
			return before
		}
		afterOrg := step(func(tx *store.Tx) error { o := d.orgs[1]; o.Name = "Renamed"; return tx.PutOrganisation(ctx, &o) })
		afterLoc := step(func(tx *store.Tx) error { l := d.locs[2]; l.Name = "Renamed"; return tx.PutLocation(ctx, &l) })
		afterCourse := step(func(tx *store.Tx) error { return tx.PutCourse(ctx, &d.courses[6], nil, tax) })
		if got, want := modified(afterCourse), courseIDs(d, 6); !slices.Equal(got, want) {
			t.Errorf("after the course: %v, want %v", got, want)
		}
		if got, want := modified(afterLoc), courseIDs(d, 2, 6); !slices.Equal(got, want) {
			t.Errorf("after the venue: %v, want %v (course 2 meets at it)", got, want)
		}
		if got, want := modified(afterOrg), courseIDs(d, 2, 3, 5, 6); !slices.Equal(got, want) {
			t.Errorf("after the provider: %v, want %v", got, want)
		}
	})
}

func TestFeedServiceAtLocations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := putFeedDirectory(t, db)
		sal := func(c, l int) string { return directory.ServiceAtLocationID(d.courses[c].ID, d.locs[l].ID) }
		// Course 0 meets at venue 1 (from later) and venue 0 (from soon):
		// venue 0 comes first, as its first run does. Course 2's run at
		// venue 1 is over; course 3's only venue run is cancelled.
		all := []string{sal(0, 0), sal(0, 1), sal(1, 0), sal(2, 2), sal(5, 1)}
		ids := func(vs []store.FeedVenue) []string {
			var out []string
			for _, v := range vs {
				if v.ID != directory.ServiceAtLocationID(v.CourseID, v.LocationID) {
					t.Errorf("venue %+v has the wrong id", v)
				}
				out = append(out, v.ID)
			}
			return out
		}
		f := store.FeedFilter{Today: feedToday}
		for _, tc := range []struct {
			page store.FeedPage
			want []string
		}{
			{store.FeedPage{Limit: 10}, all}, {store.FeedPage{Limit: 2}, all[:2]}, {store.FeedPage{Offset: 1, Limit: 2}, all[1:3]},
			{store.FeedPage{Offset: 4, Limit: 2}, all[4:]}, {store.FeedPage{Offset: 5, Limit: 2}, nil},
		} {
			vs, total, err := db.FindFeedServiceAtLocations(ctx, f, tc.page)
			if err != nil || total != len(all) || !slices.Equal(ids(vs), tc.want) {
				t.Errorf("%+v: %v total %d %v, want %v", tc.page, ids(vs), total, err, tc.want)
			}
		}
		// Run conditions hold at the venue itself.
		vs, total, err := db.FindFeedServiceAtLocations(ctx, store.FeedFilter{Today: feedToday, Days: []time.Weekday{time.Tuesday}}, store.FeedPage{Limit: 10})
		if want := []string{sal(0, 1)}; err != nil || total != 1 || !slices.Equal(ids(vs), want) {
			t.Errorf("Tuesdays: %v, want %v", ids(vs), want)
		}
		if vs[0].Point == nil || vs[0].Point.Lat != 51.5033 {
			t.Errorf("venue point %v", vs[0].Point)
		}
		// Within a box: venue 1 only (venue 2 has no point).
		var near []string
		box := geo.BoxAround(geo.Point{Lat: 51.5033, Lon: -0.1196}, 1)
		err = db.EachFeedServiceAtLocation(ctx, f, &box, func(v store.FeedVenue) error { near = append(near, v.ID); return nil })
		slices.Sort(near)
		if want := sorted([]string{sal(0, 1), sal(5, 1)}); err != nil || !slices.Equal(near, want) {
			t.Errorf("within 1 km: %v, want %v", near, want)
		}
		var every int
		if err := db.EachFeedServiceAtLocation(ctx, f, nil, func(store.FeedVenue) error { every++; return nil }); err != nil || every != len(all) {
			t.Errorf("every venue: %d %v", every, err)
		}
		// Found again by id, even when no run there is published.
		for _, tc := range []struct{ c, l int }{{0, 1}, {2, 1}, {3, 1}} {
			c, l, err := db.FindFeedServiceAtLocation(ctx, sal(tc.c, tc.l))
			if err != nil || c != d.courses[tc.c].ID || l != d.locs[tc.l].ID {
				t.Errorf("find %d at %d: %s %s %v", tc.c, tc.l, c, l, err)
			}
		}
		if _, _, err := db.FindFeedServiceAtLocation(ctx, sal(1, 2)); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Errorf("a course never at a venue: %v", err)
		}
	})
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

func TestFeedOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := putFeedDirectory(t, db)
		names := func(os []directory.Organisation) []string {
			var out []string
			for _, o := range os {
				out = append(out, o.Name)
			}
			return out
		}
		// Provider 2 has no course; 0's first course sorts first.
		for _, tc := range []struct {
			page store.FeedPage
			want []string
		}{
			{store.FeedPage{Limit: 10}, []string{"Provider 0", "Provider 1"}},
			{store.FeedPage{Offset: 1, Limit: 1}, []string{"Provider 1"}},
			{store.FeedPage{Offset: 2, Limit: 1}, nil},
		} {
			os, total, err := db.FindFeedOrganisations(ctx, tc.page)
			if err != nil || total != 2 || !slices.Equal(names(os), tc.want) {
				t.Errorf("%+v: %v total %d %v", tc.page, names(os), total, err)
			}
		}
		var each []directory.Organisation
		if err := db.EachFeedOrganisation(ctx, func(o directory.Organisation) error { each = append(each, o); return nil }); err != nil ||
			!slices.Equal(names(each), []string{"Provider 0", "Provider 1"}) {
			t.Errorf("each: %v %v", names(each), err)
		}
		if o, err := db.FindFeedOrganisation(ctx, d.orgs[1].ID); err != nil || o.Name != "Provider 1" {
			t.Errorf("find: %v %v", o.Name, err)
		}
		if _, err := db.FindFeedOrganisation(ctx, d.orgs[2].ID); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Errorf("a provider with no course: %v", err)
		}
	})
}

// TestFeedColumnsFilledIn checks that Migrate fills in the feed's columns
// of rows written before migration 0004 added them.
func TestFeedColumnsFilledIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := putFeedDirectory(t, db)
		want := func() []string {
			var out []string
			for _, f := range []store.FeedFilter{
				{Days: []time.Weekday{time.Monday, time.Saturday}, TermID: directory.TermID(directory.SchemeSubject, "cooking")},
				{MinAge: 31},
			} {
				f.Today = feedToday
				ids, _, err := db.FindFeedServices(ctx, f, store.FeedPage{Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				out = append(append(out, ids...), "|")
			}
			return out
		}
		before := want()
		if w := append(append(courseIDs(d, 2), "|"), append(courseIDs(d, 0, 1, 3, 5, 6), "|")...); !slices.Equal(before, w) {
			t.Fatalf("before: %v, want %v", before, w)
		}
		// As a database from before the migration: the columns at their defaults.
		err := db.WriteTx(ctx, func(tx *store.Tx) error {
			for _, q := range []string{"UPDATE courses SET min_age = 0, max_age = 0", "DELETE FROM course_terms",
				"UPDATE runs SET days = 0, starts_at = '', ends_at = '', service_at_location_id = NULL",
				"UPDATE locations SET lat = NULL, lon = NULL", "DELETE FROM meta WHERE key = 'feed_columns'"} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, w := want(), append([]string{"|"}, append(courseIDs(d, 0, 1, 2, 3, 5, 6), "|")...); !slices.Equal(got, w) {
			t.Fatalf("with empty columns: %v, want %v", got, w)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got := want(); !slices.Equal(got, before) {
			t.Errorf("after Migrate: %v, want %v", got, before)
		}
		vs, _, err := db.FindFeedServiceAtLocations(ctx, store.FeedFilter{Today: feedToday}, store.FeedPage{Limit: 10})
		if err != nil || len(vs) != 5 || vs[0].Point == nil || vs[0].ID == "" {
			t.Errorf("venues after Migrate: %+v %v", vs, err)
		}
	})
}
