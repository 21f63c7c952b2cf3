package account

import (
	"slices"
	"strings"

	"learnwell"
)

// Permission names something a route or an action needs. Every route declares
// one in the route table; Allow decides, from the table below, who holds it
// for which record. Deny is the default: a permission or role missing from the
// table grants nothing.
type Permission string

// The permissions.
const (
	// Public is for pages and endpoints anyone may use without signing in.
	Public Permission = "public"
	// SignedIn is for a signed-in user's own account: their second factor,
	// password, sessions, sign out.
	SignedIn Permission = "signed-in"

	ViewPerson     Permission = "person:view"     // see a person referred, and their details
	EditPerson     Permission = "person:edit"     // add or change a person
	CreateReferral Permission = "referral:create" // refer a person of one's own organisation
	ViewReferral   Permission = "referral:view"   // see a referral (within what consent allows)
	UpdateReferral Permission = "referral:update" // accept, decline, record attendance, withdraw

	ViewAggregates Permission = "aggregates:view" // counts and statistics for boroughs, never a person

	ViewUsers   Permission = "users:view"   // list an organisation's users
	ManageUsers Permission = "users:manage" // invite, change roles, deactivate, reset a second factor

	ViewOrganisation    Permission = "organisation:view"    // see an organisation's details
	ManageOrganisations Permission = "organisations:manage" // create and change organisations

	ViewAgreements   Permission = "agreements:view"   // see data sharing agreements
	ManageAgreements Permission = "agreements:manage" // draft, activate and end agreements

	ManageTokens Permission = "tokens:manage" // create, list and revoke API tokens
	ViewAudit    Permission = "audit:view"    // search the audit trail

	ViewMetrics Permission = "metrics:view" // read the service's operational metrics (/metrics)

	// ViewOutbox is for the demo's outbox page: the messages kept instead of
	// sent, to users of an organisation (their secure links removed).
	ViewOutbox Permission = "outbox:view"
)

// ResourceKind is the kind of record a permission is about.
type ResourceKind string

// The kinds of record.
const (
	NoResource           ResourceKind = ""
	PersonResource       ResourceKind = "person"
	ReferralResource     ResourceKind = "referral"
	AggregateResource    ResourceKind = "aggregate"
	UserResource         ResourceKind = "user"
	OrganisationResource ResourceKind = "organisation"
	AgreementResource    ResourceKind = "agreement"
	TokenResource        ResourceKind = "token"
	AuditResource        ResourceKind = "audit"
	MessageResource      ResourceKind = "message"
)

// Scope is how far a role's hold on a permission reaches.
type Scope string

// The scopes.
const (
	// Deny grants nothing: the default.
	Deny Scope = ""
	// Anyone grants it to everyone, signed in or not.
	Anyone Scope = "anyone"
	// AnySignedIn grants it to every signed-in user, about their own account.
	AnySignedIn Scope = "signed-in"
	// Self grants it for records the user owns (their own API tokens).
	Self Scope = "self"
	// OwnOrganisation grants it for records of the user's organisation: a
	// person or user of it, a referral it made, an agreement it is party to,
	// its own audit trail, itself.
	OwnOrganisation Scope = "own-organisation"
	// SentToOwnOrganisation grants it for referrals sent to the user's
	// organisation, and only for the categories of data the person consented
	// to share with it.
	SentToOwnOrganisation Scope = "sent-to-own-organisation-with-consent"
	// OwnBoroughs grants it for aggregates of boroughs the user's
	// organisation serves (all of London for an AllLondon commissioner).
	OwnBoroughs Scope = "own-boroughs"
	// AnyOrganisation grants it for records of every organisation.
	AnyOrganisation Scope = "any-organisation"
)

