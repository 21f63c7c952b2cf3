package audit

import (
	"strings"
	"testing"
	"time"

	"learnwell"
)

func TestFilterValidate(t *testing.T) {
	f := Filter{OrganisationID: orgID, ActorUserID: userID, Action: "person.view", RecordID: person1, From: at, To: at.Add(time.Hour)}
	if err := f.Validate(); err != nil || f.Limit != DefaultPageSize {
		t.Fatalf("valid filter: %v, limit %d", err, f.Limit)
	}
	bad := Filter{OrganisationID: "x", ActorUserID: "jane", Action: "View", RecordID: "1", From: at, To: at, Limit: MaxPageSize + 1, Offset: -1}
	err := bad.Validate()
	got := strings.Join(learnwell.SortedFieldNames(learnwell.ErrorFields(err)), ",")
	if got != "action,limit,offset,organisation_id,record_id,to,user_id" {
		t.Fatalf("fields %s (%v)", got, err)
	}
}
