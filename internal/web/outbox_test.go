package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/demo"
	"learnwell/internal/jobs/jobstest"
	"learnwell/internal/secret"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// eachDemoSite runs fn on a site whose database holds the demo (a small
// directory; the demo's accounts with the README's credentials).
func eachDemoSite(t *testing.T, fn func(t *testing.T, s *site)) {
	clock := learnwell.NewFixedClock(testNow)
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		clock.Set(testNow)
		hasher, err := account.NewHasher(account.TestHashParams, 4, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Load(context.Background(), db, demo.Options{Seed: 1, Services: 20, Hasher: hasher}); err != nil {
			t.Fatal(err)
		}
		fn(t, newSiteWith(t, db, clock, secret.DemoKeyring()))
	})
}

// demoSignIn signs in with a demo account's README credentials, and says
// whether it worked.
func (c *client) demoSignIn(email string) bool {
	c.s.t.Helper()
	res := c.post("/sign-in", url.Values{"email": {email}, "password": {account.DemoPassword}})
	if res.Code != http.StatusSeeOther || res.location() != "/sign-in/two-factor" {
		return false
	}
	code, err := account.TOTPCode(account.DemoTOTPSecret, c.s.clock.Now())
	if err != nil {
		c.s.t.Fatal(err)
	}
	res = c.post("/sign-in/two-factor", url.Values{"code": {code}})
	c.s.clock.Advance(30 * time.Second) // the code's step is used
	return res.Code == http.StatusSeeOther && !strings.HasPrefix(res.location(), "/sign-in")
}

