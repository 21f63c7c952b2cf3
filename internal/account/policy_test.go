package account

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"learnwell"
)

const (
	islington = "E09000019"
	camden    = "E09000007"
	hackney   = "E09000012"
)

// actors has one actor per role, each in an organisation of a kind that gives it.
func actors() map[Role]Actor {
	mk := func(role Role, kind OrgKind, boroughs ...string) Actor {
		return Actor{UserID: learnwell.DerivedID("user", string(role)), OrgID: learnwell.DerivedID("org", string(role)),
			OrgKind: kind, Roles: []Role{role}, Boroughs: boroughs}
	}
	return map[Role]Actor{
		LinkWorker:          mk(LinkWorker, SocialPrescribingService, islington),
		ProviderCoordinator: mk(ProviderCoordinator, LearningProvider, islington),
		CommissionerAnalyst: mk(CommissionerAnalyst, Commissioner, islington, camden),
		OrgAdmin:            mk(OrgAdmin, SocialPrescribingService, islington),
		PlatformAdmin:       mk(PlatformAdmin, PlatformOperator),
	}
}

// TestPolicyMatrix is the policy written out by hand: for every permission
// and role, whether a record of the actor's own organisation (first letter)
// and of another organisation (second letter) is allowed. Allow must agree
// with every cell; a change to the table in policy.go that is not made here
// too fails.
func TestPolicyMatrix(t *testing.T) {
	want := map[Permission][5]string{ //     link worker, provider coordinator, commissioner analyst, org admin, platform admin
		Public:              {"YY", "YY", "YY", "YY", "YY"},
		SignedIn:            {"YY", "YY", "YY", "YY", "YY"},
		ViewPerson:          {"YN", "NN", "NN", "NN", "NN"},
		EditPerson:          {"YN", "NN", "NN", "NN", "NN"},
		CreateReferral:      {"YN", "NN", "NN", "NN", "NN"},
		ViewReferral:        {"YN", "YN", "NN", "NN", "NN"},
		UpdateReferral:      {"YN", "YN", "NN", "NN", "NN"},
		ViewAggregates:      {"NN", "NN", "YN", "NN", "NN"},
		ViewUsers:           {"NN", "NN", "NN", "YN", "YY"},
		ManageUsers:         {"NN", "NN", "NN", "YN", "YY"},
		ViewOrganisation:    {"YN", "YN", "YN", "YN", "YY"},
		ManageOrganisations: {"NN", "NN", "NN", "NN", "YY"},
		ViewAgreements:      {"NN", "NN", "NN", "YN", "YY"},
		ManageAgreements:    {"NN", "NN", "NN", "NN", "YY"},
		ManageTokens:        {"YN", "YN", "YN", "YN", "YN"},
		ViewAudit:           {"NN", "NN", "NN", "YN", "YY"},
		ViewMetrics:         {"NN", "NN", "NN", "NN", "YY"},
		ViewOutbox:          {"NN", "NN", "NN", "YN", "YY"},
	}
	if len(want) != len(Permissions()) {
		t.Fatalf("the matrix has %d permissions, the policy %d", len(want), len(Permissions()))
	}
	as := actors()
	yn := map[bool]byte{true: 'Y', false: 'N'}
	for _, p := range Permissions() {
		row, ok := want[p]
		if !ok {
			t.Errorf("permission %s is not in the matrix", p)
			continue
		}
		for i, role := range Roles() {
			a := as[role]
			got := string([]byte{yn[Allow(a, p, OwnRecord(p, a))], yn[Allow(a, p, OtherRecord(p, a))]})
			if got != row[i] {
				t.Errorf("%s as %s: own/other = %s, want %s", p, role, got, row[i])
			}
		}
	}
}

func TestPolicyTableIsComplete(t *testing.T) {
	rules := Policy()
	if len(rules) != len(Permissions())*len(Roles()) {
		t.Fatalf("%d rules, want every permission by every role", len(rules))
	}
	for p := range policy {
		if !slices.Contains(Permissions(), p) {
			t.Errorf("policy has %s, which Permissions does not list", p)
		}
	}
	for _, p := range Permissions() {
		if !p.Known() {
			t.Errorf("%s has no resource kind", p)
		}
	}
	for _, r := range rules {
		switch r.Scope {
		case Deny, Anyone, AnySignedIn, Self, OwnOrganisation, SentToOwnOrganisation, OwnBoroughs, AnyOrganisation:
		default:
			t.Errorf("%s/%s has unknown scope %q", r.Permission, r.Role, r.Scope)
		}
	}
}

