package directory

import (
	"strings"
	"testing"
	"time"

	"learnwell"
)

func TestCourseValidate(t *testing.T) {
	tax := BuiltinTaxonomies()
	imported := Taxonomy{ID: learnwell.DerivedID("t", "imp"), Scheme: "imported", Name: "Imported", Description: "From a feed."}
	importedTerm := TaxonomyTerm{ID: learnwell.DerivedID("t", "imp", "1"), Name: "Arts", Description: "Arts."}
	if err := tax.Add(imported, []TaxonomyTerm{importedTerm}); err != nil {
		t.Fatal(err)
	}
	subject := func(code string) string { return TermID(SchemeSubject, code) }
	tests := []struct {
		name   string
		change func(*Course)
		want   map[string]string
	}{
		{"valid", func(*Course) {}, nil},
		{"valid, paid with two options", func(c *Course) {
			c.Free = false
			c.CostOptions = []CostOption{{AmountPence: 4500, Option: "Full fee"}, {AmountPence: 0, Option: "Concession", Concessions: "Free if you get benefits"}}
		}, nil},
		{"valid, cost not given", func(c *Course) { c.Free = false }, nil},
		{"valid, no ages, no level", func(c *Course) { c.MinAge, c.MaxAge, c.Level = 0, 0, "" }, nil},
		{"valid, ages 16 to 120", func(c *Course) { c.MinAge, c.MaxAge = 16, 120 }, nil},
		{"valid, same min and max", func(c *Course) { c.MinAge, c.MaxAge = 25, 25 }, nil},
		{"valid, joining by web page only", func(c *Course) { c.HowToJoin, c.Contacts, c.JoinURL = "", nil, "https://example.org/join" }, nil},
		{"valid, joining by contact only", func(c *Course) { c.HowToJoin = "" }, nil},
		{"valid, imported term", func(c *Course) { c.OtherTerms = []string{importedTerm.ID} }, nil},
		{"no organisation", func(c *Course) { c.OrganisationID = "" },
			map[string]string{"organisation_id": "Select the organisation that runs the course"}},
		{"no title", func(c *Course) { c.Title = " \t" }, map[string]string{"title": "Enter a course title"}},
		{"long title", func(c *Course) { c.Title = strings.Repeat("a", 121) },
			map[string]string{"title": "Course title must be 120 characters or fewer"}},
		{"title of 120 characters", func(c *Course) { c.Title = strings.Repeat("ä", 120) }, nil},
		{"no summary", func(c *Course) { c.Summary = "" }, map[string]string{"summary": "Enter a short summary of the course"}},
		{"long summary", func(c *Course) { c.Summary = strings.Repeat("a", 301) },
			map[string]string{"summary": "Summary must be 300 characters or fewer"}},
		{"long description", func(c *Course) { c.Description = strings.Repeat("a", 10001) },
			map[string]string{"description": "Description must be 10000 characters or fewer"}},
		{"long eligibility", func(c *Course) { c.Eligibility = strings.Repeat("a", 1001) },
			map[string]string{"eligibility": "Who the course suits must be 1000 characters or fewer"}},
		{"minimum age 15", func(c *Course) { c.MinAge = 15 }, map[string]string{"min_age": "Minimum age must be 16 or more"}},
		{"minimum age negative", func(c *Course) { c.MinAge = -1 }, map[string]string{"min_age": "Minimum age must be 16 or more"}},
		{"minimum age 121", func(c *Course) { c.MinAge = 121 }, map[string]string{"min_age": "Minimum age must be 120 or less"}},
		{"maximum age 12", func(c *Course) { c.MaxAge = 12 }, map[string]string{"max_age": "Maximum age must be 16 or more"}},
		{"maximum age 200", func(c *Course) { c.MaxAge = 200 }, map[string]string{"max_age": "Maximum age must be 120 or less"}},
		{"maximum below minimum", func(c *Course) { c.MinAge, c.MaxAge = 50, 30 },
			map[string]string{"max_age": "Maximum age must be the same as or more than the minimum age"}},
		{"no subject", func(c *Course) { c.Subjects = nil }, map[string]string{"subjects": "Select at least one subject"}},
		{"unknown subject", func(c *Course) { c.Subjects = []string{learnwell.NewID()} },
			map[string]string{"subjects": "Select a subject from the list"}},
		{"a level given as a subject", func(c *Course) { c.Subjects = []string{TermID(SchemeLevel, "beginner")} },
			map[string]string{"subjects": "Select a subject from the list"}},
		{"repeated subject", func(c *Course) { c.Subjects = []string{subject("music"), subject("music")} },
			map[string]string{"subjects": "Select each subject only once"}},
		{"subject given as wellbeing", func(c *Course) { c.Wellbeing = []string{subject("music")} },
			map[string]string{"wellbeing": "Select what the course can help with from the list"}},
		{"subject given as level", func(c *Course) { c.Level = subject("music") },
			map[string]string{"level": "Select a level from the list"}},
		{"unknown other term", func(c *Course) { c.OtherTerms = []string{"not-a-term"} },
			map[string]string{"other_terms": "Select a category from the list"}},
		{"unknown language", func(c *Course) { c.Languages = []string{"en", "xx"} },
			map[string]string{"languages": "Select a language from the list"}},
		{"language name not code", func(c *Course) { c.Languages = []string{"English"} },
			map[string]string{"languages": "Select a language from the list"}},
		{"repeated language", func(c *Course) { c.Languages = []string{"pl", "pl"} },
			map[string]string{"languages": "Select each language only once"}},
		{"unknown accessibility", func(c *Course) { c.Accessibility = []AccessibilityFeature{"ramp"} },
			map[string]string{"accessibility": "Select an accessibility feature from the list"}},
		{"no delivery mode", func(c *Course) { c.Delivery = "" }, map[string]string{"delivery": "Select how the course is delivered"}},
		{"unknown delivery mode", func(c *Course) { c.Delivery = "post" }, map[string]string{"delivery": "Select how the course is delivered"}},
		{"free with a fee", func(c *Course) { c.CostOptions = []CostOption{{AmountPence: 500}} },
			map[string]string{"free": "A free course cannot have a fee. Remove the fee or untick free"}},
		{"free with a £0 option", func(c *Course) { c.CostOptions = []CostOption{{AmountPence: 0, Concessions: "Always free"}} }, nil},
		{"negative fee", func(c *Course) { c.Free = false; c.CostOptions = []CostOption{{AmountPence: -1}} },
			map[string]string{"cost_options[0].amount": "Fee must be £0 or more"}},
		{"fee too high", func(c *Course) { c.Free = false; c.CostOptions = []CostOption{{AmountPence: 1_000_001}} },
			map[string]string{"cost_options[0].amount": "Fee must be £10,000 or less"}},
		{"fee of £10,000", func(c *Course) { c.Free = false; c.CostOptions = []CostOption{{AmountPence: 1_000_000}} }, nil},
		{"two fees, one unlabelled", func(c *Course) {
			c.Free = false
			c.CostOptions = []CostOption{{AmountPence: 4500, Option: "Full fee"}, {AmountPence: 2000}}
		}, map[string]string{"cost_options[1].option": "Enter who or what this fee is for, like Full fee or Concession"}},
		{"unknown funding line", func(c *Course) { c.Funding = "lottery" },
			map[string]string{"funding": "Select a funding line from the list"}},
		{"no way to join", func(c *Course) { c.HowToJoin, c.JoinURL, c.Contacts = "", "", nil },
			map[string]string{"how_to_join": "Enter how to join the course, a web address or a contact"}},
		{"bad join URL", func(c *Course) { c.JoinURL = "javascript:alert(1)" },
			map[string]string{"join_url": "Enter a web address in the correct format, like https://www.example.com"}},
		{"contact with neither email nor phone", func(c *Course) { c.HowToJoin = ""; c.Contacts = []Contact{{Name: "Sam"}} },
			map[string]string{"contacts[0].email": "Enter an email address or a phone number for the contact",
				"how_to_join": "Enter how to join the course, a web address or a contact"}},
		{"contact with bad email", func(c *Course) { c.Contacts = []Contact{{Email: "sam@"}} },
			map[string]string{"contacts[0].email": "Enter an email address in the correct format, like name@example.com"}},
		{"second contact with bad phone", func(c *Course) { c.Contacts = append(c.Contacts, Contact{Phone: "0207"}) },
			map[string]string{"contacts[1].phone": "Enter a phone number, like 020 7946 0000 or 07700 900 982"}},
		{"no status", func(c *Course) { c.Status = "" },
			map[string]string{"status": "Select whether the course is active or inactive"}},
		{"defunct is not a course status", func(c *Course) { c.Status = "defunct" },
			map[string]string{"status": "Select whether the course is active or inactive"}},
		{"impossible last checked date", func(c *Course) { c.LastChecked = Date{2026, 2, 30} },
			map[string]string{"last_checked": "Date last checked must be a real date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validCourse()
			tt.change(&c)
			checkFields(t, c.Validate(tax), tt.want)
		})
	}
}

