package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"learnwell/internal/browsertest"
	"learnwell/internal/demo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestOrganisationPagesInBrowser signs in to the demo as its platform admin
// and opens the organisation pages: at desktop
// width with axe-core, and at 320 px, where the organisations table must fit
// the screen.
func TestOrganisationPagesInBrowser(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{})
	// A small demo: its accounts and providers are those of the full one.
	if _, err := demo.Load(context.Background(), db, demo.Options{Seed: 1, Services: 40}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newApp(t, db, false))
	defer srv.Close()
	b := browsertest.New(t)
	open := func(path string) {
		t.Helper()
		if got := b.Open(srv.URL + path); got != 200 {
			t.Fatalf("%s: status %d: %s", path, got, b.Text("main"))
		}
	}
	browserSignIn(t, b, srv.URL, "platform.admin@example.com")

	open("/organisations")
	// The demo's learning provider.
	provider := browsertest.Eval[string](b, `[...document.querySelectorAll('#organisations tbody tr')].find(tr => tr.cells[1].textContent.includes('Learning provider')).querySelector('a').getAttribute('href')`)
	providerName := browsertest.Eval[string](b, `document.querySelector('#organisations a[href="`+provider+`"]').textContent`)
	// (/privacy and /accessibility are audited by TestFoundationPagesInBrowser.)
	paths := []string{"/organisations", provider, provider + "/edit", "/organisations/new"}
	for _, path := range paths {
		open(path)
		b.AssertAccessible()
		mustShowNoIDs(t, path, b.HTML())
	}
	open(provider)
	if got := b.Text(".nhsuk-summary-list"); !strings.Contains(got, providerName) || !strings.Contains(got, "Not recorded") {
		t.Errorf("the provider's page: %q", got)
	}

	if err := chromedp.Do(b.Context(), chromedp.EmulateViewport(320, 800)); err != nil {
		t.Fatal(err)
	}
	defer chromedp.Do(b.Context(), chromedp.EmulateViewport(1280, 800))
	open("/organisations")
	if w := browsertest.Eval[float64](b, `document.querySelector('#organisations').getBoundingClientRect().right`); w > 320 {
		t.Errorf("at 320 px the organisations table reaches %.0f px", w)
	}
	if shot := os.Getenv("LEARNWELL_SCREENSHOTS"); shot != "" {
		b.Screenshot(shot + "/organisations-320.png")
		open(provider)
		b.Screenshot(shot + "/organisation-320.png")
		open(provider + "/edit")
		b.Screenshot(shot + "/organisation-form-320.png")
		open("/privacy")
		b.Screenshot(shot + "/privacy-320.png")
	}
}
