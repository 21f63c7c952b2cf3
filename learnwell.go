// Package learnwell holds the types every part of learnwell shares: the one
// error type and its codes, identifiers and the clock. Everything else lives in
// internal/ packages; see docs/architecture.md.
package learnwell

import (
	"crypto/sha256"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Version is the version of this build, set with -ldflags "-X learnwell.Version=...".
var Version = "dev"

// NewID returns a new time-ordered identifier (a UUIDv7 string), the form HSDS
// and Open Referral UK expect for ids.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// DerivedID returns a UUID (version 8, RFC 9562) derived deterministically from
// the parts, so that a seeded demo gives the same ids every time.
func DerivedID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var u uuid.UUID
	copy(u[:], h.Sum(nil))
	u[6] = (u[6] & 0x0f) | 0x80 // version 8
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 9562 variant
	return u.String()
}

// ValidID reports whether s is a UUID in its canonical textual form.
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// Clock tells the time. Code that depends on the time takes a Clock so tests
// can fix it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock, in UTC.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// FixedClock is a clock for tests; it only moves when told.
type FixedClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixedClock returns a clock stopped at t.
func NewFixedClock(t time.Time) *FixedClock { return &FixedClock{t: t.UTC()} }

// Now returns the clock's time.
func (c *FixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *FixedClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t.UTC()
	c.mu.Unlock()
}

// Advance moves the clock on by d.
func (c *FixedClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// London is the Europe/London location. Course dates and times are London
// civil dates and times; instants are stored in UTC.
var London = mustLoadLondon()

func mustLoadLondon() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("learnwell: cannot load Europe/London (import time/tzdata in the binary): " + err.Error())
	}
	return loc
}
