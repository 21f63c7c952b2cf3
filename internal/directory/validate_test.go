package directory

import (
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/geo"
)

var (
	testOrgID    = learnwell.DerivedID("test", "org")
	testCourseID = learnwell.DerivedID("test", "course")
	testVenueID  = learnwell.DerivedID("test", "venue")
)

func validOrganisation() Organisation {
	return Organisation{
		ID: testOrgID, Name: "Islington Adult Community Learning",
		Description: "Courses for adults across Islington.",
		Kind:        AdultEducationService, Website: "https://www.example.org/learning",
		Email: "learning@example.org", Phone: "020 7946 0123",
		Boroughs: []string{"E09000019"},
	}
}

func validCourse() Course {
	return Course{
		ID: testCourseID, OrganisationID: testOrgID,
		Title:     "Watercolour for beginners",
		Summary:   "Learn to paint with watercolours in a friendly group.",
		MinAge:    19,
		Subjects:  []string{TermID(SchemeSubject, "arts-and-crafts")},
		Wellbeing: []string{TermID(SchemeWellbeing, "loneliness-and-connection")},
		Level:     TermID(SchemeLevel, "beginner"),
		Languages: []string{"en"}, Accessibility: []AccessibilityFeature{LargePrint},
		Delivery: InPerson, Free: true, Funding: FundingCommunityLearning,
		HowToJoin: "Ask your link worker to refer you, or call us.",
		Contacts:  []Contact{{Name: "Course desk", Email: "courses@example.org"}},
		Status:    CourseActive, LastChecked: d(2026, 11, 1),
	}
}

func validLocation() Location {
	return Location{
		ID: testVenueID, OrganisationID: testOrgID, Name: "Central Library",
		Address1: "2 Fieldway Crescent", Town: "London", Postcode: "N5 1PF",
		Point: &geo.Point{Lat: 51.5485, Lon: -0.1065}, Borough: "E09000019",
		Accessibility: []AccessibilityFeature{StepFreeAccess, HearingLoop},
	}
}

func validRun() Run {
	return Run{
		ID: learnwell.DerivedID("test", "run"), CourseID: testCourseID, LocationID: testVenueID,
		FirstSession: d(2027, 1, 12), LastSession: d(2027, 3, 23),
		Schedule: Schedule{Freq: Weekly, ByDay: []WeekdayNum{{0, time.Tuesday}},
			Start: ClockTime{10, 0}, End: ClockTime{12, 0},
			Breaks: []Break{{Label: "half term", From: d(2027, 2, 15), To: d(2027, 2, 19)}}},
		PlacesTotal: 12, PlacesTaken: 3, Status: RunOpen,
	}
}

// checkFields asserts that err carries exactly the wanted field messages
// (want nil: no error at all).
func checkFields(t *testing.T, err error, want map[string]string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if learnwell.ErrorCode(err) != learnwell.EINVALID {
		t.Fatalf("error = %v, want invalid", err)
	}
	got := learnwell.FieldMap(learnwell.ErrorFields(err))
	for field, msg := range want {
		if got[field] != msg {
			t.Errorf("field %s: got %q, want %q", field, got[field], msg)
		}
	}
	for field, msg := range got {
		if _, ok := want[field]; !ok {
			t.Errorf("unexpected message for %s: %q", field, msg)
		}
	}
}

func TestOrganisationValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Organisation)
		want   map[string]string
	}{
		{"valid", func(*Organisation) {}, nil},
		{"valid with nothing optional", func(o *Organisation) { o.Website, o.Email, o.Phone, o.Boroughs = "", "", "", nil }, nil},
		{"no name", func(o *Organisation) { o.Name = "  " }, map[string]string{"name": "Enter the name of the organisation"}},
		{"long name", func(o *Organisation) { o.Name = strings.Repeat("a", 201) }, map[string]string{"name": "Name must be 200 characters or fewer"}},
		{"no description", func(o *Organisation) { o.Description = "" }, map[string]string{"description": "Enter a description of the organisation"}},
		{"no kind", func(o *Organisation) { o.Kind = "" }, map[string]string{"kind": "Select the type of organisation"}},
		{"unknown kind", func(o *Organisation) { o.Kind = "bank" }, map[string]string{"kind": "Select the type of organisation"}},
		{"bad website", func(o *Organisation) { o.Website = "www.example.org" },
			map[string]string{"website": "Enter a web address in the correct format, like https://www.example.com"}},
		{"bad email", func(o *Organisation) { o.Email = "learning.example.org" },
			map[string]string{"email": "Enter an email address in the correct format, like name@example.com"}},
		{"bad phone", func(o *Organisation) { o.Phone = "12345" },
			map[string]string{"phone": "Enter a phone number, like 020 7946 0000 or 07700 900 982"}},
		{"unknown borough", func(o *Organisation) { o.Boroughs = []string{"E09000019", "E09000034"} },
			map[string]string{"boroughs": "Select a London borough from the list"}},
		{"repeated borough", func(o *Organisation) { o.Boroughs = []string{"E09000019", "E09000019"} },
			map[string]string{"boroughs": "Select each borough only once"}},
		{"source without id", func(o *Organisation) { o.Source = Source{System: "https://feed.example.org"} },
			map[string]string{"source.id": "Enter the id of the record in the system it came from"}},
		{"source without system", func(o *Organisation) { o.Source = Source{ID: "42"} },
			map[string]string{"source.system": "Enter the system the record came from"}},
		{"everything wrong at once", func(o *Organisation) { *o = Organisation{Email: "x"} }, map[string]string{
			"name": "Enter the name of the organisation", "description": "Enter a description of the organisation",
			"kind": "Select the type of organisation", "email": "Enter an email address in the correct format, like name@example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validOrganisation()
			tt.change(&o)
			checkFields(t, o.Validate(), tt.want)
		})
	}
}

func TestLocationValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Location)
		want   map[string]string
	}{
		{"valid", func(*Location) {}, nil},
		{"no point", func(l *Location) { l.Point = nil }, nil},
		{"no name", func(l *Location) { l.Name = "" }, map[string]string{"name": "Enter the name of the venue"}},
		{"no address", func(l *Location) { l.Address1 = "" }, map[string]string{"address_1": "Enter the first line of the address"}},
		{"long address 2", func(l *Location) { l.Address2 = strings.Repeat("é", 201) },
			map[string]string{"address_2": "Address line 2 must be 200 characters or fewer"}},
		{"no town", func(l *Location) { l.Town = "" }, map[string]string{"town": "Enter the town or city"}},
		{"no postcode", func(l *Location) { l.Postcode = "" }, map[string]string{"postcode": geo.MsgPostcodeEmpty}},
		{"bad postcode", func(l *Location) { l.Postcode = "N5 1P" }, map[string]string{"postcode": geo.MsgPostcodeInvalid}},
		{"district only", func(l *Location) { l.Postcode = "N5" },
			map[string]string{"postcode": "Enter the full postcode of the venue, like SE1 7PB"}},
		{"no borough", func(l *Location) { l.Borough = "" }, map[string]string{"borough": "Select the borough the venue is in"}},
		{"unknown borough", func(l *Location) { l.Borough = "E08000001" }, map[string]string{"borough": "Select a London borough from the list"}},
		{"point outside the UK", func(l *Location) { l.Point = &geo.Point{Lat: 48.85, Lon: 2.35} },
			map[string]string{"point": "The venue's position must be in the United Kingdom"}},
		{"point swapped", func(l *Location) { l.Point = &geo.Point{Lat: -0.1, Lon: 51.5} },
			map[string]string{"point": "The venue's position must be in the United Kingdom"}},
		{"unknown feature", func(l *Location) { l.Accessibility = []AccessibilityFeature{"lift"} },
			map[string]string{"accessibility": "Select an accessibility feature from the list"}},
		{"repeated feature", func(l *Location) { l.Accessibility = []AccessibilityFeature{HearingLoop, HearingLoop} },
			map[string]string{"accessibility": "Select each accessibility feature only once"}},
		{"long transport", func(l *Location) { l.Transport = strings.Repeat("x", 1001) },
			map[string]string{"transport": "Transport notes must be 1000 characters or fewer"}},
		// An imported venue keeps a postcode learnwell cannot place, and may have no borough.
		{"imported, foreign postcode, no borough", func(l *Location) {
			l.Source = Source{System: "https://feed.example.org/oruk", ID: "loc-1"}
			l.Postcode, l.Borough, l.Point = "ABC 1234", "", nil
		}, nil},
		{"imported, no postcode", func(l *Location) {
			l.Source = Source{System: "https://feed.example.org/oruk", ID: "loc-1"}
			l.Postcode = ""
		}, nil},
		{"imported, long postcode", func(l *Location) {
			l.Source = Source{System: "https://feed.example.org/oruk", ID: "loc-1"}
			l.Postcode = strings.Repeat("9", 21)
		}, map[string]string{"postcode": "Postcode must be 20 characters or fewer"}},
		{"imported, unknown borough", func(l *Location) {
			l.Source = Source{System: "https://feed.example.org/oruk", ID: "loc-1"}
			l.Borough = "E08000001"
		}, map[string]string{"borough": "Select a London borough from the list"}},
		{"imported, point outside the UK", func(l *Location) {
			l.Source = Source{System: "https://feed.example.org/oruk", ID: "loc-1"}
			l.Point = &geo.Point{Lat: 48.85, Lon: 2.35}
		}, map[string]string{"point": "The venue's position must be in the United Kingdom"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := validLocation()
			tt.change(&l)
			checkFields(t, l.Validate(), tt.want)
		})
	}
}

func TestLocationNormalise(t *testing.T) {
	l := Location{Name: " Central Library ", Postcode: " n51pf ", Borough: "E09000019 "}
	l.Normalise()
	if l.Name != "Central Library" || l.Postcode != "N5 1PF" || l.Borough != "E09000019" {
		t.Errorf("Normalise gave %+v", l)
	}
	if l.BoroughName() != "Islington" {
		t.Errorf("BoroughName = %q", l.BoroughName())
	}
	bad := Location{Postcode: " not a postcode "}
	bad.Normalise()
	if bad.Postcode != "not a postcode" {
		t.Errorf("unparsable postcode changed to %q", bad.Postcode)
	}
}
