package search

import (
	"math"
	"slices"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/geo"
)

var (
	now      = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	camden   = geo.Point{Lat: 51.5390, Lon: -0.1426}
	hackney  = geo.Point{Lat: 51.5450, Lon: -0.0553}
	croydon  = geo.Point{Lat: 51.3762, Lon: -0.0982}
	westmins = geo.Point{Lat: 51.4975, Lon: -0.1357}
)

// fixture is a small directory whose every answer can be worked out by hand.
func fixture() []Doc {
	return []Doc{
		{
			ID: "a-paint", Title: "Watercolour painting for beginners", Summary: "Learn to paint with watercolours.",
			Description: "A relaxed class for complete beginners.", Provider: "Camden Adult Learning",
			Keywords: []string{"Arts and crafts"}, Boroughs: []string{"E09000007"}, Subjects: []string{"arts"},
			Wellbeing: []string{"creativity"}, Levels: []string{"entry"}, Modes: []string{"in-person"},
			Free: true, Days: Monday | Wednesday, TimesOfDay: Morning, Accessibility: []string{"step-free"},
			Languages: []string{"en"}, MinAge: 19, Points: []geo.Point{camden}, NextStart: now.Add(48 * time.Hour),
		},
		{
			ID: "b-esol", Title: "ESOL Entry 2", Summary: "English for speakers of other languages.",
			Description: "Improve your speaking, listening, reading and writing.", Provider: "Hackney Community College",
			Boroughs: []string{"E09000012"}, Subjects: []string{"esol"}, Levels: []string{"entry"},
			Modes: []string{"in-person"}, Free: true, Days: Tuesday | Thursday, TimesOfDay: Morning | Evening,
			Languages: []string{"en"}, MinAge: 16, Points: []geo.Point{hackney}, NextStart: now.Add(10 * 24 * time.Hour),
		},
		{
			ID: "c-phone", Title: "Digital skills: using your smartphone", Summary: "Get confident with apps, calls and messages.",
			Description: "Bring your own phone. Painting not included.", Provider: "Croydon Libraries",
			Boroughs: []string{"E09000008"}, Subjects: []string{"digital"}, Wellbeing: []string{"connect"},
			Levels: []string{"entry"}, Modes: []string{"in-person"}, Days: Friday, TimesOfDay: Afternoon,
			MinAge: 50, Points: []geo.Point{croydon}, NextStart: now.Add(40 * 24 * time.Hour),
		},
		{
			ID: "d-online", Title: "Mindfulness online", Summary: "Short guided sessions for wellbeing.",
			Description: "Join from home on any device.", Provider: "Camden Adult Learning",
			Subjects: []string{"wellbeing"}, Wellbeing: []string{"mindful"}, Modes: []string{"online"},
			Days: Saturday | Sunday, TimesOfDay: Evening, Languages: []string{"en", "pl"},
			NextStart: now.Add(5 * 24 * time.Hour),
		},
		{
			ID: "e-oil", Title: "Oil painting", Summary: "Painting in oils for improvers.",
			Description: "Painting, painting and more painting.", Provider: "Westminster Adult Education",
			Boroughs: []string{"E09000033", "E09000007"}, Subjects: []string{"arts"}, Levels: []string{"level-1"},
			Modes: []string{"blended"}, Days: Monday, TimesOfDay: Evening, MinAge: 19, MaxAge: 64,
			Points: []geo.Point{westmins, camden}, // no NextStart: none scheduled
		},
	}
}

func newFixture(t testing.TB) *Index {
	t.Helper()
	ix := New()
	if err := ix.Replace(fixture()); err != nil {
		t.Fatal(err)
	}
	return ix
}

func ids(r Result) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.ID
	}
	return out
}

