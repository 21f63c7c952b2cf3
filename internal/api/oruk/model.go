package oruk

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/directory"
)

// The ORUK 3.0 objects the feed serves. Member names are the exact ORUK JSON
// names; every optional member is omitted when empty (never null).

type organization struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Email       string      `json:"email,omitempty"`
	Website     string      `json:"website,omitempty"`
	Attributes  []attribute `json:"attributes,omitempty"`
}

type taxonomyTerm struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Term        string `json:"term,omitempty"`
	Description string `json:"description"`
	ParentID    string `json:"parent_id,omitempty"`
	Taxonomy    string `json:"taxonomy,omitempty"`
	TaxonomyID  string `json:"taxonomy_id,omitempty"`
	TermURI     string `json:"term_uri,omitempty"`
}

type taxonomy struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	Description   string         `json:"description"`
	URI           string         `json:"uri,omitempty"`
	Version       string         `json:"version,omitempty"`
	TaxonomyTerms []taxonomyTerm `json:"taxonomy_terms,omitempty"`
}

type attribute struct {
	ID             string        `json:"id"`
	LinkID         string        `json:"link_id"`
	TaxonomyTermID string        `json:"taxonomy_term_id"`
	LinkType       string        `json:"link_type"`
	TaxonomyTerm   *taxonomyTerm `json:"taxonomy_term,omitempty"`
}

type address struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id"`
	Address1      string `json:"address_1"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

type accessibility struct {
	ID            string      `json:"id"`
	LocationID    string      `json:"location_id"`
	Description   string      `json:"description,omitempty"`
	Details       string      `json:"details,omitempty"`
	Accessibility string      `json:"accessibility,omitempty"`
	Attributes    []attribute `json:"attributes,omitempty"`
}

type location struct {
	ID            string          `json:"id"`
	LocationType  string          `json:"location_type"`
	Name          string          `json:"name,omitempty"`
	Description   string          `json:"description,omitempty"`
	Latitude      *float64        `json:"latitude,omitempty"`
	Longitude     *float64        `json:"longitude,omitempty"`
	Addresses     []address       `json:"addresses,omitempty"`
	Accessibility []accessibility `json:"accessibility,omitempty"`
}

type serviceAtLocation struct {
	ID         string    `json:"id"`
	ServiceID  string    `json:"service_id"`
	LocationID string    `json:"location_id"`
	Location   *location `json:"location,omitempty"`
	Service    *service  `json:"service,omitempty"`
}

type schedule struct {
	ID                  string `json:"id"`
	ServiceID           string `json:"service_id"`
	ServiceAtLocationID string `json:"service_at_location_id,omitempty"`
	ValidFrom           string `json:"valid_from"`
	ValidTo             string `json:"valid_to"`
	DTStart             string `json:"dtstart"`
	Freq                string `json:"freq"`
	Interval            int    `json:"interval"`
	ByDay               string `json:"byday,omitempty"`
	ByMonthDay          string `json:"bymonthday,omitempty"`
	Description         string `json:"description,omitempty"`
	OpensAt             string `json:"opens_at"`
	ClosesAt            string `json:"closes_at"`
	ScheduleLink        string `json:"schedule_link,omitempty"`
	AttendingType       string `json:"attending_type,omitempty"`
	Notes               string `json:"notes,omitempty"`
}

type serviceArea struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id"`
	Name        string `json:"name"`
	ServiceArea string `json:"service_area"`
	URI         string `json:"uri,omitempty"`
}

type funding struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Source    string `json:"source"`
}

type costOption struct {
	ID                string  `json:"id"`
	ServiceID         string  `json:"service_id"`
	Option            string  `json:"option,omitempty"`
	Amount            float64 `json:"amount"`
	AmountDescription string  `json:"amount_description,omitempty"`
}

type contact struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Name      string `json:"name"`
}

