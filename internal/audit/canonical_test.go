package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"
)

const (
	userID  = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
	orgID   = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"
	person1 = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a51"
	person2 = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a52"
	org2ID  = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d"
)

var at = time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)

func sample() Entry {
	return Entry{
		Seq:      7,
		At:       at,
		Actor:    User(userID, orgID, "link_worker"),
		Action:   "referral.accept",
		Subject:  Subject{Type: "referral", IDs: []string{person1, person2}, OrganisationID: org2ID},
		Codes:    map[string]string{"to": "accepted", "from": "pending"},
		Origin:   Origin{Network: "203.0.113.0/24", RequestID: "a1b2c3d4e5f60718", Client: ClientBrowser},
		Reason:   Reason{Code: "direct_care", Note: "Asked by the person"},
		PrevHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
}

// TestCanonicalEncoding pins the format, written out by hand: every stored
// chain depends on it, so a change must fail here first.
func TestCanonicalEncoding(t *testing.T) {
	want := "learnwell-audit/1\n" +
		"seq:1:7\n" +
		"at:27:2026-03-14T09:26:53.589793Z\n" +
		"actor.kind:4:user\n" +
		"actor.user_id:36:" + userID + "\n" +
		"actor.organisation_id:36:" + orgID + "\n" +
		"actor.role:11:link_worker\n" +
		"actor.system:0:\n" +
		"action:15:referral.accept\n" +
		"subject.type:8:referral\n" +
		"subject.ids:1:2\n" +
		":36:" + person1 + "\n" +
		":36:" + person2 + "\n" +
		"subject.organisation_id:36:" + org2ID + "\n" +
		"codes:1:2\n" +
		":4:from\n:7:pending\n" +
		":2:to\n:8:accepted\n" +
		"origin.network:14:203.0.113.0/24\n" +
		"origin.request_id:16:a1b2c3d4e5f60718\n" +
		"origin.client:7:browser\n" +
		"reason.code:11:direct_care\n" +
		"reason.note:19:Asked by the person\n" +
		"prev_hash:64:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n"
	e := sample()
	if got := string(e.Canonical()); got != want {
		t.Fatalf("canonical encoding changed:\n got %q\nwant %q", got, want)
	}
	sum := sha256.Sum256([]byte(want))
	if got := e.ComputeHash(); got != hex.EncodeToString(sum[:]) {
		t.Fatalf("hash %s is not the SHA-256 of the canonical encoding", got)
	}
	if !ValidHash(e.ComputeHash()) {
		t.Fatal("computed hash is not 64 lower-case hex digits")
	}
}

// TestEveryFieldChangesTheHash: a change to any field, however small, gives
// another hash.
func TestEveryFieldChangesTheHash(t *testing.T) {
	base := sample().ComputeHash()
	tests := []struct {
		name   string
		change func(*Entry)
	}{
		{"seq", func(e *Entry) { e.Seq = 8 }},
		{"at by a microsecond", func(e *Entry) { e.At = e.At.Add(time.Microsecond) }},
		{"actor kind", func(e *Entry) { e.Actor.Kind = ActorSystem }},
		{"actor user", func(e *Entry) { e.Actor.UserID = person1 }},
		{"actor organisation", func(e *Entry) { e.Actor.OrganisationID = org2ID }},
		{"actor role", func(e *Entry) { e.Actor.Role = "org_admin" }},
		{"actor system", func(e *Entry) { e.Actor.System = "job:x" }},
		{"action", func(e *Entry) { e.Action = "referral.decline" }},
		{"subject type", func(e *Entry) { e.Subject.Type = "person" }},
		{"subject ids order", func(e *Entry) { e.Subject.IDs = []string{person2, person1} }},
		{"subject ids one fewer", func(e *Entry) { e.Subject.IDs = e.Subject.IDs[:1] }},
		{"subject ids none", func(e *Entry) { e.Subject.IDs = nil }},
		{"subject organisation", func(e *Entry) { e.Subject.OrganisationID = orgID }},
		{"code value", func(e *Entry) { e.Codes = map[string]string{"to": "declined", "from": "pending"} }},
		{"code name", func(e *Entry) { e.Codes = map[string]string{"to": "accepted", "was": "pending"} }},
		{"codes none", func(e *Entry) { e.Codes = nil }},
		{"network", func(e *Entry) { e.Origin.Network = "203.0.114.0/24" }},
		{"request id", func(e *Entry) { e.Origin.RequestID = "a1b2c3d4e5f60719" }},
		{"client", func(e *Entry) { e.Origin.Client = ClientAPI }},
		{"reason code", func(e *Entry) { e.Reason.Code = "safeguarding" }},
		{"reason note", func(e *Entry) { e.Reason.Note = "Asked by the person." }},
		{"previous hash", func(e *Entry) { e.PrevHash = "" }},
		// Moving text from one field to the next must not give the same bytes.
		{"text moved between fields", func(e *Entry) { e.Actor.Role = "link_worke"; e.Actor.System = "r" }},
		{"code moved into a value", func(e *Entry) { e.Codes = map[string]string{"to": "accepted", "from": "pendingto"} }},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		e := sample()
		tt.change(&e)
		h := e.ComputeHash()
		if h == base {
			t.Errorf("%s: hash unchanged", tt.name)
		}
		if other, dup := seen[h]; dup {
			t.Errorf("%s and %s give the same hash", tt.name, other)
		}
		seen[h] = tt.name
	}
}

func TestHashIgnoresMapOrderAndTimeZone(t *testing.T) {
	a, b := sample(), sample()
	b.Codes = map[string]string{}
	b.Codes["from"] = "pending"
	b.Codes["to"] = "accepted"
	b.At = at.In(time.FixedZone("BST", 3600))
	b.Hash = "ignored: Hash is not part of the encoding"
	for range 20 { // map iteration order is random
		if a.ComputeHash() != b.ComputeHash() {
			t.Fatal("the same entry gave two hashes")
		}
	}
}

func TestSeal(t *testing.T) {
	e := Seal(sample(), 41, "abc", at.Add(123*time.Nanosecond))
	if e.Seq != 42 || e.PrevHash != "abc" || !e.At.Equal(at) || e.At.Location() != time.UTC {
		t.Fatalf("sealed %d %q %v", e.Seq, e.PrevHash, e.At)
	}
	if e.Hash != e.ComputeHash() {
		t.Fatal("sealed hash does not match its fields")
	}
}

func TestValidHash(t *testing.T) {
	for s, want := range map[string]bool{
		sample().ComputeHash(): true,
		"":                     false,
		"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08":  false,
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0":   false,
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0g":  false,
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a081": false,
	} {
		if got := ValidHash(s); got != want {
			t.Errorf("ValidHash(%q) = %v", s, got)
		}
	}
}
