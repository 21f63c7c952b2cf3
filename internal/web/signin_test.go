package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/audit"
	"learnwell/internal/jobs/jobstest"
	"learnwell/internal/store"
)

func TestSignInWithPasswordAndCode(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		c := s.client()

		res := c.get("/sign-in")
		if res.Code != 200 || c.session() != "" {
			t.Fatalf("sign-in page: %d, session %q", res.Code, c.session())
		}
		mustContain(t, "sign-in page", res.body, `<title>Sign in - learnwell</title>`, `name="email"`, `type="password"`,
			`autocomplete="current-password"`, `href="/sign-in/forgot-password"`, `action="/sign-in"`)

		// Bad input: every problem in the error summary, linked to its field.
		res = c.post("/sign-in", url.Values{})
		if res.Code != http.StatusBadRequest {
			t.Fatalf("empty form: %d", res.Code)
		}
		mustContain(t, "empty form", res.body, "<title>Error: Sign in - learnwell</title>", `<a href="#email">Enter your email address</a>`,
			`<a href="#password">Enter your password</a>`, `nhsuk-input--error`)

		// A wrong password and an unknown address get the same answer.
		wrong := c.post("/sign-in", url.Values{"email": {"lw@example.com"}, "password": {"not the password"}})
		unknown := c.post("/sign-in", url.Values{"email": {"nobody@example.com"}, "password": {"not the password"}})
		if wrong.Code != http.StatusBadRequest || unknown.Code != http.StatusBadRequest {
			t.Fatalf("wrong password %d, unknown address %d", wrong.Code, unknown.Code)
		}
		if errorSummary(wrong.body) != errorSummary(unknown.body) || !strings.Contains(errorSummary(wrong.body), "Enter the email address and password for your account") {
			t.Errorf("the answers differ or say too little:\n%s\n%s", errorSummary(wrong.body), errorSummary(unknown.body))
		}
		if !strings.Contains(unknown.body, `value="nobody@example.com"`) || strings.Contains(wrong.body, "not the password") {
			t.Error("the form should keep the email address typed and never the password")
		}

		// The password: a new session, not yet signed in.
		res = c.post("/sign-in", url.Values{"email": {"LW@example.com"}, "password": {testPassword}})
		if res.Code != http.StatusSeeOther || res.location() != "/sign-in/two-factor" {
			t.Fatalf("password: %d %s", res.Code, res.location())
		}
		halfway := c.session()
		if halfway == "" {
			t.Fatal("no session after the password")
		}
		if res := c.get("/account"); res.Code != http.StatusSeeOther || res.location() != "/sign-in" {
			t.Fatalf("the account page before the code: %d %s", res.Code, res.location())
		}
		res = c.get("/sign-in/two-factor")
		mustContain(t, "two-factor page", res.body, `name="code"`, `autocomplete="one-time-code"`, `inputmode="numeric"`, `href="/sign-in/recovery-code"`)

		res = c.post("/sign-in/two-factor", url.Values{"code": {""}})
		mustContain(t, "no code", errorSummary(res.body), "Enter the 6-digit code from your authenticator app")
		res = c.post("/sign-in/two-factor", url.Values{"code": {"12ab"}})
		mustContain(t, "a code of letters", errorSummary(res.body), "Enter the code using only 6 digits")
		wrongCode := "000000"
		if s.code(lw) == wrongCode {
			wrongCode = "111111"
		}
		res = c.post("/sign-in/two-factor", url.Values{"code": {wrongCode}})
		if res.Code != http.StatusBadRequest {
			t.Fatalf("wrong code: %d", res.Code)
		}
		mustContain(t, "wrong code", errorSummary(res.body), "Enter the code shown in your authenticator app now")

		res = c.post("/sign-in/two-factor", url.Values{"code": {s.code(lw)}})
		if res.Code != http.StatusSeeOther || res.location() != "/account" {
			t.Fatalf("code: %d %s\n%s", res.Code, res.location(), errorSummary(res.body))
		}
		if c.session() == halfway {
			t.Error("the session id did not change at sign-in")
		}
		ck := res.Result().Cookies()[0]
		if ck.Name != "learnwell-session" || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || ck.Path != "/" || ck.MaxAge != 0 {
			t.Errorf("session cookie %+v", ck)
		}
		res = c.get("/account")
		if res.Code != 200 {
			t.Fatalf("account page: %d", res.Code)
		}
		mustContain(t, "account page", res.body, "Your account", "Person lw", "Islington Social Prescribing", "Link worker",
			`<form class="nhsuk-header__account-form" action="/sign-out" method="post" novalidate>`, `href="/account/tokens"`)
		if res.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("a signed-in page may be cached: %q", res.Header().Get("Cache-Control"))
		}
		if strings.Contains(res.body, `href="/audit"`) || strings.Contains(res.body, `/users"`) {
			t.Error("a link worker is offered admin pages")
		}
		// The sign-in page sends them on.
		if res := c.get("/sign-in"); res.Code != http.StatusSeeOther || res.location() != "/account" {
			t.Errorf("sign-in page when signed in: %d %s", res.Code, res.location())
		}

		// The audit trail has the sign-in, from the client's network, and the failures.
		entries, _, err := s.db.FindAuditEntries(context.Background(), audit.Filter{OrganisationID: sps.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) == 0 || entries[0].Action != "sign-in.succeeded" || entries[0].Actor.UserID != lw.ID ||
			entries[0].Origin.Network != "192.0.2.0/24" || entries[0].Origin.Client != audit.ClientBrowser || entries[0].Origin.RequestID == "" {
			t.Errorf("sign-in entry %+v", entries)
		}
		failed := 0
		for _, e := range entries {
			if e.Action == "sign-in.failed" {
				failed++
			}
		}
		if failed != 2 { // the wrong password and the wrong code; the unknown address is not the organisation's
			t.Errorf("%d failures of the organisation in the trail, want 2", failed)
		}
	})
}

