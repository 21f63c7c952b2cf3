package web_test

import (
	"strings"
	"testing"

	"learnwell/internal/account"
)

// TestMetricsRefusalIsAPageForABrowser: a browser (Accept: text/html) that
// may not read /metrics gets the NHS error page; a scraper, which asks for
// no HTML, keeps the problem document and its status.
func TestMetricsRefusalIsAPageForABrowser(t *testing.T) {
	const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	const prometheus = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
	eachSite(t, func(t *testing.T, s *site) {
		worker := s.user(s.org("Islington Link", account.SocialPrescribingService), "lw@example.com", account.LinkWorker)
		anonymous, signedIn := s.client(), s.client()
		signedIn.signIn(worker)
		for _, tc := range []struct {
			name     string
			c        *client
			accept   string
			status   int
			kind     string
			contains string
		}{
			{"anonymous browser", anonymous, browser, 401, "text/html", `href="/sign-in"`},
			{"anonymous scraper", anonymous, prometheus, 401, "application/problem+json", `"code":"unauthorised"`},
			{"anonymous without Accept", anonymous, "", 401, "application/problem+json", `"status":401`},
			{"link worker's browser", signedIn, browser, 403, "text/html", "You cannot see this page"},
			{"link worker's script", signedIn, "application/json", 403, "application/problem+json", `"code":"forbidden"`},
		} {
			res := tc.c.do("GET", "/metrics", nil, "Accept", tc.accept)
			if res.Code != tc.status || !strings.HasPrefix(res.Header().Get("Content-Type"), tc.kind) || !strings.Contains(res.body, tc.contains) {
				t.Errorf("%s: %d %s, want %d %s with %q:\n%.300s", tc.name, res.Code, res.Header().Get("Content-Type"), tc.status, tc.kind, tc.contains, res.body)
			}
			if strings.Contains(res.body, "go_goroutines") {
				t.Errorf("%s: the metrics were shown", tc.name)
			}
			if tc.status == 401 && res.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("%s: 401 without WWW-Authenticate", tc.name)
			}
		}
	})
}