// permissionKinds says which kind of record each permission is about.
var permissionKinds = map[Permission]ResourceKind{
	Public:              NoResource,
	SignedIn:            NoResource,
	ViewPerson:          PersonResource,
	EditPerson:          PersonResource,
	CreateReferral:      ReferralResource,
	ViewReferral:        ReferralResource,
	UpdateReferral:      ReferralResource,
	ViewAggregates:      AggregateResource,
	ViewUsers:           UserResource,
	ManageUsers:         UserResource,
	ViewOrganisation:    OrganisationResource,
	ManageOrganisations: OrganisationResource,
	ViewAgreements:      AgreementResource,
	ManageAgreements:    AgreementResource,
	ManageTokens:        TokenResource,
	ViewAudit:           AuditResource,
	ViewMetrics:         NoResource,
	ViewOutbox:          MessageResource,
}

// policy is the access policy: for each permission, the scope each role holds
// it in. A role not listed holds nothing. docs/accounts.md shows the same table.
var policy = map[Permission]map[Role]Scope{
	Public: {LinkWorker: Anyone, ProviderCoordinator: Anyone, CommissionerAnalyst: Anyone, OrgAdmin: Anyone, PlatformAdmin: Anyone},
	SignedIn: {LinkWorker: AnySignedIn, ProviderCoordinator: AnySignedIn, CommissionerAnalyst: AnySignedIn,
		OrgAdmin: AnySignedIn, PlatformAdmin: AnySignedIn},

	ViewPerson:     {LinkWorker: OwnOrganisation},
	EditPerson:     {LinkWorker: OwnOrganisation},
	CreateReferral: {LinkWorker: OwnOrganisation},
	ViewReferral:   {LinkWorker: OwnOrganisation, ProviderCoordinator: SentToOwnOrganisation},
	UpdateReferral: {LinkWorker: OwnOrganisation, ProviderCoordinator: SentToOwnOrganisation},

	ViewAggregates: {CommissionerAnalyst: OwnBoroughs},

	ViewUsers:   {OrgAdmin: OwnOrganisation, PlatformAdmin: AnyOrganisation},
	ManageUsers: {OrgAdmin: OwnOrganisation, PlatformAdmin: AnyOrganisation},

	ViewOrganisation: {LinkWorker: OwnOrganisation, ProviderCoordinator: OwnOrganisation, CommissionerAnalyst: OwnOrganisation,
		OrgAdmin: OwnOrganisation, PlatformAdmin: AnyOrganisation},
	ManageOrganisations: {PlatformAdmin: AnyOrganisation},

	ViewAgreements:   {OrgAdmin: OwnOrganisation, PlatformAdmin: AnyOrganisation},
	ManageAgreements: {PlatformAdmin: AnyOrganisation},

	ManageTokens: {LinkWorker: Self, ProviderCoordinator: Self, CommissionerAnalyst: Self, OrgAdmin: OwnOrganisation, PlatformAdmin: Self},
	ViewAudit:    {OrgAdmin: OwnOrganisation, PlatformAdmin: AnyOrganisation},

	ViewMetrics: {PlatformAdmin: AnyOrganisation},
	ViewOutbox:  {OrgAdmin: OwnOrganisation, PlatformAdmin: AnyOrganisation},
}

// Permissions lists every permission, in a stable order.
func Permissions() []Permission {
	return []Permission{Public, SignedIn, ViewPerson, EditPerson, CreateReferral, ViewReferral, UpdateReferral,
		ViewAggregates, ViewUsers, ManageUsers, ViewOrganisation, ManageOrganisations, ViewAgreements,
		ManageAgreements, ManageTokens, ViewAudit, ViewMetrics, ViewOutbox}
}

// Known reports whether p is a permission of the policy.
func (p Permission) Known() bool { _, ok := permissionKinds[p]; return ok }

// ResourceKind returns the kind of record the permission is about.
func (p Permission) ResourceKind() ResourceKind { return permissionKinds[p] }

// ScopeOf returns the scope in which the role holds the permission; Deny if
// it does not.
func ScopeOf(p Permission, r Role) Scope { return policy[p][r] }

