package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/directory"
	"learnwell/internal/notify"
	"learnwell/internal/store"
)

// Invitations and password resets are secure links (internal/store's
// CreateLink) sent by email through the outbox, in the transaction of the
// change. The emails hold the link and nothing about anyone's health.

// NewUser is a person to invite.
type NewUser struct {
	OrganisationID string
	Email          string
	Name           string
	Roles          []account.Role
}

// Invite creates a user in the organisation and emails them a link to set
// their password (valid for 7 days, once). The actor must be allowed to
// manage the organisation's users.
//
// An address is one account's in the whole installation. When it is already
// the address of a user the actor may not see (a user of another
// organisation, for an organisation admin), Invite changes nothing, emails
// that address to say someone tried to invite it (at most once a day per
// organisation), and returns no error and a zero User: the admin is told
// nothing about accounts outside their organisation. The web answers both
// cases with the same page.
func (s *Service) Invite(ctx context.Context, a account.Actor, in NewUser) (account.User, error) {
	res := account.UsersOf(in.OrganisationID)
	if err := account.Check(a, account.ManageUsers, res); err != nil {
		return account.User{}, err
	}
	u := account.User{OrganisationID: in.OrganisationID, Email: in.Email, Name: in.Name, Roles: in.Roles}
	hidden := false
	err := s.db.WriteTx(ctx, func(tx *store.Tx) error {
		if err := markReal(ctx, tx); err != nil {
			return err
		}
		other, err := tx.FindUserByEmail(ctx, account.NormaliseEmail(u.Email))
		switch {
		case err == nil && !account.Allow(a, account.ViewUsers, account.UserOf(other)):
			// The form's other problems are shown as usual; the address's never.
			org, err := tx.FindAccountOrganisationByID(ctx, in.OrganisationID)
			if err != nil {
				return err
			}
			check := u
			check.Normalise()
			if err := check.Validate(org.Kind); err != nil {
				return err
			}
			hidden = true
			return s.sendAlreadyHasAccount(ctx, tx, other, org)
		case err != nil && learnwell.ErrorCode(err) != learnwell.ENOTFOUND:
			return err
		}
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		if err := s.sendInvitation(ctx, tx, u); err != nil {
			return err
		}
		return s.record(ctx, tx, byActor(a, account.ManageUsers, res, account.Event{Action: account.ActionUserInvited,
			SubjectType: "user", SubjectIDs: []string{u.ID}, OrgID: u.OrganisationID, Codes: map[string]string{"roles": rolesCode(u.Roles)}}))
	})
	if hidden {
		return account.User{}, err
	}
	return u, err
}

// sendAlreadyHasAccount tells the owner of an address that an organisation
// tried to invite it, though it already has an account.
func (s *Service) sendAlreadyHasAccount(ctx context.Context, tx *store.Tx, u account.User, org account.Organisation) error {
	body := fmt.Sprintf(`Hello,

Someone at %s tried to invite this email address to %s. It already has a %s account, so nothing has changed.

If you need to use %s for %s as well, ask them to invite another email address of yours.

If you were not expecting this email, you can ignore it.
`, org.Name, s.issuer, s.issuer, s.issuer, org.Name)
	_, _, err := tx.EnqueueMessage(ctx, store.NewMessage{Channel: string(notify.Email), Recipient: u.Email, Kind: "invitation-refused",
		Subject: "Someone tried to invite you to " + s.issuer, Body: body,
		DedupKey: "invitation-refused/" + u.ID + "/" + org.ID + "/" + tx.Now.UTC().Format("2006-01-02")})
	return err
}

// ResendInvitation sends an invited user a new link; earlier links stop working.
func (s *Service) ResendInvitation(ctx context.Context, a account.Actor, userID string) error {
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, userID)
		if err != nil {
			return err
		}
		if err := account.Check(a, account.ManageUsers, account.UserOf(u)); err != nil {
			return err
		}
		if u.Status != account.Invited {
			return learnwell.Errorf(learnwell.ECONFLICT, "This person has already accepted their invitation.")
		}
		if err := s.sendInvitation(ctx, tx, u); err != nil {
			return err
		}
		return s.record(ctx, tx, byActor(a, account.ManageUsers, account.UserOf(u), account.Event{Action: account.ActionUserInvited,
			SubjectType: "user", SubjectIDs: []string{u.ID}, OrgID: u.OrganisationID, Codes: map[string]string{"resent": "true"}}))
	})
}

