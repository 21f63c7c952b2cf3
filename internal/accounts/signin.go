package accounts

import (
	"context"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/store"
)

// Sign-in is two steps: the password (Authenticate), then the second factor
// (VerifyTOTP or UseRecoveryCode), or setting one up the first time
// (BeginSecondFactorSetup and ConfirmSecondFactor). Between the steps the web
// keeps only the user's id in a session that is not yet signed in.

// Next says what a person must do after their password is accepted.
type Next string

// The steps after a password.
const (
	// EnterCode asks for the code from their authenticator app (or a recovery code).
	EnterCode Next = "enter-code"
	// SetUpSecondFactor asks them to set up an authenticator app first.
	SetUpSecondFactor Next = "set-up-second-factor"
)

// SignIn is a password accepted: the user, and what they must do next.
// They are not signed in until the second factor is done.
type SignIn struct {
	UserID string
	Next   Next
}

// Person-readable messages for the sign-in form.
const (
	msgEnterEmail    = "Enter your email address"
	msgEnterPassword = "Enter your password"
)

// failureKeys are the keyed hashes under which failed attempts are counted.
func (s *Service) failureKeys(email, ip string) (emailKey, ipKey string) {
	emailKey = s.keys.Hash("sign-in-email", account.EmailKey(email))
	if ip != "" {
		ipKey = s.keys.Hash("sign-in-ip", ip)
	}
	return emailKey, ipKey
}

// checkLock refuses an attempt while the email address or the network
// address is locked, without looking at the password or code. In a demo
// database a demo account's address never locks: its password is published,
// so a lock would only let one visitor shut every other out (the network
// address's limit still holds). That is looked up only for a locked address,
// so an attempt that is not locked does the same work for any address.
func (s *Service) checkLock(ctx context.Context, email, emailKey, ipKey string) error {
	var f account.Failures
	err := s.db.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		f, err = tx.CountSignInFailures(ctx, emailKey, ipKey, s.lockout)
		return err
	})
	if err != nil {
		return err
	}
	now := s.db.Clock().Now()
	until, locked := s.lockout.LockedUntil(f, now)
	if locked && f.Account > 0 {
		demo, err := s.isDemoAccount(ctx, email)
		if err != nil {
			return err
		}
		if demo {
			f.Account = 0
			until, locked = s.lockout.LockedUntil(f, now)
		}
	}
	if locked {
		return account.ErrThrottled(until, now)
	}
	return nil
}

// isDemoAccount reports whether the address is a demo account's, in a demo
// database.
func (s *Service) isDemoAccount(ctx context.Context, email string) (bool, error) {
	var c store.Credentials
	err := s.db.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.FindCredentialsByEmail(ctx, email)
		return err
	})
	switch {
	case learnwell.ErrorCode(err) == learnwell.ENOTFOUND:
		return false, nil
	case err != nil:
		return false, err
	case !c.User.Demo:
		return false, nil
	}
	return s.db.IsDemo(ctx)
}

// fail counts a failed attempt, with its audit event, and returns failure.
func (s *Service) fail(ctx context.Context, emailKey, ipKey, userID, orgID, reason string, failure error) error {
	err := s.db.WriteTx(ctx, func(tx *store.Tx) error {
		if err := tx.RecordSignInFailure(ctx, emailKey, ipKey, s.lockout); err != nil {
			return err
		}
		e := account.Event{Action: account.ActionSignInFailed, System: "web:sign-in", Codes: map[string]string{"reason": reason}}
		if userID != "" {
			e.SubjectType, e.SubjectIDs, e.OrgID = "user", []string{userID}, orgID
		}
		return s.record(ctx, tx, e)
	})
	if err != nil {
		return err
	}
	return failure
}

