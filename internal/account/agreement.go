package account

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
)

// Category is a category of personal data that may flow between
// organisations under a data sharing agreement.
type Category string

// The categories of data shared.
const (
	// ReferralDetails: who is referred, to what, why, and what matters to them.
	ReferralDetails Category = "referral-details"
	// ContactDetails: how to reach the person (phone, email, address).
	ContactDetails Category = "contact-details"
	// HealthAndWellbeing: outcome measures and health information (special
	// category data under UK GDPR Article 9).
	HealthAndWellbeing Category = "health-and-wellbeing"
	// AttendanceAndOutcomes: enrolment, attendance, completion and what
	// happened next.
	AttendanceAndOutcomes Category = "attendance-and-outcomes"
)

// Categories lists every category, in the order pages show them.
func Categories() []Category {
	return []Category{ReferralDetails, ContactDetails, HealthAndWellbeing, AttendanceAndOutcomes}
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories(), c) }

// Label is the category's name for a person.
func (c Category) Label() string {
	switch c {
	case ReferralDetails:
		return "Referral details"
	case ContactDetails:
		return "Contact details"
	case HealthAndWellbeing:
		return "Health and wellbeing measures"
	case AttendanceAndOutcomes:
		return "Attendance and outcomes"
	}
	return string(c)
}

// AgreementStatus is where an agreement is in its life.
type AgreementStatus string

// The agreement statuses.
const (
	// Draft agreements are being written; they cover nothing.
	Draft AgreementStatus = "draft"
	// InForce agreements cover sharing between their start and end dates.
	InForce AgreementStatus = "active"
	// Ended agreements cover nothing any more, whatever their dates.
	Ended AgreementStatus = "ended"
)

// Valid reports whether s is a known status.
func (s AgreementStatus) Valid() bool { return s == Draft || s == InForce || s == Ended }