func mustSearch(t testing.TB, ix *Index, q Query) Result {
	t.Helper()
	r, err := ix.Search(q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return r
}

func TestSearchFilters(t *testing.T) {
	ix := newFixture(t)
	pt := func(p geo.Point) *geo.Point { return &p }
	tests := []struct {
		name string
		q    Query
		want []string // in order (name order unless the test says otherwise)
	}{
		{"empty query matches all", Query{Sort: SortName}, []string{"c-phone", "b-esol", "d-online", "e-oil", "a-paint"}},
		{"word in title", Query{Words: "watercolour", Sort: SortName}, []string{"a-paint"}},
		{"stemmed word in any field", Query{Words: "paint", Sort: SortName}, []string{"c-phone", "e-oil", "a-paint"}},
		{"all words must match", Query{Words: "painting beginners", Sort: SortName}, []string{"a-paint"}},
		{"unknown word matches nothing", Query{Words: "paint zzyzx"}, []string{}},
		{"keyword text", Query{Words: "crafts", Sort: SortName}, []string{"a-paint"}},
		{"provider text", Query{Words: "libraries", Sort: SortName}, []string{"c-phone"}},
		{"only stop words do not filter", Query{Words: "the of and", Sort: SortName}, []string{"c-phone", "b-esol", "d-online", "e-oil", "a-paint"}},
		{"borough", Query{Boroughs: []string{"E09000007"}, Sort: SortName}, []string{"e-oil", "a-paint"}},
		{"boroughs OR", Query{Boroughs: []string{"E09000012", "E09000008"}, Sort: SortName}, []string{"c-phone", "b-esol"}},
		{"unknown borough", Query{Boroughs: []string{"E09999999"}}, []string{}},
		{"empty filter values ignored", Query{Boroughs: []string{""}, Sort: SortName}, []string{"c-phone", "b-esol", "d-online", "e-oil", "a-paint"}},
		{"subject", Query{Subjects: []string{"arts"}, Sort: SortName}, []string{"e-oil", "a-paint"}},
		{"wellbeing", Query{Wellbeing: []string{"connect", "mindful"}, Sort: SortName}, []string{"c-phone", "d-online"}},
		{"level", Query{Levels: []string{"level-1"}}, []string{"e-oil"}},
		{"mode", Query{Modes: []string{"online", "blended"}, Sort: SortName}, []string{"d-online", "e-oil"}},
		{"accessibility", Query{Accessibility: []string{"step-free"}}, []string{"a-paint"}},
		{"language", Query{Languages: []string{"pl"}}, []string{"d-online"}},
		{"AND across filters", Query{Subjects: []string{"arts"}, Modes: []string{"in-person"}}, []string{"a-paint"}},
		{"AND of words and filters", Query{Words: "paint", Boroughs: []string{"E09000008"}}, []string{"c-phone"}},
		{"free only", Query{FreeOnly: true, Sort: SortName}, []string{"b-esol", "a-paint"}},
		{"days any", Query{Days: Friday | Sunday, Sort: SortName}, []string{"c-phone", "d-online"}},
		{"times any", Query{TimesOfDay: Afternoon | Morning, Sort: SortName}, []string{"c-phone", "b-esol", "a-paint"}},
		{"age 17", Query{Age: 17, Sort: SortName}, []string{"b-esol", "d-online"}},
		{"age 19", Query{Age: 19, Sort: SortName}, []string{"b-esol", "d-online", "e-oil", "a-paint"}},
		{"age 70", Query{Age: 70, Sort: SortName}, []string{"c-phone", "b-esol", "d-online", "a-paint"}},
		{"starts within 1 week", Query{StartsWithinWeeks: 1, Now: now, Sort: SortName}, []string{"d-online", "a-paint"}},
		{"starts within 2 weeks", Query{StartsWithinWeeks: 2, Now: now}, []string{"a-paint", "d-online", "b-esol"}},
		{"start window includes its start", Query{StartsWithinWeeks: 1, Now: now.Add(48 * time.Hour), Sort: SortName}, []string{"d-online", "a-paint"}},
		{"start window includes its end", Query{StartsWithinWeeks: 1, Now: now.Add(3 * 24 * time.Hour), Sort: SortName}, []string{"b-esol", "d-online"}},
		{"within 3 km of Camden", Query{Near: pt(camden), WithinKm: 3, Sort: SortName}, []string{"e-oil", "a-paint"}},
		{"within 8 km of Camden by distance", Query{Near: pt(camden), WithinKm: 8, Sort: SortDistance}, []string{"e-oil", "a-paint", "b-esol"}},
		{"near without radius filters nothing; online last", Query{Near: pt(croydon), Sort: SortDistance}, []string{"c-phone", "e-oil", "a-paint", "b-esol", "d-online"}},
		{"soonest; none last", Query{}, []string{"a-paint", "d-online", "b-esol", "c-phone", "e-oil"}},
		{"relevance: title beats description", Query{Words: "painting"}, []string{"e-oil", "a-paint", "c-phone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustSearch(t, ix, tt.q)
			if got := ids(r); !slices.Equal(got, tt.want) {
				t.Errorf("ids = %q, want %q", got, tt.want)
			}
			if r.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", r.Total, len(tt.want))
			}
		})
	}
}

