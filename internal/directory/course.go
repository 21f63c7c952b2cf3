package directory

import (
	"fmt"
	"strings"
	"time"

	"learnwell"
)

// CourseStatus says whether a course is listed. The values are HSDS service
// statuses.
type CourseStatus string

// The statuses of a course.
const (
	CourseActive   CourseStatus = "active"   // listed and searchable
	CourseInactive CourseStatus = "inactive" // kept, but not listed
)

// Valid reports whether s is a course status.
func (s CourseStatus) Valid() bool { return s == CourseActive || s == CourseInactive }

// CostOption is one fee for a course (the HSDS cost_option): an amount in
// whole pence, who or what it is for ("Full fee", "Per term"), and text on
// concessions ("Free if you get Universal Credit").
type CostOption struct {
	ID          string `json:"id"`
	AmountPence int64  `json:"amount_pence"`
	Option      string `json:"option,omitempty"`
	Concessions string `json:"concessions,omitempty"`
}

// Contact is a named person or desk to ask about a course.
type Contact struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Course is a learning opportunity a provider offers (the HSDS service):
// what it is, who it suits, what it costs and how to join. When and where it
// happens are its runs.
//
// Subjects, Wellbeing, Level and OtherTerms are taxonomy term ids: subjects,
// wellbeing focus and level from the built-in taxonomies, OtherTerms from any
// other (such as an imported feed's). Languages are ISO 639-1 codes from
// Languages(). MinAge and MaxAge are 0 when not given.
//
// Cost: Free is the provider saying the course is free. A course that is not
// Free and has no cost options has a cost not given (imports often lack it);
// see IsFree.
type Course struct {
	ID             string                 `json:"id"`
	OrganisationID string                 `json:"organisation_id"`
	Title          string                 `json:"title"`
	Summary        string                 `json:"summary"`
	Description    string                 `json:"description,omitempty"`
	Eligibility    string                 `json:"eligibility,omitempty"` // who it suits, in the provider's words
	MinAge         int                    `json:"min_age,omitempty"`
	MaxAge         int                    `json:"max_age,omitempty"`
	Subjects       []string               `json:"subjects"`
	Wellbeing      []string               `json:"wellbeing,omitempty"`
	Level          string                 `json:"level,omitempty"`
	OtherTerms     []string               `json:"other_terms,omitempty"`
	Languages      []string               `json:"languages,omitempty"`
	Accessibility  []AccessibilityFeature `json:"accessibility,omitempty"`
	Delivery       DeliveryMode           `json:"delivery"`
	Free           bool                   `json:"free"`
	CostOptions    []CostOption           `json:"cost_options,omitempty"`
	Funding        FundingLine            `json:"funding,omitempty"`
	HowToJoin      string                 `json:"how_to_join,omitempty"` // the application process, in steps
	JoinURL        string                 `json:"join_url,omitempty"`    // where to apply or find out more
	Contacts       []Contact              `json:"contacts,omitempty"`
	Status         CourseStatus           `json:"status"`
	LastChecked    Date                   `json:"last_checked,omitzero"` // when the provider last confirmed the details
	Source         Source                 `json:"source,omitzero"`
	CreatedAt      time.Time              `json:"created_at"`
	UpdatedAt      time.Time              `json:"updated_at"`
}

// The ages a course may give. Adult learning is usually for people aged 19 or
// over, and some courses take people from 16.
const (
	MinimumAge = 16
	MaximumAge = 120
)

// maxFeePence is the highest fee a course may list (£10,000).
const maxFeePence = 1_000_000

// IsFree reports whether the course costs nothing: the provider says it is
// free, or every cost option it lists is £0. A course with no cost options
// that is not marked free has its cost not given, and is not free.
func (c Course) IsFree() bool {
	if c.Free {
		return true
	}
	if len(c.CostOptions) == 0 {
		return false
	}
	for _, o := range c.CostOptions {
		if o.AmountPence > 0 {
			return false
		}
	}
	return true
}

// LowestFee returns the lowest fee in pence, 0 for a free course, and false
// when the cost is not given.
func (c Course) LowestFee() (int64, bool) {
	if c.IsFree() {
		return 0, true
	}
	if len(c.CostOptions) == 0 {
		return 0, false
	}
	low := c.CostOptions[0].AmountPence
	for _, o := range c.CostOptions[1:] {
		low = min(low, o.AmountPence)
	}
	return low, true
}

// Validate checks the course against the rules and the taxonomies, and
// returns an EINVALID *learnwell.Error with a message for each field that is
// wrong, or nil.
func (c Course) Validate(tax *Taxonomies) error {
	var v learnwell.Validation
	c.validate(fields{v: &v}, tax)
	return v.Err()
}

