package accounts_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/jobs/jobstest"
	"learnwell/internal/secret"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

const (
	password = "tuna-kettle7-sofa"
	ip       = "192.0.2.10"
)

// harness is a service on a fresh database, with a clock, a cheap hasher and
// the events it handed to the audit hook.
type harness struct {
	t      *testing.T
	db     *store.DB
	clock  *learnwell.FixedClock
	svc    *accounts.Service
	hasher *account.Hasher
	mu     sync.Mutex
	events []account.Event
}

func each(t *testing.T, fn func(t *testing.T, h *harness)) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
		h := &harness{t: t, db: db, clock: clock}
		var err error
		if h.hasher, err = account.NewHasher(account.TestHashParams, 4, time.Second); err != nil {
			t.Fatal(err)
		}
		h.svc, err = accounts.New(accounts.Options{DB: db, Hasher: h.hasher, Keys: secret.GenerateKeyring(),
			BaseURL: "https://learnwell.example.org", Audit: func(ctx context.Context, tx *store.Tx, e account.Event) error {
				h.mu.Lock()
				defer h.mu.Unlock()
				h.events = append(h.events, e)
				return accounts.Trail(ctx, tx, e) // every event must make a valid audit entry
			}})
		if err != nil {
			t.Fatal(err)
		}
		fn(t, h)
	})
}

func (h *harness) actions() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, e := range h.events {
		out = append(out, string(e.Action))
	}
	return out
}

var linkRE = regexp.MustCompile(`https://learnwell\.example\.org/sign-in/(invitation|reset-password)/([A-Za-z0-9_-]{43})`)

// lastLink returns the token of the newest link emailed to the address.
func (h *harness) lastLink(email, kind string) string {
	h.t.Helper()
	msgs, _, err := h.db.FindMessages(context.Background(), store.MessageFilter{})
	if err != nil {
		h.t.Fatal(err)
	}
	for _, m := range msgs {
		if m.Recipient == email && m.Kind == kind {
			if got := linkRE.FindStringSubmatch(m.Body); got != nil {
				return got[2]
			}
		}
	}
	h.t.Fatalf("no %s email to %s", kind, email)
	return ""
}

// workResets works the waiting password reset jobs, as the runner would.
func (h *harness) workResets() {
	h.t.Helper()
	jobstest.WorkPasswordResets(h.t, h.db, h.svc)
}

func (h *harness) messages(email string) int {
	msgs, _, _ := h.db.FindMessages(context.Background(), store.MessageFilter{})
	n := 0
	for _, m := range msgs {
		if m.Recipient == email {
			n++
		}
	}
	return n
}

// signedIn is a user who has finished signing in, with their authenticator secret.
type signedIn struct {
	accounts.Principal
	secret string
	codes  []string
}

// bootstrap makes the first platform admin and signs them in.
func (h *harness) bootstrap() signedIn {
	h.t.Helper()
	ctx := context.Background()
	r, err := h.svc.CreateFirstUser(ctx, accounts.Bootstrap{Email: "admin@example.org", Name: "Ada Admin", OrgName: "learnwell operations",
		Roles: []account.Role{account.PlatformAdmin}}, "command:user-create")
	if err != nil {
		h.t.Fatal(err)
	}
	return h.accept(linkRE.FindStringSubmatch(r.Link)[2])
}

// accept takes an invitation, sets up the second factor and signs in.
func (h *harness) accept(token string) signedIn {
	h.t.Helper()
	ctx := context.Background()
	in, err := h.svc.AcceptInvitation(ctx, token, password)
	if err != nil {
		h.t.Fatal(err)
	}
	if in.Next != accounts.SetUpSecondFactor {
		h.t.Fatalf("after the invitation: %+v", in)
	}
	setup, err := h.svc.BeginSecondFactorSetup(ctx, in.UserID)
	if err != nil {
		h.t.Fatal(err)
	}
	code, _ := account.TOTPCode(setup.Secret, h.clock.Now())
	p, codes, err := h.svc.ConfirmSecondFactor(ctx, in.UserID, code, ip)
	if err != nil {
		h.t.Fatal(err)
	}
	h.clock.Advance(30 * time.Second) // the code's step is used
	return signedIn{Principal: p, secret: setup.Secret, codes: codes}
}