func TestSessionCookieOverHTTPS(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		c := s.client()
		res := c.post("/sign-in", url.Values{"email": {lw.Email}, "password": {testPassword}})
		cookies := res.Result().Cookies()
		if len(cookies) == 0 {
			t.Fatal("no cookie")
		}
		ck := cookies[0]
		if ck.Name != "__Host-learnwell-session" || !ck.Secure || !ck.HttpOnly || ck.Path != "/" || ck.Domain != "" {
			t.Errorf("cookie over https: %+v", ck)
		}
		if !strings.HasPrefix(res.Header().Get("Strict-Transport-Security"), "max-age=") {
			t.Error("no HSTS with an https base URL")
		}
	}, "--base-url", "https://learnwell.example.org")
}

func TestSignInTakesYouBack(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		admin := s.user(sps, "admin@example.com", account.OrgAdmin)
		c := s.client()
		if res := c.get("/audit?action=user.view"); res.Code != http.StatusSeeOther || res.location() != "/sign-in" {
			t.Fatalf("anonymous: %d %s", res.Code, res.location())
		}
		c.post("/sign-in", url.Values{"email": {admin.Email}, "password": {testPassword}})
		res := c.post("/sign-in/two-factor", url.Values{"code": {s.code(admin)}})
		if res.location() != "/audit?action=user.view" {
			t.Errorf("after sign-in: %s", res.location())
		}
	})
}