type service struct {
	ID                 string              `json:"id"`
	OrganizationID     string              `json:"organization_id"`
	Name               string              `json:"name"`
	Description        string              `json:"description,omitempty"`
	URL                string              `json:"url,omitempty"`
	Email              string              `json:"email,omitempty"`
	Status             string              `json:"status"`
	MinimumAge         int                 `json:"minimum_age,omitempty"`
	MaximumAge         int                 `json:"maximum_age,omitempty"`
	AssuredDate        string              `json:"assured_date,omitempty"`
	LastModified       string              `json:"last_modified,omitempty"`
	Schedules          []schedule          `json:"schedules,omitempty"`
	ServiceAreas       []serviceArea       `json:"service_areas,omitempty"`
	ServiceAtLocations []serviceAtLocation `json:"service_at_locations,omitempty"`
	Organization       *organization       `json:"organization,omitempty"`
	Funding            []funding           `json:"funding,omitempty"`
	CostOptions        []costOption        `json:"cost_options,omitempty"`
	Contacts           []contact           `json:"contacts,omitempty"`
	Attributes         []attribute         `json:"attributes,omitempty"`
}

// mapper turns directory records into ORUK objects.
type mapper struct {
	tax   *directory.Taxonomies
	base  string // public base URL, no trailing slash
	today directory.Date
}

func (m mapper) term(t directory.TaxonomyTerm) taxonomyTerm {
	return taxonomyTerm{ID: t.ID, Name: t.Name, Term: t.Name, Description: t.Description, ParentID: t.ParentID,
		Taxonomy: t.Taxonomy, TaxonomyID: t.TaxonomyID, TermURI: t.TermURI}
}

func (m mapper) taxonomy(t directory.Taxonomy, withTerms bool) taxonomy {
	out := taxonomy{ID: t.ID, Name: t.Name, Description: t.Description, URI: t.URI, Version: t.Version}
	if withTerms {
		for _, term := range m.tax.Terms(t.Scheme) {
			out.TaxonomyTerms = append(out.TaxonomyTerms, m.term(term))
		}
	}
	return out
}

// attribute links the term with id termID to linkID; false when the term is
// not in the registry.
func (m mapper) attribute(linkID, termID string) (attribute, bool) {
	t, ok := m.tax.TermByID(termID)
	if !ok {
		return attribute{}, false
	}
	tt := m.term(t)
	return attribute{ID: learnwell.DerivedID("oruk", "attribute", linkID, t.ID), LinkID: linkID,
		TaxonomyTermID: t.ID, LinkType: t.Scheme, TaxonomyTerm: &tt}, true
}

func (m mapper) organization(o directory.Organisation) organization {
	desc := o.Description
	if o.Phone != "" {
		desc += "\n\nPhone: " + o.Phone
	}
	out := organization{ID: o.ID, Name: o.Name, Description: desc, Email: o.Email, Website: o.Website}
	if o.Kind != "" {
		if a, ok := m.attribute(o.ID, directory.TermID(directory.SchemeOrganisationKind, string(o.Kind))); ok {
			out.Attributes = []attribute{a}
		}
	}
	return out
}

func (m mapper) location(l directory.Location) location {
	out := location{ID: l.ID, LocationType: "physical", Name: l.Name}
	if l.Transport != "" {
		out.Description = "Getting there: " + l.Transport
	}
	if l.Point != nil {
		lat, lon := l.Point.Lat, l.Point.Lon
		out.Latitude, out.Longitude = &lat, &lon
	}
	a1 := l.Address1
	if l.Address2 != "" {
		a1 += ", " + l.Address2
	}
	state := l.BoroughName()
	if state == "" {
		state = l.Town // ORUK requires state_province
	}
	out.Addresses = []address{{ID: learnwell.DerivedID("oruk", "address", l.ID), LocationID: l.ID, Address1: a1,
		City: l.Town, StateProvince: state, PostalCode: l.Postcode, Country: "GB", AddressType: "physical"}}
	features := directory.AccessibilityFeatures()
	for _, f := range l.Accessibility {
		id := learnwell.DerivedID("oruk", "accessibility", l.ID, string(f))
		acc := accessibility{ID: id, LocationID: l.ID, Description: f.Name(), Accessibility: f.Name()}
		if i := slices.IndexFunc(features, func(c directory.Choice) bool { return c.Code == string(f) }); i >= 0 {
			acc.Details = features[i].Description
		}
		if a, ok := m.attribute(id, directory.TermID(directory.SchemeAccessibility, string(f))); ok {
			acc.Attributes = []attribute{a}
		}
		out.Accessibility = append(out.Accessibility, acc)
	}
	return out
}

