package accounts

import (
	"context"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/store"
)

// API tokens act as their user, with the user's roles, for the integration
// API. A token is shown once; only its hash is kept.

// CreateToken makes an API token for the signed-in user (only their own: a
// token acts as its owner), lasting ttl (1 to 366 days). It returns the
// token's text, to show once and never again.
func (s *Service) CreateToken(ctx context.Context, a account.Actor, name string, ttl time.Duration) (string, account.APIToken, error) {
	res := account.TokenOf(a.UserID, a.OrgID)
	if err := account.Check(a, account.ManageTokens, res); err != nil {
		return "", account.APIToken{}, err
	}
	return s.createToken(ctx, a.UserID, name, ttl, func(tx *store.Tx, t account.APIToken) error {
		return s.record(ctx, tx, byActor(a, account.ManageTokens, res, account.Event{Action: account.ActionTokenCreated,
			SubjectType: "token", SubjectIDs: []string{t.ID}, OrgID: a.OrgID}))
	})
}

// CreateTokenFor makes an API token for the active user with the email
// address, for `learnwell token create`: the operator acts as the system.
func (s *Service) CreateTokenFor(ctx context.Context, email, name string, ttl time.Duration, system string) (string, account.APIToken, error) {
	var u account.User
	err := s.db.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		u, err = tx.FindUserByEmail(ctx, email)
		return err
	})
	if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
		return "", account.APIToken{}, learnwell.Errorf(learnwell.ENOTFOUND, "There is no user with that email address.")
	}
	if err != nil {
		return "", account.APIToken{}, err
	}
	if u.Status != account.Active {
		return "", account.APIToken{}, learnwell.Errorf(learnwell.ECONFLICT,
			"This user is %s: only an active user (who has set a password) can have API tokens.", u.Status)
	}
	if ok, err := s.usable(ctx, u.Demo); err != nil || !ok {
		if err != nil {
			return "", account.APIToken{}, err
		}
		return "", account.APIToken{}, learnwell.Errorf(learnwell.ECONFLICT, "Demo accounts work only in a demo database.")
	}
	return s.createToken(ctx, u.ID, name, ttl, func(tx *store.Tx, t account.APIToken) error {
		return s.record(ctx, tx, account.Event{Action: account.ActionTokenCreated, System: system,
			SubjectType: "token", SubjectIDs: []string{t.ID}, OrgID: u.OrganisationID})
	})
}

func (s *Service) createToken(ctx context.Context, userID, name string, ttl time.Duration,
	audit func(*store.Tx, account.APIToken) error) (string, account.APIToken, error) {
	var plain string
	var t account.APIToken
	err := s.db.WriteTx(ctx, func(tx *store.Tx) error {
		var err error
		if plain, t, err = tx.CreateAPIToken(ctx, userID, name, ttl); err != nil {
			return err
		}
		return audit(tx, t)
	})
	if err != nil {
		return "", account.APIToken{}, err
	}
	return plain, t, nil
}

// AuthenticateToken checks an API token (the text after "Bearer ") and
// returns the principal it acts as, and the token. Unknown, changed,
// expired and revoked tokens, tokens of deactivated users, tokens made
// before the user was signed out everywhere, and demo tokens outside a demo
// database all get one error, account.ErrTokenNotValid (EUNAUTHORISED). The
// token's last-used time is written at most once a minute.
func (s *Service) AuthenticateToken(ctx context.Context, plaintext string) (Principal, account.APIToken, error) {
	hash, ok := account.HashAPIToken(plaintext)
	if !ok {
		return Principal{}, account.APIToken{}, account.ErrTokenNotValid()
	}
	var p Principal
	var t account.APIToken
	err := s.db.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		if t, err = tx.FindAPITokenByHash(ctx, hash); err != nil {
			return err
		}
		p, err = s.principal(ctx, tx, t.UserID)
		return err
	})
	if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
		return Principal{}, account.APIToken{}, account.ErrTokenNotValid()
	}
	if err != nil {
		return Principal{}, account.APIToken{}, err
	}
	now := s.db.Clock().Now()
	demoOK, err := s.usable(ctx, p.User.Demo)
	if err != nil {
		return Principal{}, account.APIToken{}, err
	}
	if !t.Usable(now) || p.User.Status != account.Active || !demoOK || t.CreatedAt.Before(p.User.SessionsValidAfter) {
		return Principal{}, account.APIToken{}, account.ErrTokenNotValid()
	}
	if t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) >= account.TokenLastUsedEvery {
		if err := s.db.TouchAPIToken(ctx, t.ID); err != nil {
			return Principal{}, account.APIToken{}, err
		}
	}
	return p, t, nil
}

// Tokens lists a user's tokens (never their text), for the actor: the user
// themselves, or their organisation's admin.
func (s *Service) Tokens(ctx context.Context, a account.Actor, userID string) ([]account.APIToken, error) {
	u, err := s.db.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if err := account.Check(a, account.ManageTokens, account.TokenOf(u.ID, u.OrganisationID)); err != nil {
		return nil, err
	}
	return s.db.FindAPITokens(ctx, userID)
}

// RevokeToken revokes a token at once: the actor's own, or, for an
// organisation admin, one of their organisation's users'.
func (s *Service) RevokeToken(ctx context.Context, a account.Actor, tokenID string) error {
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		t, err := tx.FindAPITokenByID(ctx, tokenID)
		if err != nil {
			return err
		}
		owner, err := tx.FindUserByID(ctx, t.UserID)
		if err != nil {
			return err
		}
		res := account.TokenOf(owner.ID, owner.OrganisationID)
		if err := account.Check(a, account.ManageTokens, res); err != nil {
			return err
		}
		if err := tx.RevokeAPIToken(ctx, t.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, byActor(a, account.ManageTokens, res, account.Event{Action: account.ActionTokenRevoked,
			SubjectType: "token", SubjectIDs: []string{t.ID}, OrgID: owner.OrganisationID}))
	})
}
