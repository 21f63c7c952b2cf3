package account

import (
	"slices"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/notify"
)

// Role is what a user does in their organisation. A user holds one or more.
type Role string

// The roles.
const (
	// LinkWorker finds learning for people and refers them; sees the people and
	// referrals of their own organisation.
	LinkWorker Role = "link-worker"
	// ProviderCoordinator receives referrals at a learning provider; sees only
	// referrals sent to their organisation, and only what consent allows.
	ProviderCoordinator Role = "provider-coordinator"
	// CommissionerAnalyst sees aggregates for their organisation's boroughs,
	// never a person.
	CommissionerAnalyst Role = "commissioner-analyst"
	// OrgAdmin manages the users of their own organisation.
	OrgAdmin Role = "org-admin"
	// PlatformAdmin manages organisations and agreements; sees no personal data.
	PlatformAdmin Role = "platform-admin"
)

// Roles lists every role, in the order pages show them.
func Roles() []Role {
	return []Role{LinkWorker, ProviderCoordinator, CommissionerAnalyst, OrgAdmin, PlatformAdmin}
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles(), r) }

// Label is the role's name for a person.
func (r Role) Label() string {
	switch r {
	case LinkWorker:
		return "Link worker"
	case ProviderCoordinator:
		return "Provider coordinator"
	case CommissionerAnalyst:
		return "Commissioner analyst"
	case OrgAdmin:
		return "Organisation admin"
	case PlatformAdmin:
		return "Platform admin"
	}
	return string(r)
}

// FitsKind reports whether the role can be held in an organisation of the
// kind: link workers work for social prescribing services, provider
// coordinators for learning providers, analysts for commissioners, platform
// admins for the platform operator; any organisation has admins.
func (r Role) FitsKind(k OrgKind) bool {
	switch r {
	case LinkWorker:
		return k == SocialPrescribingService
	case ProviderCoordinator:
		return k == LearningProvider
	case CommissionerAnalyst:
		return k == Commissioner
	case PlatformAdmin:
		return k == PlatformOperator
	case OrgAdmin:
		return k.Valid()
	}
	return false
}

// RolesFor lists the roles an organisation of the kind can give.
func RolesFor(k OrgKind) []Role {
	var out []Role
	for _, r := range Roles() {
		if r.FitsKind(k) {
			out = append(out, r)
		}
	}
	return out
}

// RequiresSecondFactor reports whether a user with these roles must sign in
// with a second factor. Every role does: link workers and provider
// coordinators see personal data; organisation and platform admins can give
// others access to it (by inviting them) and reset second factors, so taking
// over an admin is as good as taking over a link worker; and a commissioner's
// aggregates of small numbers can point to people. See docs/accounts.md.
func RequiresSecondFactor(roles []Role) bool { return len(roles) > 0 }

// UserStatus says where a user is in their life.
type UserStatus string

// The user statuses.
const (
	// Invited users have an account but have not yet set a password.
	Invited UserStatus = "invited"
	// Active users can sign in.
	Active UserStatus = "active"
	// Deactivated users cannot sign in; their sessions and tokens have ended.
	Deactivated UserStatus = "deactivated"
)

// User is a person who signs in to learnwell. They belong to exactly one
// organisation and hold one or more roles in it.
type User struct {
	ID             string
	OrganisationID string
	Email          string // as given; unique without regard to case
	Name           string
	Roles          []Role // sorted, at least one
	Status         UserStatus
	// SecondFactor says the user has set up their authenticator app.
	SecondFactor bool
	// SessionsValidAfter ends every session and API token issued before it:
	// deactivation and "sign out everywhere" move it to now.
	SessionsValidAfter time.Time
	LastSignInAt       time.Time // zero if never
	PasswordChangedAt  time.Time // zero if no password yet
	Demo               bool      // made by the demo; works only in a demo database
	CreatedAt          time.Time
	UpdatedAt          time.Time
	DeactivatedAt      time.Time // zero unless deactivated
}

// HasRole reports whether the user holds the role.
func (u User) HasRole(r Role) bool { return slices.Contains(u.Roles, r) }

