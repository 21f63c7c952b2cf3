package importer

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"learnwell"
)

// The HSDS 3.0 objects as the importer reads them: every member of ORUK 3.0
// and those HSDS 3.0 adds that learnwell can use. Members are lenient about
// JSON types where real feeds are (an id or a number written as a string);
// members the importer does not use are ignored.

// text is a string member that also accepts a number or a boolean (some
// feeds write ids as numbers).
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9' || b[0] == 't' || b[0] == 'f'):
		*t = text(b)
	default:
		return learnwell.Errorf(learnwell.EINVALID, "an object or a list where text was expected")
	}
	return nil
}

func (t text) String() string { return strings.TrimSpace(string(t)) }

// number is a JSON number that may also be written as a string; nil when
// absent or null.
type number struct{ v float64 }

func (n *number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		b = []byte(strings.TrimSpace(s))
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return learnwell.Errorf(learnwell.EINVALID, "%q is not a number", b)
	}
	n.v = f
	return nil
}

type inPage struct {
	TotalItems *number            `json:"total_items"`
	TotalPages *number            `json:"total_pages"`
	PageNumber *number            `json:"page_number"`
	LastPage   *bool              `json:"last_page"`
	Contents   *[]json.RawMessage `json:"contents"`
	Next       text               `json:"next"`
}

type inTaxonomy struct {
	ID          text `json:"id"`
	Name        text `json:"name"`
	Description text `json:"description"`
	URI         text `json:"uri"`
	Version     text `json:"version"`
}

type inTerm struct {
	ID             text        `json:"id"`
	Code           text        `json:"code"`
	Name           text        `json:"name"`
	Term           text        `json:"term"`
	Description    text        `json:"description"`
	ParentID       text        `json:"parent_id"`
	Taxonomy       text        `json:"taxonomy"`
	TaxonomyID     text        `json:"taxonomy_id"`
	TaxonomyDetail *inTaxonomy `json:"taxonomy_detail"`
	TermURI        text        `json:"term_uri"`
	Language       text        `json:"language"`
}

type inAttribute struct {
	ID             text    `json:"id"`
	LinkType       text    `json:"link_type"`
	TaxonomyTermID text    `json:"taxonomy_term_id"`
	TaxonomyTerm   *inTerm `json:"taxonomy_term"`
}

type inPhone struct {
	Number text `json:"number"`
}

type inContact struct {
	ID     text      `json:"id"`
	Name   text      `json:"name"`
	Title  text      `json:"title"`
	Email  text      `json:"email"`
	Phones []inPhone `json:"phones"`
}

type inAddress struct {
	Address1      text `json:"address_1"`
	Address2      text `json:"address_2"`
	City          text `json:"city"`
	Region        text `json:"region"`
	StateProvince text `json:"state_province"`
	PostalCode    text `json:"postal_code"`
	Country       text `json:"country"`
	AddressType   text `json:"address_type"`
}

type inAccessibility struct {
	ID            text          `json:"id"`
	Description   text          `json:"description"`
	Details       text          `json:"details"`
	Accessibility text          `json:"accessibility"`
	Attributes    []inAttribute `json:"attributes"`
}

type inLocation struct {
	ID             text              `json:"id"`
	LocationType   text              `json:"location_type"`
	Name           text              `json:"name"`
	Description    text              `json:"description"`
	Transportation text              `json:"transportation"`
	Latitude       *number           `json:"latitude"`
	Longitude      *number           `json:"longitude"`
	Addresses      []inAddress       `json:"addresses"`
	Accessibility  []inAccessibility `json:"accessibility"`
}

type inSchedule struct {
	ID                  text    `json:"id"`
	ServiceAtLocationID text    `json:"service_at_location_id"`
	LocationID          text    `json:"location_id"`
	ValidFrom           text    `json:"valid_from"`
	ValidTo             text    `json:"valid_to"`
	DTStart             text    `json:"dtstart"`
	Until               text    `json:"until"`
	Count               *number `json:"count"`
	Freq                text    `json:"freq"`
	Interval            *number `json:"interval"`
	ByDay               text    `json:"byday"`
	ByMonthDay          text    `json:"bymonthday"`
	Description         text    `json:"description"`
	OpensAt             text    `json:"opens_at"`
	ClosesAt            text    `json:"closes_at"`
	ScheduleLink        text    `json:"schedule_link"`
	AttendingType       text    `json:"attending_type"`
	Notes               text    `json:"notes"`
}

