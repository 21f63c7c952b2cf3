package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"learnwell/internal/account"
	"learnwell/internal/web"
)

func unencoded(t *testing.T, r response) string {
	t.Helper()
	var rd io.Reader
	switch c := r.Header().Get("Content-Encoding"); c {
	case "":
		return r.body
	case "br":
		rd = brotli.NewReader(strings.NewReader(r.body))
	case "gzip":
		zr, err := gzip.NewReader(strings.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	default:
		t.Fatalf("Content-Encoding %q", c)
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPagesCompressedUnlessPersonal checks public pages go out compressed
// and that no page to a session holding a person does (BREACH): signed in,
// or between the password and the second factor.
func TestPagesCompressedUnlessPersonal(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		org := s.org("Islington Social Prescribing", account.SocialPrescribingService)
		u := s.user(org, "link.worker@example.com", account.LinkWorker)
		ae := []string{"Accept-Encoding", "gzip, deflate, br"}

		anon := s.client()
		for _, p := range []string{"/", "/courses?q=art", "/sign-in"} {
			res := anon.do(http.MethodGet, p, nil, ae...)
			if res.Code != http.StatusOK || res.Header().Get("Content-Encoding") != "br" {
				t.Errorf("anonymous GET %s: %d, Content-Encoding %q; want 200 and br", p, res.Code, res.Header().Get("Content-Encoding"))
			}
			if !strings.Contains(strings.Join(res.Header().Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("anonymous GET %s: Vary %q", p, res.Header().Get("Vary"))
			}
			if body := unencoded(t, res); !strings.Contains(body, "</html>") {
				t.Errorf("anonymous GET %s: the page did not arrive whole", p)
			}
		}

		half := s.client()
		if res := half.post("/sign-in", url.Values{"email": {u.Email}, "password": {testPassword}}); res.Code != http.StatusSeeOther {
			t.Fatalf("password step: %d", res.Code)
		}
		res := half.do(http.MethodGet, "/sign-in/two-factor", nil, ae...)
		if res.Code != http.StatusOK || res.Header().Get("Content-Encoding") != "" || len(res.body) < 1024 {
			t.Errorf("two-factor page: %d, Content-Encoding %q, %d bytes; want 200, none, a page", res.Code, res.Header().Get("Content-Encoding"), len(res.body))
		}

		in := s.client()
		in.signIn(u)
		for _, p := range []string{"/", "/courses?q=art", "/account"} {
			res := in.do(http.MethodGet, p, nil, ae...)
			if res.Code != http.StatusOK || res.Header().Get("Content-Encoding") != "" || !strings.Contains(res.body, "</html>") {
				t.Errorf("signed-in GET %s: %d, Content-Encoding %q; want 200 and none", p, res.Code, res.Header().Get("Content-Encoding"))
			}
		}
		// Static files hold no secret: compressed for everyone.
		css := assetURL(t, in.get("/").body, "nhsuk-frontend.min.css")
		if res := in.do(http.MethodGet, css, nil, ae...); res.Header().Get("Content-Encoding") != "br" {
			t.Errorf("signed-in GET %s: Content-Encoding %q, want br", css, res.Header().Get("Content-Encoding"))
		}
	})
}

var assetRE = regexp.MustCompile(`/static/[0-9a-f]+/[^"]+`)

// assetURL finds the hashed URL of a static file in a page.
func assetURL(t *testing.T, page, name string) string {
	t.Helper()
	for _, u := range assetRE.FindAllString(page, -1) {
		if strings.HasSuffix(u, "/"+name) {
			return u
		}
	}
	t.Fatalf("the page links no %s", name)
	return ""
}

// TestStaticFilesPrecompressed fetches the stylesheet, the scripts and an
// icon in each encoding: each decodes to the embedded file, has an ETag of
// its own and Vary, and answers its own ETag with 304.
func TestStaticFilesPrecompressed(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		c := s.client()
		home := c.get("/").body
		files := map[string]string{ // URL -> embedded path
			assetURL(t, home, "nhsuk-frontend.min.css"): "nhsuk/nhsuk-frontend.min.css",
			assetURL(t, home, "app.css"):                "css/app.css",
			"/assets/images/favicon.ico":                "nhsuk/assets/images/favicon.ico",
		}
		for u, name := range files {
			want, err := fs.ReadFile(web.StaticFS(), name)
			if err != nil {
				t.Fatal(err)
			}
			etags := map[string]string{}
			for _, ae := range []struct{ header, coding string }{{"", ""}, {"gzip", "gzip"}, {"br;q=1, gzip;q=0.5", "br"}, {"br;q=0, gzip", "gzip"}} {
				res := c.do(http.MethodGet, u, nil, "Accept-Encoding", ae.header)
				if res.Code != http.StatusOK || res.Header().Get("Content-Encoding") != ae.coding {
					t.Errorf("%s with %q: %d, Content-Encoding %q; want 200 and %q", u, ae.header, res.Code, res.Header().Get("Content-Encoding"), ae.coding)
					continue
				}
				if got := unencoded(t, res); !bytes.Equal([]byte(got), want) {
					t.Errorf("%s with %q: decodes to %d bytes, want the %d of %s", u, ae.header, len(got), len(want), name)
				}
				if res.Header().Get("Vary") != "Accept-Encoding" {
					t.Errorf("%s: Vary %q", u, res.Header().Get("Vary"))
				}
				etag := res.Header().Get("ETag")
				if prev, ok := etags[ae.coding]; ok && prev != etag {
					t.Errorf("%s %q: ETag %s then %s", u, ae.coding, prev, etag)
				}
				etags[ae.coding] = etag
				again := c.do(http.MethodGet, u, nil, "Accept-Encoding", ae.header, "If-None-Match", etag)
				if again.Code != http.StatusNotModified || again.body != "" || again.Header().Get("ETag") != etag {
					t.Errorf("%s %q If-None-Match %s: %d, %d bytes; want 304 and none", u, ae.coding, etag, again.Code, len(again.body))
				}
			}
			if len(etags) != 3 || etags[""] == etags["br"] || etags[""] == etags["gzip"] || etags["br"] == etags["gzip"] {
				t.Errorf("%s: ETags by encoding %v, want three different", u, etags)
			}
			// Another encoding's ETag is not a match.
			if res := c.do(http.MethodGet, u, nil, "Accept-Encoding", "br", "If-None-Match", etags["gzip"]); res.Code != http.StatusOK {
				t.Errorf("%s br with the gzip ETag: %d, want 200", u, res.Code)
			}
			head := c.do(http.MethodHead, u, nil, "Accept-Encoding", "br")
			if head.Code != http.StatusOK || head.body != "" || head.Header().Get("Content-Encoding") != "br" {
				t.Errorf("HEAD %s: %d, %d bytes, %q", u, head.Code, len(head.body), head.Header().Get("Content-Encoding"))
			}
		}
		// A PNG is compressed already: served as it is, without Vary.
		res := c.do(http.MethodGet, "/assets/images/nhsuk-icon-512.png", nil, "Accept-Encoding", "br")
		if res.Code != http.StatusOK || res.Header().Get("Content-Encoding") != "" || res.Header().Get("Vary") != "" {
			t.Errorf("PNG: %d, Content-Encoding %q, Vary %q", res.Code, res.Header().Get("Content-Encoding"), res.Header().Get("Vary"))
		}
	})
}