func TestLockoutAndThrottling(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		other := s.user(sps, "other@example.com", account.LinkWorker)

		// An account: 10 failures lock it, even against the right password.
		c := s.client()
		for range 10 {
			if res := c.post("/sign-in", url.Values{"email": {lw.Email}, "password": {"guess guess guess"}}); res.Code != http.StatusBadRequest {
				t.Fatalf("a failure: %d", res.Code)
			}
		}
		res := c.post("/sign-in", url.Values{"email": {lw.Email}, "password": {testPassword}})
		if res.Code != http.StatusTooManyRequests || res.Header().Get("Retry-After") != "900" {
			t.Fatalf("locked: %d, Retry-After %q", res.Code, res.Header().Get("Retry-After"))
		}
		mustContain(t, "locked", errorSummary(res.body), "There have been too many attempts to sign in. Try again in 15 minutes")
		// From another network too: the lock is the account's, in the database.
		if res := s.client().post("/sign-in", url.Values{"email": {lw.Email}, "password": {testPassword}}); res.Code != http.StatusTooManyRequests {
			t.Fatalf("locked from elsewhere: %d", res.Code)
		}
		// An unknown address locks the same way, so a lock says nothing.
		for range 10 {
			c.post("/sign-in", url.Values{"email": {"nobody@example.com"}, "password": {"guess guess guess"}})
		}
		if res := c.post("/sign-in", url.Values{"email": {"nobody@example.com"}, "password": {"guess guess guess"}}); res.Code != http.StatusTooManyRequests {
			t.Fatalf("unknown address: %d", res.Code)
		}
		s.clock.Advance(15 * time.Minute)
		s.client().signIn(lw)

		// A network: 100 failures throttle it, whatever accounts it tries.
		s.clock.Advance(time.Hour)
		noisy := s.client()
		for i := range 100 {
			noisy.post("/sign-in", url.Values{"email": {fmt.Sprintf("someone%d@example.com", i)}, "password": {"guess guess guess"}})
			if i%9 == 8 {
				s.clock.Advance(time.Second)
			}
		}
		res = noisy.post("/sign-in", url.Values{"email": {other.Email}, "password": {testPassword}})
		if res.Code != http.StatusTooManyRequests {
			t.Fatalf("a throttled network: %d", res.Code)
		}
		s.client().signIn(other) // another network is not
	})
}

func TestWrongCodesCountTowardsTheLock(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		c := s.client()
		c.post("/sign-in", url.Values{"email": {lw.Email}, "password": {testPassword}})
		wrong := "000000"
		if s.code(lw) == wrong {
			wrong = "111111"
		}
		for range 10 {
			c.post("/sign-in/two-factor", url.Values{"code": {wrong}})
		}
		res := c.post("/sign-in/two-factor", url.Values{"code": {s.code(lw)}})
		if res.Code != http.StatusTooManyRequests {
			t.Fatalf("after 10 wrong codes: %d", res.Code)
		}
	})
}

func TestPasswordStepExpires(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		c := s.client()
		c.post("/sign-in", url.Values{"email": {lw.Email}, "password": {testPassword}})
		s.clock.Advance(11 * time.Minute)
		res := c.post("/sign-in/two-factor", url.Values{"code": {s.code(lw)}})
		if res.Code != http.StatusSeeOther || res.location() != "/sign-in" {
			t.Fatalf("a code 11 minutes after the password: %d %s", res.Code, res.location())
		}
		mustContain(t, "sign-in page", c.get("/sign-in").body, "Signing in took too long")
	})
}

func TestRecoveryCodes(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		c := s.client()
		c.post("/sign-in", url.Values{"email": {lw.Email}, "password": {testPassword}})
		mustContain(t, "recovery code page", c.get("/sign-in/recovery-code").body, `name="recovery_code"`)
		res := c.post("/sign-in/recovery-code", url.Values{"recovery_code": {""}})
		mustContain(t, "no code", errorSummary(res.body), "Enter one of your recovery codes")
		res = c.post("/sign-in/recovery-code", url.Values{"recovery_code": {"aaaa-bbbb-cccc-dddd"}})
		if res.Code != http.StatusBadRequest {
			t.Fatalf("a wrong code: %d", res.Code)
		}
		res = c.post("/sign-in/recovery-code", url.Values{"recovery_code": {strings.ToUpper(lw.Recovery[0])}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("a recovery code: %d\n%s", res.Code, errorSummary(res.body))
		}
		mustContain(t, "after a recovery code", c.get(res.location()).body, "You have 9 recovery codes left")

		// The same code again does not work.
		c2 := s.client()
		c2.post("/sign-in", url.Values{"email": {lw.Email}, "password": {testPassword}})
		if res := c2.post("/sign-in/recovery-code", url.Values{"recovery_code": {lw.Recovery[0]}}); res.Code != http.StatusBadRequest {
			t.Fatalf("a used code: %d", res.Code)
		}

		// New codes, shown once; the old ones stop working.
		res = c.post("/account/recovery-codes", nil)
		if res.Code != 200 {
			t.Fatalf("new codes: %d", res.Code)
		}
		mustContain(t, "new codes", res.body, "You will not see these codes again", `id="recovery-codes"`)
		if res := c2.post("/sign-in/recovery-code", url.Values{"recovery_code": {lw.Recovery[1]}}); res.Code != http.StatusBadRequest {
			t.Fatalf("an old code after new ones: %d", res.Code)
		}
	})
}