type inSAL struct {
	ID         text         `json:"id"`
	LocationID text         `json:"location_id"`
	Location   *inLocation  `json:"location"`
	Schedules  []inSchedule `json:"schedules"`
	Service    *inService   `json:"service"`
}

type inServiceArea struct {
	Name        text `json:"name"`
	ServiceArea text `json:"service_area"`
	URI         text `json:"uri"`
}

type inCostOption struct {
	ID                text    `json:"id"`
	Option            text    `json:"option"`
	Amount            *number `json:"amount"`
	AmountDescription text    `json:"amount_description"`
	Currency          text    `json:"currency"`
}

type inLanguage struct {
	Name text `json:"name"`
	Code text `json:"code"`
}

type inFunding struct {
	Source text `json:"source"`
}

type inOrganization struct {
	ID          text              `json:"id"`
	Name        text              `json:"name"`
	Description text              `json:"description"`
	Email       text              `json:"email"`
	Website     text              `json:"website"`
	Phones      []inPhone         `json:"phones"`
	Attributes  []inAttribute     `json:"attributes"`
	Services    []json.RawMessage `json:"services"`
}

type inService struct {
	ID                     text            `json:"id"`
	OrganizationID         text            `json:"organization_id"`
	Name                   text            `json:"name"`
	Description            text            `json:"description"`
	URL                    text            `json:"url"`
	Email                  text            `json:"email"`
	Status                 text            `json:"status"`
	InterpretationServices text            `json:"interpretation_services"`
	ApplicationProcess     text            `json:"application_process"`
	FeesDescription        text            `json:"fees_description"`
	Fees                   text            `json:"fees"`
	Accreditations         text            `json:"accreditations"`
	EligibilityDescription text            `json:"eligibility_description"`
	Alert                  text            `json:"alert"`
	WaitTime               text            `json:"wait_time"`
	MinimumAge             *number         `json:"minimum_age"`
	MaximumAge             *number         `json:"maximum_age"`
	AssuredDate            text            `json:"assured_date"`
	Phones                 []inPhone       `json:"phones"`
	Schedules              []inSchedule    `json:"schedules"`
	ServiceAreas           []inServiceArea `json:"service_areas"`
	ServiceAtLocations     []inSAL         `json:"service_at_locations"`
	Languages              []inLanguage    `json:"languages"`
	Organization           *inOrganization `json:"organization"`
	Funding                []inFunding     `json:"funding"`
	CostOptions            []inCostOption  `json:"cost_options"`
	Contacts               []inContact     `json:"contacts"`
	Attributes             []inAttribute   `json:"attributes"`
}

// record is one service to import, with its number in the source (1 for
// the first) and, from a file that nests services in an organisation or a
// service_at_location in a service, the part that came from around it.
type record struct {
	n   int
	id  string // the service's id, for the report, when known
	raw json.RawMessage
	org *inOrganization // the organisation the service was nested in
	sal *inSAL          // the service_at_location the service was nested in
	err error           // why the record could not be read
}

