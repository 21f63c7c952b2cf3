package importer

import (
	"strings"

	"learnwell/internal/directory"
)

// Column is one column of a providers' spreadsheet (docs/import-csv.md).
// The template at /courses/template.csv and the docs are made from the same
// list that the importer reads by, so they cannot drift.
type Column struct {
	Name string // the header, as the template writes it
	// Level says what the value belongs to: "course" (the same on every
	// row of a course, or blank on its later rows), "provider", "venue" or
	// "run" (one row is one run).
	Level    string
	Required string // "" when optional; else when it is required
	Format   string
	Example  string
	// Allowed lists the allowed codes and names, for coded columns.
	Allowed func() []directory.Choice
	key     string
}

// The columns' keys, used by the reader.
const (
	colCourseRef       = "course_ref"
	colProvider        = "provider"
	colProviderDesc    = "provider_description"
	colProviderKind    = "provider_type"
	colProviderWebsite = "provider_website"
	colProviderEmail   = "provider_email"
	colProviderPhone   = "provider_phone"
	colTitle           = "title"
	colSummary         = "summary"
	colDescription     = "description"
	colEligibility     = "eligibility"
	colMinAge          = "min_age"
	colMaxAge          = "max_age"
	colSubjects        = "subjects"
	colWellbeing       = "wellbeing"
	colLevel           = "level"
	colLanguages       = "languages"
	colCourseAccess    = "course_accessibility"
	colDelivery        = "delivery"
	colFee             = "fee"
	colFeeFor          = "fee_for"
	colConcessions     = "concessions"
	colFunding         = "funding"
	colHowToJoin       = "how_to_join"
	colJoinURL         = "join_url"
	colContactName     = "contact_name"
	colContactEmail    = "contact_email"
	colContactPhone    = "contact_phone"
	colLastChecked     = "last_checked"
	colRunRef          = "run_ref"
	colVenue           = "venue"
	colAddress1        = "address_1"
	colAddress2        = "address_2"
	colTown            = "town"
	colPostcode        = "postcode"
	colBorough         = "borough"
	colTransport       = "getting_there"
	colVenueAccess     = "venue_accessibility"
	colFirst           = "first_session"
	colLast            = "last_session"
	colDays            = "days"
	colFrequency       = "frequency"
	colStart           = "start_time"
	colEnd             = "end_time"
	colNoSessions      = "no_sessions_on"
	colPlaces          = "places"
	colStatus          = "status"
	colRunNotes        = "run_notes"
)

const (
	dateFormat = "a date: dd/mm/yyyy (UK order), yyyy-mm-dd, or a date cell from Excel"
	listFormat = "codes or names, separated by semicolons"
)

func subjectChoices() []directory.Choice   { return termChoices(directory.SchemeSubject) }
func wellbeingChoices() []directory.Choice { return termChoices(directory.SchemeWellbeing) }
func levelChoices() []directory.Choice     { return termChoices(directory.SchemeLevel) }

func termChoices(scheme string) []directory.Choice {
	var out []directory.Choice
	for _, t := range builtinTaxonomies.Terms(scheme) {
		out = append(out, directory.Choice{Code: t.Code, Name: t.Name, Description: t.Description})
	}
	return out
}

func statusChoices() []directory.Choice {
	return []directory.Choice{
		{Code: "open", Name: "Open", Description: "Going ahead and taking people (the default)."},
		{Code: "full", Name: "Full", Description: "Going ahead, but taking no more people."},
		{Code: "cancelled", Name: "Cancelled", Description: "Not going ahead."},
	}
}

func boroughChoices() []directory.Choice {
	var out []directory.Choice
	for _, b := range geoBoroughs() {
		out = append(out, directory.Choice{Code: b.Code, Name: b.Name})
	}
	return out
}

