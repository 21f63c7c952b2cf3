package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"learnwell/internal/config"
)

func TestSafeReturn(t *testing.T) {
	for in, want := range map[string]string{
		"/audit":                     "/audit",
		"/audit?action=user.view":    "/audit?action=user.view",
		"":                           "",
		"https://evil.example/":      "",
		"//evil.example/x":           "",
		"/\\evil.example":            "",
		"audit":                      "",
		"/sign-in/two-factor":        "",
		"/sign-out":                  "",
		"javascript:alert(1)":        "",
		"/organisations/new?x=1#top": "/organisations/new?x=1#top",
	} {
		if got := safeReturn(in); got != want {
			t.Errorf("safeReturn(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnderAPI(t *testing.T) {
	for path, want := range map[string]bool{
		"/api/v1/me": true, "/api/v1/": true, "/api/v1": true, "/api/v1/no/such/thing": true,
		"/api/v1/openapi.json": false, "/api/v2/me": false, "/apiv1/me": false, "/sign-in": false,
	} {
		if got := underAPI(path); got != want {
			t.Errorf("underAPI(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestClientIP(t *testing.T) {
	s := &Server{cfg: &config.Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}}
	for _, tc := range []struct{ remote, xff, want string }{
		{"192.0.2.10:5555", "", "192.0.2.10"},
		{"192.0.2.10:5555", "203.0.113.9", "192.0.2.10"},                        // not from a proxy: the header is ignored
		{"10.1.2.3:5555", "203.0.113.9", "203.0.113.9"},                         // from the proxy
		{"10.1.2.3:5555", "198.51.100.1, 203.0.113.9, 10.9.9.9", "203.0.113.9"}, // the nearest untrusted hop
		{"10.1.2.3:5555", "garbage", "10.1.2.3"},
		{"10.1.2.3:5555", "", "10.1.2.3"},
		{"[2001:db8::1]:443", "", "2001:db8::1"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := s.clientIP(r); got != tc.want {
			t.Errorf("%s with %q: %s, want %s", tc.remote, tc.xff, got, tc.want)
		}
	}
}
