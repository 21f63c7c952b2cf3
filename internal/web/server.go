// Package web serves learnwell's pages: server-rendered html/template with the
// NHS.UK frontend, working without JavaScript. It also mounts the operational
// endpoints (/healthz, /readyz, /metrics) and maps every error, in one place,
// to an NHS-styled page or an RFC 9457 JSON problem.
package web

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/alexedwards/scs/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/api/oruk"
	"learnwell/internal/config"
	"learnwell/internal/finder"
	"learnwell/internal/secret"
	"learnwell/internal/store"
)

// PermPublic is for pages and endpoints anyone may use without signing in.
// Every route names the permission of internal/account that it needs; the
// one access policy (account.Allow) decides who holds it, in authorize.
const PermPublic = account.Public

// Route is one row of the route table.
type Route struct {
	Pattern    string             // a net/http ServeMux pattern with its method, like "GET /users/{id}"
	Permission account.Permission // what the route needs; account.Public for everyone
	Handler    HandlerFunc
	// Record says which path wildcard names the record the permission is
	// about, and what kind of record it is; the zero Record means the
	// signed-in person's own (their organisation's users, their tokens...).
	Record Record
	// Alt, if set, lets a request through without a signed-in person (the
	// metrics token for /metrics).
	Alt func(*http.Request) bool
}

// HandlerFunc is an HTTP handler that returns its error to be rendered in one
// place, as a page or a JSON problem.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Options are what a Server needs.
type Options struct {
	DB       *store.DB
	Config   *config.Config
	Logger   *slog.Logger
	Registry *prometheus.Registry // nil for a new one
	Finder   *finder.Service      // the course finder (required), with its index built
	// Accounts is the trust layer: sign-in, users, tokens... serve passes
	// the one its commands use; nil makes one from Config (see trustLayer).
	Accounts *accounts.Service
	// Keys seal what a session holds for a moment (a link's token, a new
	// authenticator secret): the data keys. Nil: as for Accounts.
	Keys *secret.Keyring
}

// Server is the web application.
type Server struct {
	db      *store.DB
	cfg     *config.Config
	log     *slog.Logger
	assets  *Assets
	pages   map[string]*template.Template
	demo    bool
	metrics *metrics
	reg     *prometheus.Registry
	routes  []Route
	handler http.Handler
	finder  *finder.Service
	oruk    http.Handler
	// operator is who runs the service, for /privacy and /accessibility.
	operator operatorContact

	accounts *accounts.Service
	keys     *secret.Keyring
	sessions *scs.SessionManager
	clock    learnwell.Clock
	openAPI  []byte

	parts     sync.Map     // the finder's form parts by template and choice (part)
	partCount atomic.Int64 // parts rendered to keep, kept or not
	noParts   bool         // render every part per request, for benchmarks
}

// New builds the server: it parses every template (a broken one fails here)
// and reads whether the database is a demo database.
func New(ctx context.Context, opts Options) (*Server, error) {
	if opts.DB == nil || opts.Config == nil || opts.Finder == nil {
		return nil, errors.New("web: DB, Config and Finder are required")
	}
	assets, err := NewAssets(StaticFS())
	if err != nil {
		return nil, err
	}
	pages, err := parseTemplates(assets)
	if err != nil {
		return nil, err
	}
	demo, err := opts.DB.IsDemo(ctx)
	if err != nil {
		return nil, err
	}
	reg := opts.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	if opts.Accounts == nil || opts.Keys == nil {
		if opts.Accounts, opts.Keys, err = trustLayer(opts, demo, log); err != nil {
			return nil, err
		}
	}
	s := &Server{db: opts.DB, cfg: opts.Config, log: log, assets: assets, pages: pages, demo: demo,
		metrics: newMetrics(reg), reg: reg, finder: opts.Finder, accounts: opts.Accounts, keys: opts.Keys, clock: opts.DB.Clock()}
	s.sessions = s.newSessionManager()
	s.operator = newOperatorContact(opts.Config.Operator, demo)
	if s.openAPI, err = openAPIDocument(opts.Config.BaseURL); err != nil {
		return nil, err
	}
	s.oruk = oruk.New(oruk.Options{DB: opts.DB, Finder: opts.Finder, BaseURL: opts.Config.BaseURL, Clock: opts.DB.Clock()})
	// Render the finder's filters with nothing chosen now: it fails at
	// start if a template is broken, and the first page is as quick as any.
	if _, err := s.filterGroups(finder.Query{}, nil); err != nil {
		return nil, err
	}
	s.routes = s.routeTable()
	s.handler = s.buildHandler()
	return s, nil
}