// parseFile reads a JSON file of services: a single service, an array of
// services, a page of the feed (an object with contents), an organisation
// with its services (organization_full), or a service_at_location with its
// service. Each service is decoded on its own later, so one broken service
// is rejected and the others are imported.
func parseFile(data []byte) ([]record, error) {
	data = bytes.TrimPrefix(bytes.TrimSpace(data), []byte("\xef\xbb\xbf"))
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, learnwell.Errorf(learnwell.EINVALID, "The file is empty: it should hold JSON services.")
	}
	var items []json.RawMessage
	switch data[0] {
	case '[':
		if err := json.Unmarshal(data, &items); err != nil {
			return nil, notJSON(err)
		}
	case '{':
		var members map[string]json.RawMessage
		if err := json.Unmarshal(data, &members); err != nil {
			return nil, notJSON(err)
		}
		if members["contents"] != nil {
			var p inPage
			if err := json.Unmarshal(data, &p); err != nil || p.Contents == nil {
				return nil, learnwell.Errorf(learnwell.EINVALID, "The file looks like a page of a feed, but its contents are not a list.")
			}
			items = *p.Contents
		} else {
			items = []json.RawMessage{data}
		}
	default:
		return nil, learnwell.Errorf(learnwell.EINVALID, "The file is not JSON services: it should start with [ or {.")
	}
	var out []record
	add := func(raw json.RawMessage, org *inOrganization, sal *inSAL, err error) {
		out = append(out, record{n: len(out) + 1, id: peekID(raw), raw: raw, org: org, sal: sal, err: err})
	}
	for _, raw := range items {
		var members map[string]json.RawMessage
		if json.Unmarshal(raw, &members) != nil {
			add(raw, nil, nil, nil) // decodeService says what is wrong
			continue
		}
		switch {
		case members["services"] != nil:
			// An organization with its services (organization_full).
			if err := unusualMembers(members, "services", "organization."); err != nil {
				add(raw, nil, nil, err)
				continue
			}
			var org inOrganization
			if err := json.Unmarshal(raw, &org); err != nil {
				add(raw, nil, nil, learnwell.Errorf(learnwell.EINVALID, "It looks like an organization with its services, but they cannot be read: %s.", jsonProblem(err)))
				continue
			}
			services := org.Services
			org.Services = nil
			for _, svc := range services {
				add(svc, &org, nil, nil)
			}
		case members["service"] != nil && members["name"] == nil:
			// A service_at_location with its service.
			if err := unusualMembers(members, "service", "service_at_location."); err != nil {
				add(raw, nil, nil, err)
				continue
			}
			var sal inSAL
			if err := json.Unmarshal(raw, &sal); err != nil {
				add(raw, nil, nil, learnwell.Errorf(learnwell.EINVALID, "It looks like a service_at_location, but it cannot be read: %s.", jsonProblem(err)))
				continue
			}
			sal.Service = nil
			add(members["service"], nil, &sal, nil)
		default:
			add(raw, nil, nil, nil)
		}
	}
	return out, nil
}

func notJSON(err error) error {
	return learnwell.Wrap(err, learnwell.EINVALID, "The file is not valid JSON: "+jsonProblem(err))
}

// jsonProblem says what is wrong with some JSON, for a person.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case asErr(err, &syn):
		return syn.Error() + " at byte " + strconv.FormatInt(syn.Offset, 10)
	case asErr(err, &typ):
		if typ.Field != "" {
			return typ.Field + " should not be " + typ.Value
		}
		return "a member has the wrong type (" + typ.Value + ")"
	}
	if le, ok := err.(*learnwell.Error); ok {
		return le.Message
	}
	return err.Error()
}

// peekID returns the id of a service for the report, or "".
func peekID(raw json.RawMessage) string {
	var v struct {
		ID text `json:"id"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	id := v.ID.String()
	if len(id) > 80 {
		id = id[:80]
	}
	return id
}

// decodeService decodes one service, with the parts its file nested it in.
func decodeService(r record) (inService, error) {
	var s inService
	if r.err != nil {
		return s, r.err
	}
	// Refuse unusual text (a NUL, a control character, bytes that are not
	// UTF-8) before decoding, which would quietly replace the last.
	if err := learnwell.CheckJSONText(r.raw, memberLabel); err != nil {
		return s, err
	}
	if err := json.Unmarshal(r.raw, &s); err != nil {
		return s, learnwell.Wrap(err, learnwell.EINVALID, "The service is not valid HSDS JSON: "+jsonProblem(err)+".")
	}
	if s.Organization == nil && r.org != nil {
		s.Organization = r.org
	}
	if r.sal != nil {
		found := false
		for _, sal := range s.ServiceAtLocations {
			found = found || (sal.ID != "" && sal.ID == r.sal.ID)
		}
		if !found {
			s.ServiceAtLocations = append(s.ServiceAtLocations, *r.sal)
		}
	}
	return s, nil
}

// memberLabel names a JSON member in an import's message: "Remove the
// unusual characters from organization.name".
func memberLabel(path string) string { return path }

// unusualMembers checks the members of the part a service was nested in,
// but the member holding the services (decodeService checks each), for
// unusual text; fields are named with the prefix.
func unusualMembers(members map[string]json.RawMessage, nested, prefix string) error {
	var v learnwell.Validation
	for _, name := range slices.Sorted(maps.Keys(members)) {
		if name == nested {
			continue
		}
		if learnwell.UnusualText(name) {
			v.Add("", learnwell.UnusualTextMessage("a member name"))
			continue
		}
		for _, f := range learnwell.ErrorFields(learnwell.CheckJSONText(members[name], nil)) {
			path := prefix + name
			if f.Field != "" && f.Field[0] == '[' {
				path += f.Field
			} else if f.Field != "" {
				path += "." + f.Field
			}
			v.Add(path, learnwell.UnusualTextMessage(path))
		}
	}
	return v.Err()
}
