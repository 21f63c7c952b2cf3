package accounts

import (
	"context"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/store"
)

// Data sharing agreements are managed by platform admins, who act on the
// agreements the organisations have signed; organisation admins see those
// their organisation is party to or covered by.

// agreementResource is an agreement as the policy sees it for the actor:
// an area-wide agreement counts as the actor organisation's own when it
// covers it.
func (s *Service) agreementResource(ctx context.Context, a account.Actor, ag account.Agreement) (account.Resource, error) {
	parties := append([]string(nil), ag.Parties...)
	if ag.AreaWide && a.OrgID != "" {
		org, err := s.db.FindAccountOrganisationByID(ctx, a.OrgID)
		if err != nil && learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			return account.Resource{}, err
		}
		if err == nil && ag.Involves(org) {
			parties = append(parties, a.OrgID)
		}
	}
	return account.AgreementOf(parties...), nil
}

func agreementEvent(action account.Action, ag account.Agreement) account.Event {
	return account.Event{Action: action, SubjectType: "agreement", SubjectIDs: []string{ag.ID},
		Codes: map[string]string{"status": string(ag.Status)}}
}

// CreateAgreement drafts a new agreement.
func (s *Service) CreateAgreement(ctx context.Context, a account.Actor, ag *account.Agreement) error {
	res := account.AgreementOf(ag.Parties...)
	if err := account.Check(a, account.ManageAgreements, res); err != nil {
		return err
	}
	ag.Status, ag.Demo = account.Draft, false
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		if err := markReal(ctx, tx); err != nil {
			return err
		}
		if err := tx.CreateAgreement(ctx, ag); err != nil {
			return err
		}
		return s.record(ctx, tx, byActor(a, account.ManageAgreements, res, agreementEvent(account.ActionAgreementCreated, *ag)))
	})
}

// UpdateAgreement changes a draft agreement.
func (s *Service) UpdateAgreement(ctx context.Context, a account.Actor, ag *account.Agreement) error {
	res := account.AgreementOf(ag.Parties...)
	if err := account.Check(a, account.ManageAgreements, res); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateAgreement(ctx, ag); err != nil {
			return err
		}
		return s.record(ctx, tx, byActor(a, account.ManageAgreements, res, agreementEvent(account.ActionAgreementUpdated, *ag)))
	})
}

// ActivateAgreement puts a draft agreement in force: from its start date,
// personal data of its categories may flow between its parties.
func (s *Service) ActivateAgreement(ctx context.Context, a account.Actor, id string) error {
	return s.moveAgreement(ctx, a, id, account.InForce, account.ActionAgreementActivated)
}

// EndAgreement ends an agreement at once, whatever its end date; sharing
// under it stops. A draft can be ended too (abandoned).
func (s *Service) EndAgreement(ctx context.Context, a account.Actor, id string) error {
	return s.moveAgreement(ctx, a, id, account.Ended, account.ActionAgreementEnded)
}

func (s *Service) moveAgreement(ctx context.Context, a account.Actor, id string, to account.AgreementStatus, action account.Action) error {
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		ag, err := tx.FindAgreementByID(ctx, id)
		if err != nil {
			return err
		}
		res := account.AgreementOf(ag.Parties...)
		if err := account.Check(a, account.ManageAgreements, res); err != nil {
			return err
		}
		if ag, err = tx.SetAgreementStatus(ctx, id, to); err != nil {
			return err
		}
		return s.record(ctx, tx, byActor(a, account.ManageAgreements, res, agreementEvent(action, ag)))
	})
}

// Agreement returns an agreement the actor may see.
func (s *Service) Agreement(ctx context.Context, a account.Actor, id string) (account.Agreement, error) {
	ag, err := s.db.FindAgreementByID(ctx, id)
	if err != nil {
		return ag, err
	}
	res, err := s.agreementResource(ctx, a, ag)
	if err != nil {
		return account.Agreement{}, err
	}
	if err := account.Check(a, account.ViewAgreements, res); err != nil {
		return account.Agreement{}, err
	}
	return ag, nil
}

// Agreements returns the agreements the actor may see that match: all of
// them for a platform admin, their organisation's for an organisation admin.
func (s *Service) Agreements(ctx context.Context, a account.Actor, f store.AgreementFilter) ([]account.Agreement, error) {
	if !a.SignedIn() {
		return nil, learnwell.Errorf(learnwell.EUNAUTHORISED, "Sign in to continue.")
	}
	all, err := s.db.FindAgreements(ctx, f)
	if err != nil {
		return nil, err
	}
	var out []account.Agreement
	for _, ag := range all {
		res, err := s.agreementResource(ctx, a, ag)
		if err != nil {
			return nil, err
		}
		if account.Allow(a, account.ViewAgreements, res) {
			out = append(out, ag)
		}
	}
	if out == nil && !account.Allow(a, account.ViewAgreements, account.AgreementOf(a.OrgID)) {
		return nil, learnwell.Errorf(learnwell.EFORBIDDEN, "You do not have permission to do this.")
	}
	return out, nil
}

// CanShare decides whether personal data of the category may flow from one
// organisation to another at the instant, and says why: only while an
// active agreement covers it (see account.CanShare). The referral and
// outcome issues call it before any personal data leaves an organisation.
func (s *Service) CanShare(ctx context.Context, fromOrgID, toOrgID string, c account.Category, at time.Time) (bool, string, error) {
	return s.db.CanShare(ctx, fromOrgID, toOrgID, c, at)
}