// trustLayer makes the accounts service and keys a server was not given: the
// data keys of the settings, or the demo's for a demo database, or failing
// both a key of this process alone (as for benchmarks: secrets sealed
// before, such as authenticator apps, cannot be opened with it).
func trustLayer(opts Options, demo bool, log *slog.Logger) (*accounts.Service, *secret.Keyring, error) {
	keys := opts.Keys
	if keys == nil {
		var err error
		if keys, err = secret.ParseKeys(opts.Config.DataKey); err != nil {
			return nil, nil, err
		}
	}
	switch {
	case keys != nil:
	case demo:
		keys = secret.DemoKeyring()
	default:
		log.Warn("no data key: sign-in works only for accounts made while this process runs")
		keys = secret.GenerateKeyring()
	}
	if opts.Accounts != nil {
		return opts.Accounts, keys, nil
	}
	p := opts.Config.Passwords
	hasher, err := account.NewHasher(p.HashParams(), p.Concurrency, p.Wait)
	if err != nil {
		return nil, nil, err
	}
	svc, err := accounts.New(accounts.Options{DB: opts.DB, Hasher: hasher, Keys: keys, BaseURL: opts.Config.BaseURL, Audit: accounts.Trail})
	return svc, keys, err
}

// Routes returns the route table, for tests that walk every route.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// ServeHTTP serves a request through the middleware and the route table.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routeTable lists every route with the permission it needs and, where the
// permission is about one record, which wildcard names it.
func (s *Server) routeTable() []Route {
	pub := func(pattern string, h HandlerFunc) Route {
		return Route{Pattern: pattern, Permission: PermPublic, Handler: h}
	}
	own := func(pattern string, p account.Permission, h HandlerFunc) Route {
		return Route{Pattern: pattern, Permission: p, Handler: h}
	}
	rec := func(pattern string, p account.Permission, kind RecordKind, h HandlerFunc) Route {
		return Route{Pattern: pattern, Permission: p, Handler: h, Record: Record{Param: kind.param(), Kind: kind}}
	}
	routes := []Route{
		pub("GET /{$}", s.home),
		// Open Referral UK: open, read only. Every method goes to the API so
		// that even a 405 carries the CORS header the standard requires.
		pub("/oruk", wrap(s.oruk.ServeHTTP)),
		pub("/oruk/", wrap(s.oruk.ServeHTTP)),
		pub("GET /courses", s.finderPage),
		pub("GET /courses/template.csv", courseTemplateCSV),
		pub("GET /courses/{id}", s.coursePage),
		pub("GET /accessibility", s.staticPage("accessibility", "Accessibility statement")),
		pub("GET /privacy", s.staticPage("privacy", "Privacy notice")),
		pub("GET /about-the-data", s.aboutTheData),
		own("GET /outbox", account.ViewOutbox, s.outbox),
		pub("GET /healthz", s.healthz),
		pub("GET /readyz", s.readyz),
		{Pattern: "GET /metrics", Permission: account.ViewMetrics, Handler: s.metricsHandler(), Alt: s.metricsTokenGiven},
		pub("GET /static/{hash}/{path...}", wrap(s.assets.ServeStatic)),
		pub("GET /assets/images/{name...}", wrap(s.assets.ServeNHSImage)),
	}
	routes = append(routes, s.signInRoutes(pub, own)...)
	routes = append(routes, s.adminRoutes(own, rec)...)
	routes = append(routes,
		pub("GET /api/v1/openapi.json", s.apiOpenAPI),
		own("GET /api/v1/me", account.SignedIn, s.apiMe),
	)
	return routes
}

func wrap(h http.HandlerFunc) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error { h(w, r); return nil }
}

func (s *Server) metricsHandler() HandlerFunc {
	return wrap(promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{}).ServeHTTP)
}

func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		h := s.authorize(rt)
		mux.HandleFunc(rt.Pattern, func(w http.ResponseWriter, r *http.Request) {
			noteRoute(r)
			if err := h(w, r); err != nil {
				s.renderError(w, r, err)
			}
		})
	}
	// Anything the table does not match is a 404 page (or problem), never Go's plain text.
	notFound := func(w http.ResponseWriter, r *http.Request) { s.renderError(w, r, errNotFound) }
	notAllowed := func(w http.ResponseWriter, r *http.Request) { s.renderError(w, r, errMethodNotAllowed) }
	var h http.Handler = muxWithNotFound{mux, notFound, notAllowed}
	h = s.refuseUnusualText(h, mux)
	h = s.compress(h)
	h = s.withSession(h)
	h = s.apiFrontDoor(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.limitBody(h)
	h = securityHeaders(h, s.cfg.SecureCookies())
	h = s.recoverer(h)
	h = s.withOrigin(h)
	h = s.observe(h)
	return h
}

// muxWithNotFound serves the mux, but renders our own 404 and 405 pages.
type muxWithNotFound struct {
	mux              *http.ServeMux
	notFound         http.HandlerFunc
	methodNotAllowed http.HandlerFunc
}

func (m muxWithNotFound) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := m.mux.Handler(r); pattern == "" {
		// A path served for another method is a 405, anything else a 404.
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			probe := r.Clone(r.Context())
			probe.Method = method
			if _, p := m.mux.Handler(probe); p != "" && method != r.Method {
				w.Header().Set("Allow", method)
				m.methodNotAllowed(w, r)
				return
			}
		}
		m.notFound(w, r)
		return
	}
	m.mux.ServeHTTP(w, r)
}