// Only a hold on every organisation covers all messages (to addresses of no
// user too); an organisation admin sees their own organisation's only.
func TestAllMessagesNeedsEveryOrganisation(t *testing.T) {
	as := actors()
	if Allow(as[OrgAdmin], ViewOutbox, AllMessages()) {
		t.Error("an organisation admin may see every message")
	}
	if !Allow(as[PlatformAdmin], ViewOutbox, AllMessages()) {
		t.Error("a platform admin may not see every message")
	}
	if Allow(Actor{}, ViewOutbox, AllMessages()) {
		t.Error("someone not signed in may see the outbox")
	}
}

func TestPolicyDeniesByDefault(t *testing.T) {
	a := actors()[LinkWorker]
	own := PersonOf(a.OrgID)
	if !Allow(a, ViewPerson, own) {
		t.Fatal("the baseline is not allowed")
	}
	cases := map[string]bool{
		"unknown permission":       Allow(a, Permission("person:delete"), own),
		"resource of another kind": Allow(a, ViewPerson, OrganisationOf(a.OrgID)),
		"no resource":              Allow(a, ViewPerson, NoRecord()),
		"not signed in":            Allow(Actor{}, ViewPerson, own),
		"no roles":                 Allow(Actor{UserID: a.UserID, OrgID: a.OrgID, OrgKind: a.OrgKind}, ViewPerson, own),
		"role that does not fit the organisation": Allow(Actor{UserID: a.UserID, OrgID: a.OrgID, OrgKind: LearningProvider,
			Roles: []Role{LinkWorker}}, ViewPerson, own),
		"unknown role":                Allow(Actor{UserID: a.UserID, OrgID: a.OrgID, OrgKind: a.OrgKind, Roles: []Role{"superuser"}}, ViewPerson, own),
		"record with no organisation": Allow(a, ViewPerson, PersonOf("")),
		"signed-in, not signed in":    Allow(Actor{}, SignedIn, NoRecord()),
	}
	for name, allowed := range cases {
		if allowed {
			t.Errorf("%s: allowed", name)
		}
	}
	if !Allow(Actor{}, Public, NoRecord()) {
		t.Error("public is denied to someone not signed in")
	}
}

func TestProviderSeesOnlyWhatConsentAllows(t *testing.T) {
	pc := actors()[ProviderCoordinator]
	lw := actors()[LinkWorker]
	ref := func(provider string, consented []Category, touches Category) Resource {
		return ReferralOf(ReferralScope{ReferrerOrgID: lw.OrgID, ProviderOrgID: provider, Consented: consented, Touches: touches})
	}
	tests := []struct {
		name  string
		actor Actor
		r     Resource
		want  bool
	}{
		{"sent to us, details consented", pc, ref(pc.OrgID, []Category{ReferralDetails}, ReferralDetails), true},
		{"sent to us, contact details not consented", pc, ref(pc.OrgID, []Category{ReferralDetails}, ContactDetails), false},
		{"sent to us, health measures consented", pc, ref(pc.OrgID, []Category{ReferralDetails, HealthAndWellbeing}, HealthAndWellbeing), true},
		{"sent to us, nothing consented", pc, ref(pc.OrgID, nil, ReferralDetails), false},
		{"sent to us, action touches no category", pc, ref(pc.OrgID, Categories(), ""), false},
		{"sent to another provider", pc, ref(learnwell.DerivedID("another provider"), Categories(), ReferralDetails), false},
		{"the referrer sees everything of its own referral", lw, ref(pc.OrgID, nil, ContactDetails), true},
		{"a provider's link worker role would not fit", Actor{UserID: pc.UserID, OrgID: pc.OrgID, OrgKind: LearningProvider,
			Roles: []Role{LinkWorker}}, ref(pc.OrgID, nil, ReferralDetails), false},
	}
	for _, tt := range tests {
		for _, p := range []Permission{ViewReferral, UpdateReferral} {
			if got := Allow(tt.actor, p, tt.r); got != tt.want {
				t.Errorf("%s: %s = %v, want %v", tt.name, p, got, tt.want)
			}
		}
	}
}

