package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
	"learnwell/internal/store"
)

// FuzzORUK feeds the ORUK/HSDS file parser and the mapping any bytes: they
// must never panic, and a service they map keeps its source id and gives
// runs that pass learnwell's own rules. The seeds are the official examples;
// they are large, so fuzz with -fuzzminimizetime 0s or the engine spends its
// time minimising them:
//
//	go test ./internal/importer -run XXX -fuzz FuzzORUK -fuzztime 1m -fuzzminimizetime 0s
func FuzzORUK(f *testing.F) {
	files, _ := filepath.Glob("testdata/open-referral/*/*.json")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{`[]`, `{}`, `[{"id": 1, "name": 2}]`, `{"contents": [null]}`, `{"services": [{"id": "x"}]}`,
		`{"id": "a", "name": "Art", "organization": {"id": "o", "name": "O"}, "schedules": [{"freq": "MONTHLY", "byday": "-1FR", "valid_from": "2027-01-01", "opens_at": "10:00+01:00", "closes_at": "11:00Z"}]}`,
		"\xef\xbb\xbf[{\"id\": \"a\", \"minimum_age\": \"12\", \"cost_options\": [{\"amount\": 1e308}]}]",
		// Unusual text: a NUL, a control, bytes that are not UTF-8, a lone surrogate.
		`[{"id": "a", "name": "Art\u0000", "organization": {"id": "o", "name": "O"}}]`,
		`{"id": "o", "name": "O\u001b", "services": [{"id": "a", "name": "Art"}]}`,
		"[{\"id\": \"a\", \"name\": \"Caf\xe9\", \"description\": \"\\ud800\"}]"} {
		f.Add([]byte(s))
	}
	tax := directory.BuiltinTaxonomies()
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := parseFile(data)
		if err != nil {
			return
		}
		m := &orukMapper{system: "fuzz.json", tax: tax, imported: map[string]store.ImportedTaxonomy{}, locate: geo.DistrictLocator{},
			today: directory.NewDate(2026, 11, 24), defaultSubject: "arts-and-crafts"}
		for _, r := range recs {
			s, err := decodeService(r)
			if err != nil {
				continue
			}
			l, err := m.service(context.Background(), s, "record")
			if err != nil {
				continue
			}
			if bad := unusualListing(l); bad != "" {
				t.Fatalf("mapped a listing with unusual text in %s", bad)
			}
			if l.course.Source.ID != s.ID.String() || l.course.Source.System != "fuzz.json" {
				t.Fatalf("source = %+v for service %q", l.course.Source, s.ID)
			}
			for _, run := range l.runs {
				if err := run.Validate(); err != nil {
					t.Fatalf("mapped run does not validate: %v\n%+v", err, run)
				}
			}
		}
	})
}

// FuzzCSV feeds the spreadsheet reader and the course builder any bytes:
// they must never panic, and every run they build passes learnwell's rules.
func FuzzCSV(f *testing.F) {
	header := strings.Join(CSVHeader(), ",") + "\n"
	f.Add([]byte(header))
	f.Add([]byte("\ufeffCourse reference;Provider;Course title;Summary;Subjects;Venue;First session;Start time;End time\r\nA;P;T;S;music;online;46399;0.4375;2pm\r\n"))
	f.Add([]byte(header + "A,P,D,,,,,T,S,,,,,music,,,,,,free,,,,,,,,,,,Hall,1 Road,,London,N7 9AB,,,,15/09/2026,08/12/2026,2nd Tuesday,monthly,10am,12:00,26/10/2026 to 30/10/2026 (half term),12,full,\n"))
	f.Add([]byte("Course reference,Provider,Course title,Summary,Subjects,Venue,First session,Start time,End time\n\"A\nB\",\"P\"\"\",T,S,music,online,1/1/27,10,11\n,,,\n"))
	f.Add([]byte("Course reference,Provider,Course title,Summary,Subjects,Venue,First session,Start time,End time\nA,P\x00,T\x1b,S,music,online,1/1/27,10,11\n"))
	f.Add([]byte("Course reference,Provider,Course title,Summary,Subjects,Venue,First session,Start time,End time\nA,P,Caf\xe9,S,music,online,1/1/27,10,11\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, _, err := readCSV(data)
		if err != nil {
			return
		}
		groups, order := groupRows(rows)
		b := &csvBuilder{system: "fuzz.csv", tax: builtinTaxonomies, locate: geo.DistrictLocator{}, ctx: context.Background()}
		for _, ref := range order {
			if ref == "" {
				continue
			}
			l, err := b.course(ref, groups[ref])
			if err != nil {
				continue
			}
			if bad := unusualListing(l); bad != "" {
				t.Fatalf("built a listing with unusual text in %s", bad)
			}
			for _, run := range l.runs {
				if err := run.Validate(); err != nil {
					t.Fatalf("built run does not validate: %v\n%+v", err, run)
				}
			}
		}
	})
}

// unusualListing names a text of the listing that holds unusual text, or "".
func unusualListing(l *listing) string {
	for name, s := range map[string]string{"the provider's name": l.org.Name, "the provider's description": l.org.Description,
		"the title": l.course.Title, "the summary": l.course.Summary, "the description": l.course.Description} {
		if learnwell.UnusualText(s) {
			return name
		}
	}
	return ""
}
