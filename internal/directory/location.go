package directory

import (
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/geo"
)

// Location is a venue where runs of courses take place (the HSDS location,
// with one physical address). Postcode is normalised ("SE1 7PB"; see
// Normalise). Point is the venue's position when known; Borough is the GSS
// code of the London local authority it is in, as the provider picks it.
type Location struct {
	ID             string                 `json:"id"`
	OrganisationID string                 `json:"organisation_id"`
	Name           string                 `json:"name"`
	Address1       string                 `json:"address_1"`
	Address2       string                 `json:"address_2,omitempty"`
	Town           string                 `json:"town"`
	Postcode       string                 `json:"postcode"`
	Point          *geo.Point             `json:"point,omitempty"`
	Borough        string                 `json:"borough"`
	Accessibility  []AccessibilityFeature `json:"accessibility,omitempty"`
	Transport      string                 `json:"transport,omitempty"`
	Source         Source                 `json:"source,omitzero"`
	CreatedAt      time.Time              `json:"created_at"`
	UpdatedAt      time.Time              `json:"updated_at"`
}

// Normalise trims the text fields and writes the postcode in its standard
// form ("se17pb" becomes "SE1 7PB") when it parses; call it on input before
// Validate and before storing.
func (l *Location) Normalise() {
	for _, s := range []*string{&l.Name, &l.Address1, &l.Address2, &l.Town, &l.Postcode, &l.Borough, &l.Transport} {
		*s = strings.TrimSpace(*s)
	}
	if p, err := geo.ParsePostcode(l.Postcode); err == nil {
		l.Postcode = p.String()
	}
}

// BoroughName returns the name of the venue's borough ("" if unknown).
func (l Location) BoroughName() string {
	b, _ := geo.BoroughByCode(l.Borough)
	return b.Name
}

// Validate checks the venue and returns an EINVALID *learnwell.Error with a
// message for each field that is wrong, or nil.
func (l Location) Validate() error {
	var v learnwell.Validation
	l.validate(fields{v: &v})
	return v.Err()
}

func (l Location) validate(f fields) {
	f.text("name", l.Name, 200, "Enter the name of the venue", "Venue name")
	// ORUK requires address_1 and city on every address.
	f.text("address_1", l.Address1, 200, "Enter the first line of the address", "Address line 1")
	f.text("address_2", l.Address2, 200, "", "Address line 2")
	f.text("town", l.Town, 100, "Enter the town or city", "Town or city")
	// An imported venue (one with a Source) keeps the postcode its source
	// gives even when learnwell cannot place it (outside the UK, unknown),
	// and may have no borough: it is then listed without one, and without a
	// position unless its source gave one. See docs/import-oruk.md.
	imported := !l.Source.IsZero()
	if p, err := geo.ParsePostcode(l.Postcode); imported {
		f.text("postcode", l.Postcode, 20, "", "Postcode")
	} else if err != nil {
		f.add("postcode", learnwell.ErrorMessage(err))
	} else if p.IsDistrict() {
		f.add("postcode", "Enter the full postcode of the venue, like SE1 7PB")
	}
	switch _, ok := geo.BoroughByCode(l.Borough); {
	case strings.TrimSpace(l.Borough) == "" && imported:
	case strings.TrimSpace(l.Borough) == "":
		f.add("borough", "Select the borough the venue is in")
	case !ok:
		f.add("borough", "Select a London borough from the list")
	}
	if l.Point != nil && !inUK(*l.Point) {
		f.add("point", "The venue's position must be in the United Kingdom")
	}
	f.features("accessibility", l.Accessibility)
	f.text("transport", l.Transport, 1000, "", "Transport notes")
	l.Source.validate(f)
}

// inUK reports whether p is within a box around the United Kingdom.
func inUK(p geo.Point) bool {
	return p.Valid() && p.Lat >= 49.8 && p.Lat <= 60.9 && p.Lon >= -8.7 && p.Lon <= 1.8
}

// features checks accessibility codes against the list.
func (f fields) features(field string, list []AccessibilityFeature) {
	seen := map[AccessibilityFeature]bool{}
	for _, a := range list {
		if !a.Valid() {
			f.add(field, "Select an accessibility feature from the list")
			return
		}
		if seen[a] {
			f.add(field, "Select each accessibility feature only once")
			return
		}
		seen[a] = true
	}
}