// invite has the actor invite someone, who accepts and signs in.
func (h *harness) invite(by signedIn, orgID, email string, roles ...account.Role) signedIn {
	h.t.Helper()
	if _, err := h.svc.Invite(context.Background(), by.Actor(), accounts.NewUser{OrganisationID: orgID, Email: email, Name: "Person " + email, Roles: roles}); err != nil {
		h.t.Fatal(err)
	}
	return h.accept(h.lastLink(email, "invitation"))
}

func (h *harness) org(by signedIn, name string, kind account.OrgKind, boroughs ...string) account.Organisation {
	h.t.Helper()
	o := account.Organisation{Name: name, Kind: kind, Boroughs: boroughs}
	if err := h.svc.CreateOrganisation(context.Background(), by.Actor(), &o); err != nil {
		h.t.Fatal(err)
	}
	return o
}

// signIn signs in with password and authenticator code.
func (h *harness) signIn(email, pw, secret string) (accounts.Principal, error) {
	ctx := context.Background()
	in, err := h.svc.Authenticate(ctx, email, pw, ip)
	if err != nil {
		return accounts.Principal{}, err
	}
	code, _ := account.TOTPCode(secret, h.clock.Now())
	p, err := h.svc.VerifyTOTP(ctx, in.UserID, code, ip)
	h.clock.Advance(30 * time.Second)
	return p, err
}

func TestInvitationJourney(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		if !admin.User.HasRole(account.PlatformAdmin) || admin.Organisation.Kind != account.PlatformOperator || len(admin.codes) != 10 {
			t.Fatalf("bootstrapped %+v", admin)
		}
		sps := h.org(admin, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")

		// The invitation email has the link and nothing else about anyone.
		if _, err := h.svc.Invite(ctx, admin.Actor(), accounts.NewUser{OrganisationID: sps.ID, Email: "Olu.Admin@Example.com",
			Name: "Olu Admin", Roles: []account.Role{account.OrgAdmin}}); err != nil {
			t.Fatal(err)
		}
		msgs, _, _ := h.db.FindMessages(ctx, store.MessageFilter{})
		if len(msgs) != 1 || msgs[0].Kind != "invitation" || !strings.Contains(msgs[0].Body, "Islington Social Prescribing") ||
			strings.Contains(msgs[0].Body, "Olu") || !strings.Contains(msgs[0].Body, "expires on 1 December 2026 at 9:00am") {
			t.Fatalf("invitation email: %+v", msgs)
		}
		token := h.lastLink("Olu.Admin@Example.com", "invitation")
		if u, err := h.svc.InvitationFor(ctx, token); err != nil || u.Email != "Olu.Admin@Example.com" {
			t.Fatalf("InvitationFor = %+v, %v", u, err)
		}
		// A weak password leaves the link unused.
		if _, err := h.svc.AcceptInvitation(ctx, token, "password1234"); learnwell.FieldMap(learnwell.ErrorFields(err))["password"] != "Enter a less common password" {
			t.Fatalf("weak password: %v", err)
		}
		if _, err := h.svc.AcceptInvitation(ctx, token, "olu.admin@example.com"); !strings.Contains(learnwell.ErrorMessage(err)+learnwell.FieldMap(learnwell.ErrorFields(err))["password"], "email") {
			t.Fatalf("email as password: %v", err)
		}
		orgAdmin := h.accept(token)
		if _, err := h.svc.AcceptInvitation(ctx, token, password); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("invitation used twice: %v", err)
		}
		if _, err := h.signIn("olu.admin@EXAMPLE.com", password, orgAdmin.secret); err != nil {
			t.Fatalf("sign in, email in another case: %v", err)
		}

		// The org admin invites a link worker into their own organisation only.
		lw := h.invite(orgAdmin, sps.ID, "lw@example.com", account.LinkWorker)
		if !lw.Actor().SignedIn() || lw.Organisation.ID != sps.ID {
			t.Fatalf("link worker %+v", lw)
		}
		other := h.org(admin, "Hackney Social Prescribing", account.SocialPrescribingService, "E09000012")
		_, err := h.svc.Invite(ctx, orgAdmin.Actor(), accounts.NewUser{OrganisationID: other.ID, Email: "x@example.com", Name: "X", Roles: []account.Role{account.LinkWorker}})
		if learnwell.ErrorCode(err) != learnwell.EFORBIDDEN {
			t.Fatalf("org admin inviting into another organisation: %v", err)
		}
		_, err = h.svc.Invite(ctx, lw.Actor(), accounts.NewUser{OrganisationID: sps.ID, Email: "y@example.com", Name: "Y", Roles: []account.Role{account.LinkWorker}})
		if learnwell.ErrorCode(err) != learnwell.EFORBIDDEN {
			t.Fatalf("link worker inviting: %v", err)
		}
		_, err = h.svc.Invite(ctx, orgAdmin.Actor(), accounts.NewUser{OrganisationID: sps.ID, Email: "z@example.com", Name: "Z", Roles: []account.Role{account.PlatformAdmin}})
		if learnwell.FieldMap(learnwell.ErrorFields(err))["roles"] == "" {
			t.Fatalf("org admin granting platform admin: %v", err)
		}
		users, err := h.svc.Users(ctx, orgAdmin.Actor(), sps.ID)
		if err != nil || len(users) != 2 {
			t.Fatalf("users of the organisation: %d, %v", len(users), err)
		}
		if _, err := h.svc.Users(ctx, orgAdmin.Actor(), other.ID); learnwell.ErrorCode(err) != learnwell.EFORBIDDEN {
			t.Fatalf("users of another organisation: %v", err)
		}

		got := strings.Join(h.actions(), " ")
		for _, want := range []string{"organisation.created", "user.invited", "user.activated", "second-factor.set-up", "sign-in.succeeded"} {
			if !strings.Contains(got, want) {
				t.Errorf("no %s event in %s", want, got)
			}
		}
		for _, e := range h.events {
			for k, v := range e.Codes {
				if strings.Contains(v, "@") || strings.Contains(k, "@") {
					t.Errorf("event %s holds an email address", e.Action)
				}
			}
		}
	})
}