func TestSessionsEnd(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		admin := s.user(sps, "admin@example.com", account.OrgAdmin)
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		signedIn := func(c *client) bool { return c.get("/account").Code == 200 }

		// Idle: 30 minutes without a request.
		c := s.client()
		c.signIn(lw)
		s.clock.Advance(29 * time.Minute)
		if !signedIn(c) {
			t.Fatal("signed out before the idle timeout")
		}
		s.clock.Advance(30 * time.Minute)
		if signedIn(c) {
			t.Fatal("still signed in after 30 minutes idle")
		}
		mustContain(t, "sign-in page", c.get("/sign-in").body, "you had not used learnwell for a while")

		// Lifetime: 12 hours, however busy.
		c = s.client()
		c.signIn(lw)
		for range 12 * 3 {
			s.clock.Advance(20 * time.Minute)
			if s.clock.Now().Sub(testNow) < 12*time.Hour && !signedIn(c) {
				t.Fatalf("signed out at %s while busy", s.clock.Now())
			}
		}
		if signedIn(c) {
			t.Fatal("still signed in after 12 hours")
		}

		// Sign out: the session is gone from the store, and its cookie is worth nothing.
		c = s.client()
		c.signIn(lw)
		old := c.session()
		res := c.post("/sign-out", nil)
		if res.Code != http.StatusSeeOther || res.location() != "/sign-out" {
			t.Fatalf("sign out: %d %s", res.Code, res.location())
		}
		mustContain(t, "signed out page", c.get("/sign-out").body, "You have signed out")
		replay := s.client()
		replay.jar["learnwell-session"] = &http.Cookie{Name: "learnwell-session", Value: old}
		if signedIn(replay) {
			t.Fatal("a signed-out session's cookie still works")
		}

		// Sign out everywhere: every session of theirs, at once.
		a, b := s.client(), s.client()
		a.signIn(lw)
		b.signIn(lw)
		s.clock.Advance(time.Second)
		mustContain(t, "sign out everywhere page", a.get("/sign-out-everywhere").body, "every device")
		if res := a.post("/sign-out-everywhere", nil); res.Code != http.StatusSeeOther {
			t.Fatalf("sign out everywhere: %d", res.Code)
		}
		if signedIn(a) || signedIn(b) {
			t.Fatal("a session survived signing out everywhere")
		}
		if n, _ := s.db.CountUserSessions(ctx, lw.ID); n != 0 {
			t.Errorf("%d sessions left in the store", n)
		}

		// Deactivation and a second-factor reset by an admin end them too.
		lost := s.user(sps, "lost@example.com", account.LinkWorker)
		for _, tc := range []struct {
			action string
			who    testUser
		}{{"reset-two-factor", lost}, {"deactivate", lw}} {
			s.clock.Advance(time.Second)
			user := s.client()
			user.signIn(tc.who)
			boss := s.client()
			boss.signIn(admin)
			if res := boss.post("/users/"+tc.who.ID+"/"+tc.action, nil); res.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d\n%s", tc.action, res.Code, res.body)
			}
			if signedIn(user) {
				t.Fatalf("still signed in after %s", tc.action)
			}
			mustContain(t, "sign-in page after "+tc.action, user.get("/sign-in").body, "Your session has ended")
		}
		// After the reset they sign in again and set up a new app.
		again := s.client()
		if res := again.post("/sign-in", url.Values{"email": {lost.Email}, "password": {testPassword}}); res.location() != "/sign-in/set-up-two-factor" {
			t.Fatalf("password after a reset: %d %s", res.Code, res.location())
		}
		if res := again.get("/sign-in/two-factor"); res.location() != "/sign-in" {
			t.Fatalf("two-factor page after a reset: %d %s", res.Code, res.location())
		}
		if res := again.get("/sign-in/set-up-two-factor"); res.Code != 200 {
			t.Fatalf("set-up page after a reset: %d", res.Code)
		}
		if res := s.client().post("/sign-in", url.Values{"email": {lw.Email}, "password": {testPassword}}); res.Code != http.StatusBadRequest {
			t.Errorf("a deactivated user signs in: %d", res.Code)
		}
	})
}

