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
		{"miles without postcode", "miles=5", map[string]string{"postcode": "Enter a postcode to search within a distance"}, nil},
		{"bad miles", "postcode=N7&miles=7", map[string]string{"miles": "Select a distance"}, nil},
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
		{"bad page", "page=0", map[string]string{"page": "page number"}, nil},
		{"bad sort", "sort=random", map[string]string{"sort": "Select an order"}, nil},
		{"distance sort needs a postcode", "sort=distance", map[string]string{"postcode": "Enter a postcode to sort by distance"}, nil},
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

func TestQueryValuesRoundTrip(t *testing.T) {
	v, _ := url.ParseQuery("q=paint&postcode=n7&miles=5&subject=arts-and-crafts&day=TU&free=1&starts=8&age=30&sort=soonest&page=3")
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
		"q=a%00b", "q=%ff", "q=%1b%5b31m", "postcode=N7%009AB", "sort=distance&postcode=%c0%80"} {
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