func TestCommissionersSeeOnlyTheirBoroughs(t *testing.T) {
	ca := actors()[CommissionerAnalyst] // Islington and Camden
	gla := Actor{UserID: learnwell.DerivedID("gla user"), OrgID: learnwell.DerivedID("gla"), OrgKind: Commissioner,
		Roles: []Role{CommissionerAnalyst}, AllLondon: true}
	tests := []struct {
		name     string
		actor    Actor
		boroughs []string
		want     bool
	}{
		{"one of its boroughs", ca, []string{camden}, true},
		{"both its boroughs", ca, []string{islington, camden}, true},
		{"its boroughs and another", ca, []string{islington, hackney}, false},
		{"another borough", ca, []string{hackney}, false},
		{"all of London", ca, nil, false},
		{"the GLA: any borough", gla, []string{hackney}, true},
		{"the GLA: all of London", gla, nil, true},
	}
	for _, tt := range tests {
		if got := Allow(tt.actor, ViewAggregates, AggregatesOf(tt.boroughs...)); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// Never a person, not even of an organisation in its boroughs.
	if Allow(gla, ViewPerson, PersonOf(gla.OrgID)) || Allow(ca, ViewReferral, OwnRecord(ViewReferral, ca)) {
		t.Error("a commissioner sees a person or a referral")
	}
}

func TestTokensAreTheirOwners(t *testing.T) {
	lw, oa := actors()[LinkWorker], actors()[OrgAdmin]
	colleague := TokenOf(learnwell.DerivedID("colleague"), lw.OrgID)
	if Allow(lw, ManageTokens, colleague) {
		t.Error("a link worker manages a colleague's token")
	}
	oa.OrgID = lw.OrgID
	if !Allow(oa, ManageTokens, colleague) {
		t.Error("an org admin cannot revoke a token of their own organisation")
	}
}

func TestMultipleRolesCombine(t *testing.T) {
	a := actors()[LinkWorker]
	a.Roles = []Role{LinkWorker, OrgAdmin}
	if !Allow(a, ViewPerson, PersonOf(a.OrgID)) || !Allow(a, ManageUsers, UsersOf(a.OrgID)) {
		t.Error("a link worker who is also an org admin lacks one role's permission")
	}
	if Allow(a, ManageUsers, UsersOf(learnwell.DerivedID("elsewhere"))) {
		t.Error("two roles reach another organisation")
	}
}

func TestCheck(t *testing.T) {
	a := actors()[LinkWorker]
	if err := Check(a, ViewPerson, PersonOf(a.OrgID)); err != nil {
		t.Fatal(err)
	}
	if code := learnwell.ErrorCode(Check(a, ViewAudit, AuditOf(a.OrgID))); code != learnwell.EFORBIDDEN {
		t.Errorf("signed in, not allowed: %s", code)
	}
	if code := learnwell.ErrorCode(Check(Actor{}, ViewAudit, AuditOf(a.OrgID))); code != learnwell.EUNAUTHORISED {
		t.Errorf("not signed in: %s", code)
	}
}

func TestActorFor(t *testing.T) {
	o := Organisation{ID: learnwell.NewID(), Kind: Commissioner, Boroughs: []string{islington}}
	u := User{ID: learnwell.NewID(), OrganisationID: o.ID, Roles: []Role{CommissionerAnalyst}, Status: Active}
	a := ActorFor(u, o)
	if !a.SignedIn() || a.OrgKind != Commissioner || fmt.Sprint(a.Boroughs) != "[E09000019]" {
		t.Fatalf("actor = %+v", a)
	}
	for _, status := range []UserStatus{Invited, Deactivated} {
		u.Status = status
		if ActorFor(u, o).SignedIn() {
			t.Errorf("a %s user is an actor", status)
		}
	}
	u.Status = Active
	if ActorFor(u, Organisation{ID: learnwell.NewID(), Kind: Commissioner}).SignedIn() {
		t.Error("an actor was made with another organisation")
	}
}

// docs/accounts.md shows the policy table; it must be the table in force.
func TestPolicyTableInTheDocs(t *testing.T) {
	doc, err := os.ReadFile("../../docs/accounts.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), PolicyMarkdown()) {
		t.Fatalf("docs/accounts.md does not show the policy in force; put this table there:\n%s", PolicyMarkdown())
	}
}
