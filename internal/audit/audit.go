// Package audit is learnwell's audit trail: who viewed or changed what, when,
// from where and why. Entries are append-only and hash-chained: each entry's
// SHA-256 hash covers a canonical encoding of its fields and the previous
// entry's hash, so editing, removing or reordering an entry breaks the chain
// at that entry, and Verifier finds the first broken link.
//
// An entry never holds a personal value. It names records by their ids and
// says what happened with codes, so erasing a person later leaves the trail
// whole and still verifiable. This is enforced by the types: no field takes
// free text about a record, every field but the reason's short note must be
// an id or a code (see Validate), and the note is checked for the shapes of
// email addresses and long numbers. See docs/audit.md.
//
// The package is pure: internal/store appends entries (in the transaction of
// the change they record) and reads them back.
package audit

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"learnwell"
)

// Actor kinds.
const (
	ActorUser   = "user"   // a signed-in person (or their API token), in one organisation and role
	ActorSystem = "system" // learnwell itself: a command an operator ran, or a background job
)

// Actor is who did it.
type Actor struct {
	Kind           string // ActorUser or ActorSystem
	UserID         string // ActorUser: the user's id
	OrganisationID string // ActorUser: the user's organisation
	Role           string // ActorUser: the role the user acted in, a code like "link_worker"
	System         string // ActorSystem: what acted, a code like "command:user-create" or "job:redact_messages"
}

// User is the actor for a person acting in an organisation and a role.
func User(userID, organisationID, role string) Actor {
	return Actor{Kind: ActorUser, UserID: userID, OrganisationID: organisationID, Role: role}
}

// System is the actor for learnwell itself: name is a code such as
// "command:user-create" or "job:redact_messages".
func System(name string) Actor { return Actor{Kind: ActorSystem, System: name} }

// Subject is what was viewed or changed: records of one type, by id.
type Subject struct {
	Type           string   // the record type, a code like "person", "referral" or "user"
	IDs            []string // the records' ids (UUIDs), in the order they were shown or changed
	OrganisationID string   // the organisation whose records they are, if any
}

// Origin is where the request came from.
type Origin struct {
	// Network is the client's network, never its full address: the IPv4 /24
	// or IPv6 /48 prefix, like "203.0.113.0/24". See Network and docs/audit.md.
	Network   string
	RequestID string // the request id in the logs and the X-Request-Id header
	Client    string // the class of user agent: one of the Client* constants
}

// Reason is why, where the page asked. Code is one of a fixed list the UI
// offers, like "direct_care"; Note is an optional short sentence in the
// person's words. The note must not hold personal data (names, contact
// details, health details): pages must say so next to the field, and
// Validate refuses notes with an email address or a long number in them.
type Reason struct {
	Code string
	Note string
}

// Entry is one audit record. Seq, At, PrevHash and Hash are set by the store
// when it appends the entry; the rest by the caller.
type Entry struct {
	Seq      int64     // position in the trail: 1, 2, 3... with no gaps
	At       time.Time // the store's time of the transaction that wrote it (UTC, microseconds)
	Actor    Actor
	Action   string            // what happened, a code "type.verb" like "person.view" or "referral.accept"
	Subject  Subject           // which records
	Codes    map[string]string // further facts as codes, like {"from": "pending", "to": "accepted"}
	Origin   Origin
	Reason   Reason
	PrevHash string // the previous entry's Hash, "" for the first entry
	Hash     string // hex SHA-256 of Canonical
}

// Limits on an entry's size.
const (
	MaxRecordIDs   = 1000
	MaxCodes       = 16
	MaxReasonNote  = 200 // characters
	maxCodeLength  = 64
	maxDigitsInRow = 9 // a note may hold a year or a date, not a phone or NHS number
)

