package finder

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/search"
)

var (
	tax = directory.BuiltinTaxonomies()
	now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		fields map[string]string // field -> part of the message; empty map = valid
		check  func(t *testing.T, q Query)
	}{
		{"empty", "", nil, func(t *testing.T, q Query) {
			if q.Page != 1 || q.Search.Near != nil || q.Filtered() {
				t.Errorf("q = %+v", q)
			}
		}},
		{"words are not syntax", "q=" + url.QueryEscape(`"art" OR -paint* title:x`), nil, func(t *testing.T, q Query) {
			if q.Search.Words != `"art" OR -paint* title:x` {
				t.Errorf("words = %q", q.Search.Words)
			}
		}},
		{"postcode normalised and located", "postcode=se17pb&miles=5", nil, func(t *testing.T, q Query) {
			if q.Postcode != "SE1 7PB" || q.Search.Near == nil || q.Search.WithinKm < 8 || q.Search.WithinKm > 8.1 {
				t.Errorf("q = %+v, within %v", q.Postcode, q.Search.WithinKm)
			}
		}},
		{"district", "postcode=n7", nil, func(t *testing.T, q Query) {
			if q.Postcode != "N7" || q.Search.Near == nil || q.Search.WithinKm != 0 {
				t.Errorf("q = %+v", q)
			}
		}},
		{"unknown postcode", "postcode=ZZ9+9ZZ", map[string]string{"postcode": "We could not find the postcode ZZ9 9ZZ. Check it and try again"}, nil},
		{"malformed postcode", "postcode=hello", map[string]string{"postcode": "Enter a real postcode"}, nil},
		{"any distance in range", "postcode=N7&miles=3", nil, func(t *testing.T, q Query) {
			if q.Miles != 3 || q.Search.WithinKm < 4.8 || q.Search.WithinKm > 4.9 || q.Notes != nil {
				t.Errorf("miles %v, within %v km, notes %v", q.Miles, q.Search.WithinKm, q.Notes)
			}
		}},
		{"the smallest distance", "postcode=N7&miles=0.5", nil, func(t *testing.T, q Query) {
			if q.Miles != 0.5 || q.Values().Get("miles") != "0.5" {
				t.Errorf("miles %v, written %q", q.Miles, q.Values().Get("miles"))
			}
		}},
		{"the largest distance", "postcode=N7&miles=50", nil, func(t *testing.T, q Query) {
			if q.Miles != 50 {
				t.Errorf("miles %v", q.Miles)
			}
		}},
		{"filters", "subject=languages&wellbeing=loneliness-and-connection&day=MO&day=SA&time=evening&free=1&starts=4&age=45&mode=online&access=hearing-loop&language=es&borough=E09000019", nil,
			func(t *testing.T, q Query) {
				s := q.Search
				if !s.FreeOnly || s.Days != search.Monday|search.Saturday || s.TimesOfDay != search.Evening || s.StartsWithinWeeks != 4 || s.Age != 45 ||
					len(s.Subjects) != 1 || len(s.Wellbeing) != 1 || len(s.Modes) != 1 || len(s.Accessibility) != 1 || len(s.Languages) != 1 || len(s.Boroughs) != 1 {
					t.Errorf("search = %+v", s)
				}
			}},
		{"unknown codes", "subject=astrology&borough=E09000099&day=XX&time=night&language=zz&access=jetpack&mode=telepathy&wellbeing=x&level=y",
			map[string]string{"subject": "Select a subject", "borough": "Select a borough", "day": "Select days", "time": "Select times", "language": "Select a language",
				"access": "Select an accessibility", "mode": "Select how", "wellbeing": "Select a wellbeing", "level": "Select a level"}, nil},
		{"bad age", "age=12", map[string]string{"age": "Enter an age between 16 and 120"}, nil},
		{"bad sort", "sort=random", map[string]string{"sort": "Select an order"}, nil},
		{"distance sort with a postcode", "postcode=N7&sort=distance", nil, func(t *testing.T, q Query) {
			if q.Sort != "distance" || q.Search.Sort != search.SortDistance || q.Notes != nil {
				t.Errorf("sort %q, notes %v", q.Sort, q.Notes)
			}
		}},
		{"London is in the area", "postcode=N7+8DB", nil, func(t *testing.T, q Query) {
			if q.OutsideArea {
				t.Error("N7 is outside the area")
			}
		}},
		{"Edinburgh is outside the area", "postcode=EH1+1YZ", nil, func(t *testing.T, q Query) {
			if !q.OutsideArea || q.Search.Near == nil {
				t.Errorf("outside %v, near %v", q.OutsideArea, q.Search.Near)
			}
		}},
		{"too long", "q=" + strings.Repeat("a", 500), map[string]string{"q": "too long"}, nil},
		{"duplicates dropped", "subject=languages&subject=languages", nil, func(t *testing.T, q Query) {
			if len(q.Subjects) != 1 {
				t.Errorf("subjects = %v", q.Subjects)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.query)
			q, err := ParseQuery(v, tax, now)
			got := learnwell.FieldMap(learnwell.ErrorFields(err))
			if len(tt.fields) == 0 && err != nil {
				t.Fatalf("unexpected error %v", got)
			}
			for f, want := range tt.fields {
				if !strings.Contains(got[f], want) {
					t.Errorf("field %s: message %q, want it to contain %q (all: %v)", f, got[f], want, got)
				}
			}
			if len(tt.fields) > 0 && len(got) != len(tt.fields) {
				t.Errorf("messages %v, want exactly %v", got, tt.fields)
			}
			if tt.check != nil {
				tt.check(t, q)
			}
		})
	}
}

