package audit

import (
	"time"

	"learnwell"
)

// Page sizes for searches.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// Filter selects entries for the audit search page, newest first. Empty
// fields do not filter.
type Filter struct {
	// OrganisationID keeps entries whose actor belongs to the organisation or
	// whose records do: what an organisation admin may search.
	OrganisationID string
	ActorUserID    string    // entries by this user
	Action         string    // entries with this action code
	RecordID       string    // entries naming this record
	From, To       time.Time // entries at or after From and before To
	Limit, Offset  int       // the page: Limit defaults to DefaultPageSize
}

// Validate checks the filter, one message per field, and fills in the page size.
func (f *Filter) Validate() error {
	var v learnwell.Validation
	if f.OrganisationID != "" && !learnwell.ValidID(f.OrganisationID) {
		v.Add("organisation_id", "Enter an organisation id in the right format")
	}
	if f.ActorUserID != "" && !learnwell.ValidID(f.ActorUserID) {
		v.Add("user_id", "Enter a user id in the right format, like 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
	}
	if f.Action != "" && !IsAction(f.Action) {
		v.Add("action", `Enter an action code, like person.view`)
	}
	if f.RecordID != "" && !learnwell.ValidID(f.RecordID) {
		v.Add("record_id", "Enter a record id in the right format, like 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		v.Add("to", "The end of the date range must be after its start")
	}
	if f.Limit < 0 || f.Limit > MaxPageSize {
		v.Add("limit", "Page size must be between 1 and 500")
	}
	if f.Offset < 0 {
		v.Add("offset", "Page must be 1 or more")
	}
	if f.Limit == 0 {
		f.Limit = DefaultPageSize
	}
	return v.Err()
}
