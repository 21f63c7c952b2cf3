package directory

import (
	"time"

	"learnwell"
	"learnwell/internal/geo"
)

// Source says where an imported record came from: the system that published
// it (such as the base URL of an Open Referral UK feed) and its id there. It
// is empty for records made in learnwell.
type Source struct {
	System string `json:"system,omitempty"`
	ID     string `json:"id,omitempty"`
}

// IsZero reports whether the record was made in learnwell.
func (s Source) IsZero() bool { return s == Source{} }

func (s Source) validate(f fields) {
	switch {
	case s.System != "" && s.ID == "":
		f.add("source.id", "Enter the id of the record in the system it came from")
	case s.System == "" && s.ID != "":
		f.add("source.system", "Enter the system the record came from")
	}
}

// Organisation is a learning provider: an adult education service, a
// college, a library or a community organisation (the HSDS organization).
// Boroughs are the GSS codes of the London local authorities it serves.
type Organisation struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Kind        OrganisationKind `json:"kind"`
	Website     string           `json:"website,omitempty"`
	Email       string           `json:"email,omitempty"`
	Phone       string           `json:"phone,omitempty"`
	Boroughs    []string         `json:"boroughs,omitempty"`
	Source      Source           `json:"source,omitzero"`
	CreatedAt   time.Time        `json:"created_at"`
	UpdatedAt   time.Time        `json:"updated_at"`
}

// Validate checks the organisation and returns an EINVALID *learnwell.Error
// with a message for each field that is wrong, or nil.
func (o Organisation) Validate() error {
	var v learnwell.Validation
	o.validate(fields{v: &v})
	return v.Err()
}

func (o Organisation) validate(f fields) {
	f.text("name", o.Name, 200, "Enter the name of the organisation", "Name")
	// ORUK requires an organisation's description.
	f.text("description", o.Description, 5000, "Enter a description of the organisation", "Description")
	if !o.Kind.Valid() {
		f.add("kind", "Select the type of organisation")
	}
	f.url("website", o.Website)
	f.email("email", o.Email)
	f.phone("phone", o.Phone)
	f.boroughs("boroughs", o.Boroughs)
	o.Source.validate(f)
}

// boroughs checks a list of GSS codes against the London local authorities.
func (f fields) boroughs(field string, codes []string) {
	seen := map[string]bool{}
	for _, code := range codes {
		if _, ok := geo.BoroughByCode(code); !ok {
			f.add(field, "Select a London borough from the list")
			return
		}
		if seen[code] {
			f.add(field, "Select each borough only once")
			return
		}
		seen[code] = true
	}
}
