package web_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"learnwell/internal/browsertest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestHeaderOnAPhoneInBrowser signs in as the platform admin, who has the
// most links, and looks at the header at 320 px: the links that do not fit
// go into the NHS.UK header's "More" menu, which opens, shows them on white
// and passes axe; without JavaScript every link is on the screen, wrapped.
// The header names the person and their organisation once each, and the
// skip link moves focus to main, with and without JavaScript. Set
// LEARNWELL_SCREENSHOTS to a directory to keep pictures of the header.
func TestHeaderOnAPhoneInBrowser(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{})
	srv := httptest.NewServer(newApp(t, db, true))
	defer srv.Close()
	b := browsertest.New(t)
	b.Timeout = 30 * time.Second
	shots := os.Getenv("LEARNWELL_SCREENSHOTS")
	shot := func(b *browsertest.Browser, name string) {
		if shots != "" {
			b.Screenshot(filepath.Join(shots, name+".png"))
		}
	}
	const links = `[...document.querySelectorAll('.nhsuk-header__navigation-link[href]')]`
	// offScreen lists the header's links that are not wholly on the screen.
	const offScreen = links + `.filter(a => { const r = a.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > document.documentElement.clientWidth; }).map(a => a.textContent.trim())`

	browserSignIn(t, b, srv.URL, "platform.admin@example.com")
	b.Open(srv.URL + "/agreements")
	header := b.Text(".lw-signed-in")
	if strings.Count(header, "learnwell demo operations") != 1 || strings.Contains(header, "(") {
		t.Errorf("the header's account list says %q; want the organisation once, not in brackets", header)
	}

	b.SetWidth(browsertest.PhoneWidth)
	shot(b, "header-320-closed")
	if wide, what := b.SidewaysScroll(); wide {
		t.Errorf("the page scrolls sideways at 320 px: %s", what)
	}
	inMenu := browsertest.Eval[[]string](b, `[...document.querySelectorAll('.nhsuk-header__menu-list a')].map(a => a.textContent.trim())`)
	if len(inMenu) == 0 || !browsertest.Eval[bool](b, `!document.querySelector('.nhsuk-header__menu').hidden`) {
		t.Fatalf("at 320 px no link went into the More menu (menu %v)", inMenu)
	}
	b.Click(".nhsuk-header__menu-toggle")
	if got := browsertest.Eval[string](b, `document.querySelector('.nhsuk-header__menu-toggle').getAttribute('aria-expanded')`); got != "true" {
		t.Errorf("the More button's aria-expanded is %q after a click", got)
	}
	shot(b, "header-320-open")
	if off := browsertest.Eval[[]string](b, offScreen); len(off) != 0 {
		t.Errorf("with the More menu open, links off the screen: %v", off)
	}
	vs := b.Audit() // at 320 px, with the menu open
	for _, v := range vs {
		t.Errorf("at 320 px with the More menu open: %s", v)
	}
	b.SetWidth(browsertest.DesktopWidth)
	shot(b, "header-1280")
	if n := browsertest.Eval[int](b, `document.querySelectorAll('.nhsuk-header__menu-list a').length`); n != 0 {
		t.Errorf("at 1280 px %d links are still in the More menu", n)
	}

	// The skip link, with JavaScript.
	b.Press(".nhsuk-skip-link", kb.Enter)
	if got := browsertest.Eval[string](b, `document.activeElement.id`); got != "maincontent" {
		t.Errorf("after the skip link, focus is on %q, want main", got)
	}

	// Without JavaScript: every link on the screen at 320 px, and the skip link still works.
	nojs := browsertest.New(t) // another tab of the same browser: the same session
	nojs.DisableJavaScript()
	nojs.Open(srv.URL + "/agreements")
	if browsertest.Eval[bool](nojs, `document.body.classList.contains('nhsuk-frontend-supported')`) {
		t.Fatal("scripts ran in the tab without JavaScript")
	}
	nojs.SetWidth(browsertest.PhoneWidth)
	shot(nojs, "header-320-no-js")
	if off := browsertest.Eval[[]string](nojs, offScreen); len(off) != 0 {
		t.Errorf("without JavaScript at 320 px, links off the screen: %v", off)
	}
	if n := browsertest.Eval[int](nojs, links+`.length`); n < 6 {
		t.Errorf("without JavaScript the header has %d links, want the platform admin's 6", n)
	}
	nojs.AssertAccessible()
	nojs.Press(".nhsuk-skip-link", kb.Enter)
	if got := browsertest.Eval[string](nojs, `document.activeElement.id`); got != "maincontent" {
		t.Errorf("without JavaScript, after the skip link, focus is on %q, want main", got)
	}
}
