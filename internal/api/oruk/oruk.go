// Package oruk serves learnwell's directory as an Open Referral UK 3.0 feed
// (the UK profile of HSDS 3.0) under /oruk: read only, open, no key. How each
// record maps is in docs/oruk-mapping.md; the endpoints and parameters are in
// docs/oruk-feed.md and in the feed's own OpenAPI document, openapi.json.
package oruk

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/finder"
	"learnwell/internal/geo"
	"learnwell/internal/store"
)

// Version is the HSDS version the feed serves.
const Version = "3.0"

// Profile is the URL of the Open Referral UK profile the feed follows.
const Profile = "https://github.com/OpenReferralUK/uk-profile"

// Page sizes.
const (
	DefaultPerPage = 50
	MaxPerPage     = 500
)

//go:embed openapi.json
var openAPI []byte

// Options configure the feed.
type Options struct {
	DB      *store.DB
	Finder  *finder.Service // its index answers search; its taxonomies are served
	BaseURL string          // the public base URL of the site, such as https://learnwell.example
	Clock   learnwell.Clock // default: the store's clock
	// Locator places the postcode parameter: default the store's, which
	// knows full postcodes once an ONS postcode directory is loaded.
	Locator geo.Locator
}

// API is the ORUK feed. It is an http.Handler for every path under /oruk.
type API struct {
	db     *store.DB
	finder *finder.Service
	tax    *directory.Taxonomies
	base   string
	clock  learnwell.Clock
	loc    geo.Locator
}

// New returns the feed.
func New(opts Options) *API {
	a := &API{db: opts.DB, finder: opts.Finder, base: strings.TrimRight(opts.BaseURL, "/"), clock: opts.Clock, loc: opts.Locator}
	if a.clock == nil && a.db != nil {
		a.clock = a.db.Clock()
	}
	if a.loc == nil && a.db != nil {
		a.loc = a.db.Locator()
	}
	if a.clock == nil {
		a.clock = learnwell.SystemClock{}
	}
	if a.finder != nil {
		a.tax = a.finder.Taxonomies()
	} else {
		a.tax = directory.BuiltinTaxonomies()
	}
	return a
}

func (a *API) mapper() mapper {
	return mapper{tax: a.tax, base: a.base, today: directory.Today(a.clock)}
}

// ServeHTTP answers GET, HEAD and OPTIONS on /oruk and every path under it.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	switch r.Method {
	case http.MethodOptions:
		h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Accept, Content-Type")
		h.Set("Access-Control-Max-Age", "86400")
		h.Set("Allow", "GET, HEAD, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodGet, http.MethodHead:
	default:
		h.Set("Allow", "GET, HEAD, OPTIONS")
		a.problem(w, r, http.StatusMethodNotAllowed, "Method not allowed", "The feed is read only: use GET, HEAD or OPTIONS.", nil)
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, "/oruk")
	if !ok || (path != "" && !strings.HasPrefix(path, "/")) {
		a.notFound(w, r)
		return
	}
	path = strings.Trim(path, "/")
	parts := strings.Split(path, "/")
	if path == "" {
		parts = nil
	}
	if len(parts) > 2 {
		a.notFound(w, r)
		return
	}
	var err error
	switch {
	case len(parts) == 0:
		err = a.root(w, r)
	case len(parts) == 1 && parts[0] == "openapi.json":
		err = a.openapi(w, r)
	case len(parts) == 1:
		err = a.list(w, r, parts[0])
	default:
		err = a.item(w, r, parts[0], parts[1])
	}
	if err != nil {
		a.fail(w, r, err)
	}
}

// errNotFound is returned for an unknown path or id.
var errNotFound = errors.New("not found")

func (a *API) root(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query(), nil); err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, "application/json", map[string]string{
		"version": Version, "profile": Profile, "openapi_url": a.base + "/oruk/openapi.json",
	})
	return nil
}

func (a *API) openapi(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query(), nil); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(openAPI)
	}
	return nil
}

// The parameters each list accepts.
var (
	pagingParams   = []string{"page", "per_page"}
	filterParams   = []string{"page", "per_page", "search", "taxonomy_term_id", "taxonomy_id", "minimum_age", "maximum_age", "day", "start_time", "end_time"}
	serviceParams  = append(slices.Clone(filterParams), "modified_after", "organization_id")
	salParams      = append(slices.Clone(filterParams), "postcode", "proximity")
	taxonomyParams = []string{"page", "per_page", "search"}
	termParams     = []string{"page", "per_page", "search", "taxonomy_id"}
	orgParams      = []string{"page", "per_page", "search"}
)