func (c Course) validate(f fields, tax *Taxonomies) {
	if strings.TrimSpace(c.OrganisationID) == "" {
		f.add("organisation_id", "Select the organisation that runs the course")
	}
	f.text("title", c.Title, 120, "Enter a course title", "Course title")
	f.text("summary", c.Summary, 300, "Enter a short summary of the course", "Summary")
	f.text("description", c.Description, 10000, "", "Description")
	f.text("eligibility", c.Eligibility, 1000, "", "Who the course suits")
	c.validateAges(f)
	if len(c.Subjects) == 0 {
		f.add("subjects", "Select at least one subject")
	}
	f.terms("subjects", c.Subjects, tax, SchemeSubject, "Select a subject from the list", "subject")
	f.terms("wellbeing", c.Wellbeing, tax, SchemeWellbeing, "Select what the course can help with from the list", "option")
	if c.Level != "" {
		f.terms("level", []string{c.Level}, tax, SchemeLevel, "Select a level from the list", "level")
	}
	f.terms("other_terms", c.OtherTerms, tax, "", "Select a category from the list", "category")
	f.languages("languages", c.Languages)
	f.features("accessibility", c.Accessibility)
	if !c.Delivery.Valid() {
		f.add("delivery", "Select how the course is delivered")
	}
	c.validateCosts(f)
	if c.Funding != "" && !c.Funding.Valid() {
		f.add("funding", "Select a funding line from the list")
	}
	c.validateJoining(f)
	if !c.Status.Valid() {
		f.add("status", "Select whether the course is active or inactive")
	}
	if !c.LastChecked.IsZero() && !c.LastChecked.Valid() {
		f.add("last_checked", "Date last checked must be a real date")
	}
	c.Source.validate(f)
}

func (c Course) validateAges(f fields) {
	age := func(field, label string, n int) bool {
		switch {
		case n == 0:
			return false
		case n < MinimumAge:
			f.add(field, fmt.Sprintf("%s must be %d or more", label, MinimumAge))
		case n > MaximumAge:
			f.add(field, fmt.Sprintf("%s must be %d or less", label, MaximumAge))
		default:
			return true
		}
		return false
	}
	minOK := age("min_age", "Minimum age", c.MinAge)
	maxOK := age("max_age", "Maximum age", c.MaxAge)
	if minOK && maxOK && c.MaxAge < c.MinAge {
		f.add("max_age", "Maximum age must be the same as or more than the minimum age")
	}
}

func (c Course) validateCosts(f fields) {
	for i, o := range c.CostOptions {
		p := fmt.Sprintf("cost_options[%d].", i)
		switch {
		case o.AmountPence < 0:
			f.add(p+"amount", "Fee must be £0 or more")
		case o.AmountPence > maxFeePence:
			f.add(p+"amount", "Fee must be "+FormatPence(maxFeePence)+" or less")
		case o.AmountPence > 0 && c.Free:
			f.add("free", "A free course cannot have a fee. Remove the fee or untick free")
		}
		if len(c.CostOptions) > 1 && strings.TrimSpace(o.Option) == "" {
			f.add(p+"option", "Enter who or what this fee is for, like Full fee or Concession")
		}
		f.text(p+"option", o.Option, 200, "", "Who or what the fee is for")
		f.text(p+"concessions", o.Concessions, 500, "", "Concessions")
	}
}

func (c Course) validateJoining(f fields) {
	f.text("how_to_join", c.HowToJoin, 2000, "", "How to join")
	f.url("join_url", c.JoinURL)
	hasContact := false
	for i, ct := range c.Contacts {
		p := fmt.Sprintf("contacts[%d].", i)
		f.text(p+"name", ct.Name, 200, "", "Contact name")
		if strings.TrimSpace(ct.Email) == "" && strings.TrimSpace(ct.Phone) == "" {
			f.add(p+"email", "Enter an email address or a phone number for the contact")
			continue
		}
		hasContact = true
		f.email(p+"email", ct.Email)
		f.phone(p+"phone", ct.Phone)
	}
	if strings.TrimSpace(c.HowToJoin) == "" && strings.TrimSpace(c.JoinURL) == "" && !hasContact {
		f.add("how_to_join", "Enter how to join the course, a web address or a contact")
	}
}

// terms checks that each id is a term of the scheme ("" allows any scheme)
// and that none repeats.
func (f fields) terms(field string, ids []string, tax *Taxonomies, scheme, unknown, noun string) {
	seen := map[string]bool{}
	for _, id := range ids {
		_, known := tax.TermByID(id)
		if !known || (scheme != "" && !tax.inScheme(id, scheme)) {
			f.add(field, unknown)
			return
		}
		if seen[id] {
			f.add(field, "Select each "+noun+" only once")
			return
		}
		seen[id] = true
	}
}

// languages checks ISO 639-1 codes against the language list.
func (f fields) languages(field string, codes []string) {
	seen := map[string]bool{}
	for _, code := range codes {
		if _, ok := LanguageName(code); !ok {
			f.add(field, "Select a language from the list")
			return
		}
		if seen[code] {
			f.add(field, "Select each language only once")
			return
		}
		seen[code] = true
	}
}