func TestInvitationSetsPasswordAndAuthenticator(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		r, err := s.svc.CreateFirstUser(ctx, accountsBootstrap("ops@example.org"), "command:user-create")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(r.Link, s.cfg.BaseURL+"/sign-in/invitation/") {
			t.Fatalf("the link %s", r.Link)
		}
		path := strings.TrimPrefix(r.Link, s.cfg.BaseURL)
		token := strings.TrimPrefix(path, "/sign-in/invitation/")
		c := s.client()

		// The link: checked, kept in the session, and taken out of the URL.
		res := c.get(path)
		if res.Code != http.StatusSeeOther || res.location() != "/sign-in/invitation" || res.Header().Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("the link: %d %s, Referrer-Policy %q", res.Code, res.location(), res.Header().Get("Referrer-Policy"))
		}
		res = c.get("/sign-in/invitation")
		if res.Code != 200 || res.Header().Get("Referrer-Policy") != "no-referrer" || strings.Contains(res.body, token) {
			t.Fatalf("the form: %d, Referrer-Policy %q", res.Code, res.Header().Get("Referrer-Policy"))
		}
		mustContain(t, "invitation form", res.body, "Set your password", "ops@example.org", "learnwell operations", `autocomplete="new-password"`)

		// Bad passwords leave the link unused.
		for pw, msg := range map[string]string{"": "Enter a password", "short": "at least 12 characters", "password1234": "Enter a less common password"} {
			res = c.post("/sign-in/invitation", url.Values{"password": {pw}})
			if res.Code != http.StatusBadRequest {
				t.Fatalf("password %q: %d", pw, res.Code)
			}
			mustContain(t, "password "+pw, errorSummary(res.body), msg)
		}
		res = c.post("/sign-in/invitation", url.Values{"password": {testPassword}})
		if res.Code != http.StatusSeeOther || res.location() != "/sign-in/set-up-two-factor" {
			t.Fatalf("set password: %d %s\n%s", res.Code, res.location(), errorSummary(res.body))
		}

		// The authenticator app: a QR code made here, and the key as text.
		res = c.get("/sign-in/set-up-two-factor")
		mustContain(t, "set-up page", res.body, `src="data:image/png;base64,`, "otpauth://totp/learnwell:ops@example.org?", `id="totp-key"`)
		uri := between(res.body, `<p class="lw-code nhsuk-body-s" id="totp-uri">`, "</p>")
		secret := strings.SplitN(strings.SplitN(uri, "secret=", 2)[1], "&amp;", 2)[0]
		if len(secret) != 32 {
			t.Fatalf("secret %q from %q", secret, uri)
		}
		res = c.post("/sign-in/set-up-two-factor", url.Values{"code": {"12"}})
		if res.Code != http.StatusBadRequest || !strings.Contains(res.body, secret) {
			t.Fatalf("a bad code: %d, or a new secret", res.Code)
		}
		code, _ := account.TOTPCode(secret, s.clock.Now())
		res = c.post("/sign-in/set-up-two-factor", url.Values{"code": {code}})
		if res.Code != 200 {
			t.Fatalf("confirm: %d\n%s", res.Code, errorSummary(res.body))
		}
		mustContain(t, "recovery codes", res.body, "Save your recovery codes", "You will not see these codes again", `href="/account"`)
		if n := strings.Count(between(res.body, `id="recovery-codes">`, "</ul>"), "<li>"); n != 10 {
			t.Errorf("%d recovery codes shown", n)
		}
		if c.get("/account").Code != 200 {
			t.Fatal("not signed in after setting up")
		}

		// The link again, changed, or never issued: one page that says nothing more.
		for name, p := range map[string]string{
			"used":    path,
			"changed": "/sign-in/invitation/" + token[:42] + map[bool]string{true: "B", false: "A"}[token[42] == 'A'],
			"garbage": "/sign-in/invitation/hello",
		} {
			res := s.client().get(p)
			if res.Code != http.StatusNotFound || res.Header().Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("%s link: %d, %q", name, res.Code, res.Header().Get("Referrer-Policy"))
			}
			mustContain(t, name+" link", res.body, "This link has expired or has already been used")
		}
		// Without a link in the session, the form is the same page.
		if res := s.client().get("/sign-in/invitation"); res.Code != http.StatusNotFound {
			t.Errorf("the form without a link: %d", res.Code)
		}
	})
}