func TestCourseCost(t *testing.T) {
	tests := []struct {
		name   string
		free   bool
		costs  []int64
		isFree bool
		lowest int64
		known  bool
	}{
		{"marked free", true, nil, true, 0, true},
		{"cost not given", false, nil, false, 0, false},
		{"all options £0", false, []int64{0, 0}, true, 0, true},
		{"one fee", false, []int64{4500}, false, 4500, true},
		{"a penny is not free", false, []int64{1}, false, 1, true},
		{"fee and concession", false, []int64{4500, 1000}, false, 1000, true},
		{"fee and free concession", false, []int64{4500, 0}, false, 0, true},
	}
	for _, tt := range tests {
		c := Course{Free: tt.free}
		for _, p := range tt.costs {
			c.CostOptions = append(c.CostOptions, CostOption{AmountPence: p})
		}
		lowest, known := c.LowestFee()
		if c.IsFree() != tt.isFree || lowest != tt.lowest || known != tt.known {
			t.Errorf("%s: IsFree %v, LowestFee %d, %v; want %v, %d, %v", tt.name, c.IsFree(), lowest, known, tt.isFree, tt.lowest, tt.known)
		}
	}
}

func TestRunValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Run)
		want   map[string]string
	}{
		{"valid", func(*Run) {}, nil},
		{"valid online", func(r *Run) { r.LocationID = "" }, nil},
		{"valid single session", func(r *Run) { r.LastSession = r.FirstSession }, nil},
		{"valid first session in the past", func(r *Run) { r.FirstSession = d(2025, 9, 16) }, nil},
		{"valid full with places left", func(r *Run) { r.Status = RunFull }, nil},
		{"valid unlimited places", func(r *Run) { r.PlacesTotal, r.PlacesTaken = 0, 40 }, nil},
		{"valid all places taken", func(r *Run) { r.PlacesTaken = 12 }, nil},
		{"valid monthly 2nd Tuesday", func(r *Run) {
			r.Schedule.Freq, r.Schedule.ByDay = Monthly, []WeekdayNum{{2, time.Tuesday}}
		}, nil},
		{"valid monthly by day of month", func(r *Run) {
			r.Schedule.Freq, r.Schedule.ByDay, r.Schedule.ByMonthDay = Monthly, nil, []int{12, -1}
		}, nil},
		{"no first session", func(r *Run) { r.FirstSession = Date{} },
			map[string]string{"first_session": "Enter the date of the first session"}},
		{"impossible first session", func(r *Run) { r.FirstSession = Date{2027, 2, 29} },
			map[string]string{"first_session": "First session must be a real date"}},
		{"no last session", func(r *Run) { r.LastSession = Date{} },
			map[string]string{"last_session": "Enter the date of the last session"}},
		{"last before first", func(r *Run) { r.LastSession = d(2027, 1, 5) },
			map[string]string{"last_session": "Last session must be on or after the first session"}},
		{"over three years", func(r *Run) { r.LastSession = d(2030, 1, 15) },
			map[string]string{"last_session": "Last session must be within 3 years of the first session"}},
		{"first session on the wrong day", func(r *Run) { r.FirstSession = d(2027, 1, 13) },
			map[string]string{"first_session": "First session must be on a day the course meets"}},
		{"first session not the 2nd Tuesday", func(r *Run) {
			r.Schedule.Freq, r.Schedule.ByDay = Monthly, []WeekdayNum{{2, time.Tuesday}}
			r.FirstSession = d(2027, 1, 19)
		}, map[string]string{"first_session": "First session must be on a day the course meets"}},
		{"first session in a break", func(r *Run) {
			r.Schedule.Breaks = append(r.Schedule.Breaks, Break{Label: "closure", From: d(2027, 1, 11), To: d(2027, 1, 13)})
		}, map[string]string{"first_session": "First session cannot be in a break or on a date with no session"}},
		{"first session excluded", func(r *Run) { r.Schedule.ExcludedDates = []Date{r.FirstSession} },
			map[string]string{"first_session": "First session cannot be in a break or on a date with no session"}},
		{"no frequency", func(r *Run) { r.Schedule.Freq = "" },
			map[string]string{"schedule.freq": "Select how often the course meets"}},
		{"daily is not allowed", func(r *Run) { r.Schedule.Freq = "DAILY" },
			map[string]string{"schedule.freq": "Select how often the course meets"}},
		{"interval 13", func(r *Run) { r.Schedule.Interval = 13 },
			map[string]string{"schedule.interval": "Enter a number of weeks or months from 1 to 12"}},
		{"interval negative", func(r *Run) { r.Schedule.Interval = -1 },
			map[string]string{"schedule.interval": "Enter a number of weeks or months from 1 to 12"}},
		{"weekly with an ordinal", func(r *Run) { r.Schedule.ByDay = []WeekdayNum{{2, time.Tuesday}} },
			map[string]string{"schedule.byday": "A weekly course meets on days of the week, like Tuesday, not the 2nd Tuesday"}},
		{"monthly 6th Tuesday", func(r *Run) { r.Schedule.Freq, r.Schedule.ByDay = Monthly, []WeekdayNum{{6, time.Tuesday}} },
			map[string]string{"schedule.byday": "Select which week of the month, from the 1st to the 5th, or the last"}},
		{"day out of range", func(r *Run) { r.Schedule.ByDay = []WeekdayNum{{0, 7}} },
			map[string]string{"schedule.byday": "Select the days the course meets"}},
		{"weekly with days of the month", func(r *Run) { r.Schedule.ByMonthDay = []int{12} },
			map[string]string{"schedule.bymonthday": "Only a monthly course can meet on days of the month"}},
		{"day of the month 32", func(r *Run) { r.Schedule.Freq, r.Schedule.ByDay, r.Schedule.ByMonthDay = Monthly, nil, []int{32} },
			map[string]string{"schedule.bymonthday": "Day of the month must be from 1 to 31"}},
		{"no start time", func(r *Run) { r.Schedule.Start = ClockTime{} },
			map[string]string{"schedule.start_time": "Enter the start time"}},
		{"impossible start time", func(r *Run) { r.Schedule.Start = ClockTime{25, 0} },
			map[string]string{"schedule.start_time": "Start time must be a real time, like 10:00"}},
		{"no end time", func(r *Run) { r.Schedule.End = ClockTime{} },
			map[string]string{"schedule.end_time": "Enter the end time"}},
		{"impossible end time", func(r *Run) { r.Schedule.End = ClockTime{12, 75} },
			map[string]string{"schedule.end_time": "End time must be a real time, like 12:00"}},
		{"end before start", func(r *Run) { r.Schedule.End = ClockTime{9, 30} },
			map[string]string{"schedule.end_time": "End time must be after the start time"}},
		{"end equals start", func(r *Run) { r.Schedule.End = r.Schedule.Start },
			map[string]string{"schedule.end_time": "End time must be after the start time"}},
		{"break without a name", func(r *Run) { r.Schedule.Breaks[0].Label = "" },
			map[string]string{"schedule.breaks[0].label": "Enter a name for the break, like half term"}},
		{"break backwards", func(r *Run) { r.Schedule.Breaks[0].To = d(2027, 2, 14) },
			map[string]string{"schedule.breaks[0].to": "Last day of the break must be on or after its first day"}},
		{"break without dates", func(r *Run) { r.Schedule.Breaks[0].From, r.Schedule.Breaks[0].To = Date{}, Date{} },
			map[string]string{"schedule.breaks[0].from": "Enter the first day of the break",
				"schedule.breaks[0].to": "Enter the last day of the break"}},
		{"impossible excluded date", func(r *Run) { r.Schedule.ExcludedDates = []Date{d(2027, 3, 2), {2027, 2, 30}} },
			map[string]string{"schedule.excluded_dates[1]": "Date with no session must be a real date"}},
		{"negative places", func(r *Run) { r.PlacesTotal = -1 }, map[string]string{"places_total": "Places must be 0 or more"}},
		{"negative places taken", func(r *Run) { r.PlacesTaken = -1 },
			map[string]string{"places_taken": "Places taken must be 0 or more"}},
		{"more taken than places", func(r *Run) { r.PlacesTaken = 13 },
			map[string]string{"places_taken": "Places taken must be 12 or fewer, the number of places"}},
		{"no status", func(r *Run) { r.Status = "" },
			map[string]string{"status": "Select whether the run is open, full or cancelled"}},
		{"long notes", func(r *Run) { r.Notes = strings.Repeat("n", 1001) },
			map[string]string{"notes": "Notes must be 1000 characters or fewer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validRun()
			tt.change(&r)
			checkFields(t, r.Validate(), tt.want)
		})
	}
}

