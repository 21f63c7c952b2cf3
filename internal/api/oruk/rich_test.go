package oruk_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/api/oruk"
	"learnwell/internal/directory"
	"learnwell/internal/finder/findertest"
	"learnwell/internal/geo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestRichCourse serves a course that uses every part of the mapping: a run
// across the March clock change, an online run, a full run, a cancelled run,
// contacts, languages, accessibility, costs, funding and boroughs.
func TestRichCourse(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tax := directory.BuiltinTaxonomies()
		org := directory.Organisation{ID: learnwell.DerivedID("rich-org"), Name: "Hollybank Community Trust", Description: "A charity.",
			Kind: directory.CommunityOrganisation, Website: "https://hollybank.example", Email: "hello@hollybank.example",
			Phone: "020 7946 0123", Boroughs: []string{"E09000019", "E09000012"}}
		pt := geo.Point{Lat: 51.5465, Lon: -0.1058}
		loc := directory.Location{ID: learnwell.DerivedID("rich-loc"), OrganisationID: org.ID, Name: "Hollybank Library",
			Address1: "12 Holly Road", Address2: "First floor", Town: "London", Postcode: "N5 1PF", Point: &pt, Borough: "E09000019",
			Accessibility: []directory.AccessibilityFeature{directory.StepFreeAccess, directory.HearingLoop}, Transport: "Bus 19."}
		c := directory.Course{ID: learnwell.DerivedID("rich-course"), OrganisationID: org.ID, Title: "Conversation café",
			Summary: "Practise English over tea.", Description: "Friendly groups.", Eligibility: "Adults learning English.",
			MinAge: 19, MaxAge: 99, Subjects: []string{directory.TermID(directory.SchemeSubject, "languages")},
			Wellbeing: []string{directory.TermID(directory.SchemeWellbeing, "loneliness-and-connection")},
			Level:     directory.TermID(directory.SchemeLevel, "beginner"), Languages: []string{"en", "ar"},
			Accessibility: []directory.AccessibilityFeature{directory.LargePrint}, Delivery: directory.Blended,
			CostOptions: []directory.CostOption{{ID: learnwell.DerivedID("rich-cost"), AmountPence: 1250, Option: "Per term", Concessions: "Free on benefits"}},
			Funding:     directory.FundingCommunityLearning, HowToJoin: "Come along.", JoinURL: "https://hollybank.example/join",
			Contacts: []directory.Contact{{ID: learnwell.DerivedID("rich-contact"), Name: "Amira", Email: "amira@hollybank.example", Phone: "020 7946 0999"},
				{ID: learnwell.DerivedID("rich-contact-2"), Email: "desk@hollybank.example"}},
			Status: directory.CourseActive, LastChecked: directory.NewDate(2026, 11, 1)}
		weekly := directory.Schedule{Freq: directory.Weekly, ByDay: []directory.WeekdayNum{{Day: 2}}, Start: directory.ClockTime{Hour: 10},
			End: directory.ClockTime{Hour: 12}, Breaks: []directory.Break{{Label: "half term", From: directory.NewDate(2027, 2, 15), To: directory.NewDate(2027, 2, 19)}}}
		runs := []directory.Run{
			{ID: learnwell.DerivedID("rich-spring"), LocationID: loc.ID, FirstSession: directory.NewDate(2027, 1, 12), LastSession: directory.NewDate(2027, 4, 27),
				Schedule: weekly, PlacesTotal: 10, PlacesTaken: 2, Status: directory.RunOpen, Notes: "Bring a pen."},
			{ID: learnwell.DerivedID("rich-full"), LocationID: loc.ID, FirstSession: directory.NewDate(2026, 12, 1), LastSession: directory.NewDate(2026, 12, 15),
				Schedule: weekly, PlacesTotal: 10, PlacesTaken: 10, Status: directory.RunOpen},
			{ID: learnwell.DerivedID("rich-online"), FirstSession: directory.NewDate(2027, 1, 6), LastSession: directory.NewDate(2027, 6, 2),
				Schedule: directory.Schedule{Freq: directory.Monthly, ByDay: []directory.WeekdayNum{{N: 1, Day: 3}}, Start: directory.ClockTime{Hour: 18}, End: directory.ClockTime{Hour: 19, Minute: 30}},
				Status:   directory.RunOpen},
			{ID: learnwell.DerivedID("rich-cancelled"), LocationID: loc.ID, FirstSession: directory.NewDate(2027, 1, 12), LastSession: directory.NewDate(2027, 2, 2),
				Schedule: weekly, Status: directory.RunCancelled},
		}
		err := db.WriteTx(ctx, func(tx *store.Tx) error {
			if err := tx.PutOrganisation(ctx, &org); err != nil {
				return err
			}
			if err := tx.PutLocation(ctx, &loc); err != nil {
				return err
			}
			return tx.PutCourse(ctx, &c, runs, tax)
		})
		if err != nil {
			t.Fatal(err, learnwell.ErrorFields(err))
		}
		h := oruk.New(oruk.Options{DB: db, BaseURL: base, Clock: learnwell.NewFixedClock(findertest.Now)})
		s := get(t, h, "/oruk/services/"+c.ID, 200)
		validate(t, "compiled/service_with_definitions.json", s)
		validate(t, "compiled/service.json", s)
		b, _ := json.Marshal(s)
		var svc struct {
			Description, Email string
			MinimumAge         int    `json:"minimum_age"`
			AssuredDate        string `json:"assured_date"`
			Schedules          []struct {
				ServiceAtLocationID string `json:"service_at_location_id"`
				ValidFrom           string `json:"valid_from"`
				ByDay               string
				OpensAt             string `json:"opens_at"`
				Notes, Description  string
				AttendingType       string `json:"attending_type"`
			}
			ServiceAtLocations []struct {
				ID       string
				Location struct {
					Description string
					Addresses   []struct {
						Address1      string `json:"address_1"`
						StateProvince string `json:"state_province"`
					}
					Accessibility []struct{ Accessibility string }
				}
			} `json:"service_at_locations"`
			ServiceAreas []struct{ Name, URI string } `json:"service_areas"`
			CostOptions  []struct{ Amount float64 }   `json:"cost_options"`
			Contacts     []struct{ Name string }
			Funding      []struct{ Source string }
			Attributes   []struct {
				LinkType string `json:"link_type"`
			}
			Organization struct{ Description string }
		}
		if err := json.Unmarshal(b, &svc); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sc := range svc.Schedules {
			got = append(got, sc.ValidFrom+" "+sc.ByDay+" "+sc.OpensAt+" "+sc.ServiceAtLocationID)
		}
		sal := svc.ServiceAtLocations[0].ID
		// Runs come in the order of their first sessions; the cancelled run is left out.
		want := []string{"2026-12-01 TU 10:00+00:00 " + sal, "2027-01-06 1WE 18:00+00:00 ", "2027-04-07 1WE 18:00+01:00 ",
			"2027-01-12 TU 10:00+00:00 " + sal, "2027-03-30 TU 10:00+01:00 " + sal}
		if !slices.Equal(got, want) {
			t.Errorf("schedules:\n%q\nwant\n%q", got, want)
		}
		if sc := svc.Schedules[3]; !strings.Contains(sc.Notes, "half term") || !strings.Contains(sc.Notes, "8 places left.") ||
			!strings.Contains(sc.Notes, "Bring a pen.") || !strings.Contains(sc.Description, "half term") || sc.AttendingType != "In person and online" {
			t.Errorf("schedule text: %+v", sc)
		}
		if !strings.Contains(svc.Schedules[0].Notes, "This run is full.") {
			t.Errorf("full run notes: %q", svc.Schedules[0].Notes)
		}
		if len(svc.ServiceAtLocations) != 1 || svc.ServiceAtLocations[0].Location.Addresses[0].Address1 != "12 Holly Road, First floor" ||
			svc.ServiceAtLocations[0].Location.Addresses[0].StateProvince != "Islington" || len(svc.ServiceAtLocations[0].Location.Accessibility) != 2 ||
			svc.ServiceAtLocations[0].Location.Description != "Getting there: Bus 19." {
			t.Errorf("service_at_locations: %+v", svc.ServiceAtLocations)
		}
		for _, text := range []string{"Who it suits: Adults learning English.", "How to join: Come along.", "Amira, amira@hollybank.example, 020 7946 0999", "desk@hollybank.example"} {
			if !strings.Contains(svc.Description, text) {
				t.Errorf("description lacks %q: %q", text, svc.Description)
			}
		}
		if svc.Email != "amira@hollybank.example" || svc.MinimumAge != 19 || svc.AssuredDate != "2026-11-01" || len(svc.ServiceAreas) != 2 ||
			len(svc.CostOptions) != 1 || svc.CostOptions[0].Amount != 12.5 || len(svc.Contacts) != 1 || len(svc.Funding) != 1 ||
			!strings.HasSuffix(svc.Organization.Description, "Phone: 020 7946 0123") {
			t.Errorf("service: %+v", svc)
		}
		var types []string
		for _, a := range svc.Attributes {
			types = append(types, a.LinkType)
		}
		if w := []string{"subject", "wellbeing", "level", "language", "language", "accessibility", "delivery", "funding"}; !slices.Equal(types, w) {
			t.Errorf("attribute link types %q, want %q", types, w)
		}
		// The service_at_location and its filters.
		validate(t, "compiled/service_at_location_list.json", get(t, h, "/oruk/service_at_locations/"+sal, 200))
		if n := len(contents(t, get(t, h, "/oruk/service_at_locations?day=WE", 200))); n != 0 {
			t.Errorf("day=WE matched %d venues; the Wednesday run is online", n)
		}
		if n := len(contents(t, get(t, h, "/oruk/services?day=WE&minimum_age=20&taxonomy_term_id="+directory.TermID(directory.SchemeLanguage, "ar"), 200))); n != 1 {
			t.Errorf("services day=WE and Arabic: %d", n)
		}
		if n := len(contents(t, get(t, h, "/oruk/services?maximum_age=18", 200))); n != 0 {
			t.Errorf("maximum_age=18 matched %d", n)
		}
	})
}
