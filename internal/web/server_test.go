package web_test

import (
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"learnwell/internal/config"
	"learnwell/internal/demo"
	"learnwell/internal/finder"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
	"learnwell/internal/web"
)

// newApp returns the app on a fresh database of the engine, with the demo
// loaded when demoData is true.
func newApp(t testing.TB, db *store.DB, demoData bool) *web.Server {
	t.Helper()
	if demoData {
		if _, err := demo.Load(context.Background(), db, demo.Options{Seed: 1}); err != nil {
			t.Fatal(err)
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	cfg, err := config.Register(fs).Load(func(k string) string {
		if k == "LEARNWELL_METRICS_TOKEN" {
			return testMetricsToken
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	f := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
	if err := f.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	app, err := web.New(context.Background(), web.Options{DB: db, Config: cfg, Logger: storetest.QuietLogger(), Finder: f})
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// testMetricsToken lets the tests read /metrics as a scraper would.
const testMetricsToken = "test-metrics-token-0123456789abcdef"

type scenario struct {
	name, method, path, accept string
	bearer                     string
	status                     int
	contains                   []string
	absent                     []string
	header                     map[string]string
}

func (sc scenario) run(t *testing.T, h http.Handler) {
	t.Helper()
	method := sc.method
	if method == "" {
		method = http.MethodGet
	}
	req := httptest.NewRequest(method, sc.path, nil)
	if sc.accept != "" {
		req.Header.Set("Accept", sc.accept)
	}
	if sc.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+sc.bearer)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != sc.status {
		t.Errorf("%s: status %d, want %d\n%s", sc.name, rec.Code, sc.status, body)
	}
	for _, s := range sc.contains {
		if !strings.Contains(string(body), s) {
			t.Errorf("%s: body lacks %q", sc.name, s)
		}
	}
	for _, s := range sc.absent {
		if strings.Contains(string(body), s) {
			t.Errorf("%s: body has %q", sc.name, s)
		}
	}
	for k, v := range sc.header {
		if got := rec.Header().Get(k); !strings.Contains(got, v) {
			t.Errorf("%s: header %s = %q, want it to contain %q", sc.name, k, got, v)
		}
	}
}

func TestPagesOnDemoDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := newApp(t, db, true)
		for _, sc := range []scenario{
			{name: "home", path: "/", status: 200, contains: []string{"Learning for wellbeing", "lw-demo-banner", "Skip to main content", `href="/accessibility"`, `href="/privacy"`, `href="/about-the-data"`},
				header: map[string]string{"Content-Security-Policy": "script-src 'self'", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "strict-origin"}},
			{name: "no inline script", path: "/", status: 200, absent: []string{"<script>", "onclick=", "style=\""}},
			{name: "accessibility", path: "/accessibility", status: 200, contains: []string{"Accessibility statement", "WCAG"}},
			{name: "privacy", path: "/privacy", status: 200, contains: []string{"Privacy notice"}},
			{name: "about the data", path: "/about-the-data", status: 200, contains: []string{"Open Government Licence", "CC0", "Open Referral", "Demo data"}},
			// The outbox is for admins (outbox_test.go): anyone else is sent to sign in.
			{name: "outbox needs signing in", path: "/outbox", status: 303, absent: []string{"alex.demo@example.com"},
				header: map[string]string{"Location": "/sign-in"}},
			{name: "404 page", path: "/no/such/page", status: 404, contains: []string{"Page not found", "lw-demo-banner"}},
			{name: "404 problem", path: "/no/such/page", accept: "application/json", status: 404, contains: []string{`"status":404`, `"code":"not_found"`},
				header: map[string]string{"Content-Type": "application/problem+json"}},
			{name: "405", method: "POST", path: "/privacy", status: 405, contains: []string{"not allowed"}},
			{name: "healthz", path: "/healthz", status: 200, contains: []string{`"ok"`}},
			{name: "readyz", path: "/readyz", status: 200, contains: []string{`"ready"`}},
			{name: "metrics", path: "/metrics", bearer: testMetricsToken, status: 200, contains: []string{"learnwell_http_requests_total", "go_goroutines"}},
			{name: "metrics are not public", path: "/metrics", status: 401, absent: []string{"go_goroutines"},
				header: map[string]string{"WWW-Authenticate": "Bearer", "Content-Type": "application/problem+json"}},
			{name: "nhs image", path: "/assets/images/favicon.svg", status: 200, header: map[string]string{"Content-Type": "image/svg+xml"}},
			{name: "no image", path: "/assets/images/../../../go.mod", status: 404},
		} {
			sc.run(t, app)
		}
	})
}

func TestRealDatabaseHasNoDemoBannerOrOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := newApp(t, db, false)
		scenario{name: "home", path: "/", status: 200, absent: []string{"lw-demo-banner"}}.run(t, app)
		// Not even an admin sees an outbox outside a demo (outbox_test.go).
		scenario{name: "outbox hidden", path: "/outbox", status: 303, header: map[string]string{"Location": "/sign-in"}}.run(t, app)
	})
}

