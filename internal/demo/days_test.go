package demo_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/api/oruk"
	"learnwell/internal/demo"
	"learnwell/internal/directory"
	"learnwell/internal/finder"
	"learnwell/internal/search"
	"learnwell/internal/secret"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// The demo loaded on any day has courses to find and an agreement in force
// that day: on the day this was written, a year on, and on 1 September
// 2027, when the first demo's year was over. Its ended runs (last year's,
// and courses that ran only last year) are in the store, for history, but
// neither the finder nor the Open Referral feed shows them.
func TestDemoLoadedOnAnyDay(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC),
		time.Date(2027, 12, 8, 9, 0, 0, 0, time.UTC),
		time.Date(2027, 9, 1, 9, 0, 0, 0, time.UTC),
	} {
		t.Run(at.Format("2006-01-02"), func(t *testing.T) {
			clock := learnwell.NewFixedClock(at)
			storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
				clock.Set(at)
				checkDemoOnTheDay(t, db, clock)
			})
		})
	}
}

func checkDemoOnTheDay(t *testing.T, db *store.DB, clock learnwell.Clock) {
	ctx := context.Background()
	today := directory.Today(clock)
	hasher, _ := account.NewHasher(account.TestHashParams, 2, 0)
	if _, err := demo.Ensure(ctx, db, demo.Options{Seed: 6, Services: 300, Hasher: hasher}); err != nil {
		t.Fatal(err)
	}

	// What the store holds: every course, its ended runs, and the courses
	// with nothing left to publish.
	var all, withEnded, hidden []string
	endedRuns := 0
	endedSchedules := map[string]bool{} // the ids the feed would give the ended runs' schedules
	if _, err := db.EachListing(ctx, func(l directory.Listing) error {
		all = append(all, l.Course.ID)
		published, ended := false, false
		for _, r := range l.Runs {
			over := r.LastSession.Before(today)
			published = published || r.Status != directory.RunCancelled && !over
			if over {
				ended = true
				endedRuns++
				for _, p := range r.ClockPeriods() {
					endedSchedules[learnwell.DerivedID("oruk", "schedule", r.ID, p.FirstSession.String())] = true
				}
			}
		}
		if ended && published {
			withEnded = append(withEnded, l.Course.ID)
		}
		if !published {
			hidden = append(hidden, l.Course.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if endedRuns < len(all)/3 || len(withEnded) < 20 || len(hidden) == 0 || len(hidden) > len(all)/5 {
		t.Fatalf("%d courses, %d ended runs, %d courses with an ended run and one to come, %d with none to come: want many ended runs and a few courses with nothing to come",
			len(all), endedRuns, len(withEnded), len(hidden))
	}

	// The finder finds most courses, and none with only ended or cancelled runs.
	f := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
	if err := f.Build(ctx); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for page := 1; ; page++ {
		res, err := f.Search(ctx, finder.Query{Search: search.Query{PerPage: search.MaxPerPage, Page: page}})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range res.Items {
			found[it.ID] = true
			if !it.HasNext || it.Next.Before(clock.Now()) {
				t.Errorf("the finder shows %q with no session to come (next %v)", it.Title, it.Next)
			}
		}
		if page >= res.Pages {
			break
		}
	}
	if len(found) < len(all)*8/10 {
		t.Errorf("the finder finds %d of %d courses on %s, want most", len(found), len(all), today)
	}
	for _, id := range hidden {
		if found[id] {
			t.Errorf("the finder shows course %s, which has nothing to come", id)
		}
	}

	// The feed gives no ended run of any course: none of their schedules,
	// and no venue of a course that has nothing to come.
	feed := oruk.New(oruk.Options{DB: db, Finder: f, BaseURL: "https://learnwell.example"})
	for _, id := range append(withEnded[:20], hidden...) {
		var svc struct {
			Schedules []struct {
				ID      string `json:"id"`
				ValidTo string `json:"valid_to"`
			} `json:"schedules"`
		}
		getJSON(t, feed, "/oruk/services/"+id, &svc)
		for _, s := range svc.Schedules {
			if endedSchedules[s.ID] {
				t.Errorf("the feed's service %s has the schedule of an ended run, to %s", id, s.ValidTo)
			}
		}
		if len(svc.Schedules) == 0 && found[id] {
			t.Errorf("the feed's service %s has no schedules, and the finder shows it", id)
		}
	}
	var venues struct {
		TotalItems int `json:"total_items"`
		Contents   []struct {
			ServiceID string `json:"service_id"`
		} `json:"contents"`
	}
	getJSON(t, feed, "/oruk/service_at_locations?per_page=500", &venues)
	atVenue := map[string]bool{}
	for _, v := range venues.Contents {
		atVenue[v.ServiceID] = true
	}
	if venues.TotalItems > len(venues.Contents) || len(atVenue) < len(all)/2 {
		t.Errorf("the feed has %d courses at venues (%d service_at_locations of %d)", len(atVenue), len(venues.Contents), venues.TotalItems)
	}
	for _, id := range hidden {
		if atVenue[id] {
			t.Errorf("the feed has course %s at a venue, but it has nothing to come", id)
		}
	}

	// The service and the provider may share today.
	svc, err := accounts.New(accounts.Options{DB: db, Hasher: hasher, Keys: secret.DemoKeyring(), BaseURL: "http://localhost:8080"})
	if err != nil {
		t.Fatal(err)
	}
	users, err := db.FindUsers(ctx, store.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	orgOf := map[string]string{}
	for _, u := range users {
		orgOf[u.Email] = u.OrganisationID
	}
	if ok, reason, err := svc.CanShare(ctx, orgOf["link.worker@example.com"], orgOf["provider.coordinator@example.com"], account.HealthAndWellbeing, clock.Now()); !ok || err != nil {
		t.Errorf("on %s the demo agreement does not let the service share: %q %v", today, reason, err)
	}
}

func getJSON(t *testing.T, h http.Handler, path string, into any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), into); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}