// published reports whether a run is served: directory.Run.Published on
// the feed's today (open or full, not ended).
func (m mapper) published(r directory.Run) bool { return r.Published(m.today) }

func (m mapper) courseURL(c directory.Course) string { return m.base + "/courses/" + c.ID }

func attendingType(d directory.DeliveryMode) string {
	switch d {
	case directory.InPerson:
		return "In person"
	case directory.Online:
		return "Online"
	case directory.Blended:
		return "In person and online"
	}
	return ""
}

func joinText(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// schedules returns the schedules of a run, one per clock period.
func (m mapper) schedules(c directory.Course, r directory.Run) []schedule {
	s := r.Schedule
	byday := directory.FormatByDay(s.ByDay)
	bymonthday := directory.FormatByMonthDay(s.ByMonthDay)
	if s.Freq == directory.Weekly && byday == "" {
		byday = directory.DayCode(r.FirstSession.Weekday())
	}
	if s.Freq == directory.Monthly {
		if byday == "" && bymonthday == "" {
			bymonthday = strconv.Itoa(r.FirstSession.Day)
		}
	} else {
		bymonthday = ""
	}
	interval := max(s.Interval, 1)
	excl := r.DescribeExclusions()
	places := ""
	if r.IsFull() {
		places = "This run is full."
	} else if left, limited := r.PlacesLeft(); limited {
		if left == 1 {
			places = "1 place left."
		} else {
			places = strconv.Itoa(left) + " places left."
		}
	}
	link := c.JoinURL
	if link == "" {
		link = m.courseURL(c)
	}
	var sal string
	if !r.Online() {
		sal = directory.ServiceAtLocationID(c.ID, r.LocationID)
	}
	var out []schedule
	for _, p := range r.ClockPeriods() {
		out = append(out, schedule{
			ID: learnwell.DerivedID("oruk", "schedule", r.ID, p.FirstSession.String()), ServiceID: c.ID,
			ServiceAtLocationID: sal, ValidFrom: p.FirstSession.String(), ValidTo: p.LastSession.String(),
			DTStart: p.FirstSession.String(), Freq: string(s.Freq), Interval: interval, ByDay: byday, ByMonthDay: bymonthday,
			Description: joinText(" ", r.Describe(), excl),
			OpensAt:     s.Start.String() + p.UTCOffset, ClosesAt: s.End.String() + p.UTCOffset,
			ScheduleLink: link, AttendingType: attendingType(c.Delivery), Notes: joinText(" ", excl, places, r.Notes),
		})
	}
	return out
}

// lastModified is the latest change to the course or anything it shows.
func lastModified(l directory.Listing) time.Time {
	t := l.Course.UpdatedAt
	if l.Organisation.UpdatedAt.After(t) {
		t = l.Organisation.UpdatedAt
	}
	for _, r := range l.Runs {
		if r.UpdatedAt.After(t) {
			t = r.UpdatedAt
		}
	}
	for _, loc := range l.Locations {
		if loc.UpdatedAt.After(t) {
			t = loc.UpdatedAt
		}
	}
	return t
}

// description builds the service description of docs/oruk-mapping.md.
func description(c directory.Course) string {
	var join []string
	if c.HowToJoin != "" {
		join = append(join, "How to join: "+c.HowToJoin)
	}
	if c.JoinURL != "" {
		join = append(join, c.JoinURL)
	}
	for _, ct := range c.Contacts {
		if s := joinText(", ", ct.Name, ct.Email, ct.Phone); s != "" {
			join = append(join, s)
		}
	}
	who := ""
	if c.Eligibility != "" {
		who = "Who it suits: " + c.Eligibility
	}
	return joinText("\n\n", c.Summary, c.Description, who, strings.Join(join, "\n"))
}

// serviceBase returns the members of a service that the list endpoints serve.
func (m mapper) serviceBase(l directory.Listing) service {
	c := l.Course
	out := service{ID: c.ID, OrganizationID: c.OrganisationID, Name: c.Title, Description: description(c),
		URL: m.courseURL(c), Status: string(c.Status), MinimumAge: c.MinAge, MaximumAge: c.MaxAge}
	for _, ct := range c.Contacts {
		if ct.Email != "" {
			out.Email = ct.Email
			break
		}
	}
	if out.Email == "" {
		out.Email = l.Organisation.Email
	}
	if !c.LastChecked.IsZero() {
		out.AssuredDate = c.LastChecked.String()
	}
	if t := lastModified(l); !t.IsZero() {
		out.LastModified = t.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return out
}

// serviceAtLocations returns one service_at_location per venue that has a
// published run, in the order of the runs.
func (m mapper) serviceAtLocations(l directory.Listing) []serviceAtLocation {
	var out []serviceAtLocation
	seen := map[string]bool{}
	for _, r := range l.Runs {
		if !m.published(r) || r.Online() || seen[r.LocationID] {
			continue
		}
		loc, ok := l.Venue(r)
		if !ok {
			continue
		}
		seen[r.LocationID] = true
		ol := m.location(loc)
		out = append(out, serviceAtLocation{ID: directory.ServiceAtLocationID(l.Course.ID, loc.ID), ServiceID: l.Course.ID, LocationID: loc.ID, Location: &ol})
	}
	return out
}

// service returns the fully nested service of /services/{id}.
func (m mapper) service(l directory.Listing) service {
	c := l.Course
	out := m.serviceBase(l)
	for _, r := range l.Runs {
		if m.published(r) {
			out.Schedules = append(out.Schedules, m.schedules(c, r)...)
		}
	}
	for _, code := range l.Organisation.Boroughs {
		name := directory.Location{Borough: code}.BoroughName()
		if name == "" {
			continue
		}
		out.ServiceAreas = append(out.ServiceAreas, serviceArea{ID: learnwell.DerivedID("oruk", "service_area", c.ID, code),
			ServiceID: c.ID, Name: name, ServiceArea: name, URI: "http://statistics.data.gov.uk/id/statistical-geography/" + code})
	}
	out.ServiceAtLocations = m.serviceAtLocations(l)
	org := m.organization(l.Organisation)
	out.Organization = &org
	if c.Funding != "" {
		out.Funding = []funding{{ID: learnwell.DerivedID("oruk", "funding", c.ID), ServiceID: c.ID, Source: c.Funding.Name()}}
	}
	for _, o := range c.CostOptions {
		out.CostOptions = append(out.CostOptions, costOption{ID: o.ID, ServiceID: c.ID, Option: o.Option,
			Amount: float64(o.AmountPence) / 100, AmountDescription: o.Concessions})
	}
	if c.Free && len(c.CostOptions) == 0 {
		out.CostOptions = []costOption{{ID: learnwell.DerivedID("oruk", "cost_option", c.ID, "free"), ServiceID: c.ID, Option: "Free", Amount: 0}}
	}
	for _, ct := range c.Contacts {
		if ct.Name != "" {
			out.Contacts = append(out.Contacts, contact{ID: ct.ID, ServiceID: c.ID, Name: ct.Name})
		}
	}
	for _, id := range c.TermIDs() {
		if a, ok := m.attribute(c.ID, id); ok {
			out.Attributes = append(out.Attributes, a)
		}
	}
	return out
}