// Rule is one cell of the policy table.
type Rule struct {
	Permission Permission
	Role       Role
	Scope      Scope
}

// Policy returns the whole table, every permission by every role (Deny
// included), for tests, documents and the authorisation matrix.
func Policy() []Rule {
	var out []Rule
	for _, p := range Permissions() {
		for _, r := range Roles() {
			out = append(out, Rule{Permission: p, Role: r, Scope: ScopeOf(p, r)})
		}
	}
	return out
}

// Actor is who is asking: a signed-in user, with what the policy needs to
// know about their organisation. The zero Actor is someone not signed in.
type Actor struct {
	UserID    string
	OrgID     string
	OrgKind   OrgKind
	Roles     []Role
	Boroughs  []string // the organisation's boroughs
	AllLondon bool     // the organisation serves all of London
}

// ActorFor returns the actor for an active user of the organisation.
func ActorFor(u User, o Organisation) Actor {
	if u.Status != Active || u.OrganisationID != o.ID {
		return Actor{}
	}
	return Actor{UserID: u.ID, OrgID: o.ID, OrgKind: o.Kind, Roles: slices.Clone(u.Roles),
		Boroughs: slices.Clone(o.Boroughs), AllLondon: o.AllLondon}
}

// SignedIn reports whether the actor is a signed-in user.
func (a Actor) SignedIn() bool { return a.UserID != "" && a.OrgID != "" && len(a.Roles) > 0 }

// Resource is the record a request is about, described by what the policy
// needs: whose it is. Build it with the helpers (PersonOf, ReferralOf, ...).
type Resource struct {
	Kind ResourceKind
	// OrgID is the organisation the record belongs to: a person's or a user's
	// organisation, an organisation itself, a token owner's organisation, the
	// organisation whose audit trail it is.
	OrgID string
	// OwnerID is the user the record belongs to: a token's owner, or the user
	// record itself.
	OwnerID string
	// Referral describes a referral: who made it, who it was sent to, what the
	// person consented to share with the provider, and which category of data
	// the action touches.
	Referral ReferralScope
	// Boroughs are the boroughs an aggregate covers (GSS codes); none means
	// all of London.
	Boroughs []string
	// Parties are the organisations party to an agreement; an area-wide
	// agreement with no parties belongs to nobody but the platform.
	Parties []string
}

// ReferralScope is what the policy needs to know about a referral. The
// referral issue fills it from its records; the rule is already here.
type ReferralScope struct {
	ReferrerOrgID string     // the social prescribing service that made it
	ProviderOrgID string     // the learning provider it was sent to
	Consented     []Category // categories the person agreed may go to the provider
	Touches       Category   // the category of data this action reads or writes
}

// NoRecord is the resource of Public and SignedIn routes.
func NoRecord() Resource { return Resource{} }

// PersonOf is a person referred by the organisation.
func PersonOf(orgID string) Resource { return Resource{Kind: PersonResource, OrgID: orgID} }

// ReferralOf is a referral, for an action touching one category of its data.
func ReferralOf(r ReferralScope) Resource {
	return Resource{Kind: ReferralResource, OrgID: r.ReferrerOrgID, Referral: r}
}

// AggregatesOf is a set of counts or statistics for the boroughs (none: all of London).
func AggregatesOf(boroughs ...string) Resource {
	return Resource{Kind: AggregateResource, Boroughs: boroughs}
}

// UserOf is a user record.
func UserOf(u User) Resource {
	return Resource{Kind: UserResource, OrgID: u.OrganisationID, OwnerID: u.ID}
}

// UsersOf is the users of an organisation, or a new user for it.
func UsersOf(orgID string) Resource { return Resource{Kind: UserResource, OrgID: orgID} }

// OrganisationOf is an organisation; an empty id is a new organisation.
func OrganisationOf(orgID string) Resource { return Resource{Kind: OrganisationResource, OrgID: orgID} }

