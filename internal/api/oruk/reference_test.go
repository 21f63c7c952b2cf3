package oruk

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/demo"
	"learnwell/internal/directory"
	"learnwell/internal/finder"
	"learnwell/internal/geo"
	"learnwell/internal/search"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestSameAsReference serves a demo directory, changed here and there after
// it was loaded, and checks that every list gives, byte for byte, what the
// feed gave before it paged in the store: the reference below is that feed's
// code, which read every listing and filtered and paged in memory.
func TestSameAsReference(t *testing.T) {
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	clock := learnwell.NewFixedClock(start)
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock.Set(start)
		if _, err := demo.Load(ctx, db, demo.Options{Seed: 7, Services: 260}); err != nil {
			t.Fatal(err)
		}
		changedAfter := changeSome(t, db, clock)
		clock.Set(start.Add(2 * time.Hour))
		f := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
		if err := f.Build(ctx); err != nil {
			t.Fatal(err)
		}
		a := New(Options{DB: db, Finder: f, BaseURL: "https://learnwell.example", Clock: clock})

		var l directory.Listing
		var orgID string
		_, err := db.EachListing(ctx, func(x directory.Listing) error {
			if orgID == "" && x.Course.Status == directory.CourseActive {
				l, orgID = x, x.Course.OrganisationID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		term := l.Course.Subjects[0]
		lang := directory.TermID(directory.SchemeLanguage, "en")
		subjects := directory.TaxonomyID(directory.SchemeSubject)
		wellbeing := directory.TaxonomyID(directory.SchemeWellbeing)
		targets := []string{
			"/oruk/services", "/oruk/services?per_page=7", "/oruk/services?per_page=7&page=3", "/oruk/services?per_page=500",
			"/oruk/services?per_page=100&page=3", "/oruk/services?page=99",
			"/oruk/services?search=painting", "/oruk/services?search=english&per_page=5&page=2", "/oruk/services?search=zzzzqq",
			"/oruk/services?search=the",
			"/oruk/services?taxonomy_term_id=" + term, "/oruk/services?taxonomy_term_id=" + lang,
			"/oruk/services?taxonomy_id=" + subjects, "/oruk/services?taxonomy_id=" + wellbeing + "&per_page=10&page=2",
			"/oruk/services?minimum_age=19", "/oruk/services?maximum_age=18", "/oruk/services?minimum_age=30&maximum_age=40",
			"/oruk/services?minimum_age=70",
			"/oruk/services?day=MO", "/oruk/services?day=SA,SU", "/oruk/services?start_time=18:00", "/oruk/services?end_time=12:00",
			"/oruk/services?day=TU,TH&start_time=09:30&end_time=15:00",
			"/oruk/services?organization_id=" + orgID, "/oruk/services?organization_id=" + orgID + "&day=WE",
			"/oruk/services?modified_after=" + changedAfter.Format(time.RFC3339Nano),
			"/oruk/services?modified_after=" + start.Add(-time.Hour).Format(time.RFC3339),
			"/oruk/services?modified_after=2099-01-01T00:00:00Z",
			"/oruk/services?search=cooking&day=MO,TU,WE&minimum_age=25&taxonomy_id=" + subjects,
			"/oruk/service_at_locations", "/oruk/service_at_locations?per_page=9&page=4", "/oruk/service_at_locations?page=50",
			"/oruk/service_at_locations?day=FR", "/oruk/service_at_locations?day=MO,WE&start_time=17:00",
			"/oruk/service_at_locations?search=art", "/oruk/service_at_locations?taxonomy_term_id=" + term,
			"/oruk/service_at_locations?postcode=N7", "/oruk/service_at_locations?postcode=SE1&per_page=11&page=3",
			"/oruk/service_at_locations?postcode=N7&proximity=5000", "/oruk/service_at_locations?postcode=E8&proximity=3000&day=SA",
			"/oruk/service_at_locations?postcode=CR0&proximity=100000&per_page=500",
			"/oruk/service_at_locations?postcode=HA1&proximity=1&per_page=5",
			"/oruk/service_at_locations?postcode=N7&search=english&per_page=4&page=2",
			"/oruk/organizations", "/oruk/organizations?per_page=3&page=2", "/oruk/organizations?page=40",
			"/oruk/organizations?search=college", "/oruk/organizations?search=library&per_page=2&page=2",
		}
		var nonEmpty int
		for _, target := range targets {
			got := serve(t, a, target)
			want := reference(t, a, target)
			if got != want {
				t.Errorf("%s:\n got %s\nwant %s", target, clipText(got), clipText(want))
			}
			if !strings.Contains(want, `"empty":true`) {
				nonEmpty++
			}
		}
		// The reference lists something for most targets, so the test can fail.
		if nonEmpty < len(targets)*2/3 {
			t.Errorf("only %d of %d targets list anything", nonEmpty, len(targets))
		}

		// Every item of the lists is found again by its id.
		items := referenceItems(t, a)
		for _, list := range []string{"service_at_locations", "organizations"} {
			for _, item := range contentsOf(t, serve(t, a, "/oruk/"+list+"?per_page=500")) {
				key := list + "/" + item["id"].(string)
				if got, want := serve(t, a, "/oruk/"+key), items[key]; got != want {
					t.Errorf("%s:\n got %s\nwant %s", key, clipText(got), clipText(want))
				}
			}
		}
	})
}

// changeSome changes a few records an hour after the load, so that
// modified_after has something to find in each kind of record, and returns
// a time between the load and the changes.
func changeSome(t *testing.T, db *store.DB, clock *learnwell.FixedClock) time.Time {
	t.Helper()
	ctx := context.Background()
	clock.Advance(30 * time.Minute)
	between := clock.Now()
	clock.Advance(30 * time.Minute)
	var ls []directory.Listing
	if _, err := db.EachListing(ctx, func(l directory.Listing) error { ls = append(ls, l); return nil }); err != nil {
		t.Fatal(err)
	}
	tax := directory.BuiltinTaxonomies()
	err := db.WriteTx(ctx, func(tx *store.Tx) error {
		org := ls[3].Organisation
		org.Description += " Now with a café."
		if err := tx.PutOrganisation(ctx, &org); err != nil {
			return err
		}
		for _, l := range ls[10:12] {
			for _, loc := range l.Locations {
				loc.Transport = "Bus 43."
				if err := tx.PutLocation(ctx, &loc); err != nil {
					return err
				}
			}
		}
		c := ls[20].Course
		c.Status = directory.CourseInactive
		if err := tx.PutCourse(ctx, &c, ls[20].Runs, tax); err != nil {
			return err
		}
		c = ls[21].Course
		c.MinAge, c.MaxAge = 25, 35
		if err := tx.PutCourse(ctx, &c, ls[21].Runs, tax); err != nil {
			return err
		}
		runs := slices.Clone(ls[22].Runs)
		runs[0].Status = directory.RunCancelled
		if err := tx.PutCourse(ctx, &ls[22].Course, runs, tax); err != nil {
			return err
		}
		return tx.DeleteCourse(ctx, ls[23].Course.ID)
	})
	if err != nil {
		t.Fatal(err, learnwell.ErrorFields(err))
	}
	return between
}

func serve(t *testing.T, h http.Handler, target string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
	}
	return rec.Body.String()
}