var (
	actionPattern  = regexp.MustCompile(`^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$`)
	namePattern    = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)              // record types, roles, reason codes, code keys
	systemPattern  = regexp.MustCompile(`^[a-z][a-z0-9_-]*:[a-z0-9_.-]+$`) // "command:user-create"
	valuePattern   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:/-]*$`)  // code values
	requestPattern = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)
	emailLike      = regexp.MustCompile(`\S@\S`)
)

// IsCode reports whether s is a valid name code (a record type, role, reason
// code or code key): lower case letters, digits, "_" and "-", starting with a letter.
func IsCode(s string) bool { return len(s) <= maxCodeLength && namePattern.MatchString(s) }

// IsAction reports whether s is a valid action code: "type.verb", lower case.
func IsAction(s string) bool { return len(s) <= maxCodeLength && actionPattern.MatchString(s) }

// Validate checks the caller's fields and returns every problem at once (an
// EINVALID *learnwell.Error with one message per field), or nil.
func (e Entry) Validate() error {
	var v learnwell.Validation
	e.Actor.validate(&v)
	if !IsAction(e.Action) {
		v.Add("action", `Action must be a code like "person.view"`)
	}
	e.Subject.validate(&v)
	if len(e.Codes) > MaxCodes {
		v.Add("codes", fmt.Sprintf("An entry can hold at most %d codes", MaxCodes))
	}
	for k, val := range e.Codes {
		if !IsCode(k) {
			v.Add("codes", fmt.Sprintf("Code name %q must be lower case letters, digits, _ or -", k))
		} else if len(val) > maxCodeLength || !valuePattern.MatchString(val) {
			v.Add("codes."+k, "A code's value must be a code (letters, digits and _ . : / -), not free text")
		}
	}
	e.Origin.validate(&v)
	e.Reason.validate(&v)
	return v.Err()
}

func (a Actor) validate(v *learnwell.Validation) {
	switch a.Kind {
	case ActorUser:
		if !learnwell.ValidID(a.UserID) {
			v.Add("actor.user_id", "A user actor needs the user's id")
		}
		if !learnwell.ValidID(a.OrganisationID) {
			v.Add("actor.organisation_id", "A user actor needs the user's organisation id")
		}
		if !IsCode(a.Role) {
			v.Add("actor.role", "A user actor needs the role the user acted in, as a code")
		}
		if a.System != "" {
			v.Add("actor.system", "A user actor has no system name")
		}
	case ActorSystem:
		if len(a.System) > maxCodeLength || !systemPattern.MatchString(a.System) {
			v.Add("actor.system", `A system actor needs a name like "command:user-create" or "job:redact_messages"`)
		}
		if a.UserID != "" || a.OrganisationID != "" || a.Role != "" {
			v.Add("actor.user_id", "A system actor has no user, organisation or role")
		}
	default:
		v.Add("actor.kind", `Actor kind must be "user" or "system"`)
	}
}

func (s Subject) validate(v *learnwell.Validation) {
	if s.Type != "" && !IsCode(s.Type) {
		v.Add("subject.type", `Record type must be a code like "person"`)
	}
	if len(s.IDs) > 0 && s.Type == "" {
		v.Add("subject.type", "Say what type of record the ids are")
	}
	if len(s.IDs) > MaxRecordIDs {
		v.Add("subject.ids", fmt.Sprintf("An entry can name at most %d records", MaxRecordIDs))
	}
	for _, id := range s.IDs {
		if !learnwell.ValidID(id) {
			v.Add("subject.ids", "Record ids must be UUIDs")
			break
		}
	}
	if s.OrganisationID != "" && !learnwell.ValidID(s.OrganisationID) {
		v.Add("subject.organisation_id", "The subject's organisation id must be a UUID")
	}
}

func (o Origin) validate(v *learnwell.Validation) {
	if o.Network != "" && !validNetwork(o.Network) {
		v.Add("origin.network", "Origin network must be an IPv4 /24 or IPv6 /48 prefix (or wider), never a whole address: use audit.Network")
	}
	if len(o.RequestID) > maxCodeLength || !requestPattern.MatchString(o.RequestID) {
		v.Add("origin.request_id", "Request id must be letters, digits, _ or -")
	}
	if !validClient(o.Client) {
		v.Add("origin.client", "Origin client must be one of the audit.Client* classes")
	}
}

func (r Reason) validate(v *learnwell.Validation) {
	if r.Code != "" && !IsCode(r.Code) {
		v.Add("reason.code", `Reason must be a code like "direct_care"`)
	}
	if r.Note == "" {
		return
	}
	switch {
	case r.Code == "":
		v.Add("reason.code", "Choose a reason before adding a note")
	case !utf8.ValidString(r.Note) || utf8.RuneCountInString(r.Note) > MaxReasonNote:
		v.Add("reason.note", fmt.Sprintf("Reason note must be %d characters or fewer", MaxReasonNote))
	case strings.IndexFunc(r.Note, unicode.IsControl) >= 0:
		v.Add("reason.note", "Reason note must be one line")
	case emailLike.MatchString(r.Note) || longestDigitRun(r.Note) > maxDigitsInRow:
		v.Add("reason.note", "Reason note must not hold personal details such as an email address, phone number or NHS number")
	}
}

// longestDigitRun counts the most digits in a row, letting single spaces,
// hyphens and dots sit between them ("943 476 5919" is ten).
func longestDigitRun(s string) int {
	best, run, sep := 0, 0, false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			run, sep = run+1, false
			best = max(best, run)
		case (r == ' ' || r == '-' || r == '.') && run > 0 && !sep:
			sep = true
		default:
			run, sep = 0, false
		}
	}
	return best
}
