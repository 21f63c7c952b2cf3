package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"learnwell/internal/account"
	"learnwell/internal/browsertest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestSignInInBrowser signs in to the demo as its link worker, with the demo
// password and a code computed from the demo's authenticator key, and signs
// out, in headless Chromium; then goes through an admin's pages and a new
// user's invitation and authenticator set-up. Every page is audited with
// axe-core (WCAG 2.2 AA), with and without errors.
func TestSignInInBrowser(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{})
	srv := httptest.NewServer(newApp(t, db, true))
	defer srv.Close()
	b := browsertest.New(t)
	code := func() string {
		c, err := account.TOTPCode(account.DemoTOTPSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	page := func(path, title string) {
		t.Helper()
		if got := b.Open(srv.URL + path); got != 200 {
			t.Fatalf("%s: status %d", path, got)
		}
		if !strings.HasPrefix(b.Title(), title) {
			t.Errorf("%s: title %q, want %q", path, b.Title(), title)
		}
		b.AssertAccessible()
	}
	signIn := func(email string) {
		t.Helper()
		page("/sign-in", "Sign in - learnwell")
		b.Fill("#email", email)
		b.Fill("#password", account.DemoPassword)
		if got := b.Submit(`form[action="/sign-in"] button[type="submit"]`); got != 200 || !strings.HasSuffix(b.URL(), "/sign-in/two-factor") {
			t.Fatalf("password: %d at %s", got, b.URL())
		}
		b.AssertAccessible()
		b.Fill("#code", code())
		if got := b.Submit(`form[action="/sign-in/two-factor"] button[type="submit"]`); got != 200 || !strings.HasSuffix(b.URL(), "/account") {
			t.Fatalf("code: %d at %s: %s", got, b.URL(), b.Text("main"))
		}
	}
	signOut := func() {
		t.Helper()
		if got := b.Submit(".nhsuk-header__account-button"); got != 200 || !strings.HasSuffix(b.URL(), "/sign-out") {
			t.Fatalf("sign out: %d at %s", got, b.URL())
		}
		if b.Text("h1") != "You have signed out" {
			t.Errorf("after signing out: %q", b.Text("h1"))
		}
	}

	// The sign-in page, and its errors.
	page("/sign-in", "Sign in - learnwell")
	b.AssertNoConsoleErrors()
	if got := b.Submit(`form[action="/sign-in"] button[type="submit"]`); got != 400 {
		t.Fatalf("empty sign-in: %d", got)
	}
	if !strings.HasPrefix(b.Title(), "Error: ") || !strings.Contains(b.Text(".nhsuk-error-summary"), "Enter your email address") {
		t.Errorf("no error summary: %q", b.Title())
	}
	b.AssertAccessible()

	// The link worker: password, then a wrong code, then the right one.
	b.Fill("#email", "link.worker@example.com")
	b.Fill("#password", account.DemoPassword)
	b.Submit(`form[action="/sign-in"] button[type="submit"]`)
	if b.Title() != "Enter the code from your authenticator app - learnwell" {
		t.Fatalf("two-factor page: %q", b.Title())
	}
	b.AssertAccessible()
	b.Fill("#code", "12345")
	if got := b.Submit(`form[action="/sign-in/two-factor"] button[type="submit"]`); got != 400 {
		t.Fatalf("a short code: %d", got)
	}
	b.AssertAccessible()
	b.Fill("#code", code())
	if got := b.Submit(`form[action="/sign-in/two-factor"] button[type="submit"]`); got != 200 || !strings.HasSuffix(b.URL(), "/account") {
		t.Fatalf("code: %d at %s", got, b.URL())
	}
	if got := b.Text(".lw-signed-in"); !strings.Contains(got, "Lina Walker") || !strings.Contains(got, "Islington Social Prescribing (demo)") {
		t.Errorf("the header says %q", got)
	}
	b.AssertAccessible()
	page("/account/tokens", "API tokens - learnwell")
	page("/account/tokens/new", "Create an API token - learnwell")
	page("/sign-out-everywhere", "Sign out everywhere - learnwell")
	if got := b.Open(srv.URL + "/audit"); got != 403 {
		t.Errorf("a link worker on the audit page: %d", got)
	}
	b.AssertAccessible()
	b.Open(srv.URL + "/account")
	signOut()
	b.AssertAccessible()
	if got := b.Open(srv.URL + "/account"); got != 200 || !strings.HasSuffix(b.URL(), "/sign-in") {
		t.Errorf("the account page after signing out: %d at %s", got, b.URL())
	}

	// The organisation admin: users, a user, an invitation, the audit trail.
	signIn("org.admin@example.com")
	b.Open(srv.URL + "/account")
	b.Submit(`#account-links a[href$="/users"]`)
	if !strings.HasPrefix(b.Title(), "Users of Islington Social Prescribing (demo)") {
		t.Fatalf("users page: %q", b.Title())
	}
	b.AssertAccessible()
	invite := browsertest.Eval[string](b, `document.querySelector('main a[href$="/users/invite"]').getAttribute('href')`)
	b.Submit(`#users a`)
	if !strings.HasPrefix(b.Title(), "Lina Walker") && !strings.HasPrefix(b.Title(), "Omar Adeyemi") {
		t.Errorf("user page: %q", b.Title())
	}
	b.AssertAccessible()
	page(invite, "Invite someone to Islington Social Prescribing (demo)")
	b.Submit(`main form button[type="submit"]`)
	b.AssertAccessible()
	b.Fill("#name", "Nia Newcomer")
	b.Fill("#email", "nia.newcomer@example.com")
	b.Check("#roles")
	if got := b.Submit(`main form button[type="submit"]`); got != 200 || !strings.Contains(b.Text("main"), "We have emailed nia.newcomer@example.com") {
		t.Fatalf("invite: %d, %s", got, b.Text("main"))
	}
	b.AssertAccessible()
	page("/audit", "Audit trail - learnwell")
	b.Select("#action", "user.invited")
	b.Submit(`form[action="/audit"] button[type="submit"]`)
	if !strings.Contains(b.Text("#audit-entries"), "Invited Nia Newcomer") {
		t.Errorf("the invitation is not in the trail: %s", b.Text("main"))
	}
	b.AssertAccessible()
	signOut()

	// The platform admin: organisations and agreements.
	signIn("platform.admin@example.com")
	page("/organisations", "Organisations - learnwell")
	page("/organisations/new", "Add an organisation - learnwell")
	b.Submit(`main form button[type="submit"]`)
	b.AssertAccessible()
	page("/agreements", "Data sharing agreements - learnwell")
	b.Submit(`#agreements a`)
	b.AssertAccessible()
	page("/agreements/new", "Draft a data sharing agreement - learnwell")
	b.Submit(`main form button[type="submit"]`)
	if !strings.HasPrefix(b.Title(), "Error: ") {
		t.Errorf("agreement errors: %q", b.Title())
	}
	b.AssertAccessible()
	signOut()

	// The new user: their invitation link, a password, an authenticator app.
	msgs, _, err := db.FindMessages(context.Background(), store.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	link := ""
	for _, m := range msgs {
		if m.Recipient == "nia.newcomer@example.com" {
			link = findLink(m.Body, "/sign-in/invitation/")
		}
	}
	i := strings.Index(link, "/sign-in/invitation/")
	if i < 0 {
		t.Fatalf("no invitation link in the outbox")
	}
	page(link[i:], "Set your password - learnwell")
	if strings.Contains(b.URL(), link[i+len("/sign-in/invitation/"):]) {
		t.Error("the token stayed in the address bar")
	}
	b.Fill("#password", "short")
	b.Submit(`main form button[type="submit"]`)
	b.AssertAccessible()
	b.Fill("#password", "heron-lantern-biscuit-42")
	if got := b.Submit(`main form button[type="submit"]`); got != 200 || !strings.HasSuffix(b.URL(), "/sign-in/set-up-two-factor") {
		t.Fatalf("set password: %d at %s", got, b.URL())
	}
	if w := browsertest.Eval[int](b, `document.querySelector('img.lw-qr').naturalWidth`); w < 100 {
		t.Errorf("the QR code is %d pixels wide", w)
	}
	b.AssertAccessible()
	key := strings.ReplaceAll(b.Text("#totp-key"), " ", "")
	c, err := account.TOTPCode(key, time.Now())
	if err != nil {
		t.Fatalf("the key %q: %v", key, err)
	}
	b.Fill("#code", c)
	if got := b.Submit(`main form button[type="submit"]`); got != 200 || !strings.HasPrefix(b.Title(), "Save your recovery codes") {
		t.Fatalf("confirm: %d, %q", got, b.Title())
	}
	b.AssertAccessible()
	b.Submit(`main a[role="button"]`)
	if !strings.HasSuffix(b.URL(), "/account") || !strings.Contains(b.Text(".lw-signed-in"), "Nia Newcomer") {
		t.Errorf("not signed in at the end: %s", b.URL())
	}
}