func contentsOf(t *testing.T, body string) []map[string]any {
	t.Helper()
	var p struct{ Contents []map[string]any }
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	return p.Contents
}

func clipText(s string) string {
	if len(s) > 600 {
		return s[:600] + "..."
	}
	return s
}

// reference answers a list the way the feed did before it paged in the
// store, and returns the JSON it wrote.
func reference(t *testing.T, a *API, target string) string {
	t.Helper()
	u, _ := url.Parse(target)
	ctx := context.Background()
	p, err := a.parseParams(ctx, u.Query())
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	var items []any
	switch strings.TrimPrefix(u.Path, "/oruk/") {
	case "services":
		items, err = refServices(ctx, a, p)
	case "service_at_locations":
		items, err = refServiceAtLocations(ctx, a, p)
	case "organizations":
		items, err = refOrganizations(ctx, a, p)
	default:
		t.Fatalf("no reference for %s", target)
	}
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	b, err := json.Marshal(refPageOf(items, p.page, p.perPage))
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// referenceItems answers every /oruk/service_at_locations/{id} and
// /oruk/organizations/{id} as the feed did before, by reading every listing:
// the JSON of each, by "list/id".
func referenceItems(t *testing.T, a *API) map[string]string {
	t.Helper()
	m := a.mapper()
	out := map[string]string{}
	put := func(key string, v any) {
		if _, done := out[key]; !done {
			b, _ := json.Marshal(v)
			out[key] = string(b) + "\n"
		}
	}
	_, err := a.db.EachListing(context.Background(), func(l directory.Listing) error {
		put("organizations/"+l.Organisation.ID, m.organization(l.Organisation))
		if l.Course.Status != directory.CourseActive {
			return nil
		}
		for _, s := range m.serviceAtLocations(l) {
			svc := m.serviceBase(l)
			s.Service = &svc
			put("service_at_locations/"+s.ID, s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func refPageOf(items []any, number, perPage int) page {
	total := len(items)
	pages := (total + perPage - 1) / perPage
	var contents []any
	if start := (number - 1) * perPage; start < total {
		contents = items[start:min(start+perPage, total)]
	}
	if contents == nil {
		contents = []any{}
	}
	return page{TotalItems: total, TotalPages: pages, PageNumber: number, Size: len(contents),
		FirstPage: number == 1, LastPage: number >= pages, Empty: len(contents) == 0, Contents: contents}
}

func refSearchIDs(a *API, words string) (map[string]bool, error) {
	if words == "" {
		return nil, nil
	}
	ids := map[string]bool{}
	for pg := 1; ; pg++ {
		res, err := a.finder.Index().Search(search.Query{Words: words, Sort: search.SortName, Page: pg, PerPage: search.MaxPerPage})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids[h.ID] = true
		}
		if len(res.Hits) == 0 || len(ids) >= res.Total {
			return ids, nil
		}
	}
}

func refEachCandidate(ctx context.Context, a *API, words map[string]bool, fn func(directory.Listing) error) error {
	if words == nil {
		_, err := a.db.EachListing(ctx, fn)
		return err
	}
	ids := make([]string, 0, len(words))
	for id := range words {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for chunk := range slices.Chunk(ids, 500) {
		ls, err := a.db.FindListings(ctx, chunk)
		if err != nil {
			return err
		}
		for _, l := range ls {
			if err := fn(l); err != nil {
				return err
			}
		}
	}
	return nil
}

func refMatchCourse(a *API, l directory.Listing, p *params, words map[string]bool) bool {
	c := l.Course
	if c.Status != directory.CourseActive {
		return false
	}
	if words != nil && !words[c.ID] {
		return false
	}
	if p.termID != "" || p.taxonomyID != "" {
		ids := c.TermIDs()
		if p.termID != "" && !slices.Contains(ids, p.termID) {
			return false
		}
		if p.taxonomyID != "" && !slices.ContainsFunc(ids, func(id string) bool {
			t, ok := a.tax.TermByID(id)
			return ok && t.TaxonomyID == p.taxonomyID
		}) {
			return false
		}
	}
	if p.minAge > 0 && c.MaxAge > 0 && c.MaxAge < p.minAge {
		return false
	}
	if p.maxAge > 0 && c.MinAge > 0 && c.MinAge > p.maxAge {
		return false
	}
	if p.organizationID != "" && c.OrganisationID != p.organizationID {
		return false
	}
	if !p.modifiedAfter.IsZero() && !lastModified(l).After(p.modifiedAfter) {
		return false
	}
	return true
}

func refMatchRun(r directory.Run, p *params) bool {
	if len(p.days) > 0 && !slices.ContainsFunc(r.Days(), func(d time.Weekday) bool { return slices.Contains(p.days, d) }) {
		return false
	}
	if p.start != nil && r.Schedule.Start.Before(*p.start) {
		return false
	}
	if p.end != nil && p.end.Before(r.Schedule.End) {
		return false
	}
	return true
}

func refServices(ctx context.Context, a *API, p *params) ([]any, error) {
	words, err := refSearchIDs(a, p.search)
	if err != nil {
		return nil, err
	}
	m := a.mapper()
	var out []any
	err = refEachCandidate(ctx, a, words, func(l directory.Listing) error {
		if !refMatchCourse(a, l, p, words) {
			return nil
		}
		if refHasRunConditions(p) && !slices.ContainsFunc(l.Runs, func(r directory.Run) bool { return m.published(r) && refMatchRun(r, p) }) {
			return nil
		}
		s := m.serviceBase(l)
		org := m.organization(l.Organisation)
		s.Organization = &org
		out = append(out, s)
		return nil
	})
	return out, err
}

func refServiceAtLocations(ctx context.Context, a *API, p *params) ([]any, error) {
	words, err := refSearchIDs(a, p.search)
	if err != nil {
		return nil, err
	}
	m := a.mapper()
	type hit struct {
		sal  serviceAtLocation
		dist float64
	}
	var hits []hit
	err = refEachCandidate(ctx, a, words, func(l directory.Listing) error {
		if !refMatchCourse(a, l, p, words) {
			return nil
		}
		for _, s := range m.serviceAtLocations(l) {
			if refHasRunConditions(p) && !slices.ContainsFunc(l.Runs, func(r directory.Run) bool {
				return r.LocationID == s.LocationID && m.published(r) && refMatchRun(r, p)
			}) {
				continue
			}
			dist := 0.0
			if p.near != nil {
				loc := l.Locations[s.LocationID]
				if loc.Point == nil {
					if p.proximityKm > 0 {
						continue
					}
					dist = math.Inf(1)
				} else {
					dist = geo.DistanceKm(*p.near, *loc.Point)
					if p.proximityKm > 0 && dist > p.proximityKm {
						continue
					}
				}
			}
			svc := m.serviceBase(l)
			s.Service = &svc
			hits = append(hits, hit{s, dist})
		}
		return nil
	})
	if p.near != nil {
		slices.SortStableFunc(hits, func(x, y hit) int {
			if x.dist != y.dist {
				if x.dist < y.dist {
					return -1
				}
				return 1
			}
			return strings.Compare(x.sal.ID, y.sal.ID)
		})
	}
	out := make([]any, len(hits))
	for i, h := range hits {
		out[i] = h.sal
	}
	return out, err
}

func refOrganizations(ctx context.Context, a *API, p *params) ([]any, error) {
	m := a.mapper()
	seen := map[string]bool{}
	var out []any
	_, err := a.db.EachListing(ctx, func(l directory.Listing) error {
		o := l.Organisation
		if seen[o.ID] {
			return nil
		}
		seen[o.ID] = true
		if p.search == "" || containsFold(o.Name+" "+o.Description, p.search) {
			out = append(out, m.organization(o))
		}
		return nil
	})
	return out, err
}

func refHasRunConditions(p *params) bool { return len(p.days) > 0 || p.start != nil || p.end != nil }