// Authenticate checks an email address and password, from the network
// address ip (used only as a keyed hash, for throttling). It refuses, with
// one error that never says why (account.ErrSignInFailed), an unknown
// address, a wrong password, an account without a password yet, a
// deactivated account, and a demo account outside a demo database, and takes
// as long for each; while the address or the account is locked it refuses
// with account.ErrThrottled. On success the person must still pass the
// second factor: SignIn says how.
func (s *Service) Authenticate(ctx context.Context, email, password, ip string) (SignIn, error) {
	email = account.NormaliseEmail(email)
	var v learnwell.Validation
	if email == "" {
		v.Add("email", msgEnterEmail)
	}
	if password == "" {
		v.Add("password", msgEnterPassword)
	}
	if err := v.Err(); err != nil {
		return SignIn{}, err
	}
	emailKey, ipKey := s.failureKeys(email, ip)
	if err := s.checkLock(ctx, email, emailKey, ipKey); err != nil {
		return SignIn{}, err
	}
	var c store.Credentials
	err := s.db.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.FindCredentialsByEmail(ctx, email)
		return err
	})
	found := err == nil
	if err != nil && learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
		return SignIn{}, err
	}
	var ok, rehash bool
	if found && c.PasswordHash != "" {
		if ok, rehash, err = s.hasher.Verify(ctx, c.PasswordHash, password); err != nil {
			return SignIn{}, err
		}
	} else if err := s.hasher.Burn(ctx, password); err != nil {
		return SignIn{}, err
	}
	demoOK, err := s.usable(ctx, c.User.Demo)
	if err != nil {
		return SignIn{}, err
	}
	if !ok || c.User.Status != account.Active || !demoOK {
		reason := "password"
		switch {
		case !found:
			reason = "unknown"
		case ok && !demoOK:
			reason = "demo-account"
		case ok:
			reason = string(c.User.Status)
		}
		return SignIn{}, s.fail(ctx, emailKey, ipKey, c.User.ID, c.User.OrganisationID, reason, account.ErrSignInFailed())
	}
	if rehash {
		hash, err := s.hasher.Hash(ctx, password)
		if err != nil {
			return SignIn{}, err
		}
		if err := s.db.WriteTx(ctx, func(tx *store.Tx) error { return tx.ReplacePasswordHash(ctx, c.User.ID, hash) }); err != nil {
			return SignIn{}, err
		}
	}
	next := EnterCode
	if c.TOTPSecret == "" {
		next = SetUpSecondFactor
	}
	return SignIn{UserID: c.User.ID, Next: next}, nil
}

// secondFactorUser loads a user in the middle of signing in: active, and
// usable here. Anything else is the one wrong-code error.
func (s *Service) secondFactorUser(ctx context.Context, userID string) (store.Credentials, error) {
	var c store.Credentials
	err := s.db.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.FindCredentials(ctx, userID)
		return err
	})
	if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
		return c, account.ErrWrongCode()
	}
	if err != nil {
		return c, err
	}
	demoOK, err := s.usable(ctx, c.User.Demo)
	if err != nil {
		return c, err
	}
	if c.User.Status != account.Active || !demoOK {
		return c, account.ErrWrongCode()
	}
	return c, nil
}

// VerifyTOTP completes a sign-in with a code from the user's authenticator
// app: it accepts the code of now or 30 seconds either side, never a code
// used before. Wrong codes count towards the lockout, like wrong passwords.
// It returns the signed-in principal: the web then starts a new session.
func (s *Service) VerifyTOTP(ctx context.Context, userID, code, ip string) (Principal, error) {
	if err := account.CheckCodeShape(code); err != nil {
		return Principal{}, err
	}
	c, err := s.secondFactorUser(ctx, userID)
	if err != nil {
		return Principal{}, err
	}
	emailKey, ipKey := s.failureKeys(c.User.Email, ip)
	if err := s.checkLock(ctx, c.User.Email, emailKey, ipKey); err != nil {
		return Principal{}, err
	}
	if c.TOTPSecret == "" {
		return Principal{}, s.fail(ctx, emailKey, ipKey, c.User.ID, c.User.OrganisationID, "no-second-factor", account.ErrWrongCode())
	}
	plain, err := s.keys.Open(c.TOTPSecret, secretContext(c.User.ID))
	if err != nil {
		return Principal{}, err
	}
	step, ok := account.VerifyTOTP(string(plain), code, s.db.Clock().Now(), c.TOTPLastStep)
	if !ok {
		return Principal{}, s.fail(ctx, emailKey, ipKey, c.User.ID, c.User.OrganisationID, "code", account.ErrWrongCode())
	}
	var p Principal
	err = s.db.WriteTx(ctx, func(tx *store.Tx) error {
		fresh, err := tx.UseTOTPStep(ctx, c.User.ID, step)
		if err != nil {
			return err
		}
		if !fresh { // the same code, used at the same moment by another request
			return account.ErrWrongCode()
		}
		if s.keys.Stale(c.TOTPSecret) {
			sealed, err := s.keys.Seal(plain, secretContext(c.User.ID))
			if err != nil {
				return err
			}
			if err := tx.ResealSecondFactor(ctx, c.User.ID, sealed); err != nil {
				return err
			}
		}
		p, err = s.completeSignIn(ctx, tx, c.User, emailKey, "totp")
		return err
	})
	return p, err
}