func TestInvitationExpires(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		r, err := s.svc.CreateFirstUser(context.Background(), accountsBootstrap("ops@example.org"), "command:user-create")
		if err != nil {
			t.Fatal(err)
		}
		path := strings.TrimPrefix(r.Link, s.cfg.BaseURL)
		c := s.client()
		c.get(path) // opened on day 1, used on day 8
		s.clock.Advance(7*24*time.Hour + time.Minute)
		res := c.post("/sign-in/invitation", url.Values{"password": {testPassword}})
		if res.Code != http.StatusNotFound {
			t.Fatalf("an expired invitation: %d", res.Code)
		}
		mustContain(t, "expired invitation", res.body, "This link has expired or has already been used")
		if res := s.client().get(path); res.Code != http.StatusNotFound {
			t.Fatalf("an expired link: %d", res.Code)
		}
	})
}

func TestForgottenPassword(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		c := s.client()
		mustContain(t, "forgot page", c.get("/sign-in/forgot-password").body, `name="email"`, "Send the link")
		res := c.post("/sign-in/forgot-password", url.Values{"email": {"not an address"}})
		if res.Code != http.StatusBadRequest || !strings.Contains(res.body, `<a href="#email">Enter an email address in the correct format`) {
			t.Fatalf("a bad address: %d %s", res.Code, errorSummary(res.body))
		}
		known := c.post("/sign-in/forgot-password", url.Values{"email": {lw.Email}})
		unknown := c.post("/sign-in/forgot-password", url.Values{"email": {"nobody@example.com"}})
		if known.Code != 200 || unknown.Code != 200 ||
			strings.ReplaceAll(known.body, lw.Email, "X") != strings.ReplaceAll(unknown.body, "nobody@example.com", "X") {
			t.Fatal("the answer differs for an address with an account")
		}
		jobstest.WorkPasswordResets(t, s.db, s.svc) // as the job runner does
		msgs, _, _ := s.db.FindMessages(ctx, store.MessageFilter{})
		if len(msgs) != 1 || msgs[0].Recipient != lw.Email || msgs[0].Kind != "password-reset" {
			t.Fatalf("messages %+v", msgs)
		}
		link := strings.TrimPrefix(findLink(msgs[0].Body, s.cfg.BaseURL+"/sign-in/reset-password/"), s.cfg.BaseURL)
		if link == "" {
			t.Fatalf("no link in %q", msgs[0].Body)
		}

		// The signed-in sessions end when the password is reset.
		other := s.client()
		other.signIn(lw)
		s.clock.Advance(time.Second)

		res = c.get(link)
		if res.Code != http.StatusSeeOther || res.location() != "/sign-in/reset-password" || res.Header().Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("the link: %d %s", res.Code, res.location())
		}
		mustContain(t, "reset form", c.get("/sign-in/reset-password").body, "Choose a new password", lw.Email)
		res = c.post("/sign-in/reset-password", url.Values{"password": {"lw@example.com"}})
		if res.Code != http.StatusBadRequest {
			t.Fatalf("the email address as password: %d", res.Code)
		}
		res = c.post("/sign-in/reset-password", url.Values{"password": {"a-brand-new-passphrase"}})
		if res.Code != 200 {
			t.Fatalf("reset: %d\n%s", res.Code, errorSummary(res.body))
		}
		mustContain(t, "reset done", res.body, "Your password has been changed")
		if other.get("/account").Code == 200 {
			t.Error("a session survived the reset")
		}
		if res := s.client().post("/sign-in", url.Values{"email": {lw.Email}, "password": {testPassword}}); res.Code != http.StatusBadRequest {
			t.Errorf("the old password works: %d", res.Code)
		}
		if res := s.client().post("/sign-in", url.Values{"email": {lw.Email}, "password": {"a-brand-new-passphrase"}}); res.Code != http.StatusSeeOther {
			t.Errorf("the new password fails: %d", res.Code)
		}
		if res := s.client().get(link); res.Code != http.StatusNotFound {
			t.Errorf("a used reset link: %d", res.Code)
		}

		// A reset link lasts an hour.
		s.client().post("/sign-in/forgot-password", url.Values{"email": {lw.Email}})
		jobstest.WorkPasswordResets(t, s.db, s.svc)
		msgs, _, _ = s.db.FindMessages(ctx, store.MessageFilter{})
		link = strings.TrimPrefix(findLink(msgs[0].Body, s.cfg.BaseURL+"/sign-in/reset-password/"), s.cfg.BaseURL)
		s.clock.Advance(61 * time.Minute)
		if res := s.client().get(link); res.Code != http.StatusNotFound {
			t.Errorf("a reset link after an hour: %d", res.Code)
		}
	})
}

