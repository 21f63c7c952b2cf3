package web_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"learnwell/internal/account"
	"learnwell/internal/browsertest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
	"learnwell/internal/web"
)

// TestEveryPageInEveryRoleInBrowser signs in to the demo as each of its
// roles in turn (and stays anonymous once), opens every GET page of the route
// table with its path filled with real ids of the demo, and audits each page
// it lands on with axe-core at 320 px and at desktop width, failing on any
// violation and on a page that scrolls sideways at 320 px. The public pages
// are audited in the anonymous walk; each role's walk audits the home page
// (its header) and every page that needs signing in. A page refused to the
// role (403) is audited too, once: it is what that person sees. An answer
// that is not a web page must be one a browser asked for on purpose (such as
// /metrics for the platform admin), never an error shown as raw data.
func TestEveryPageInEveryRoleInBrowser(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{})
	app := newApp(t, db, true)
	srv := httptest.NewServer(app)
	defer srv.Close()
	b := browsertest.New(t)
	b.Timeout = 30 * time.Second
	ctx := context.Background()

	b.Open(srv.URL + "/courses?q=art")
	course := browsertest.Eval[string](b, `[...document.querySelectorAll('main a')].map(a => a.getAttribute('href')).find(h => /^\/courses\/[0-9a-f-]{36}$/.test(h)) || ''`)
	if course == "" {
		t.Fatal("the finder lists no course")
	}
	users, err := db.FindUsers(ctx, store.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	userByEmail := func(email string) account.User {
		t.Helper()
		i := slices.IndexFunc(users, func(u account.User) bool { return u.Email == email })
		if i < 0 {
			t.Fatalf("no demo user %s", email)
		}
		return users[i]
	}
	// ids fills the path wildcards for someone of this user's organisation:
	// their organisation, a colleague (or else the link worker), an
	// agreement their organisation is party to (or else any), a course.
	ids := func(u account.User) map[string]string {
		t.Helper()
		m := map[string]string{"org": u.OrganisationID, "id": strings.TrimPrefix(course, "/courses/"), "user": userByEmail("link.worker@example.com").ID}
		for _, c := range users {
			if c.OrganisationID == u.OrganisationID && c.ID != u.ID {
				m["user"] = c.ID
				break
			}
		}
		agreements, err := db.FindAgreements(ctx, store.AgreementFilter{OrganisationID: u.OrganisationID})
		if err == nil && len(agreements) == 0 {
			agreements, err = db.FindAgreements(ctx, store.AgreementFilter{})
		}
		if err != nil || len(agreements) == 0 {
			t.Fatalf("no agreement in the demo: %v", err)
		}
		m["agreement"] = agreements[0].ID
		return m
	}

	anonymous := ids(userByEmail("link.worker@example.com"))
	t.Run("anonymous", func(t *testing.T) {
		walkEveryPage(t, b, srv.URL, app.Routes(), anonymous, true)
		// A page of results, besides the finder's empty form.
		b.Open(srv.URL + "/courses?q=art")
		b.AssertAccessible(browsertest.NHSConditionalReveal)
	})
	for _, email := range []string{
		"link.worker@example.com", "provider.coordinator@example.com", "commissioner.analyst@example.com",
		"gla.analyst@example.com", "org.admin@example.com", "platform.admin@example.com",
	} {
		t.Run(strings.TrimSuffix(email, "@example.com"), func(t *testing.T) {
			b := browsertest.New(t) // the same browser, so the same cookies, but failures on this subtest
			b.Timeout = 30 * time.Second
			browserSignIn(t, b, srv.URL, email)
			t.Cleanup(func() { // the next role starts signed out, even after a failure
				b.Open(srv.URL + "/account")
				if strings.HasSuffix(b.URL(), "/account") {
					b.Submit(".nhsuk-header__account-button")
				}
			})
			nav := browsertest.Eval[[]string](b, `[...document.querySelectorAll('.nhsuk-header__navigation-link[href]')].map(a => a.getAttribute('href'))`)
			m := ids(userByEmail(email))
			m["token"] = browserNewToken(t, b, srv.URL)
			reached := walkEveryPage(t, b, srv.URL, app.Routes(), m, false)
			for _, href := range nav {
				if (href == "/courses" || href == "/about-the-data") && !reached[href] {
					continue // public: the anonymous walk audits them
				}
				if !reached[href] {
					t.Errorf("the header links to %s, which did not answer 200", href)
				}
			}
			if slices.Contains(nav, "/account/tokens") {
				t.Errorf("the header's navigation offers API tokens (%v); they belong on the account page", nav)
			}
			b.Open(srv.URL + "/account")
			if !slices.Contains(browsertest.Eval[[]string](b, `[...document.querySelectorAll('main a')].map(a => a.getAttribute('href'))`), "/account/tokens") {
				t.Error("the account page does not link to API tokens")
			}
		})
	}
}