// Agreement is a data sharing agreement: personal data of the categories may
// flow between its parties, for its purpose, from its first day to its last
// (London dates, both included), while it is active. An area-wide agreement
// covers every organisation that serves one of its boroughs; its parties, if
// any, are those who signed it.
type Agreement struct {
	ID         string
	Title      string
	Purpose    string
	Status     AgreementStatus
	Parties    []string // organisation ids, sorted
	Categories []Category
	AreaWide   bool
	Boroughs   []string       // area-wide: GSS codes, sorted
	StartsOn   directory.Date // first day it covers
	EndsOn     directory.Date // last day it covers; zero if it has no end date
	Demo       bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Person-readable messages for agreements.
const (
	msgAgreementTitle      = "Enter a title for the agreement"
	msgAgreementTitleLong  = "Title must be 200 characters or fewer"
	msgAgreementPurpose    = "Enter the purpose of the sharing"
	msgAgreementPurposeLen = "Purpose must be 2000 characters or fewer"
	msgAgreementCategories = "Select the categories of data shared"
	msgAgreementCategory   = "Select categories from the list"
	msgAgreementStart      = "Enter the date the agreement starts"
	msgAgreementEnd        = "The end date must be the same as or after the start date"
	msgAgreementParties    = "Select at least 2 organisations that are party to the agreement"
	msgAgreementParty      = "Select organisations from the list"
	msgAgreementBoroughs   = "Select the boroughs the agreement covers"
	msgAgreementBorough    = "Select boroughs from the list"
	msgAgreementStatus     = "Select the agreement's status"
)

// Normalise tidies what a person typed and sorts the lists.
func (a *Agreement) Normalise() {
	a.Title = strings.Join(strings.Fields(a.Title), " ")
	a.Purpose = strings.TrimSpace(a.Purpose)
	for i, b := range a.Boroughs {
		a.Boroughs[i] = strings.ToUpper(strings.TrimSpace(b))
	}
	slices.Sort(a.Parties)
	a.Parties = slices.Compact(a.Parties)
	slices.Sort(a.Boroughs)
	a.Boroughs = slices.Compact(a.Boroughs)
	slices.Sort(a.Categories)
	a.Categories = slices.Compact(a.Categories)
	if !a.AreaWide {
		a.Boroughs = nil
	}
	if a.Status == "" {
		a.Status = Draft
	}
}

// Validate checks the agreement and returns every problem at once, or nil.
// Whether the parties exist is the store's to check. Call Normalise first.
func (a *Agreement) Validate() error {
	var v learnwell.Validation
	switch {
	case a.Title == "":
		v.Add("title", msgAgreementTitle)
	case len([]rune(a.Title)) > 200:
		v.Add("title", msgAgreementTitleLong)
	}
	switch {
	case a.Purpose == "":
		v.Add("purpose", msgAgreementPurpose)
	case len([]rune(a.Purpose)) > 2000:
		v.Add("purpose", msgAgreementPurposeLen)
	}
	if len(a.Categories) == 0 {
		v.Add("categories", msgAgreementCategories)
	}
	for _, c := range a.Categories {
		if !c.Valid() {
			v.Add("categories", msgAgreementCategory)
		}
	}
	if a.StartsOn.IsZero() || !a.StartsOn.Valid() {
		v.Add("starts_on", msgAgreementStart)
	} else if !a.EndsOn.IsZero() && a.EndsOn.Before(a.StartsOn) {
		v.Add("ends_on", msgAgreementEnd)
	}
	for _, p := range a.Parties {
		if !learnwell.ValidID(p) {
			v.Add("parties", msgAgreementParty)
		}
	}
	if a.AreaWide {
		if len(a.Boroughs) == 0 {
			v.Add("boroughs", msgAgreementBoroughs)
		}
		for _, b := range a.Boroughs {
			if _, ok := geo.BoroughByCode(b); !ok {
				v.Add("boroughs", msgAgreementBorough)
			}
		}
	} else if len(a.Parties) < 2 {
		v.Add("parties", msgAgreementParties)
	}
	if !a.Status.Valid() {
		v.Add("status", msgAgreementStatus)
	}
	return v.Err()
}

// CanMoveTo reports whether an agreement may go from its status to the next:
// a draft is activated or abandoned (ended); an active agreement is ended.
// Nothing comes back from ended.
func (a Agreement) CanMoveTo(next AgreementStatus) error {
	switch {
	case a.Status == Draft && (next == InForce || next == Ended),
		a.Status == InForce && next == Ended:
		return nil
	case a.Status == next:
		return learnwell.Errorf(learnwell.ECONFLICT, "The agreement is already %s.", next)
	}
	return learnwell.Errorf(learnwell.ECONFLICT, "An agreement that is %s cannot become %s.", a.Status, next)
}

// InForceOn reports whether the agreement covers the London date: it is
// active and the date is within its first and last days, both included.
func (a Agreement) InForceOn(d directory.Date) bool {
	return a.Status == InForce && !d.Before(a.StartsOn) && (a.EndsOn.IsZero() || !d.After(a.EndsOn))
}

// Covers reports whether the agreement lets personal data of the category
// flow from one organisation to another at the instant.
func (a Agreement) Covers(from, to Organisation, c Category, at time.Time) bool {
	if !a.InForceOn(directory.DateOf(at)) || !slices.Contains(a.Categories, c) {
		return false
	}
	if a.AreaWide {
		return servesAny(from, a.Boroughs) && servesAny(to, a.Boroughs)
	}
	return slices.Contains(a.Parties, from.ID) && slices.Contains(a.Parties, to.ID)
}

func servesAny(o Organisation, boroughs []string) bool {
	for _, b := range boroughs {
		if o.Serves(b) {
			return true
		}
	}
	return false
}

// CanShare decides whether personal data of the category may flow from one
// organisation to another at the instant, given the agreements that might
// cover it, and says why: which agreement covers it, or that none does.
// Within one organisation nothing is shared, so it is always allowed.
func CanShare(agreements []Agreement, from, to Organisation, c Category, at time.Time) (bool, string) {
	if !c.Valid() {
		return false, fmt.Sprintf("%q is not a category of data", string(c))
	}
	if from.ID == to.ID {
		return true, "Both are the same organisation."
	}
	sorted := slices.Clone(agreements)
	slices.SortFunc(sorted, func(x, y Agreement) int { return strings.Compare(x.ID, y.ID) })
	for _, a := range sorted {
		if a.Covers(from, to, c, at) {
			return true, fmt.Sprintf("The agreement %q (%s) covers %s.", a.Title, a.ID, strings.ToLower(c.Label()))
		}
	}
	return false, fmt.Sprintf("No active data sharing agreement covers %s from %s to %s on %s.",
		strings.ToLower(c.Label()), from.Name, to.Name, directory.DateOf(at).Spoken())
}

// Involves reports whether the organisation is party to the agreement or, for
// an area-wide agreement, serves one of its boroughs.
func (a Agreement) Involves(o Organisation) bool {
	return slices.Contains(a.Parties, o.ID) || (a.AreaWide && servesAny(o, a.Boroughs))
}
