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

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"learnwell/internal/api/oruk"
	"learnwell/internal/config"
	"learnwell/internal/finder"
	"learnwell/internal/store"
)

// Permission names what a route needs. Every route declares one in the route
// table; the access policy decides who holds it.
type Permission string

// PermPublic is for pages and endpoints anyone may use without signing in.
const PermPublic Permission = "public"

// Route is one row of the route table.
type Route struct {
	Pattern    string // a net/http ServeMux pattern with its method, like "GET /courses/{id}"
	Permission Permission
	Handler    HandlerFunc
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
	s := &Server{db: opts.DB, cfg: opts.Config, log: log, assets: assets, pages: pages, demo: demo,
		metrics: newMetrics(reg), reg: reg, finder: opts.Finder}
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

// Routes returns the route table, for tests that walk every route.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// ServeHTTP serves a request through the middleware and the route table.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routeTable lists every route with the permission it needs.
func (s *Server) routeTable() []Route {
	return []Route{
		{"GET /{$}", PermPublic, s.home},
		// Open Referral UK: open, read only. Every method goes to the API so
		// that even a 405 carries the CORS header the standard requires.
		{"/oruk", PermPublic, wrap(s.oruk.ServeHTTP)},
		{"/oruk/", PermPublic, wrap(s.oruk.ServeHTTP)},
		{"GET /courses", PermPublic, s.finderPage},
		{"GET /courses/{id}", PermPublic, s.coursePage},
		{"GET /accessibility", PermPublic, s.staticPage("accessibility", "Accessibility statement")},
		{"GET /privacy", PermPublic, s.staticPage("privacy", "Privacy notice")},
		{"GET /about-the-data", PermPublic, s.staticPage("about-the-data", "About the data")},
		{"GET /outbox", PermPublic, s.outbox},
		{"GET /healthz", PermPublic, s.healthz},
		{"GET /readyz", PermPublic, s.readyz},
		{"GET /metrics", PermPublic, s.metricsHandler()},
		{"GET /static/{hash}/{path...}", PermPublic, wrap(s.assets.ServeStatic)},
		{"GET /assets/images/{name...}", PermPublic, wrap(s.assets.ServeNHSImage)},
	}
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
		h := rt.Handler
		mux.HandleFunc(rt.Pattern, func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				s.renderError(w, r, err)
			}
		})
	}
	// Anything the table does not match is a 404 page (or problem), never Go's plain text.
	notFound := func(w http.ResponseWriter, r *http.Request) { s.renderError(w, r, errNotFound) }
	notAllowed := func(w http.ResponseWriter, r *http.Request) { s.renderError(w, r, errMethodNotAllowed) }
	var h http.Handler = muxWithNotFound{mux, notFound, notAllowed}
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.limitBody(h)
	h = securityHeaders(h)
	h = s.recoverer(h)
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