// walkEveryPage opens every GET route that is a page, with its wildcards
// from ids, audits each page it lands on once, and returns the paths that
// answered 200. With public false it leaves out the public pages but the
// home page: the anonymous walk audits them, and a role's header, the only
// part of them that changes, is audited on the home page and its own pages.
func walkEveryPage(t *testing.T, b *browsertest.Browser, base string, routes []web.Route, ids map[string]string, public bool) map[string]bool {
	t.Helper()
	reached := map[string]bool{}
	audited := map[string]bool{}
	for _, rt := range routes {
		path, ok := pagePath(rt.Pattern, ids)
		if !ok || (!public && rt.Permission == web.PermPublic && path != "/") {
			continue
		}
		status := b.Open(base + path)
		if status == 200 {
			reached[path] = true
		}
		kind := browsertest.Eval[string](b, `document.contentType`)
		if kind != "text/html" {
			if status != 200 {
				t.Errorf("%s: %d answered as %s, not as a page", path, status, kind)
			}
			continue
		}
		// A page is audited once: the same address, or the same refusal.
		u, err := url.Parse(b.URL())
		if err != nil {
			t.Fatal(err)
		}
		key := u.Path
		if status != 200 {
			key = strconv.Itoa(status) + " " + b.Title()
		}
		if audited[key] {
			continue
		}
		audited[key] = true
		b.AssertAccessible(browsertest.NHSConditionalReveal)
	}
	if len(audited) < 5 {
		t.Errorf("only %d pages audited: %v", len(audited), audited)
	}
	return reached
}

// pagePath is the path to open for a GET route of the table, with its
// wildcards filled from ids, or false for a route that is not a page to
// audit: the feeds, the API, static files, health checks, downloads (CSV
// and JSON files) and the links from messages, whose tokens only a message holds.
func pagePath(pattern string, ids map[string]string) (string, bool) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok || method != "GET" {
		return "", false
	}
	for _, prefix := range []string{"/oruk", "/api/", "/static/", "/assets/", "/healthz", "/readyz", "/sign-in/invitation/", "/sign-in/reset-password/"} {
		if strings.HasPrefix(path, prefix) {
			return "", false
		}
	}
	if strings.HasSuffix(path, ".csv") || strings.HasSuffix(path, ".json") {
		return "", false // a download (the CSV template, the audit trail's exports), not a page
	}
	path = strings.ReplaceAll(path, "{$}", "")
	for _, w := range wildcards(path) {
		id, ok := ids[w]
		if !ok {
			return "", false
		}
		path = strings.ReplaceAll(path, "{"+w+"}", id)
	}
	return path, true
}

// browserSignIn signs in as a demo user with the demo password and a code
// from the demo's authenticator key.
func browserSignIn(t *testing.T, b *browsertest.Browser, base, email string) {
	t.Helper()
	b.Open(base + "/sign-in")
	b.Fill("#email", email)
	b.Fill("#password", account.DemoPassword)
	if got := b.Submit(`form[action="/sign-in"] button[type="submit"]`); got != 200 || !strings.HasSuffix(b.URL(), "/sign-in/two-factor") {
		t.Fatalf("%s: password: %d at %s", email, got, b.URL())
	}
	code, err := account.TOTPCode(account.DemoTOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b.Fill("#code", code)
	// Signing in returns to the page that asked for it, or else the account page.
	if got := b.Submit(`form[action="/sign-in/two-factor"] button[type="submit"]`); got != 200 || strings.Contains(b.URL(), "/sign-in") {
		t.Fatalf("%s: code: %d at %s", email, got, b.URL())
	}
}

// browserNewToken creates an API token through its form, audits the page
// that shows it, and returns its id from the revoke link of the tokens page.
func browserNewToken(t *testing.T, b *browsertest.Browser, base string) string {
	t.Helper()
	b.Open(base + "/account/tokens/new")
	b.Fill("#name", "Browser walk")
	b.Fill("#days", "30")
	if got := b.Submit(`main form button[type="submit"]`); got != 200 {
		t.Fatalf("create a token: %d: %s", got, b.Text("main"))
	}
	b.AssertAccessible()
	b.Open(base + "/account/tokens")
	href := browsertest.Eval[string](b, `(document.querySelector('#tokens a[href^="/tokens/"]') || {getAttribute: () => ''}).getAttribute('href')`)
	id := strings.TrimSuffix(strings.TrimPrefix(href, "/tokens/"), "/revoke")
	if id == "" {
		t.Fatal("no revoke link on the tokens page")
	}
	return id
}