var columns = []Column{
	{key: colCourseRef, Name: "Course reference", Level: "course", Required: "yes",
		Format: "your own code for the course, the same on every row (run) of it; up to 100 characters", Example: "ART-101"},
	{key: colProvider, Name: "Provider", Level: "provider", Required: "yes", Format: "the provider's name, as people know it", Example: "Thistlewood Adult Learning"},
	{key: colProviderDesc, Name: "Provider description", Level: "provider", Required: "for a provider new to learnwell",
		Format: "a few sentences about the provider", Example: "The council's adult learning service, with courses across the borough."},
	{key: colProviderKind, Name: "Provider type", Level: "provider", Format: "a code or name; when blank, a guess from the provider's name",
		Example: "adult-education-service", Allowed: directory.OrganisationKinds},
	{key: colProviderWebsite, Name: "Provider website", Level: "provider", Format: "a web address", Example: "https://www.example.org"},
	{key: colProviderEmail, Name: "Provider email", Level: "provider", Format: "an email address", Example: "learning@example.org"},
	{key: colProviderPhone, Name: "Provider phone", Level: "provider", Format: "a UK phone number", Example: "020 7946 0123"},
	{key: colTitle, Name: "Course title", Level: "course", Required: "yes", Format: "up to 120 characters", Example: "Watercolour painting for beginners"},
	{key: colSummary, Name: "Summary", Level: "course", Required: "yes", Format: "one or two sentences, up to 300 characters",
		Example: "Learn to paint with watercolours in a friendly group."},
	{key: colDescription, Name: "Description", Level: "course", Format: "up to 10,000 characters; a blank line starts a paragraph", Example: "Each week we paint something new."},
	{key: colEligibility, Name: "Who it suits", Level: "course", Format: "up to 1,000 characters", Example: "Complete beginners. No experience needed."},
	{key: colMinAge, Name: "Minimum age", Level: "course", Format: "a whole number from 16 to 120", Example: "19"},
	{key: colMaxAge, Name: "Maximum age", Level: "course", Format: "a whole number from 16 to 120, not below the minimum", Example: ""},
	{key: colSubjects, Name: "Subjects", Level: "course", Required: "yes", Format: listFormat, Example: "arts-and-crafts", Allowed: subjectChoices},
	{key: colWellbeing, Name: "Wellbeing", Level: "course", Format: listFormat + ": what the course can help with", Example: "loneliness-and-connection; low-mood", Allowed: wellbeingChoices},
	{key: colLevel, Name: "Level", Level: "course", Format: "one code or name", Example: "beginner", Allowed: levelChoices},
	{key: colLanguages, Name: "Languages", Level: "course", Format: "ISO 639-1 codes or names, separated by semicolons: languages the course is taught or supported in",
		Example: "en; bn", Allowed: directory.Languages},
	{key: colCourseAccess, Name: "Course accessibility", Level: "course", Format: listFormat + ": what the course offers (large print, BSL...)",
		Example: "large-print", Allowed: directory.AccessibilityFeatures},
	{key: colDelivery, Name: "Delivery", Level: "course", Format: "a code or name; when blank, from the venues (online when every run is)",
		Example: "in-person", Allowed: directory.DeliveryModes},
	{key: colFee, Name: "Fee", Level: "course", Format: "free, or pounds and pence (12, 12.50, £12.50); blank when the cost is not known", Example: "45.00"},
	{key: colFeeFor, Name: "Fee is for", Level: "course", Format: "who or what the fee is for", Example: "Full fee"},
	{key: colConcessions, Name: "Concessions", Level: "course", Format: "text", Example: "Free if you get Universal Credit"},
	{key: colFunding, Name: "Funding", Level: "course", Format: "a code or name", Example: "community-learning", Allowed: directory.FundingLines},
	{key: colHowToJoin, Name: "How to join", Level: "course", Required: "this, a join web address or a contact",
		Format: "up to 2,000 characters", Example: "Call or email us and we'll book you a place."},
	{key: colJoinURL, Name: "Join web address", Level: "course", Format: "a web address", Example: "https://www.example.org/watercolour"},
	{key: colContactName, Name: "Contact name", Level: "course", Format: "a person or desk", Example: "Course enquiries"},
	{key: colContactEmail, Name: "Contact email", Level: "course", Format: "an email address", Example: "courses@example.org"},
	{key: colContactPhone, Name: "Contact phone", Level: "course", Format: "a UK phone number", Example: "020 7946 0456"},
	{key: colLastChecked, Name: "Last checked", Level: "course", Format: dateFormat + ": when the details were last confirmed", Example: "01/09/2026"},
	{key: colRunRef, Name: "Run reference", Level: "run", Format: "your own code for the run; when blank, the run is known by its first session, start time and venue",
		Example: "ART-101-AUT"},
	{key: colVenue, Name: "Venue", Level: "venue", Required: "yes, or online", Format: "the venue's name, or online for a run held online", Example: "Larkspur Library"},
	{key: colAddress1, Name: "Address line 1", Level: "venue", Required: "for a venue", Format: "up to 200 characters", Example: "12 Example Road"},
	{key: colAddress2, Name: "Address line 2", Level: "venue", Format: "up to 200 characters", Example: ""},
	{key: colTown, Name: "Town", Level: "venue", Required: "for a venue", Format: "up to 100 characters", Example: "London"},
	{key: colPostcode, Name: "Postcode", Level: "venue", Required: "for a venue", Format: "a full UK postcode", Example: "N7 9AB"},
	{key: colBorough, Name: "Borough", Level: "venue", Format: "a London borough's name or GSS code; when blank, found from the postcode where it can be",
		Example: "Islington", Allowed: boroughChoices},
	{key: colTransport, Name: "Getting there", Level: "venue", Format: "up to 1,000 characters", Example: "Buses 4 and 19 stop outside."},
	{key: colVenueAccess, Name: "Venue accessibility", Level: "venue", Format: listFormat, Example: "step-free-access; hearing-loop", Allowed: directory.AccessibilityFeatures},
	{key: colFirst, Name: "First session", Level: "run", Required: "yes", Format: dateFormat, Example: "15/09/2026"},
	{key: colLast, Name: "Last session", Level: "run", Format: dateFormat + "; blank for a single session", Example: "08/12/2026"},
	{key: colDays, Name: "Days", Level: "run", Format: "days of the week, separated by semicolons (Tuesday, Tue); for a monthly run, 2nd Tuesday or last Friday, or days of the month (15th); blank for the first session's day",
		Example: "Tuesday"},
	{key: colFrequency, Name: "Frequency", Level: "run", Format: "weekly (the default), fortnightly, every 3 weeks, monthly, every 2 months", Example: "weekly"},
	{key: colStart, Name: "Start time", Level: "run", Required: "yes", Format: "24-hour 10:00 or 14:30, or 10am, 2:30pm", Example: "10:00"},
	{key: colEnd, Name: "End time", Level: "run", Required: "yes", Format: "as the start time, and after it", Example: "12:00"},
	{key: colNoSessions, Name: "No sessions on", Level: "run",
		Format:  "dates with no session, separated by semicolons; a range is two dates with to between them; a name for a break in brackets after it",
		Example: "26/10/2026 to 30/10/2026 (half term); 24/11/2026"},
	{key: colPlaces, Name: "Places", Level: "run", Format: "a whole number; blank or 0 when places are not limited", Example: "12"},
	{key: colStatus, Name: "Status", Level: "run", Format: "a code or name; blank is open", Example: "open", Allowed: statusChoices},
	{key: colRunNotes, Name: "Run notes", Level: "run", Format: "up to 1,000 characters", Example: "Tea and biscuits provided."},
}

// CSVColumns returns the columns of a providers' spreadsheet, in the
// template's order.
func CSVColumns() []Column { return append([]Column(nil), columns...) }

// CSVHeader returns the header row of the template.
func CSVHeader() []string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = c.Name
	}
	return out
}

// headerKey normalises a header cell: letter case, spaces, underscores and
// hyphens, and a "*" or "(required)" marking, do not matter.
func headerKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	s = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "(required)")), "*")
	s = strings.NewReplacer("_", " ", "-", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// columnFor returns the column a header names (its name or its key).
func columnFor(header string) (Column, bool) {
	k := headerKey(header)
	for _, c := range columns {
		if headerKey(c.Name) == k || headerKey(c.key) == k {
			return c, true
		}
	}
	return Column{}, false
}
