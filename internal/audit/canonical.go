package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"time"
)

// canonicalVersion starts every encoding, so a future format can never be
// mistaken for this one.
const canonicalVersion = "learnwell-audit/1\n"

// TimeFormat is how At is written in the canonical encoding: UTC with
// exactly six fractional digits, the precision both engines keep.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// Canonical returns the bytes an entry's hash covers: the version line, then
// every field but Hash in a fixed order, each as "name:length:value\n", with
// lists as their count followed by each element (codes sorted by name). The
// lengths make the encoding unambiguous: no two different entries encode the
// same, however their text is chosen. It never changes for a stored entry:
// changing it would break every existing chain (a test pins it).
func (e Entry) Canonical() []byte {
	var c encoder
	c.b = append(c.b, canonicalVersion...)
	c.field("seq", strconv.FormatInt(e.Seq, 10))
	c.field("at", e.At.UTC().Format(TimeFormat))
	c.field("actor.kind", e.Actor.Kind)
	c.field("actor.user_id", e.Actor.UserID)
	c.field("actor.organisation_id", e.Actor.OrganisationID)
	c.field("actor.role", e.Actor.Role)
	c.field("actor.system", e.Actor.System)
	c.field("action", e.Action)
	c.field("subject.type", e.Subject.Type)
	c.list("subject.ids", e.Subject.IDs)
	c.field("subject.organisation_id", e.Subject.OrganisationID)
	keys := make([]string, 0, len(e.Codes))
	for k := range e.Codes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	c.field("codes", strconv.Itoa(len(keys)))
	for _, k := range keys {
		c.field("", k)
		c.field("", e.Codes[k])
	}
	c.field("origin.network", e.Origin.Network)
	c.field("origin.request_id", e.Origin.RequestID)
	c.field("origin.client", e.Origin.Client)
	c.field("reason.code", e.Reason.Code)
	c.field("reason.note", e.Reason.Note)
	c.field("prev_hash", e.PrevHash)
	return c.b
}

type encoder struct{ b []byte }

func (c *encoder) field(name, value string) {
	c.b = append(c.b, name...)
	c.b = append(c.b, ':')
	c.b = strconv.AppendInt(c.b, int64(len(value)), 10)
	c.b = append(c.b, ':')
	c.b = append(c.b, value...)
	c.b = append(c.b, '\n')
}

func (c *encoder) list(name string, values []string) {
	c.field(name, strconv.Itoa(len(values)))
	for _, v := range values {
		c.field("", v)
	}
}

// ComputeHash returns the hex SHA-256 of the entry's canonical encoding.
func (e Entry) ComputeHash() string {
	sum := sha256.Sum256(e.Canonical())
	return hex.EncodeToString(sum[:])
}

// Seal places the entry in the chain after the entry with prevSeq and
// prevHash (0 and "" for the first): it sets Seq, At (truncated to
// microseconds, in UTC), PrevHash and Hash, and returns the sealed entry.
func Seal(e Entry, prevSeq int64, prevHash string, at time.Time) Entry {
	e.Seq = prevSeq + 1
	e.At = at.UTC().Truncate(time.Microsecond)
	e.PrevHash = prevHash
	e.Hash = e.ComputeHash()
	return e
}

// ValidHash reports whether s looks like a hash in the trail: 64 lower-case hex digits.
func ValidHash(s string) bool {
	if len(s) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}