func TestMetricsCountByRoutePattern(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := newApp(t, db, false)
		for range 3 {
			app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/privacy", nil))
		}
		scenario{name: "metrics", path: "/metrics", bearer: testMetricsToken, status: 200,
			contains: []string{`learnwell_http_requests_total{code="200",route="GET /privacy"} 3`, `learnwell_http_request_duration_seconds_count{route="GET /privacy"} 3`}}.run(t, app)
	})
}

func TestReadyzFailsOnUnmigratedDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		app := newApp(t, db, false)
		if _, err := db.SQL().Exec("DELETE FROM schema_migrations"); err != nil {
			t.Fatal(err)
		}
		scenario{name: "readyz", path: "/readyz", status: 503, contains: []string{"learnwell migrate"}}.run(t, app)
	})
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	storetest.EachWith(t, storetest.Options{}, func(t *testing.T, db *store.DB) {
		app := newApp(t, db, false)
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		body := rec.Body.String()
		i := strings.Index(body, "/static/")
		if i < 0 {
			t.Fatal("no static URL on the home page")
		}
		url := body[i : i+strings.IndexByte(body[i:], '"')]
		rec = httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
			t.Fatalf("GET %s = %d, Cache-Control %q", url, rec.Code, rec.Header().Get("Cache-Control"))
		}
		stale := "/static/000000000000/" + strings.SplitN(strings.TrimPrefix(url, "/static/"), "/", 2)[1]
		rec = httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest("GET", stale, nil))
		if rec.Code != 200 || strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
			t.Fatalf("stale hash: %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
		}
	})
}

func TestEveryRouteDeclaresAPermission(t *testing.T) {
	storetest.EachWith(t, storetest.Options{}, func(t *testing.T, db *store.DB) {
		for _, rt := range newApp(t, db, false).Routes() {
			if rt.Permission == "" {
				t.Errorf("route %s has no permission", rt.Pattern)
			}
		}
	})
}

func TestORUKFeedIsMounted(t *testing.T) {
	storetest.EachWith(t, storetest.Options{}, func(t *testing.T, db *store.DB) {
		app := newApp(t, db, false)
		for _, sc := range []scenario{
			{name: "root", path: "/oruk/", status: 200, contains: []string{`"version":"3.0"`, `"openapi_url":"http://127.0.0.1:8080/oruk/openapi.json"`},
				header: map[string]string{"Access-Control-Allow-Origin": "*"}},
			{name: "no slash", path: "/oruk", status: 200, header: map[string]string{"Access-Control-Allow-Origin": "*"}},
			{name: "services", path: "/oruk/services", status: 200, contains: []string{`"total_items"`}},
			{name: "bad parameter", path: "/oruk/services?per_page=501", status: 400, contains: []string{"per_page"},
				header: map[string]string{"Access-Control-Allow-Origin": "*", "Content-Type": "application/problem+json"}},
			{name: "post is 405 with CORS", method: "POST", path: "/oruk/services", status: 405, header: map[string]string{"Access-Control-Allow-Origin": "*"}},
		} {
			sc.run(t, app)
		}
	})
}
