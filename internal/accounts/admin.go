package accounts

import (
	"context"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/store"
)

// Admins manage users (organisation admins their own organisation's,
// platform admins any) and organisations (platform admins). Each method
// checks the access policy for the record it touches.

// manageUser runs fn on a user the actor may manage, and records the event.
// Admins cannot do these things to themselves: another admin must.
func (s *Service) manageUser(ctx context.Context, a account.Actor, userID string, action account.Action,
	fn func(tx *store.Tx, u account.User) (map[string]string, error)) error {
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, userID)
		if err != nil {
			return err
		}
		res := account.UserOf(u)
		if err := account.Check(a, account.ManageUsers, res); err != nil {
			return err
		}
		if a.UserID == u.ID {
			return learnwell.Errorf(learnwell.EFORBIDDEN, "You cannot do this to your own account. Ask another admin.")
		}
		codes, err := fn(tx, u)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, byActor(a, account.ManageUsers, res, account.Event{Action: action, SubjectType: "user",
			SubjectIDs: []string{u.ID}, OrgID: u.OrganisationID, Codes: codes}))
	})
}

// ChangeRoles replaces a user's roles. They must fit the organisation's kind.
// A demo account's roles cannot change.
func (s *Service) ChangeRoles(ctx context.Context, a account.Actor, userID string, roles []account.Role) error {
	return s.manageUser(ctx, a, userID, account.ActionRolesChanged, func(tx *store.Tx, u account.User) (map[string]string, error) {
		if err := account.CheckRolesChangeable(u); err != nil {
			return nil, err
		}
		if err := tx.SetUserRoles(ctx, u.ID, roles); err != nil {
			return nil, err
		}
		after, err := tx.FindUserByID(ctx, u.ID)
		return map[string]string{"from": rolesCode(u.Roles), "to": rolesCode(after.Roles)}, err
	})
}

// Deactivate stops a leaver signing in: their sessions and API tokens end at
// once, and their links stop working. A demo account cannot be deactivated:
// the next visitor could not sign in with it.
func (s *Service) Deactivate(ctx context.Context, a account.Actor, userID string) error {
	return s.manageUser(ctx, a, userID, account.ActionUserDeactivated, func(tx *store.Tx, u account.User) (map[string]string, error) {
		if err := account.CheckSignInChangeable(u); err != nil {
			return nil, err
		}
		return nil, tx.DeactivateUser(ctx, u.ID)
	})
}

// Reactivate lets a deactivated user sign in again (their old sessions and
// tokens stay ended). One who never set a password needs a new invitation.
func (s *Service) Reactivate(ctx context.Context, a account.Actor, userID string) error {
	return s.manageUser(ctx, a, userID, account.ActionUserReactivated, func(tx *store.Tx, u account.User) (map[string]string, error) {
		return nil, tx.ReactivateUser(ctx, u.ID)
	})
}

// ResetSecondFactor removes a user's authenticator app and recovery codes
// (they lost their phone): their sessions end, and they set up a new app at
// their next sign-in. A demo account's cannot be reset.
func (s *Service) ResetSecondFactor(ctx context.Context, a account.Actor, userID string) error {
	return s.manageUser(ctx, a, userID, account.ActionSecondFactorReset, func(tx *store.Tx, u account.User) (map[string]string, error) {
		if err := account.CheckSignInChangeable(u); err != nil {
			return nil, err
		}
		return nil, tx.ResetSecondFactor(ctx, u.ID)
	})
}

// User returns a user the actor may see: themselves, or one they may view as an admin.
func (s *Service) User(ctx context.Context, a account.Actor, userID string) (account.User, error) {
	u, err := s.db.FindUserByID(ctx, userID)
	if err != nil {
		return u, err
	}
	if a.SignedIn() && a.UserID == u.ID {
		return u, nil
	}
	if err := account.Check(a, account.ViewUsers, account.UserOf(u)); err != nil {
		return account.User{}, err
	}
	return u, nil
}

// Users returns the users of an organisation, for an actor allowed to see them.
func (s *Service) Users(ctx context.Context, a account.Actor, orgID string) ([]account.User, error) {
	if err := account.Check(a, account.ViewUsers, account.UsersOf(orgID)); err != nil {
		return nil, err
	}
	return s.db.FindUsers(ctx, store.UserFilter{OrganisationID: orgID})
}

// CreateOrganisation adds an organisation (platform admins).
func (s *Service) CreateOrganisation(ctx context.Context, a account.Actor, o *account.Organisation) error {
	res := account.OrganisationOf("")
	if err := account.Check(a, account.ManageOrganisations, res); err != nil {
		return err
	}
	o.Demo = false
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		if err := markReal(ctx, tx); err != nil {
			return err
		}
		if err := tx.CreateAccountOrganisation(ctx, o); err != nil {
			return err
		}
		return s.record(ctx, tx, byActor(a, account.ManageOrganisations, res, account.Event{Action: account.ActionOrganisationCreated,
			SubjectType: "organisation", SubjectIDs: []string{o.ID}, OrgID: o.ID, Codes: map[string]string{"kind": string(o.Kind)}}))
	})
}

// UpdateOrganisation changes an organisation's name, boroughs, ODS code or
// directory link (platform admins). Its kind cannot change.
func (s *Service) UpdateOrganisation(ctx context.Context, a account.Actor, o *account.Organisation) error {
	res := account.OrganisationOf(o.ID)
	if err := account.Check(a, account.ManageOrganisations, res); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateAccountOrganisation(ctx, o); err != nil {
			return err
		}
		return s.record(ctx, tx, byActor(a, account.ManageOrganisations, res, account.Event{Action: account.ActionOrganisationUpdated,
			SubjectType: "organisation", SubjectIDs: []string{o.ID}, OrgID: o.ID}))
	})
}

// Organisation returns an organisation the actor may see.
func (s *Service) Organisation(ctx context.Context, a account.Actor, id string) (account.Organisation, error) {
	if err := account.Check(a, account.ViewOrganisation, account.OrganisationOf(id)); err != nil {
		return account.Organisation{}, err
	}
	return s.db.FindAccountOrganisationByID(ctx, id)
}

// Organisations returns the organisations the actor may see that match.
func (s *Service) Organisations(ctx context.Context, a account.Actor, f store.AccountOrganisationFilter) ([]account.Organisation, error) {
	if !a.SignedIn() {
		return nil, learnwell.Errorf(learnwell.EUNAUTHORISED, "Sign in to continue.")
	}
	all, err := s.db.FindAccountOrganisations(ctx, f)
	if err != nil {
		return nil, err
	}
	var out []account.Organisation
	for _, o := range all {
		if account.Allow(a, account.ViewOrganisation, account.OrganisationOf(o.ID)) {
			out = append(out, o)
		}
	}
	return out, nil
}
