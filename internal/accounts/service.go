// Package accounts is learnwell's trust layer as a service: it applies the
// rules of internal/account (passwords, second factor, lockout, secure links,
// API tokens, the access policy, data sharing agreements) to the store, for
// the web pages, the integration API and the commands.
//
// Every method that changes something checks the access policy itself (the
// route table checks it too), runs in one transaction, and hands an
// account.Event to the audit hook in that same transaction. Errors are
// *learnwell.Error with messages for a person; sign-in, link and token
// failures are each one error that never says which check failed.
// See docs/accounts.md.
package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/secret"
	"learnwell/internal/store"
)

// AuditFunc records an event in the audit trail, inside the transaction of
// the change. internal/audit's store function is wired here by the caller,
// adding where the request came from (which the context carries).
type AuditFunc func(ctx context.Context, tx *store.Tx, e account.Event) error

// Options are what a Service needs.
type Options struct {
	DB      *store.DB
	Hasher  *account.Hasher
	Keys    *secret.Keyring // seals second-factor secrets; keys the hashes of sign-in failures
	BaseURL string          // absolute public URL for the links in emails
	// Issuer names the service in authenticator apps; default "learnwell".
	Issuer string
	// Lockout is the lockout policy; the zero value means account.DefaultLockout.
	Lockout account.LockoutPolicy
	// Audit records each event; nil records nothing (for tests of other things).
	Audit AuditFunc
}

// Service is the trust layer. It is safe for concurrent use.
type Service struct {
	db      *store.DB
	hasher  *account.Hasher
	keys    *secret.Keyring
	baseURL string
	issuer  string
	lockout account.LockoutPolicy
	audit   AuditFunc
}

// New returns a Service. The database, a hasher and a keyring are required.
func New(o Options) (*Service, error) {
	if o.DB == nil || o.Hasher == nil || o.Keys == nil {
		return nil, errors.New("accounts: DB, Hasher and Keys are required")
	}
	if o.BaseURL == "" {
		return nil, errors.New("accounts: BaseURL is required for the links in emails")
	}
	if o.Issuer == "" {
		o.Issuer = "learnwell"
	}
	if o.Lockout == (account.LockoutPolicy{}) {
		o.Lockout = account.DefaultLockout
	}
	return &Service{db: o.DB, hasher: o.Hasher, keys: o.Keys, baseURL: strings.TrimRight(o.BaseURL, "/"),
		issuer: o.Issuer, lockout: o.Lockout, audit: o.Audit}, nil
}

// Principal is a signed-in user with their organisation: what a request is
// made by, once its session or token is checked.
type Principal struct {
	User         account.User
	Organisation account.Organisation
}

// Actor is the principal as the access policy sees them.
func (p Principal) Actor() account.Actor { return account.ActorFor(p.User, p.Organisation) }

// principal loads a user and their organisation.
func (s *Service) principal(ctx context.Context, tx *store.Tx, userID string) (Principal, error) {
	u, err := tx.FindUserByID(ctx, userID)
	if err != nil {
		return Principal{}, err
	}
	o, err := tx.FindAccountOrganisationByID(ctx, u.OrganisationID)
	return Principal{User: u, Organisation: o}, err
}

// record hands an event to the audit hook, if there is one.
func (s *Service) record(ctx context.Context, tx *store.Tx, e account.Event) error {
	if s.audit == nil {
		return nil
	}
	if err := s.audit(ctx, tx, e); err != nil {
		return fmt.Errorf("accounts: audit %s: %w", e.Action, err)
	}
	return nil
}

// byActor fills an event's actor from the actor and the permission used.
func byActor(a account.Actor, p account.Permission, r account.Resource, e account.Event) account.Event {
	e.ActorID, e.ActorOrgID = a.UserID, a.OrgID
	for _, role := range a.Roles {
		if account.Allow(account.Actor{UserID: a.UserID, OrgID: a.OrgID, OrgKind: a.OrgKind, Roles: []account.Role{role},
			Boroughs: a.Boroughs, AllLondon: a.AllLondon}, p, r) {
			e.ActorRole = role
			break
		}
	}
	return e
}

// bySelf fills an event's actor with the user acting on their own account.
func bySelf(u account.User, e account.Event) account.Event {
	e.ActorID, e.ActorOrgID, e.OrgID = u.ID, u.OrganisationID, u.OrganisationID
	if e.ActorRole == "" && len(u.Roles) > 0 {
		e.ActorRole = u.Roles[0] // the trail records a role; on their own account any of theirs
	}
	if e.SubjectType == "" {
		e.SubjectType, e.SubjectIDs = "user", []string{u.ID}
	}
	return e
}

// rolesCode writes roles as one audit code value.
func rolesCode(roles []account.Role) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return strings.Join(parts, "/")
}

// usable reports whether a demo record may be used: only in a demo database.
func (s *Service) usable(ctx context.Context, demo bool) (bool, error) {
	if !demo {
		return true, nil
	}
	return s.db.IsDemo(ctx)
}

// markReal records, in a real database, that real accounts are being
// written, so demo data is refused later; a demo database takes demo-style
// changes (people trying the demo invite each other) without it.
func markReal(ctx context.Context, tx *store.Tx) error {
	demo, err := tx.IsDemo(ctx)
	if err != nil || demo {
		return err
	}
	return tx.MarkReal(ctx)
}

// secretContext binds a user's sealed second-factor secret to them.
func secretContext(userID string) string { return account.TOTPSecretContext(userID) }

// checkSelf requires that the actor is the signed-in user themselves.
func checkSelf(a account.Actor, userID string) error {
	if !a.SignedIn() {
		return learnwell.Errorf(learnwell.EUNAUTHORISED, "Sign in to continue.")
	}
	if a.UserID != userID {
		return learnwell.Errorf(learnwell.EFORBIDDEN, "You can only do this for your own account.")
	}
	return nil
}