// TestDemoTakeover is issue 9's demo takeover, tried every way: a visitor asks
// for a reset of a demo account, reads the outbox, and tries each way to
// change the account's password or second factor. None works, and the next
// visitor signs in with the README's credentials.
func TestDemoTakeover(t *testing.T) {
	eachDemoSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		const victim = "provider.coordinator@example.com"
		// An admin's invitation puts a working link in the outbox.
		admin := s.client()
		if !admin.demoSignIn("platform.admin@example.com") {
			t.Fatal("the platform admin cannot sign in")
		}
		var sps account.Organisation
		s.write(func(tx *store.Tx) (err error) {
			sps, err = tx.FindAccountOrganisationByName(ctx, "Islington Social Prescribing (demo)")
			return err
		})
		res := admin.post("/organisations/"+sps.ID+"/users/invite", url.Values{"name": {"New Person"}, "email": {"new.person@example.com"}, "roles": {"link-worker"}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("invite: %d\n%s", res.Code, errorSummary(res.body))
		}

		visitor := s.client()
		forgot := visitor.get("/sign-in/forgot-password").body
		mustContain(t, "forgot page", forgot, html.EscapeString(account.MsgDemoAccountFixed))
		res = visitor.post("/sign-in/forgot-password", url.Values{"email": {victim}})
		mustContain(t, "forgot answer", res.body, "Check your email")
		_ = visitor.post("/sign-in/forgot-password", url.Values{"email": {"link.worker@example.com"}})
		if n := jobstest.WorkPasswordResets(t, s.db, s.svc); n != 2 {
			t.Fatalf("%d reset requests worked, want 2", n)
		}
		msgs, _, _ := s.db.FindMessages(ctx, store.MessageFilter{})
		resets := 0
		for _, m := range msgs {
			if m.Kind == "password-reset" {
				resets++
				if strings.Contains(m.Body, "/sign-in/reset-password/") || !strings.Contains(m.Body, account.MsgDemoAccountFixed) {
					t.Errorf("a demo account's reset email: %q", m.Body)
				}
			}
		}
		if resets != 2 {
			t.Fatalf("%d reset emails, want one to each demo account", resets)
		}

		// The outbox: refused to the visitor and to anyone but an admin.
		if res := visitor.get("/outbox"); res.Code != http.StatusSeeOther || res.location() != "/sign-in" {
			t.Fatalf("outbox, not signed in: %d %s", res.Code, res.location())
		}
		lw := s.client()
		if !lw.demoSignIn("link.worker@example.com") {
			t.Fatal("the link worker cannot sign in")
		}
		if res := lw.get("/outbox"); res.Code != http.StatusForbidden {
			t.Fatalf("outbox as a link worker: %d", res.Code)
		}
		// A platform admin sees every message, with no link to follow.
		for _, m := range msgs {
			if m.Kind == "welcome" { // as the outbox-only transport keeps them
				if err := s.db.MarkMessageSent(ctx, m.ID, "outbox", m.ID, true); err != nil {
					t.Fatal(err)
				}
			}
		}
		page := admin.get("/outbox")
		if page.Code != http.StatusOK {
			t.Fatalf("outbox as platform admin: %d", page.Code)
		}
		mustContain(t, "platform admin's outbox", page.body, victim, "new.person@example.com", "alex.demo@example.com",
			html.EscapeString(account.LinkRemovedNote), "Kept here, not sent", "Waiting to send")
		// Statuses in words, times as the rest of the site writes them.
		mustContain(t, "platform admin's outbox", page.body, "24 November 2026 at 9:00am", `nhsuk-tag--blue">Kept here, not sent<`)
		for _, code := range []string{">kept<", ">pending<", " UTC"} {
			if strings.Contains(page.body, code) {
				t.Errorf("the outbox shows %q", code)
			}
		}
		for _, path := range []string{"/sign-in/reset-password/", "/sign-in/invitation/"} {
			if strings.Contains(page.body, path) {
				t.Errorf("the outbox shows a link to %s", path)
			}
		}
		// An organisation admin sees their organisation's users' messages only.
		orgAdmin := s.client()
		if !orgAdmin.demoSignIn("org.admin@example.com") {
			t.Fatal("the org admin cannot sign in")
		}
		own := orgAdmin.get("/outbox")
		mustContain(t, "org admin's outbox", own.body, "link.worker@example.com", "new.person@example.com", html.EscapeString(account.LinkRemovedNote))
		for _, other := range []string{victim, "alex.demo@example.com"} {
			if strings.Contains(own.body, other) {
				t.Errorf("an org admin's outbox shows a message to %s", other)
			}
		}
		for path, status := range map[string]int{"/outbox?page=x": 400, "/outbox?status=<b>": 400, "/outbox?status=kept": 200} {
			if res := admin.get(path); res.Code != status || strings.Contains(res.body, "<b>") {
				t.Errorf("%s: %d, want %d", path, res.Code, status)
			}
		}

		// Every way to change the victim's sign-in, as the victim and as admins.
		var u account.User
		s.write(func(tx *store.Tx) (err error) { u, err = tx.FindUserByEmail(ctx, victim); return err })
		self := s.client()
		if !self.demoSignIn(victim) {
			t.Fatal("the victim cannot sign in")
		}
		acc := self.get("/account").body
		mustContain(t, "account page", acc, html.EscapeString(account.MsgDemoAccountFixed))
		if strings.Contains(acc, `href="/account/password"`) || strings.Contains(acc, `action="/account/recovery-codes"`) {
			t.Error("the account page offers to change a demo account's sign-in")
		}
		mustContain(t, "password page", self.get("/account/password").body, html.EscapeString(account.MsgDemoAccountFixed))
		for what, res := range map[string]response{
			"change password":    self.post("/account/password", url.Values{"current_password": {account.DemoPassword}, "password": {"a-brand-new-passphrase"}}),
			"new recovery codes": self.post("/account/recovery-codes", nil),
			"reset two factor":   admin.post("/users/"+u.ID+"/reset-two-factor", nil),
			"deactivate":         admin.post("/users/"+u.ID+"/deactivate", nil),
		} {
			if res.Code != http.StatusForbidden || !strings.Contains(res.body, html.EscapeString(account.MsgDemoAccountFixed)) {
				t.Errorf("%s: %d, want 403 saying why", what, res.Code)
			}
		}
		// Nor its roles: the README's table says what each demo account can do.
		for what, res := range map[string]response{
			"roles form":   admin.get("/users/" + u.ID + "/roles"),
			"change roles": admin.post("/users/"+u.ID+"/roles", url.Values{"roles": {string(account.OrgAdmin)}}),
		} {
			if res.Code != http.StatusForbidden || !strings.Contains(res.body, html.EscapeString(account.MsgDemoRolesFixed)) {
				t.Errorf("%s: %d, want 403 saying why", what, res.Code)
			}
		}
		if page := admin.get("/users/" + u.ID).body; strings.Contains(page, `/roles"`) || !strings.Contains(page, html.EscapeString(account.MsgDemoRolesFixed)) {
			t.Error("the user page offers to change a demo account's roles, or does not say why not")
		}
		// A reset link issued before demo accounts were fixed does not work.
		var token string
		s.write(func(tx *store.Tx) (err error) {
			token, _, err = tx.CreateLink(ctx, store.NewLink{Purpose: account.PasswordResetLink, SubjectID: u.ID})
			return err
		})
		if res := visitor.get("/sign-in/reset-password/" + token); res.Code != http.StatusForbidden {
			t.Errorf("an old reset link: %d, want 403", res.Code)
		}
		if err := s.svc.ResetPassword(ctx, token, "a-brand-new-passphrase"); err == nil {
			t.Error("an old reset link reset a demo account's password")
		}
		if _, err := s.svc.BeginSecondFactorSetup(ctx, u.ID); err == nil {
			t.Error("a demo account began setting up a new authenticator app")
		}

		// The next visitor signs in with the README's credentials.
		if !s.client().demoSignIn(victim) {
			t.Fatal("the README's credentials no longer work")
		}
	})
}

// Outside a demo there is no outbox, even for a platform admin.
func TestNoOutboxOutsideADemo(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ops := s.org("Operations", account.PlatformOperator)
		c := s.client()
		c.signIn(s.user(ops, "pa@example.com", account.PlatformAdmin))
		if res := c.get("/outbox"); res.Code != http.StatusNotFound {
			t.Fatalf("outbox in a real database: %d", res.Code)
		}
	})
}