// sendInvitation issues an invitation link and puts its email in the outbox.
func (s *Service) sendInvitation(ctx context.Context, tx *store.Tx, u account.User) error {
	token, expires, err := tx.CreateLink(ctx, store.NewLink{Purpose: account.InvitationLink, SubjectID: u.ID, RevokeOthers: true})
	if err != nil {
		return err
	}
	org, err := tx.FindAccountOrganisationByID(ctx, u.OrganisationID)
	if err != nil {
		return err
	}
	body := fmt.Sprintf(`Hello,

You have been invited to use %s for %s.

To accept, set your password using this link:

%s

The link works once and expires on %s. Then you will set up an authenticator app on your phone, which you will use each time you sign in.

If you were not expecting this email, you can ignore it.
`, s.issuer, org.Name, account.LinkURL(s.baseURL, account.InvitationLink, token), spoken(expires))
	_, _, err = tx.EnqueueMessage(ctx, store.NewMessage{Channel: string(notify.Email), Recipient: u.Email, Kind: "invitation",
		Subject: "You have been invited to " + s.issuer, Body: body})
	return err
}

// spoken writes an instant as a London date and time for an email.
func spoken(t time.Time) string {
	l := t.In(learnwell.London)
	return fmt.Sprintf("%s at %s", directory.DateOf(t).Spoken(), strings.ToLower(l.Format("3:04pm")))
}

// InvitationFor checks an invitation link without using it, for the page
// that asks for a password, and returns the person invited. Any problem is
// account.ErrLinkNotValid.
func (s *Service) InvitationFor(ctx context.Context, token string) (account.User, error) {
	return s.linkUser(ctx, account.InvitationLink, token, account.Invited)
}

// linkUser checks a link without using it and returns its user, who must be
// in the status.
func (s *Service) linkUser(ctx context.Context, p account.LinkPurpose, token string, status account.UserStatus) (account.User, error) {
	var u account.User
	err := s.db.ReadTx(ctx, func(tx *store.Tx) error {
		id, err := tx.PeekLink(ctx, p, token)
		if err != nil {
			return err
		}
		if u, err = tx.FindUserByID(ctx, id); learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
			return account.ErrLinkNotValid()
		}
		return err
	})
	if err != nil {
		return account.User{}, err
	}
	if ok, err := s.usable(ctx, u.Demo); err != nil || !ok || u.Status != status {
		if err != nil {
			return account.User{}, err
		}
		return account.User{}, account.ErrLinkNotValid()
	}
	return u, nil
}

// AcceptInvitation uses an invitation link to set the person's password
// (checked against NCSC's advice; a password that fails leaves the link
// unused). The person must then set up their second factor: SignIn says so.
func (s *Service) AcceptInvitation(ctx context.Context, token, password string) (SignIn, error) {
	u, err := s.InvitationFor(ctx, token)
	if err != nil {
		return SignIn{}, err
	}
	if err := account.CheckPassword(password, u.Email); err != nil {
		return SignIn{}, err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return SignIn{}, err
	}
	err = s.db.WriteTx(ctx, func(tx *store.Tx) error {
		id, err := tx.RedeemLink(ctx, account.InvitationLink, token)
		if err != nil {
			return err
		}
		if id != u.ID {
			return account.ErrLinkNotValid()
		}
		if err := tx.SetPassword(ctx, u.ID, hash, true); err != nil {
			return err
		}
		return s.record(ctx, tx, bySelf(u, account.Event{Action: account.ActionUserActivated}))
	})
	if err != nil {
		return SignIn{}, err
	}
	return SignIn{UserID: u.ID, Next: SetUpSecondFactor}, nil
}

// resetLimit is how many reset emails one account gets in resetWindow.
const (
	resetLimit  = 3
	resetWindow = time.Hour
)

