package audit

import (
	"strings"
	"testing"

	"learnwell"
)

func TestValidEntries(t *testing.T) {
	tests := []struct {
		name string
		e    Entry
	}{
		{"full user entry", sample()},
		{"system actor, no subject", Entry{Actor: System("command:user-create"), Action: "organisation.create"}},
		{"job", Entry{Actor: System("job:redact_messages"), Action: "message.redact", Subject: Subject{Type: "message"}}},
		{"view of a list", Entry{Actor: User(userID, orgID, "link_worker"), Action: "person.list", Subject: Subject{Type: "person", IDs: []string{person1, person2}}}},
		{"reason without note", Entry{Actor: User(userID, orgID, "org_admin"), Action: "user.view", Reason: Reason{Code: "support"}}},
		{"IPv6 network", Entry{Actor: System("job:x"), Action: "a.b", Origin: Origin{Network: "2001:db8:1::/48"}}},
		{"wider network", Entry{Actor: System("job:x"), Action: "a.b", Origin: Origin{Network: "10.0.0.0/8"}}},
		{"note with a date", Entry{Actor: User(userID, orgID, "link_worker"), Action: "person.view", Reason: Reason{Code: "complaint", Note: "Complaint of 14.03.2026, ref 4471"}}},
	}
	for _, tt := range tests {
		if err := tt.e.Validate(); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestInvalidEntries(t *testing.T) {
	user := User(userID, orgID, "link_worker")
	tests := []struct {
		name   string
		e      Entry
		fields []string
	}{
		{"empty", Entry{}, []string{"action", "actor.kind"}},
		{"user without ids", Entry{Actor: Actor{Kind: ActorUser, Role: "link_worker"}, Action: "a.b"}, []string{"actor.organisation_id", "actor.user_id"}},
		{"user with a name for a role", Entry{Actor: User(userID, orgID, "Jane Smith"), Action: "a.b"}, []string{"actor.role"}},
		{"user with a system name", Entry{Actor: Actor{Kind: ActorUser, UserID: userID, OrganisationID: orgID, Role: "r", System: "job:x"}, Action: "a.b"}, []string{"actor.system"}},
		{"system with a user", Entry{Actor: Actor{Kind: ActorSystem, System: "job:x", UserID: userID}, Action: "a.b"}, []string{"actor.user_id"}},
		{"system without a name", Entry{Actor: System("cleanup"), Action: "a.b"}, []string{"actor.system"}},
		{"action not a code", Entry{Actor: user, Action: "viewed Jane's record"}, []string{"action"}},
		{"action with one part", Entry{Actor: user, Action: "view"}, []string{"action"}},
		{"record id not a UUID", Entry{Actor: user, Action: "person.view", Subject: Subject{Type: "person", IDs: []string{"jane@example.com"}}}, []string{"subject.ids"}},
		{"ids without a type", Entry{Actor: user, Action: "person.view", Subject: Subject{IDs: []string{person1}}}, []string{"subject.type"}},
		{"type not a code", Entry{Actor: user, Action: "person.view", Subject: Subject{Type: "Person Record"}}, []string{"subject.type"}},
		{"subject organisation", Entry{Actor: user, Action: "person.view", Subject: Subject{OrganisationID: "Camden PCN"}}, []string{"subject.organisation_id"}},
		{"too many ids", Entry{Actor: user, Action: "person.list", Subject: Subject{Type: "person", IDs: make([]string, MaxRecordIDs+1)}}, []string{"subject.ids"}},
		{"code value with a space", Entry{Actor: user, Action: "person.update", Codes: map[string]string{"surname": "Smith Jones"}}, []string{"codes.surname"}},
		{"code value an email", Entry{Actor: user, Action: "person.update", Codes: map[string]string{"email": "jane@example.com"}}, []string{"codes.email"}},
		{"code name not a code", Entry{Actor: user, Action: "person.update", Codes: map[string]string{"Jane Smith": "x"}}, []string{"codes"}},
		{"full IPv4 address", Entry{Actor: user, Action: "a.b", Origin: Origin{Network: "203.0.113.7"}}, []string{"origin.network"}},
		{"IPv4 host prefix", Entry{Actor: user, Action: "a.b", Origin: Origin{Network: "203.0.113.7/32"}}, []string{"origin.network"}},
		{"unmasked prefix", Entry{Actor: user, Action: "a.b", Origin: Origin{Network: "203.0.113.7/24"}}, []string{"origin.network"}},
		{"IPv6 /64", Entry{Actor: user, Action: "a.b", Origin: Origin{Network: "2001:db8:1:2::/64"}}, []string{"origin.network"}},
		{"raw user agent", Entry{Actor: user, Action: "a.b", Origin: Origin{Client: "Mozilla/5.0 (X11; Linux x86_64)"}}, []string{"origin.client"}},
		{"request id with spaces", Entry{Actor: user, Action: "a.b", Origin: Origin{RequestID: "a b"}}, []string{"origin.request_id"}},
		{"note without a reason", Entry{Actor: user, Action: "a.b", Reason: Reason{Note: "because"}}, []string{"reason.code"}},
		{"reason code free text", Entry{Actor: user, Action: "a.b", Reason: Reason{Code: "Direct care"}}, []string{"reason.code"}},
		{"note too long", Entry{Actor: user, Action: "a.b", Reason: Reason{Code: "other", Note: strings.Repeat("é", MaxReasonNote+1)}}, []string{"reason.note"}},
		{"note on two lines", Entry{Actor: user, Action: "a.b", Reason: Reason{Code: "other", Note: "one\ntwo"}}, []string{"reason.note"}},
		{"note with an email", Entry{Actor: user, Action: "a.b", Reason: Reason{Code: "other", Note: "asked by jane@example.com"}}, []string{"reason.note"}},
		{"note with an NHS number", Entry{Actor: user, Action: "a.b", Reason: Reason{Code: "other", Note: "for 943 476 5919"}}, []string{"reason.note"}},
		{"note with a phone number", Entry{Actor: user, Action: "a.b", Reason: Reason{Code: "other", Note: "rang 020-7946-0000"}}, []string{"reason.note"}},
	}
	for _, tt := range tests {
		err := tt.e.Validate()
		if learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Errorf("%s: err = %v, want invalid", tt.name, err)
			continue
		}
		got := learnwell.SortedFieldNames(learnwell.ErrorFields(err))
		if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: fields %v, want %v", tt.name, got, tt.fields)
		}
	}
}

func TestLongestDigitRun(t *testing.T) {
	for s, want := range map[string]int{
		"":                  0,
		"no digits":         0,
		"2026":              4,
		"943 476 5919":      10,
		"943  476":          3, // two spaces break the run
		"14.03.2026":        8,
		"020-7946-0000 x12": 11,
		"a1b2c3":            1,
	} {
		if got := longestDigitRun(s); got != want {
			t.Errorf("longestDigitRun(%q) = %d, want %d", s, got, want)
		}
	}
}
