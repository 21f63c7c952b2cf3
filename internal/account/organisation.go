package account

import (
	"slices"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/geo"
)

// OrgKind is the kind of an organisation that uses learnwell.
type OrgKind string

// The kinds of organisation.
const (
	// SocialPrescribingService is a team of link workers: a Primary Care
	// Network, a GP practice, a borough or a charity.
	SocialPrescribingService OrgKind = "social-prescribing-service"
	// LearningProvider is an adult education service, college, library or
	// community organisation; it is linked to its organisation in the directory.
	LearningProvider OrgKind = "learning-provider"
	// Commissioner is the GLA, a borough or an Integrated Care Board, scoped to
	// the boroughs it commissions for (the GLA to all of London).
	Commissioner OrgKind = "commissioner"
	// PlatformOperator runs this installation of learnwell.
	PlatformOperator OrgKind = "platform-operator"
)

// OrgKinds lists every kind, in the order pages show them.
func OrgKinds() []OrgKind {
	return []OrgKind{SocialPrescribingService, LearningProvider, Commissioner, PlatformOperator}
}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool { return slices.Contains(OrgKinds(), k) }

// Label is the kind's name for a person.
func (k OrgKind) Label() string {
	switch k {
	case SocialPrescribingService:
		return "Social prescribing service"
	case LearningProvider:
		return "Learning provider"
	case Commissioner:
		return "Commissioner"
	case PlatformOperator:
		return "Platform operator"
	}
	return string(k)
}

// Organisation is an organisation whose staff use learnwell. It is not the
// directory's organisation (a provider listed in the directory), though a
// learning provider links to its directory entry.
type Organisation struct {
	ID   string
	Name string
	Kind OrgKind
	// Boroughs are the GSS codes (E09000001..E09000033) of the London
	// boroughs it serves, sorted. For a commissioner they are the boroughs it
	// commissions for, and so the only ones whose aggregates it may see.
	Boroughs []string
	// AllLondon says it serves all 33 London local authorities (such as the
	// GLA, or a provider that takes learners from anywhere); Boroughs is then
	// empty.
	AllLondon bool
	// ODSCode is its NHS Organisation Data Service code, where it has one.
	ODSCode string
	// DirectoryOrganisationID is, for a learning provider, the id of its
	// organisation in the directory; empty for other kinds.
	DirectoryOrganisationID string
	Demo                    bool // made by the demo; works only in a demo database
	CreatedAt, UpdatedAt    time.Time
}

// Person-readable messages for organisations.
const (
	msgOrgName        = "Enter the organisation's name"
	msgOrgNameLong    = "Organisation name must be 200 characters or fewer"
	msgOrgKind        = "Select the kind of organisation"
	msgOrgBoroughs    = "Select the boroughs the organisation serves"
	msgOrgBoroughBad  = "Select boroughs from the list"
	msgOrgODS         = "Enter an ODS code in the correct format, like Y02345 or 08H"
	msgOrgDirectory   = "Select the learning provider's organisation in the directory"
	msgOrgDirectoryNo = "Only a learning provider is linked to an organisation in the directory"
)

// Normalise tidies what a person typed: trims the name, upper-cases the ODS
// code and the borough codes, sorts and de-duplicates the boroughs.
func (o *Organisation) Normalise() {
	o.Name = strings.Join(strings.Fields(o.Name), " ")
	o.ODSCode = strings.ToUpper(strings.TrimSpace(o.ODSCode))
	o.DirectoryOrganisationID = strings.TrimSpace(o.DirectoryOrganisationID)
	for i, b := range o.Boroughs {
		o.Boroughs[i] = strings.ToUpper(strings.TrimSpace(b))
	}
	slices.Sort(o.Boroughs)
	o.Boroughs = slices.Compact(o.Boroughs)
	if o.AllLondon {
		o.Boroughs = nil
	}
}

// Validate checks the organisation and returns every problem at once
// (EINVALID with per-field messages), or nil. Call Normalise first.
func (o *Organisation) Validate() error {
	var v learnwell.Validation
	switch {
	case o.Name == "":
		v.Add("name", msgOrgName)
	case len([]rune(o.Name)) > 200:
		v.Add("name", msgOrgNameLong)
	}
	if !o.Kind.Valid() {
		v.Add("kind", msgOrgKind)
	}
	if !o.AllLondon && len(o.Boroughs) == 0 && o.Kind != PlatformOperator {
		v.Add("boroughs", msgOrgBoroughs)
	}
	for _, b := range o.Boroughs {
		if _, ok := geo.BoroughByCode(b); !ok {
			v.Add("boroughs", msgOrgBoroughBad)
		}
	}
	if o.ODSCode != "" && !ValidODSCode(o.ODSCode) {
		v.Add("ods_code", msgOrgODS)
	}
	switch {
	case o.Kind == LearningProvider && !learnwell.ValidID(o.DirectoryOrganisationID):
		v.Add("directory_organisation_id", msgOrgDirectory)
	case o.Kind != LearningProvider && o.DirectoryOrganisationID != "":
		v.Add("directory_organisation_id", msgOrgDirectoryNo)
	}
	return v.Err()
}

// ValidODSCode reports whether s has the shape of an NHS Organisation Data
// Service code for an organisation: 3 to 6 upper-case letters and digits (GP
// practices like "Y02345" or "A81001", PCNs like "U12345", ICBs like "QMJ",
// sub-ICB locations like "08H", trusts like "RRV"). Longer codes exist for
// sites; learnwell records organisations. Normalise upper-cases what a person
// typed. Only the shape is checked: whether the code exists is the ODS's to
// say.
func ValidODSCode(s string) bool {
	if len(s) < 3 || len(s) > 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Serves reports whether the organisation serves the borough (a GSS code).
func (o Organisation) Serves(borough string) bool {
	return o.AllLondon || slices.Contains(o.Boroughs, borough)
}

// ServesAll reports whether the organisation serves every one of the boroughs.
// An empty list means all of London, which only an AllLondon organisation
// serves.
func (o Organisation) ServesAll(boroughs []string) bool {
	if o.AllLondon {
		return true
	}
	if len(boroughs) == 0 {
		return false
	}
	for _, b := range boroughs {
		if !slices.Contains(o.Boroughs, b) {
			return false
		}
	}
	return true
}