// RequestPasswordReset asks for a link to choose a new password (valid for
// an hour, once) to be emailed to the active account with the address, if
// there is one. It only validates the address and queues a background job
// (SendPasswordReset does the rest): the request does the same work, and so
// takes the same time, whether or not the address has an account, and it
// answers the same, so the form cannot be used to find out who has one.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	email = account.NormaliseEmail(email)
	if err := notify.ValidEmail(email); err != nil {
		var v learnwell.Validation
		v.Add("email", learnwell.ErrorMessage(err))
		return v.Err()
	}
	sealed, err := s.keys.Seal([]byte(email), resetJobContext)
	if err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		return tx.EnqueuePasswordReset(ctx, store.PasswordResetArgs{SealedEmail: sealed, Origin: OriginOf(ctx)})
	})
}

// resetJobContext binds a reset request's sealed address to its job.
const resetJobContext = "password-reset-job"

// SendPasswordReset is the background job of RequestPasswordReset: it emails
// a reset link to the active account with the address, if there is one, at
// most 3 an hour. A demo account's password cannot change, so its email says
// so and holds no link. Addresses with no account get nothing.
func (s *Service) SendPasswordReset(ctx context.Context, args store.PasswordResetArgs) error {
	ctx = WithOrigin(ctx, args.Origin)
	email, err := s.keys.Open(args.SealedEmail, resetJobContext)
	if err != nil {
		return fmt.Errorf("accounts: open a reset request's address: %w", err)
	}
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByEmail(ctx, string(email))
		if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		demoOK, err := tx.IsDemo(ctx)
		if err != nil || u.Status != account.Active || (u.Demo && !demoOK) {
			return err
		}
		recent, err := tx.CountLinksSince(ctx, u.ID, account.PasswordResetLink, tx.Now.Add(-resetWindow))
		if err != nil || recent >= resetLimit {
			return err
		}
		m, err := s.resetMessage(ctx, tx, u)
		if err != nil {
			return err
		}
		if _, _, err := tx.EnqueueMessage(ctx, m); err != nil {
			return err
		}
		return s.record(ctx, tx, bySelf(u, account.Event{Action: account.ActionPasswordResetAsked}))
	})
}

// resetMessage issues a reset link for the user and writes the email that
// holds it. A demo account gets no link, only an email that says why, at most
// one an hour (its dedup key is the user and the hour).
func (s *Service) resetMessage(ctx context.Context, tx *store.Tx, u account.User) (store.NewMessage, error) {
	m := store.NewMessage{Channel: string(notify.Email), Recipient: u.Email, Kind: "password-reset",
		Subject: "Reset your " + s.issuer + " password"}
	if account.CheckSignInChangeable(u) != nil {
		m.DedupKey = "demo-password-reset/" + u.ID + "/" + tx.Now.UTC().Format("2006-01-02T15")
		m.Body = fmt.Sprintf(`Hello,

Someone asked to reset the password of this %s demo account. %s

Sign in with the demo password and authenticator key shown on the sign-in page.
`, s.issuer, account.MsgDemoAccountFixed)
		return m, nil
	}
	token, expires, err := tx.CreateLink(ctx, store.NewLink{Purpose: account.PasswordResetLink, SubjectID: u.ID, RevokeOthers: true})
	if err != nil {
		return m, err
	}
	m.Body = fmt.Sprintf(`Hello,

Someone asked to reset the password of your %s account. If it was you, choose a new password using this link:

%s

The link works once and expires at %s.

If it was not you, you can ignore this email: your password has not changed.
`, s.issuer, account.LinkURL(s.baseURL, account.PasswordResetLink, token), spoken(expires))
	return m, nil
}

// PasswordResetFor checks a reset link without using it, for the page that
// asks for the new password. Any problem is account.ErrLinkNotValid.
// A demo account's link (issued before demo accounts were fixed) is refused
// with account.MsgDemoAccountFixed.
func (s *Service) PasswordResetFor(ctx context.Context, token string) (account.User, error) {
	u, err := s.linkUser(ctx, account.PasswordResetLink, token, account.Active)
	if err != nil {
		return account.User{}, err
	}
	return u, account.CheckSignInChangeable(u)
}