func TestSearchDistance(t *testing.T) {
	ix := newFixture(t)
	near := hackney
	r := mustSearch(t, ix, Query{Near: &near, Sort: SortDistance})
	for _, h := range r.Hits {
		switch h.ID {
		case "d-online":
			if h.DistanceKm != -1 || h.NearestPoint != -1 {
				t.Errorf("online course: distance %v, point %d; want -1, -1", h.DistanceKm, h.NearestPoint)
			}
		case "e-oil":
			// Camden (index 1) is nearer Hackney than Westminster (index 0).
			if want := geo.DistanceKm(hackney, camden); h.DistanceKm != want || h.NearestPoint != 1 {
				t.Errorf("e-oil: distance %v, point %d; want %v, 1", h.DistanceKm, h.NearestPoint, want)
			}
		}
	}
	r = mustSearch(t, ix, Query{Words: "paint"})
	for _, h := range r.Hits {
		if h.DistanceKm != -1 || h.NearestPoint != -1 {
			t.Errorf("%s without Near: distance %v, point %d", h.ID, h.DistanceKm, h.NearestPoint)
		}
	}
}

func TestSearchScores(t *testing.T) {
	ix := newFixture(t)
	r := mustSearch(t, ix, Query{Words: "painting"})
	for i, h := range r.Hits {
		if !(h.Score > 0) {
			t.Errorf("hit %d %s: score %v, want > 0", i, h.ID, h.Score)
		}
		if i > 0 && h.Score > r.Hits[i-1].Score {
			t.Errorf("hit %d scores more than hit %d", i, i-1)
		}
	}
	// The same words under another order still get their scores.
	r2 := mustSearch(t, ix, Query{Words: "painting", Sort: SortName})
	for _, h := range r2.Hits {
		for _, h1 := range r.Hits {
			if h1.ID == h.ID && h1.Score != h.Score {
				t.Errorf("%s scores %v by name and %v by relevance", h.ID, h.Score, h1.Score)
			}
		}
	}
	if r := mustSearch(t, ix, Query{Sort: SortRelevance}); r.Hits[0].Score != 0 {
		t.Errorf("score without words = %v, want 0", r.Hits[0].Score)
	}
}

func TestSearchTieBreaks(t *testing.T) {
	// Same title, same start: the id decides. Same score: the title decides.
	start := now.Add(24 * time.Hour)
	docs := []Doc{
		{ID: "3", Title: "Yoga", NextStart: start},
		{ID: "1", Title: "yoga", NextStart: start},
		{ID: "2", Title: "Yoga", NextStart: start},
		{ID: "0", Title: "Zumba yoga", NextStart: start},
		{ID: "4", Title: "Art yoga", NextStart: start},
	}
	ix := New()
	if err := ix.Replace(docs); err != nil {
		t.Fatal(err)
	}
	for _, sort := range []SortOrder{SortSoonest, SortName, SortDistance} {
		q := Query{Sort: sort, Near: &camden}
		if got, want := ids(mustSearch(t, ix, q)), []string{"4", "1", "2", "3", "0"}; !slices.Equal(got, want) {
			t.Errorf("%v: ids = %q, want %q", sort, got, want)
		}
	}
	// "yoga" alone is shorter than "Art yoga", so scores more; equal titles tie.
	if got, want := ids(mustSearch(t, ix, Query{Words: "yoga"})), []string{"1", "2", "3", "4", "0"}; !slices.Equal(got, want) {
		t.Errorf("relevance: ids = %q, want %q", got, want)
	}
}