func (a *API) list(w http.ResponseWriter, r *http.Request, name string) error {
	q := r.URL.Query()
	ctx := r.Context()
	var (
		allowed []string
		build   func(*params) (page, error)
	)
	switch name {
	case "services":
		allowed, build = serviceParams, func(p *params) (page, error) { return a.services(ctx, p) }
	case "service_at_locations":
		allowed, build = salParams, func(p *params) (page, error) { return a.serviceAtLocationList(ctx, p) }
	case "taxonomies":
		allowed, build = taxonomyParams, a.taxonomies
	case "taxonomy_terms":
		allowed, build = termParams, a.terms
	case "organizations":
		allowed, build = orgParams, func(p *params) (page, error) { return a.organizations(ctx, p) }
	default:
		return errNotFound
	}
	if err := checkParams(q, allowed); err != nil {
		return err
	}
	p, err := a.parseParams(ctx, q)
	if err != nil {
		return err
	}
	pg, err := build(p)
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, "application/json", pg)
	return nil
}

func (a *API) item(w http.ResponseWriter, r *http.Request, name, id string) error {
	if err := checkParams(r.URL.Query(), nil); err != nil {
		return err
	}
	if !learnwell.ValidID(id) {
		return errNotFound
	}
	ctx := r.Context()
	m := a.mapper()
	var out any
	switch name {
	case "services":
		l, err := a.db.FindListing(ctx, id)
		if err != nil {
			return err
		}
		out = m.service(l)
	case "service_at_locations":
		s, err := a.serviceAtLocation(ctx, m, id)
		if err != nil {
			return err
		}
		out = s
	case "taxonomies":
		t, ok := a.tax.TaxonomyByID(id)
		if !ok {
			return errNotFound
		}
		out = m.taxonomy(t, true)
	case "taxonomy_terms":
		t, ok := a.tax.TermByID(id)
		if !ok {
			return errNotFound
		}
		out = m.term(t)
	case "organizations":
		o, err := a.db.FindFeedOrganisation(ctx, id)
		if err != nil {
			return err
		}
		out = m.organization(o)
	default:
		return errNotFound
	}
	a.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// page is the ORUK page wrapper.
type page struct {
	TotalItems int   `json:"total_items"`
	TotalPages int   `json:"total_pages"`
	PageNumber int   `json:"page_number"`
	Size       int   `json:"size"`
	FirstPage  bool  `json:"first_page"`
	LastPage   bool  `json:"last_page"`
	Empty      bool  `json:"empty"`
	Contents   []any `json:"contents"`
}

// pageOf wraps one page of items, of total items in all.
func pageOf(items []any, total, number, perPage int) page {
	if items == nil {
		items = []any{}
	}
	pages := (total + perPage - 1) / perPage
	return page{TotalItems: total, TotalPages: pages, PageNumber: number, Size: len(items),
		FirstPage: number == 1, LastPage: number >= pages, Empty: len(items) == 0, Contents: items}
}

// offset is where the page asked for starts.
func (p *params) offset() int { return (p.page - 1) * p.perPage }

// params are the parsed query parameters of a list.
type params struct {
	page, perPage  int
	search         string
	termID         string
	taxonomyID     string
	minAge, maxAge int // 0: not given
	days           []time.Weekday
	start, end     *directory.ClockTime
	near           *geo.Point
	proximityKm    float64 // 0: not given
	modifiedAfter  time.Time
	organizationID string
}

var hhmm = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

var dayCodes = map[string]time.Weekday{"MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
	"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday, "SU": time.Sunday}

// checkParams rejects a parameter not in allowed, or given more than once.
func checkParams(q url.Values, allowed []string) error {
	var v learnwell.Validation
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		switch {
		case !slices.Contains(allowed, name):
			v.Add(name, fmt.Sprintf("%q is not a parameter of this endpoint", name))
		case len(q[name]) > 1:
			v.Add(name, "Give "+name+" once")
		}
	}
	return v.Err()
}

func (a *API) parseParams(ctx context.Context, q url.Values) (*params, error) {
	var v learnwell.Validation
	p := &params{page: 1, perPage: DefaultPerPage}
	intParam := func(name string, lo, hi int, dst *int) {
		s, ok := q[name]
		if !ok {
			return
		}
		n, err := strconv.Atoi(s[0])
		if err != nil || n < lo || n > hi {
			v.Add(name, fmt.Sprintf("%s must be a whole number from %d to %d", name, lo, hi))
			return
		}
		*dst = n
	}
	intParam("page", 1, math.MaxInt32, &p.page)
	intParam("per_page", 1, MaxPerPage, &p.perPage)
	intParam("minimum_age", 0, directory.MaximumAge, &p.minAge)
	intParam("maximum_age", 0, directory.MaximumAge, &p.maxAge)
	if p.minAge > 0 && p.maxAge > 0 && p.minAge > p.maxAge && !v.Has("maximum_age") {
		v.Add("maximum_age", "maximum_age must be the same as or more than minimum_age")
	}
	p.search = strings.TrimSpace(q.Get("search"))
	if s, ok := q["taxonomy_term_id"]; ok {
		if _, found := a.tax.TermByID(s[0]); !found {
			v.Add("taxonomy_term_id", "taxonomy_term_id must be the id of a term in /oruk/taxonomy_terms")
		}
		p.termID = s[0]
	}
	if s, ok := q["taxonomy_id"]; ok {
		if _, found := a.tax.TaxonomyByID(s[0]); !found {
			v.Add("taxonomy_id", "taxonomy_id must be the id of a taxonomy in /oruk/taxonomies")
		}
		p.taxonomyID = s[0]
	}
	if s, ok := q["day"]; ok {
		for code := range strings.SplitSeq(s[0], ",") {
			d, found := dayCodes[strings.ToUpper(strings.TrimSpace(code))]
			if !found {
				v.Add("day", "day must be days separated by commas, from MO, TU, WE, TH, FR, SA, SU")
				break
			}
			p.days = append(p.days, d)
		}
	}
	clock := func(name string) *directory.ClockTime {
		s, ok := q[name]
		if !ok {
			return nil
		}
		t, err := directory.ParseClockTime(s[0])
		if !hhmm.MatchString(s[0]) || err != nil {
			v.Add(name, name+" must be a London time as HH:MM, like 09:30")
			return nil
		}
		return &t
	}
	p.start, p.end = clock("start_time"), clock("end_time")
	if p.start != nil && p.end != nil && p.end.Before(*p.start) {
		v.Add("end_time", "end_time must be the same as or later than start_time")
	}
	if s, ok := q["postcode"]; ok {
		place, err := geo.LocateWith(ctx, a.loc, s[0])
		if err != nil {
			msg := learnwell.ErrorMessage(err)
			if msg == "" {
				msg = "Enter a London postcode, like N7 8DB, or its district, like N7"
			}
			v.Add("postcode", msg)
		} else {
			p.near = &place.Point
		}
	}
	if s, ok := q["proximity"]; ok {
		n, err := strconv.ParseFloat(s[0], 64)
		switch {
		case err != nil || math.IsNaN(n) || n < 1 || n > 100_000:
			v.Add("proximity", "proximity must be a distance in metres from 1 to 100000")
		case !q.Has("postcode"):
			v.Add("proximity", "proximity needs a postcode to measure from")
		default:
			p.proximityKm = n / 1000
		}
	}
	if s, ok := q["modified_after"]; ok {
		t, err := time.Parse(time.RFC3339, s[0])
		if err != nil {
			v.Add("modified_after", "modified_after must be a date and time as RFC 3339, like 2026-11-24T09:00:00Z")
		}
		p.modifiedAfter = t
	}
	if s, ok := q["organization_id"]; ok {
		if !learnwell.ValidID(s[0]) {
			v.Add("organization_id", "organization_id must be an organization id (a UUID)")
		}
		p.organizationID = s[0]
	}
	return p, v.Err()
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func (a *API) writeJSON(w http.ResponseWriter, r *http.Request, status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		a.problem(w, r, http.StatusInternalServerError, "Internal error", "The response could not be written.", nil)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(append(b, '\n'))
	}
}

// problem is an RFC 9457 problem detail.
type problem struct {
	Type   string                 `json:"type"`
	Title  string                 `json:"title"`
	Status int                    `json:"status"`
	Detail string                 `json:"detail,omitempty"`
	Errors []learnwell.FieldError `json:"errors,omitempty"`
}

func (a *API) problem(w http.ResponseWriter, r *http.Request, status int, title, detail string, fields []learnwell.FieldError) {
	a.writeJSON(w, r, status, "application/problem+json", problem{Type: "about:blank", Title: title, Status: status, Detail: detail, Errors: fields})
}

func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	a.problem(w, r, http.StatusNotFound, "Not found", "There is nothing at "+r.URL.Path+".", nil)
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errNotFound) || learnwell.ErrorCode(err) == learnwell.ENOTFOUND:
		a.notFound(w, r)
	case learnwell.ErrorCode(err) == learnwell.EINVALID:
		fields := learnwell.ErrorFields(err)
		names := make([]string, len(fields))
		for i, f := range fields {
			names[i] = f.Field
		}
		a.problem(w, r, http.StatusBadRequest, "Bad request", "Check the parameter: "+strings.Join(names, ", ")+".", fields)
	default:
		a.problem(w, r, http.StatusInternalServerError, "Internal error", "Something went wrong. Try again later.", nil)
	}
}