// Person-readable messages for users.
const (
	msgUserName      = "Enter the person's full name"
	msgUserNameLong  = "Full name must be 200 characters or fewer"
	msgUserRoles     = "Select at least one role"
	msgUserRoleBad   = "Select roles from the list"
	msgUserRoleFit   = "Select roles that this kind of organisation can give"
	msgUserOrg       = "Select the person's organisation"
	msgEmailRequired = "Enter an email address"
)

// NormaliseEmail trims an email address. Addresses are compared without
// regard to case (EmailKey); the address is kept as typed for messages.
func NormaliseEmail(s string) string { return strings.TrimSpace(s) }

// EmailKey is the form in which email addresses are compared and kept unique:
// lower case. learnwell's addresses are ASCII (notify.ValidEmail).
func EmailKey(email string) string { return strings.ToLower(NormaliseEmail(email)) }

// Normalise tidies what a person typed and sorts the roles.
func (u *User) Normalise() {
	u.Email = NormaliseEmail(u.Email)
	u.Name = strings.Join(strings.Fields(u.Name), " ")
	slices.Sort(u.Roles)
	u.Roles = slices.Compact(u.Roles)
}

// Validate checks the user against their organisation's kind and returns
// every problem at once, or nil. Call Normalise first.
func (u *User) Validate(kind OrgKind) error {
	var v learnwell.Validation
	if u.Email == "" {
		v.Add("email", msgEmailRequired)
	} else if err := notify.ValidEmail(u.Email); err != nil {
		v.Add("email", learnwell.ErrorMessage(err))
	}
	switch {
	case u.Name == "":
		v.Add("name", msgUserName)
	case len([]rune(u.Name)) > 200:
		v.Add("name", msgUserNameLong)
	}
	if !learnwell.ValidID(u.OrganisationID) || !kind.Valid() {
		v.Add("organisation_id", msgUserOrg)
	}
	merge(&v, ValidateRoles(u.Roles, kind))
	return v.Err()
}

// ValidateRoles checks a set of roles for an organisation of the kind.
func ValidateRoles(roles []Role, kind OrgKind) error {
	var v learnwell.Validation
	if len(roles) == 0 {
		v.Add("roles", msgUserRoles)
	}
	for _, r := range roles {
		switch {
		case !r.Valid():
			v.Add("roles", msgUserRoleBad)
		case kind.Valid() && !r.FitsKind(kind):
			v.Add("roles", msgUserRoleFit)
		}
	}
	return v.Err()
}

// ParseRoles reads roles written as a comma-separated list, such as
// "link-worker,org-admin".
func ParseRoles(s string) []Role {
	var out []Role
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, Role(part))
		}
	}
	return out
}

// MsgDemoAccountFixed says why a demo account's sign-in cannot change. The
// demo's accounts are shared by everyone who tries it: their password and
// authenticator app stay as the README gives them, so the next visitor can
// sign in.
const MsgDemoAccountFixed = "Demo accounts' passwords and authenticator apps cannot be changed, so the next visitor can sign in."

// MsgDemoRolesFixed says why a demo account's roles cannot change: the
// README lists one demo account per role, for every visitor to try.
const MsgDemoRolesFixed = "Demo accounts' roles cannot be changed, so each one shows the next visitor what its role can do."

// CheckRolesChangeable refuses, with EFORBIDDEN and MsgDemoRolesFixed, a
// change to a demo account's roles.
func CheckRolesChangeable(u User) error {
	if u.Demo {
		return learnwell.Errorf(learnwell.EFORBIDDEN, MsgDemoRolesFixed)
	}
	return nil
}

// CheckSignInChangeable refuses, with EFORBIDDEN and MsgDemoAccountFixed, any
// change to a demo account's password, second factor or recovery codes, and
// its deactivation: each would stop the demo's published credentials working.
func CheckSignInChangeable(u User) error {
	if u.Demo {
		return learnwell.Errorf(learnwell.EFORBIDDEN, MsgDemoAccountFixed)
	}
	return nil
}
