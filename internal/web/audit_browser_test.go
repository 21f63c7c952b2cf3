package web_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"learnwell/internal/browsertest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestAuditPageInBrowser signs in to the demo as its platform admin and
// opens the audit trail at 320 px and at desktop width: the page scrolls only
// downwards at both, axe finds nothing, entries read as sentences with their
// codes behind "Technical details", and the organisation filter searches
// another organisation's entries.
func TestAuditPageInBrowser(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{})
	srv := httptest.NewServer(newApp(t, db, true))
	defer srv.Close()
	b := browsertest.New(t)
	resize := func(w, h int64) {
		t.Helper()
		if err := chromedp.Do(b.Context(), chromedp.EmulateViewport(w, h)); err != nil {
			t.Fatal(err)
		}
	}
	defer resize(1280, 1024)
	browserSignIn(t, b, srv.URL, "org.admin@example.com") // an entry of the demo's social prescribing service
	b.Open(srv.URL + "/account")
	b.Submit(`#account-links a[href$="/users"]`)
	b.Submit(".nhsuk-header__account-button")
	browserSignIn(t, b, srv.URL, "platform.admin@example.com")

	for _, width := range []int64{320, 1280} {
		resize(width, 900)
		if got := b.Open(srv.URL + "/audit"); got != 200 {
			t.Fatalf("%d px: /audit: %d", width, got)
		}
		b.AssertAccessible()
		b.AssertNoConsoleErrors()
		if wide := overflowing(b); wide != "" {
			t.Errorf("%d px: the page scrolls sideways: %s", width, wide)
		}
		table := b.Text("#audit-entries tbody")
		for _, want := range []string{"Signed in", "Omar Adeyemi", "as organisation admin", "Viewed the list of users of Islington Social Prescribing (demo)"} {
			if !strings.Contains(table, want) {
				t.Errorf("%d px: the entries do not say %q: %s", width, want, shortText(table))
			}
		}
		// Codes are there for those who open the details.
		if browsertest.Eval[bool](b, `document.querySelector('#audit-entries details').open`) {
			t.Errorf("%d px: technical details open by default", width)
		}
		b.Click("#audit-entries details summary")
		if got := b.Text("#audit-entries details"); !strings.Contains(got, "Action code") {
			t.Errorf("%d px: technical details say %q", width, got)
		}
		b.AssertAccessible()
		if wide := overflowing(b); wide != "" {
			t.Errorf("%d px: the page scrolls sideways with details open: %s", width, wide)
		}
		b.Screenshot("/tmp/audit-demo/audit-" + fmt.Sprint(width) + ".png")
	}

	// The platform admin picks the social prescribing service's entries.
	b.Open(srv.URL + "/audit")
	b.Select("#organisation_id", browsertest.Eval[string](b,
		`[...document.querySelectorAll('#organisation_id option')].find(o => o.textContent.startsWith('Islington Social Prescribing')).value`))
	if got := b.Submit(`form[action="/audit"] button[type="submit"]`); got != 200 {
		t.Fatalf("search one organisation: %d", got)
	}
	if got := b.Text("#audit-entries caption"); !strings.Contains(got, "for Islington Social Prescribing (demo)") {
		t.Errorf("caption %q", got)
	}
	if got := b.Text("#audit-entries tbody"); strings.Contains(got, "Pat Adams") {
		t.Errorf("the platform admin's own entries in another organisation's search: %s", shortText(got))
	}
	b.AssertAccessible()
}

// overflowing names the elements outside the header that reach past the
// right edge of the window, so the page would scroll sideways.
func overflowing(b *browsertest.Browser) string {
	return browsertest.Eval[string](b, `[...document.querySelectorAll('body *')]
		.filter(e => !e.closest('header') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
		.slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' px').join(', ')`)
}

func shortText(s string) string {
	if len(s) > 400 {
		return s[:400] + "..."
	}
	return s
}