func TestSearchPaging(t *testing.T) {
	ix := newFixture(t)
	all := ids(mustSearch(t, ix, Query{Sort: SortName}))
	var paged []string
	for page := 1; page <= 3; page++ {
		r := mustSearch(t, ix, Query{Sort: SortName, Page: page, PerPage: 2})
		if r.Total != 5 || r.Page != page || r.PerPage != 2 {
			t.Errorf("page %d: total %d page %d per page %d", page, r.Total, r.Page, r.PerPage)
		}
		paged = append(paged, ids(r)...)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("pages = %q, want %q", paged, all)
	}
	for _, page := range []int{4, 1000, math.MaxInt} {
		r := mustSearch(t, ix, Query{Sort: SortName, Page: page, PerPage: 2})
		if len(r.Hits) != 0 || r.Total != 5 {
			t.Errorf("page %d past the end: %d hits, total %d; want 0, 5", page, len(r.Hits), r.Total)
		}
	}
	r := mustSearch(t, ix, Query{PerPage: 1000})
	if r.PerPage != MaxPerPage || r.Page != 1 {
		t.Errorf("PerPage 1000: got page %d per page %d", r.Page, r.PerPage)
	}
	if r := mustSearch(t, ix, Query{}); r.PerPage != DefaultPerPage || r.Sort != SortSoonest {
		t.Errorf("defaults: per page %d sort %v", r.PerPage, r.Sort)
	}
	if r := mustSearch(t, ix, Query{Words: "paint"}); r.Sort != SortRelevance {
		t.Errorf("default sort with words = %v, want relevance", r.Sort)
	}
}

func TestSearchValidation(t *testing.T) {
	ix := newFixture(t)
	bad := geo.Point{Lat: math.NaN()}
	tests := []struct {
		name  string
		q     Query
		field string
	}{
		{"distance sort needs near", Query{Sort: SortDistance}, "sort"},
		{"unknown sort", Query{Sort: 99}, "sort"},
		{"within needs near", Query{WithinKm: 5}, "within"},
		{"negative within", Query{Near: &camden, WithinKm: -1}, "within"},
		{"NaN within", Query{Near: &camden, WithinKm: math.NaN()}, "within"},
		{"invalid near", Query{Near: &bad}, "near"},
		{"negative age", Query{Age: -1}, "age"},
		{"negative weeks", Query{StartsWithinWeeks: -1, Now: now}, "starts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(tt.q)
			if learnwell.ErrorCode(err) != learnwell.EINVALID {
				t.Fatalf("err = %v, want invalid", err)
			}
			if fields := learnwell.ErrorFields(err); len(fields) != 1 || fields[0].Field != tt.field {
				t.Errorf("fields = %+v, want one for %q", fields, tt.field)
			}
		})
	}
	if _, err := ix.Search(Query{StartsWithinWeeks: 1}); learnwell.ErrorCode(err) != learnwell.EINVALID {
		t.Errorf("weeks without Now: err = %v, want invalid", err)
	}
}

func TestSortOrderNames(t *testing.T) {
	for s := SortDefault; s <= SortName; s++ {
		got, ok := ParseSortOrder(s.String())
		if !ok || got != s {
			t.Errorf("ParseSortOrder(%q) = %v, %v", s.String(), got, ok)
		}
	}
	if _, ok := ParseSortOrder("best"); ok {
		t.Error(`ParseSortOrder("best") ok`)
	}
}