// completeSignIn records a finished sign-in and forgets past failures.
func (s *Service) completeSignIn(ctx context.Context, tx *store.Tx, u account.User, emailKey, method string) (Principal, error) {
	if err := tx.ClearSignInFailures(ctx, emailKey); err != nil {
		return Principal{}, err
	}
	if err := tx.RecordSignIn(ctx, u.ID); err != nil {
		return Principal{}, err
	}
	if err := s.record(ctx, tx, bySelf(u, account.Event{Action: account.ActionSignedIn, Codes: map[string]string{"method": method}})); err != nil {
		return Principal{}, err
	}
	return s.principal(ctx, tx, u.ID)
}

// UseRecoveryCode completes a sign-in with one of the user's single-use
// recovery codes, and says how many are left. Wrong codes count towards the
// lockout.
func (s *Service) UseRecoveryCode(ctx context.Context, userID, code, ip string) (Principal, int, error) {
	if account.NormaliseRecoveryCode(code) == "" {
		var v learnwell.Validation
		v.Add("recovery_code", "Enter one of your recovery codes")
		return Principal{}, 0, v.Err()
	}
	c, err := s.secondFactorUser(ctx, userID)
	if err != nil {
		return Principal{}, 0, err
	}
	emailKey, ipKey := s.failureKeys(c.User.Email, ip)
	if err := s.checkLock(ctx, c.User.Email, emailKey, ipKey); err != nil {
		return Principal{}, 0, err
	}
	var p Principal
	used := false
	err = s.db.WriteTx(ctx, func(tx *store.Tx) error {
		var err error
		if used, err = tx.UseRecoveryCode(ctx, c.User.ID, account.HashRecoveryCode(code)); err != nil || !used {
			return err
		}
		if err := s.record(ctx, tx, bySelf(c.User, account.Event{Action: account.ActionRecoveryCodeUsed})); err != nil {
			return err
		}
		p, err = s.completeSignIn(ctx, tx, c.User, emailKey, "recovery-code")
		return err
	})
	if err != nil {
		return Principal{}, 0, err
	}
	if !used {
		var v learnwell.Validation
		v.Add("recovery_code", "Enter a recovery code you have not used before")
		e := v.Err().(*learnwell.Error)
		e.Code, e.Message = learnwell.EUNAUTHORISED, "The recovery code is not right"
		return Principal{}, 0, s.fail(ctx, emailKey, ipKey, c.User.ID, c.User.OrganisationID, "recovery-code", e)
	}
	left, err := s.db.CountRecoveryCodes(ctx, c.User.ID)
	return p, left, err
}

// SecondFactorSetup is what a person needs to add learnwell to their
// authenticator app: the secret to type, and the otpauth URI for a QR code.
type SecondFactorSetup struct {
	Secret string
	URI    string
}

// BeginSecondFactorSetup makes a new authenticator secret for a user who has
// none, after their password (or invitation) was accepted. It counts only
// once ConfirmSecondFactor sees a code from it.
func (s *Service) BeginSecondFactorSetup(ctx context.Context, userID string) (SecondFactorSetup, error) {
	c, err := s.secondFactorUser(ctx, userID)
	if err != nil {
		return SecondFactorSetup{}, err
	}
	if err := account.CheckSignInChangeable(c.User); err != nil {
		return SecondFactorSetup{}, err
	}
	if c.TOTPSecret != "" {
		return SecondFactorSetup{}, learnwell.Errorf(learnwell.ECONFLICT,
			"You already have an authenticator app set up. Ask an admin to reset it if you have lost it.")
	}
	secretText := account.NewTOTPSecret()
	sealed, err := s.keys.Seal([]byte(secretText), secretContext(userID))
	if err != nil {
		return SecondFactorSetup{}, err
	}
	if err := s.db.WriteTx(ctx, func(tx *store.Tx) error { return tx.SetPendingSecondFactor(ctx, userID, sealed) }); err != nil {
		return SecondFactorSetup{}, err
	}
	return SecondFactorSetup{Secret: secretText, URI: account.TOTPURI(s.issuer, c.User.Email, secretText)}, nil
}