func TestValidateListing(t *testing.T) {
	tax := BuiltinTaxonomies()
	second := validLocation()
	second.ID = learnwell.DerivedID("test", "venue2")
	tests := []struct {
		name   string
		change func(*Organisation, *Course, []Location, []Run)
		want   map[string]string
	}{
		{"valid", func(*Organisation, *Course, []Location, []Run) {}, nil},
		{"every part collected, with prefixes", func(o *Organisation, c *Course, ls []Location, rs []Run) {
			o.Name = ""
			c.Title = ""
			ls[1].Postcode = "N5"
			rs[0].LastSession = d(2027, 1, 1)
			rs[1].Schedule.Start = ClockTime{}
		}, map[string]string{
			"organisation.name":           "Enter the name of the organisation",
			"title":                       "Enter a course title",
			"locations[1].postcode":       "Enter the full postcode of the venue, like SE1 7PB",
			"runs[0].last_session":        "Last session must be on or after the first session",
			"runs[1].schedule.start_time": "Enter the start time",
		}},
		{"course of another organisation", func(_ *Organisation, c *Course, _ []Location, _ []Run) {
			c.OrganisationID = learnwell.NewID()
		}, map[string]string{"organisation_id": "Select the organisation that runs the course"}},
		{"run at an unknown venue", func(_ *Organisation, _ *Course, _ []Location, rs []Run) {
			rs[1].LocationID = learnwell.NewID()
		}, map[string]string{"runs[1].location_id": "Select a venue from the list"}},
		{"in-person run without a venue", func(_ *Organisation, _ *Course, _ []Location, rs []Run) {
			rs[0].LocationID = ""
		}, map[string]string{"runs[0].location_id": "Select where the course takes place"}},
		{"blended run without a venue", func(_ *Organisation, c *Course, _ []Location, rs []Run) {
			c.Delivery = Blended
			rs[0].LocationID = ""
		}, map[string]string{"runs[0].location_id": "Select where the course takes place"}},
		{"online course, online runs", func(_ *Organisation, c *Course, _ []Location, rs []Run) {
			c.Delivery = Online
			rs[0].LocationID, rs[1].LocationID = "", ""
		}, nil},
		{"online course with a venue", func(_ *Organisation, c *Course, _ []Location, rs []Run) {
			c.Delivery = Online
			rs[0].LocationID = ""
		}, map[string]string{"runs[1].location_id": "An online course has no venue. Remove the venue or change how the course is delivered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, c := validOrganisation(), validCourse()
			ls := []Location{validLocation(), second}
			r2 := validRun()
			r2.ID, r2.LocationID = learnwell.DerivedID("test", "run2"), second.ID
			rs := []Run{validRun(), r2}
			tt.change(&o, &c, ls, rs)
			checkFields(t, ValidateListing(o, c, ls, rs, tax), tt.want)
		})
	}
}

