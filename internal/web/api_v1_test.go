package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"learnwell/internal/account"
)

func TestAPIFrontDoor(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		token, tok, err := s.svc.CreateToken(ctx, lw.principal().Actor(), "Case system", 30*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		c := s.client()
		bearer := func(path, tok string) response {
			return c.do(http.MethodGet, path, nil, "Authorization", "Bearer "+tok)
		}
		problem := func(name string, res response, status int, authenticate string) {
			t.Helper()
			if res.Code != status || res.Header().Get("Content-Type") != "application/problem+json" ||
				res.Header().Get("WWW-Authenticate") != authenticate {
				t.Errorf("%s: %d %q %q\n%s", name, res.Code, res.Header().Get("Content-Type"), res.Header().Get("WWW-Authenticate"), res.body)
			}
			var p struct {
				Status int    `json:"status"`
				Code   string `json:"code"`
				Detail string `json:"detail"`
			}
			if err := json.Unmarshal([]byte(res.body), &p); err != nil || p.Status != status {
				t.Errorf("%s: problem %+v, %v", name, p, err)
			}
		}

		// No token, whatever the path: 401 before any routing.
		for _, path := range []string{"/api/v1/me", "/api/v1/no/such/thing", "/api/v1", "/api/v1/"} {
			problem("no token "+path, c.get(path), 401, `Bearer realm="learnwell"`)
		}
		res := c.do(http.MethodDelete, "/api/v1/me", nil)
		problem("no token, DELETE", res, 401, `Bearer realm="learnwell"`)
		for name, bad := range map[string]string{
			"unknown":      "lw_" + strings.Repeat("A", 43),
			"garbage":      "hello",
			"changed":      token[:10] + map[bool]string{true: "B", false: "A"}[token[10] == 'A'] + token[11:],
			"other scheme": "",
		} {
			res := bearer("/api/v1/me", bad)
			if name == "other scheme" {
				res = c.do(http.MethodGet, "/api/v1/me", nil, "Authorization", "Basic "+token)
				problem(name, res, 401, `Bearer realm="learnwell"`)
				continue
			}
			problem(name, res, 401, `Bearer realm="learnwell", error="invalid_token"`)
		}
		// A signed-in browser session is not a token.
		c.signIn(lw)
		problem("session cookie", c.get("/api/v1/me"), 401, `Bearer realm="learnwell"`)

		// A valid token: who it acts as, and nothing secret.
		res = bearer("/api/v1/me", token)
		if res.Code != 200 || res.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("me: %d\n%s", res.Code, res.body)
		}
		var me struct {
			UserID       string            `json:"user_id"`
			Organisation map[string]string `json:"organisation"`
			Roles        []string          `json:"roles"`
			Token        map[string]string `json:"token"`
		}
		if err := json.Unmarshal([]byte(res.body), &me); err != nil {
			t.Fatal(err)
		}
		if me.UserID != lw.ID || me.Organisation["id"] != sps.ID || me.Organisation["kind"] != "social-prescribing-service" ||
			!slices.Equal(me.Roles, []string{"link-worker"}) || me.Token["id"] != tok.ID || me.Token["expires_at"] == "" {
			t.Errorf("me = %+v", me)
		}
		if strings.Contains(res.body, token) || strings.Contains(res.body, lw.Email) {
			t.Error("the answer holds the token or the email address")
		}
		problem("unknown path with a token", bearer("/api/v1/no/such/thing", token), 404, "")

		// Last used: written at most once a minute.
		lastUsed := func() time.Time {
			list, _ := s.db.FindAPITokens(ctx, lw.ID)
			return list[0].LastUsedAt
		}
		first := lastUsed()
		if first.IsZero() {
			t.Fatal("last used not written")
		}
		s.clock.Advance(30 * time.Second)
		bearer("/api/v1/me", token)
		if !lastUsed().Equal(first) {
			t.Error("last used written again within a minute")
		}
		s.clock.Advance(31 * time.Second)
		bearer("/api/v1/me", token)
		if !lastUsed().After(first) {
			t.Error("last used not written after a minute")
		}

		// A deactivated user's token fails at once.
		admin := s.user(sps, "admin@example.com", account.OrgAdmin)
		s.clock.Advance(time.Second)
		if err := s.svc.Deactivate(ctx, admin.principal().Actor(), lw.ID); err != nil {
			t.Fatal(err)
		}
		problem("deactivated user's token", bearer("/api/v1/me", token), 401, `Bearer realm="learnwell", error="invalid_token"`)
	})
}

func TestOpenAPIDocument(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		res := s.client().get("/api/v1/openapi.json")
		if res.Code != 200 || res.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("openapi: %d", res.Code)
		}
		var doc struct {
			OpenAPI string                    `json:"openapi"`
			Servers []map[string]string       `json:"servers"`
			Paths   map[string]map[string]any `json:"paths"`
		}
		if err := json.Unmarshal([]byte(res.body), &doc); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(doc.OpenAPI, "3.1") || doc.Servers[0]["url"] != s.cfg.BaseURL+"/api/v1" {
			t.Errorf("openapi %s, servers %v", doc.OpenAPI, doc.Servers)
		}
		// The document and the route table name the same operations.
		documented := map[string]bool{}
		for path, ops := range doc.Paths {
			for method := range ops {
				documented[strings.ToUpper(method)+" /api/v1"+path] = true
			}
		}
		routed := map[string]bool{}
		for _, rt := range s.app.Routes() {
			if strings.Contains(rt.Pattern, " /api/v1/") {
				routed[rt.Pattern] = true
			}
		}
		for op := range routed {
			if !documented[op] {
				t.Errorf("%s is routed but not in the OpenAPI document", op)
			}
		}
		for op := range documented {
			if !routed[op] {
				t.Errorf("%s is in the OpenAPI document but not routed", op)
			}
		}
	})
}

func TestMetricsAreNotPublic(t *testing.T) {
	token := strings.Repeat("m3tr1cs", 6)
	eachSite(t, func(t *testing.T, s *site) {
		ops := s.org("learnwell operations", account.PlatformOperator)
		admin := s.user(ops, "ops@example.org", account.PlatformAdmin)
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)

		c := s.client()
		res := c.get("/metrics")
		if res.Code != 401 || res.Header().Get("WWW-Authenticate") == "" || strings.Contains(res.body, "go_goroutines") {
			t.Fatalf("anonymous: %d", res.Code)
		}
		if res := c.do(http.MethodGet, "/metrics", nil, "Authorization", "Bearer wrong-"+token); res.Code != 401 {
			t.Errorf("a wrong token: %d", res.Code)
		}
		if res := c.do(http.MethodGet, "/metrics", nil, "Authorization", "Bearer "+token); res.Code != 200 || !strings.Contains(res.body, "learnwell_http_requests_total") {
			t.Errorf("the metrics token: %d", res.Code)
		}
		c.signIn(lw)
		if res := c.get("/metrics"); res.Code != 403 {
			t.Errorf("a link worker: %d", res.Code)
		}
		a := s.client()
		a.signIn(admin)
		if res := a.get("/metrics"); res.Code != 200 || !strings.Contains(res.body, "go_goroutines") {
			t.Errorf("a platform admin: %d", res.Code)
		}
	}, "--metrics-token", token)
}
