package web_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"learnwell/internal/browsertest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestFoundationPagesInBrowser opens each page in headless Chromium with the
// NHS.UK CSS and JavaScript, audits it with axe-core (WCAG 2.0, 2.1 and 2.2 A
// and AA) and fails on any violation or console error.
func TestFoundationPagesInBrowser(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{})
	srv := httptest.NewServer(newApp(t, db, true))
	defer srv.Close()
	b := browsertest.New(t)
	for _, tc := range []struct {
		path, title string
		status      int
	}{
		{"/", "Learning for wellbeing - learnwell", 200},
		{"/accessibility", "Accessibility statement - learnwell", 200},
		{"/privacy", "Privacy notice - learnwell", 200},
		{"/about-the-data", "About the data - learnwell", 200},
		{"/outbox", "Sign in - learnwell", 200}, // for admins only: outbox_test.go
		{"/no-such-page", "Page not found - learnwell", 404},
	} {
		if got := b.Open(srv.URL + tc.path); got != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, got, tc.status)
		}
		if got := b.Title(); got != tc.title {
			t.Errorf("%s: title %q, want %q", tc.path, got, tc.title)
		}
		if !strings.Contains(b.Text(".lw-demo-banner"), "demonstration") {
			t.Errorf("%s: no demo banner", tc.path)
		}
		b.AssertAccessible()
		if tc.status == 200 { // Chromium logs a 404 page's own status as a console error
			b.AssertNoConsoleErrors()
		}
	}
	// The skip link takes keyboard users to the main content.
	b.Open(srv.URL + "/")
	if got := browsertest.Eval[string](b, `document.querySelector('.nhsuk-skip-link').getAttribute('href')`); got != "#maincontent" {
		t.Errorf("skip link = %q", got)
	}
	if !browsertest.Eval[bool](b, `document.body.classList.contains('nhsuk-frontend-supported')`) {
		t.Error("init.js did not mark the page as JavaScript-enabled")
	}
}