func TestChangePassword(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		c, elsewhere := s.client(), s.client()
		c.signIn(lw)
		elsewhere.signIn(lw)
		s.clock.Advance(time.Second)
		res := c.post("/account/password", url.Values{"current_password": {"wrong wrong wrong"}, "password": {"short"}})
		if res.Code != http.StatusBadRequest {
			t.Fatalf("bad input: %d", res.Code)
		}
		mustContain(t, "bad input", res.body, `<a href="#password">Enter a password that is at least 12 characters long</a>`)
		res = c.post("/account/password", url.Values{"current_password": {"wrong wrong wrong"}, "password": {"a-brand-new-passphrase"}})
		mustContain(t, "wrong current password", errorSummary(res.body), "Enter your current password correctly")
		res = c.post("/account/password", url.Values{"current_password": {testPassword}, "password": {"a-brand-new-passphrase"}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("change: %d\n%s", res.Code, errorSummary(res.body))
		}
		if c.get("/account").Code != 200 {
			t.Error("this session ended with the change")
		}
		if elsewhere.get("/account").Code == 200 {
			t.Error("another session survived the change")
		}
	})
}

// between returns the text between two markers.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	if j := strings.Index(s, end); j >= 0 {
		return s[:j]
	}
	return s
}

// findLink returns the first URL in the text that starts with prefix.
func findLink(text, prefix string) string {
	i := strings.Index(text, prefix)
	if i < 0 {
		return ""
	}
	return strings.Fields(text[i:])[0]
}

func accountsBootstrap(email string) accounts.Bootstrap {
	return accounts.Bootstrap{Email: email, Name: "Ops Person", OrgName: "learnwell operations", Roles: []account.Role{account.PlatformAdmin}}
}