// ConfirmSecondFactor finishes setting up the authenticator app with a code
// from it, signs the person in, and returns their 10 recovery codes, to show
// once. Wrong codes count towards the lockout.
func (s *Service) ConfirmSecondFactor(ctx context.Context, userID, code, ip string) (Principal, []string, error) {
	if err := account.CheckCodeShape(code); err != nil {
		return Principal{}, nil, err
	}
	c, err := s.secondFactorUser(ctx, userID)
	if err != nil {
		return Principal{}, nil, err
	}
	if err := account.CheckSignInChangeable(c.User); err != nil {
		return Principal{}, nil, err
	}
	emailKey, ipKey := s.failureKeys(c.User.Email, ip)
	if err := s.checkLock(ctx, c.User.Email, emailKey, ipKey); err != nil {
		return Principal{}, nil, err
	}
	if c.TOTPSecret != "" || c.TOTPPending == "" {
		return Principal{}, nil, learnwell.Errorf(learnwell.ECONFLICT, "Start setting up your authenticator app again.")
	}
	plain, err := s.keys.Open(c.TOTPPending, secretContext(c.User.ID))
	if err != nil {
		return Principal{}, nil, err
	}
	step, ok := account.VerifyTOTP(string(plain), code, s.db.Clock().Now(), 0)
	if !ok {
		return Principal{}, nil, s.fail(ctx, emailKey, ipKey, c.User.ID, c.User.OrganisationID, "code", account.ErrWrongCode())
	}
	codes, hashes := account.NewRecoveryCodes()
	var p Principal
	err = s.db.WriteTx(ctx, func(tx *store.Tx) error {
		if err := tx.EnableSecondFactor(ctx, c.User.ID, c.TOTPPending, step, hashes); err != nil {
			return err
		}
		if err := s.record(ctx, tx, bySelf(c.User, account.Event{Action: account.ActionSecondFactorSetUp})); err != nil {
			return err
		}
		p, err = s.completeSignIn(ctx, tx, c.User, emailKey, "totp")
		return err
	})
	if err != nil {
		return Principal{}, nil, err
	}
	return p, codes, nil
}

// RegenerateRecoveryCodes replaces a signed-in user's recovery codes with 10
// new ones, to show once. A demo account's cannot change.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, a account.Actor) ([]string, error) {
	if err := checkSelf(a, a.UserID); err != nil {
		return nil, err
	}
	codes, hashes := account.NewRecoveryCodes()
	err := s.db.WriteTx(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, a.UserID)
		if err != nil {
			return err
		}
		if err := account.CheckSignInChangeable(u); err != nil {
			return err
		}
		if !u.SecondFactor {
			return learnwell.Errorf(learnwell.ECONFLICT, "Set up your authenticator app first.")
		}
		if err := tx.ReplaceRecoveryCodes(ctx, u.ID, hashes); err != nil {
			return err
		}
		return s.record(ctx, tx, bySelf(u, account.Event{Action: account.ActionRecoveryCodesNew}))
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// RecoveryCodesLeft says how many unused recovery codes a user has.
func (s *Service) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	return s.db.CountRecoveryCodes(ctx, userID)
}

// SessionValid checks, on each request, that a session issued at issuedAt to
// the user is still good: the user is active (and usable here), has their
// second factor, and has not been deactivated or signed out everywhere since.
// It returns the principal, or EUNAUTHORISED.
func (s *Service) SessionValid(ctx context.Context, userID string, issuedAt time.Time) (Principal, error) {
	var p Principal
	err := s.db.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		p, err = s.principal(ctx, tx, userID)
		return err
	})
	if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
		return Principal{}, errSignInAgain()
	}
	if err != nil {
		return Principal{}, err
	}
	demoOK, err := s.usable(ctx, p.User.Demo)
	if err != nil {
		return Principal{}, err
	}
	u := p.User
	if u.Status != account.Active || !demoOK || (account.RequiresSecondFactor(u.Roles) && !u.SecondFactor) ||
		issuedAt.UTC().Truncate(time.Microsecond).Before(u.SessionsValidAfter) {
		return Principal{}, errSignInAgain()
	}
	return p, nil
}