// Parts of a query that cannot be followed, where the rest can, are left
// out with a note rather than refused: the person keeps their results.
func TestParseQueryNotes(t *testing.T) {
	for _, tt := range []struct {
		name, query, note string
		check             func(q Query) bool
	}{
		{"distance sort without a postcode, words", "q=art&sort=distance", "Enter a postcode to sort by distance. These courses are sorted by best match.",
			func(q Query) bool { return q.Sort == "" && q.Search.Sort == search.SortDefault }},
		{"distance sort without a postcode or words", "sort=distance", "sorted by the soonest start", func(q Query) bool { return q.Sort == "" }},
		{"distance too short", "postcode=N7&miles=0.4", "Enter a distance from 0.5 to 50 miles", func(q Query) bool { return q.Miles == 0 && q.Search.WithinKm == 0 }},
		{"distance too long", "postcode=N7&miles=51", "These courses are at any distance", func(q Query) bool { return q.Miles == 0 && q.Search.WithinKm == 0 }},
		{"distance not a number", "postcode=N7&miles=far", "0.5 to 50 miles", func(q Query) bool { return q.Miles == 0 }},
		{"distance not a number at all", "postcode=N7&miles=NaN", "0.5 to 50 miles", func(q Query) bool { return q.Miles == 0 }},
		{"distance without a postcode", "q=art&miles=5", "Enter a postcode to search within a distance, like SE1 7PB. These courses are at any distance.",
			func(q Query) bool { return q.Miles == 5 && q.Search.WithinKm == 0 && q.Search.Near == nil }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.query)
			q, err := ParseQuery(v, tax, now)
			if err != nil {
				t.Fatalf("refused: %v", learnwell.ErrorFields(err))
			}
			if len(q.Notes) != 1 || !strings.Contains(q.Notes[0], tt.note) {
				t.Errorf("notes %q, want one with %q", q.Notes, tt.note)
			}
			if !tt.check(q) {
				t.Errorf("query %+v", q)
			}
		})
	}
}

func TestParsePage(t *testing.T) {
	for raw, want := range map[string]int{"": 1, "1": 1, "7": 7, "0": 1, "-1": 1, "abc": 1, "2.5": 1, "100000": MaxPage, "100001": MaxPage,
		"99999999999999999999": MaxPage, "-99999999999999999999": 1} {
		v := url.Values{ParamPage: {raw}}
		q, err := ParseQuery(v, tax, now)
		if err != nil {
			t.Errorf("page=%s: refused: %v", raw, learnwell.ErrorFields(err))
		}
		if q.Page != want || q.Search.Page != want {
			t.Errorf("page=%s: page %d (search %d), want %d", raw, q.Page, q.Search.Page, want)
		}
	}
}

func TestNearestMilesChoice(t *testing.T) {
	for miles, want := range map[float64]int{0: 0, 0.5: 1, 1: 1, 1.4: 1, 1.5: 1, 1.6: 2, 3: 2, 3.5: 2, 4: 5, 7: 5, 8: 10, 15: 10, 16: 20, 50: 20} {
		if got := NearestMilesChoice(miles); got != want {
			t.Errorf("NearestMilesChoice(%v) = %d, want %d", miles, got, want)
		}
	}
}

func TestQueryValuesRoundTrip(t *testing.T) {
	v, _ := url.ParseQuery("q=paint&postcode=n7&miles=2.5&subject=arts-and-crafts&day=TU&free=1&starts=8&age=30&sort=soonest&page=3")
	q, err := ParseQuery(v, tax, now)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseQuery(q.Values(), tax, now)
	if err != nil {
		t.Fatal(err)
	}
	if again.Values().Encode() != q.Values().Encode() {
		t.Fatalf("round trip: %s != %s", again.Values().Encode(), q.Values().Encode())
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "q=art", "postcode=SE1+7PB&miles=5", "q=%22x%22+OR+y&day=MO&day=ZZ", "age=-1&page=99999999999", "postcode=%00%ff",
		"q=a%00b", "q=%ff", "q=%1b%5b31m", "postcode=N7%009AB", "sort=distance&postcode=%c0%80",
		"postcode=N7&miles=0.5", "postcode=N7&miles=NaN", "postcode=N7&miles=1e400", "sort=distance&page=-1", "postcode=EH1+1YZ&miles=50&sort=distance"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := ParseQuery(v, tax, now)
		if err != nil && learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("error code %s", learnwell.ErrorCode(err))
		}
		if err == nil {
			if _, err := ParseQuery(q.Values(), tax, now); err != nil {
				t.Fatalf("a valid query's own values do not parse: %v", err)
			}
		}
	})
}