func TestSignInFailuresAreAllTheSame(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		sps := h.org(admin, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		gone := h.invite(admin, sps.ID, "gone@example.com", account.LinkWorker)
		if err := h.svc.Deactivate(ctx, admin.Actor(), gone.User.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := h.svc.Invite(ctx, admin.Actor(), accounts.NewUser{OrganisationID: sps.ID, Email: "invited@example.com", Name: "I", Roles: []account.Role{account.LinkWorker}}); err != nil {
			t.Fatal(err)
		}
		want := account.ErrSignInFailed()
		cases := map[string][2]string{
			"unknown email":        {"nobody@example.com", password},
			"wrong password":       {"admin@example.org", password + "x"},
			"no password yet":      {"invited@example.com", password},
			"deactivated":          {"gone@example.com", password},
			"password in capitals": {"admin@example.org", strings.ToUpper(password)},
		}
		for name, c := range cases {
			_, err := h.svc.Authenticate(ctx, c[0], c[1], ip)
			if err == nil || err.Error() != want.Error() {
				t.Errorf("%s: %v, want %v", name, err, want)
			}
		}
		if _, err := h.svc.Authenticate(ctx, "", "", ip); learnwell.ErrorCode(err) != learnwell.EINVALID ||
			len(learnwell.ErrorFields(err)) != 2 {
			t.Errorf("empty form: %v", err)
		}
	})
}

// Every refused sign-in costs one password hash, whether the account
// exists or not, so the time taken does not tell them apart.
func TestEveryRefusalSpendsOneHash(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		if _, err := h.svc.Invite(ctx, admin.Actor(), accounts.NewUser{OrganisationID: admin.Organisation.ID, Email: "invited@example.com",
			Name: "I", Roles: []account.Role{account.OrgAdmin}}); err != nil {
			t.Fatal(err)
		}
		for _, email := range []string{"nobody@example.com", "invited@example.com", "admin@example.org"} {
			before := h.hasher.Hashes()
			if _, err := h.svc.Authenticate(ctx, email, "not the password", ip); err == nil {
				t.Fatalf("%s: signed in", email)
			}
			if n := h.hasher.Hashes() - before; n != 1 {
				t.Errorf("%s: %d hashes, want 1", email, n)
			}
		}
	})
}
