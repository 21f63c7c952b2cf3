package config

import (
	"strings"
	"testing"
	"time"
)

func TestSessionSettings(t *testing.T) {
	c, err := load(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Sessions.IdleTimeout != 30*time.Minute || c.Sessions.Lifetime != 12*time.Hour || c.MetricsToken != "" {
		t.Fatalf("defaults: %+v, metrics token %q", c.Sessions, c.MetricsToken)
	}
	if c.SecureCookies() {
		t.Error("cookies are Secure on an http base URL")
	}
	token := strings.Repeat("ab", 16)
	c, err = load(t, []string{"--session-idle-timeout", "10m", "--base-url", "https://learnwell.example.org"},
		map[string]string{"LEARNWELL_SESSION_LIFETIME": "8h", "LEARNWELL_METRICS_TOKEN": token})
	if err != nil {
		t.Fatal(err)
	}
	if c.Sessions.IdleTimeout != 10*time.Minute || c.Sessions.Lifetime != 8*time.Hour || c.MetricsToken != token || !c.SecureCookies() {
		t.Fatalf("given: %+v, token %q, secure %v", c.Sessions, c.MetricsToken, c.SecureCookies())
	}
}

func TestBadSessionSettings(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--session-idle-timeout", "30s"}, nil, "--session-idle-timeout"},
		{[]string{"--session-idle-timeout", "2h", "--session-lifetime", "1h"}, nil, "--session-lifetime"},
		{nil, map[string]string{"LEARNWELL_SESSION_LIFETIME": "200h"}, "--session-lifetime"},
		{[]string{"--metrics-token", "short"}, nil, "--metrics-token"},
		{nil, map[string]string{"LEARNWELL_METRICS_TOKEN": strings.Repeat("a", 20) + " " + strings.Repeat("b", 20)}, "--metrics-token"},
	}
	for _, tt := range tests {
		_, err := load(t, tt.args, tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %v: err = %v, want one naming %s", tt.args, tt.env, err, tt.want)
		}
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := load(t, []string{"--trusted-proxies", "10.0.0.0/8, 192.0.2.7,2001:db8::/32"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := (*prefixesValue)(&c.TrustedProxies).String(); got != "10.0.0.0/8,192.0.2.7/32,2001:db8::/32" {
		t.Errorf("trusted proxies %s", got)
	}
	if _, err := load(t, nil, map[string]string{"LEARNWELL_TRUSTED_PROXIES": "10.0.0.0/8,not-a-network"}); err == nil || !strings.Contains(err.Error(), "not-a-network") {
		t.Errorf("a bad network: %v", err)
	}
}