// ResetPassword uses a reset link to set a new password. Every session and
// token of the user ends, and past failed sign-ins are forgotten; they then
// sign in again, with their second factor.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	u, err := s.PasswordResetFor(ctx, token)
	if err != nil {
		return err
	}
	if err := account.CheckPassword(password, u.Email); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	emailKey, _ := s.failureKeys(u.Email, "")
	return s.db.WriteTx(ctx, func(tx *store.Tx) error {
		id, err := tx.RedeemLink(ctx, account.PasswordResetLink, token)
		if err != nil {
			return err
		}
		if id != u.ID {
			return account.ErrLinkNotValid()
		}
		if err := tx.SetPassword(ctx, u.ID, hash, true); err != nil {
			return err
		}
		if err := tx.RevokeLinksFor(ctx, u.ID, account.PasswordResetLink); err != nil {
			return err
		}
		if err := tx.ClearSignInFailures(ctx, emailKey); err != nil {
			return err
		}
		return s.record(ctx, tx, bySelf(u, account.Event{Action: account.ActionPasswordReset}))
	})
}

// Bootstrap is the first user of a new installation, as `learnwell user
// create` gives it (see CreateFirstUser).
type Bootstrap struct {
	Email   string
	Name    string // default: the part of the email address before the @
	OrgName string
	Roles   []account.Role
}

// BootstrapResult is what Bootstrap made.
type BootstrapResult struct {
	User         account.User
	Organisation account.Organisation
	OrgCreated   bool
	Link         string
	Expires      time.Time
}

// CreateFirstUser sets up a new installation for `learnwell user create`: it
// finds the organisation by name, or creates it as the platform operator,
// creates the user (invited) with the roles, and returns the one-time link
// with which they set their password, to be printed, not emailed. system
// names the command in the audit trail. It refuses a demo database.
func (s *Service) CreateFirstUser(ctx context.Context, b Bootstrap, system string) (BootstrapResult, error) {
	var r BootstrapResult
	if b.Name == "" {
		b.Name, _, _ = strings.Cut(account.NormaliseEmail(b.Email), "@")
	}
	var v learnwell.Validation
	if strings.TrimSpace(b.OrgName) == "" {
		v.Add("org_name", "Enter the name of the organisation, like the name of your service")
	}
	if len(b.Roles) == 0 {
		v.Add("roles", "Select at least one role")
	}
	if err := v.Err(); err != nil {
		return r, err
	}
	err := s.db.WriteTx(ctx, func(tx *store.Tx) error {
		r = BootstrapResult{}
		if err := tx.MarkReal(ctx); err != nil {
			return err
		}
		org, err := tx.FindAccountOrganisationByName(ctx, b.OrgName)
		switch learnwell.ErrorCode(err) {
		case "":
		case learnwell.ENOTFOUND:
			org = account.Organisation{Name: b.OrgName, Kind: account.PlatformOperator}
			if err := tx.CreateAccountOrganisation(ctx, &org); err != nil {
				return err
			}
			r.OrgCreated = true
			if err := s.record(ctx, tx, account.Event{Action: account.ActionOrganisationCreated, System: system,
				SubjectType: "organisation", SubjectIDs: []string{org.ID}, OrgID: org.ID, Codes: map[string]string{"kind": string(org.Kind)}}); err != nil {
				return err
			}
		default:
			return err
		}
		u := account.User{OrganisationID: org.ID, Email: b.Email, Name: b.Name, Roles: b.Roles}
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		token, expires, err := tx.CreateLink(ctx, store.NewLink{Purpose: account.InvitationLink, SubjectID: u.ID, RevokeOthers: true})
		if err != nil {
			return err
		}
		r.User, r.Organisation, r.Expires = u, org, expires
		r.Link = account.LinkURL(s.baseURL, account.InvitationLink, token)
		return s.record(ctx, tx, account.Event{Action: account.ActionUserInvited, System: system, SubjectType: "user",
			SubjectIDs: []string{u.ID}, OrgID: org.ID, Codes: map[string]string{"roles": rolesCode(u.Roles)}})
	})
	return r, err
}