func TestValidFormats(t *testing.T) {
	emails := map[string]bool{
		"name@example.com": true, "first.last+tag@mail.example.co.uk": true, "a@b.io": true,
		"": false, "name": false, "name@": false, "@example.com": false, "name@example": false,
		"name@@example.com": false, "name@exa mple.com": false, "name@-example.com": false,
		"name@example.c": false, "name@example..com": false, "Name <name@example.com>": false,
		"name@example.123": false,
	}
	for s, want := range emails {
		if got := ValidEmail(s); got != want {
			t.Errorf("ValidEmail(%q) = %v", s, got)
		}
	}
	urls := map[string]bool{
		"https://www.example.org": true, "http://example.org/courses?id=1": true, "https://example.org:8443/x": true,
		"www.example.org": false, "ftp://example.org": false, "https://localhost": false, "https://": false,
		"javascript:alert(1)": false, "https://exa mple.org": false, "https://user:pw@example.org": false,
		"https://example.": false,
	}
	for s, want := range urls {
		if got := ValidURL(s); got != want {
			t.Errorf("ValidURL(%q) = %v", s, got)
		}
	}
	phones := map[string]bool{
		"020 7946 0000": true, "02079460000": true, "07700 900982": true, "07700-900-982": true,
		"+44 20 7946 0000": true, "+44 (0)20 7946 0000": true, "(020) 7946 0000": true, "0113 496 0000": true,
		"0800 123456": true,
		"":            false, "12345": false, "020 7946 00": false, "020 7946 00000 1": false, "0044 20 7946 0000": false,
		"+1 202 555 0100": false, "020 7946 0000 ext 2": false, "02O 7946 0000": false, "20+7946 0000": false,
	}
	for s, want := range phones {
		if got := ValidPhone(s); got != want {
			t.Errorf("ValidPhone(%q) = %v", s, got)
		}
	}
}