// AgreementOf is a data sharing agreement between the parties.
func AgreementOf(parties ...string) Resource {
	return Resource{Kind: AgreementResource, Parties: parties}
}

// TokenOf is an API token of the user in the organisation.
func TokenOf(ownerID, orgID string) Resource {
	return Resource{Kind: TokenResource, OwnerID: ownerID, OrgID: orgID}
}

// AuditOf is the audit trail of an organisation.
func AuditOf(orgID string) Resource { return Resource{Kind: AuditResource, OrgID: orgID} }

// MessagesTo is the messages sent to the users of an organisation.
func MessagesTo(orgID string) Resource { return Resource{Kind: MessageResource, OrgID: orgID} }

// AllMessages is every message, to users of any organisation and to
// addresses of no user: only a hold on every organisation's covers it.
func AllMessages() Resource { return Resource{Kind: MessageResource} }

// Allow reports whether the actor may use the permission on the resource.
// It denies by default: an unknown permission, a resource of the wrong kind,
// an actor not signed in (except for Public), or a role that does not fit the
// actor's kind of organisation grants nothing.
func Allow(a Actor, p Permission, r Resource) bool {
	kind, known := permissionKinds[p]
	if !known || r.Kind != kind {
		return false
	}
	if p == Public {
		return true
	}
	if !a.SignedIn() {
		return false
	}
	for _, role := range a.Roles {
		if role.FitsKind(a.OrgKind) && scopeAllows(policy[p][role], a, r) {
			return true
		}
	}
	return false
}

func scopeAllows(s Scope, a Actor, r Resource) bool {
	switch s {
	case Anyone, AnySignedIn:
		return true
	case Self:
		return r.OwnerID != "" && r.OwnerID == a.UserID
	case OwnOrganisation:
		if r.Kind == AgreementResource {
			return slices.Contains(r.Parties, a.OrgID)
		}
		if r.Kind == ReferralResource {
			return r.Referral.ReferrerOrgID == a.OrgID
		}
		return r.OrgID != "" && r.OrgID == a.OrgID
	case SentToOwnOrganisation:
		ref := r.Referral
		return r.Kind == ReferralResource && ref.ProviderOrgID == a.OrgID && ref.Touches.Valid() &&
			slices.Contains(ref.Consented, ref.Touches)
	case OwnBoroughs:
		return r.Kind == AggregateResource &&
			Organisation{AllLondon: a.AllLondon, Boroughs: a.Boroughs}.ServesAll(r.Boroughs)
	case AnyOrganisation:
		return true
	}
	return false
}

// Check is Allow as an error: nil when allowed, EFORBIDDEN otherwise (or
// EUNAUTHORISED for someone not signed in).
func Check(a Actor, p Permission, r Resource) error {
	if Allow(a, p, r) {
		return nil
	}
	if !a.SignedIn() {
		return learnwell.Errorf(learnwell.EUNAUTHORISED, "Sign in to continue.")
	}
	return learnwell.Errorf(learnwell.EFORBIDDEN, "You do not have permission to do this.")
}

// scopeWords describes each scope in a few words for the policy table.
var scopeWords = map[Scope]string{
	Deny:                  "–",
	Anyone:                "anyone",
	AnySignedIn:           "own account",
	Self:                  "own tokens",
	OwnOrganisation:       "own organisation",
	SentToOwnOrganisation: "sent to own organisation, as consented",
	OwnBoroughs:           "own boroughs",
	AnyOrganisation:       "any organisation",
}

// PolicyMarkdown returns the policy as a Markdown table, permissions by
// roles, as docs/accounts.md shows it (a test keeps the two the same).
func PolicyMarkdown() string {
	var b strings.Builder
	b.WriteString("| permission |")
	for _, r := range Roles() {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n| --- |")
	for range Roles() {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for _, p := range Permissions() {
		b.WriteString("| `" + string(p) + "` |")
		for _, r := range Roles() {
			b.WriteString(" " + scopeWords[ScopeOf(p, r)] + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}