func errSignInAgain() error {
	return learnwell.Errorf(learnwell.EUNAUTHORISED, "Your session has ended. Sign in again.")
}

// SignOutEverywhere ends every session and API token of the user: the actor
// themselves, or an admin allowed to manage them.
func (s *Service) SignOutEverywhere(ctx context.Context, a account.Actor, userID string) error {
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, userID)
		if err != nil {
			return err
		}
		e := account.Event{Action: account.ActionSignedOutEverywhere, SubjectType: "user", SubjectIDs: []string{u.ID}, OrgID: u.OrganisationID}
		if a.UserID == userID && a.SignedIn() {
			e = bySelf(u, e)
		} else {
			if err := account.Check(a, account.ManageUsers, account.UserOf(u)); err != nil {
				return err
			}
			e = byActor(a, account.ManageUsers, account.UserOf(u), e)
		}
		if err := tx.EndSessions(ctx, userID); err != nil {
			return err
		}
		return s.record(ctx, tx, e)
	})
}

// ChangePassword changes a signed-in user's password after checking their
// current one (a wrong one counts towards the lockout). Every session and
// token of theirs ends, this one too: the web starts a new session for them.
func (s *Service) ChangePassword(ctx context.Context, a account.Actor, current, next, ip string) error {
	if err := checkSelf(a, a.UserID); err != nil {
		return err
	}
	var c store.Credentials
	err := s.db.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.FindCredentials(ctx, a.UserID)
		return err
	})
	if err != nil {
		return err
	}
	if err := account.CheckSignInChangeable(c.User); err != nil {
		return err
	}
	var v learnwell.Validation
	if current == "" {
		v.Add("current_password", "Enter your current password")
	}
	for _, f := range learnwell.ErrorFields(account.CheckPassword(next, c.User.Email)) {
		v.Add(f.Field, f.Message)
	}
	if err := v.Err(); err != nil {
		return err
	}
	emailKey, ipKey := s.failureKeys(c.User.Email, ip)
	if err := s.checkLock(ctx, c.User.Email, emailKey, ipKey); err != nil {
		return err
	}
	ok, _, err := s.hasher.Verify(ctx, c.PasswordHash, current)
	if err != nil {
		return err
	}
	if !ok {
		var wrong learnwell.Validation
		wrong.Add("current_password", "Enter your current password correctly")
		return s.fail(ctx, emailKey, ipKey, c.User.ID, c.User.OrganisationID, "current-password", wrong.Err())
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, c.User.ID, hash, true); err != nil {
			return err
		}
		return s.record(ctx, tx, bySelf(c.User, account.Event{Action: account.ActionPasswordChanged}))
	})
}

// ResealSecrets seals every second-factor secret not sealed with the current
// data key again with it, and says how many it sealed. Run it after putting a
// new key first in --data-key; once it reports none left, the old keys can go.
func (s *Service) ResealSecrets(ctx context.Context) (int, error) {
	all, err := s.db.FindSealedSecrets(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ss := range all {
		for _, c := range []struct {
			pending bool
			sealed  string
		}{{false, ss.Secret}, {true, ss.Pending}} {
			if c.sealed == "" || !s.keys.Stale(c.sealed) {
				continue
			}
			plain, err := s.keys.Open(c.sealed, secretContext(ss.UserID))
			if err != nil {
				return n, err
			}
			again, err := s.keys.Seal(plain, secretContext(ss.UserID))
			if err != nil {
				return n, err
			}
			var done bool
			if err := s.db.WriteTx(ctx, func(tx *store.Tx) error {
				done, err = tx.ReplaceSealedSecret(ctx, ss.UserID, c.pending, c.sealed, again)
				return err
			}); err != nil {
				return n, err
			}
			if done {
				n++
			}
		}
	}
	return n, nil
}
