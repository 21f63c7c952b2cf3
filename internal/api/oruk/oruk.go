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
	"learnwell/internal/search"
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
}

// API is the ORUK feed. It is an http.Handler for every path under /oruk.
type API struct {
	db     *store.DB
	finder *finder.Service
	tax    *directory.Taxonomies
	base   string
	clock  learnwell.Clock
}

// New returns the feed.
func New(opts Options) *API {
	a := &API{db: opts.DB, finder: opts.Finder, base: strings.TrimRight(opts.BaseURL, "/"), clock: opts.Clock}
	if a.clock == nil && a.db != nil {
		a.clock = a.db.Clock()
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
		build   func(*params) ([]any, error)
	)
	switch name {
	case "services":
		allowed, build = serviceParams, func(p *params) ([]any, error) { return a.services(ctx, p) }
	case "service_at_locations":
		allowed, build = salParams, func(p *params) ([]any, error) { return a.serviceAtLocationList(ctx, p) }
	case "taxonomies":
		allowed, build = taxonomyParams, a.taxonomies
	case "taxonomy_terms":
		allowed, build = termParams, a.terms
	case "organizations":
		allowed, build = orgParams, func(p *params) ([]any, error) { return a.organizations(ctx, p) }
	default:
		return errNotFound
	}
	if err := checkParams(q, allowed); err != nil {
		return err
	}
	p, err := a.parseParams(q)
	if err != nil {
		return err
	}
	items, err := build(p)
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, "application/json", pageOf(items, p.page, p.perPage))
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
		var found *serviceAtLocation
		_, err := a.db.EachListing(ctx, func(l directory.Listing) error {
			if found != nil || l.Course.Status != directory.CourseActive {
				return nil
			}
			for _, s := range m.serviceAtLocations(l) {
				if s.ID == id {
					svc := m.serviceBase(l)
					s.Service = &svc
					found = &s
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if found == nil {
			return errNotFound
		}
		out = found
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
		var found *organization
		_, err := a.db.EachListing(ctx, func(l directory.Listing) error {
			if found == nil && l.Organisation.ID == id {
				o := m.organization(l.Organisation)
				found = &o
			}
			return nil
		})
		if err != nil {
			return err
		}
		if found == nil {
			return errNotFound
		}
		out = found
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

func pageOf(items []any, number, perPage int) page {
	total := len(items)
	pages := (total + perPage - 1) / perPage
	var contents []any
	if start := (number - 1) * perPage; start < total {
		contents = items[start:min(start+perPage, total)]
	}
	if contents == nil {
		contents = []any{}
	}
	return page{TotalItems: total, TotalPages: pages, PageNumber: number, Size: len(contents),
		FirstPage: number == 1, LastPage: number >= pages, Empty: len(contents) == 0, Contents: contents}
}

// params are the parsed query parameters of a list.
type params struct {
	page, perPage    int
	search           string
	termID           string
	taxonomyID       string
	minAge, maxAge   int // 0: not given
	days             []time.Weekday
	start, end       *directory.ClockTime
	near             *geo.Point
	proximityKm      float64 // 0: not given
	modifiedAfter    time.Time
	organizationID   string
	hasRunConditions bool
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

func (a *API) parseParams(q url.Values) (*params, error) {
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
		_, pt, err := geo.LocateString(s[0])
		if err != nil {
			msg := learnwell.ErrorMessage(err)
			if msg == "" {
				msg = "Enter a London postcode, like N7 8DB, or its district, like N7"
			}
			v.Add("postcode", msg)
		} else {
			p.near = &pt
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
	p.hasRunConditions = len(p.days) > 0 || p.start != nil || p.end != nil
	return p, v.Err()
}

// searchIDs returns the ids of the courses the finder's index matches for
// the words, or nil for no words.
func (a *API) searchIDs(words string) (map[string]bool, error) {
	if words == "" {
		return nil, nil
	}
	if a.finder == nil {
		return nil, learnwell.Errorf(learnwell.EINTERNAL, "The search is not available")
	}
	ids := map[string]bool{}
	for pg := 1; ; pg++ {
		res, err := a.finder.Index().Search(search.Query{Words: words, Sort: search.SortName, Page: pg, PerPage: search.MaxPerPage})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids[h.ID] = true
		}
		if len(res.Hits) == 0 || len(ids) >= res.Total {
			return ids, nil
		}
	}
}

// eachCandidate calls fn with every listing that may match, in course id
// order: the listings of the search hits when words were given (read by id,
// in chunks), else every listing.
func (a *API) eachCandidate(ctx context.Context, words map[string]bool, fn func(directory.Listing) error) error {
	if words == nil {
		_, err := a.db.EachListing(ctx, fn)
		return err
	}
	ids := make([]string, 0, len(words))
	for id := range words {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for chunk := range slices.Chunk(ids, 500) {
		ls, err := a.db.FindListings(ctx, chunk)
		if err != nil {
			return err
		}
		for _, l := range ls {
			if err := fn(l); err != nil {
				return err
			}
		}
	}
	return nil
}

// matchCourse applies the course-level filters.
func (a *API) matchCourse(l directory.Listing, p *params, words map[string]bool) bool {
	c := l.Course
	if c.Status != directory.CourseActive {
		return false
	}
	if words != nil && !words[c.ID] {
		return false
	}
	if p.termID != "" || p.taxonomyID != "" {
		ids := courseTermIDs(c)
		if p.termID != "" && !slices.Contains(ids, p.termID) {
			return false
		}
		if p.taxonomyID != "" && !slices.ContainsFunc(ids, func(id string) bool {
			t, ok := a.tax.TermByID(id)
			return ok && t.TaxonomyID == p.taxonomyID
		}) {
			return false
		}
	}
	// The course's ages must overlap the ages asked for (0 is open).
	if p.minAge > 0 && c.MaxAge > 0 && c.MaxAge < p.minAge {
		return false
	}
	if p.maxAge > 0 && c.MinAge > 0 && c.MinAge > p.maxAge {
		return false
	}
	if p.organizationID != "" && c.OrganisationID != p.organizationID {
		return false
	}
	if !p.modifiedAfter.IsZero() && !lastModified(l).After(p.modifiedAfter) {
		return false
	}
	return true
}

// matchRun applies the run-level filters (day, start_time, end_time) to a
// published run.
func matchRun(r directory.Run, p *params) bool {
	if len(p.days) > 0 && !slices.ContainsFunc(r.Days(), func(d time.Weekday) bool { return slices.Contains(p.days, d) }) {
		return false
	}
	if p.start != nil && r.Schedule.Start.Before(*p.start) {
		return false
	}
	if p.end != nil && p.end.Before(r.Schedule.End) {
		return false
	}
	return true
}

func (a *API) services(ctx context.Context, p *params) ([]any, error) {
	words, err := a.searchIDs(p.search)
	if err != nil {
		return nil, err
	}
	m := a.mapper()
	var out []any
	err = a.eachCandidate(ctx, words, func(l directory.Listing) error {
		if !a.matchCourse(l, p, words) {
			return nil
		}
		if p.hasRunConditions && !slices.ContainsFunc(l.Runs, func(r directory.Run) bool { return m.published(r) && matchRun(r, p) }) {
			return nil
		}
		s := m.serviceBase(l)
		org := m.organization(l.Organisation)
		s.Organization = &org
		out = append(out, s)
		return nil
	})
	return out, err
}

func (a *API) serviceAtLocationList(ctx context.Context, p *params) ([]any, error) {
	words, err := a.searchIDs(p.search)
	if err != nil {
		return nil, err
	}
	m := a.mapper()
	type hit struct {
		sal  serviceAtLocation
		dist float64
	}
	var hits []hit
	err = a.eachCandidate(ctx, words, func(l directory.Listing) error {
		if !a.matchCourse(l, p, words) {
			return nil
		}
		for _, s := range m.serviceAtLocations(l) {
			if p.hasRunConditions && !slices.ContainsFunc(l.Runs, func(r directory.Run) bool {
				return r.LocationID == s.LocationID && m.published(r) && matchRun(r, p)
			}) {
				continue
			}
			dist := 0.0
			if p.near != nil {
				loc := l.Locations[s.LocationID]
				if loc.Point == nil {
					if p.proximityKm > 0 {
						continue
					}
					dist = math.Inf(1)
				} else {
					dist = geo.DistanceKm(*p.near, *loc.Point)
					if p.proximityKm > 0 && dist > p.proximityKm {
						continue
					}
				}
			}
			svc := m.serviceBase(l)
			s.Service = &svc
			hits = append(hits, hit{s, dist})
		}
		return nil
	})
	if p.near != nil {
		slices.SortStableFunc(hits, func(x, y hit) int {
			if x.dist != y.dist {
				if x.dist < y.dist {
					return -1
				}
				return 1
			}
			return strings.Compare(x.sal.ID, y.sal.ID)
		})
	}
	out := make([]any, len(hits))
	for i, h := range hits {
		out[i] = h.sal
	}
	return out, err
}

func (a *API) taxonomies(p *params) ([]any, error) {
	m := a.mapper()
	var out []any
	for _, t := range a.tax.Taxonomies() {
		if p.search == "" || containsFold(t.Name+" "+t.Description, p.search) {
			out = append(out, m.taxonomy(t, false))
		}
	}
	return out, nil
}

func (a *API) terms(p *params) ([]any, error) {
	m := a.mapper()
	var out []any
	for _, t := range a.tax.AllTerms() {
		if p.taxonomyID != "" && t.TaxonomyID != p.taxonomyID {
			continue
		}
		if p.search == "" || containsFold(t.Name+" "+t.Description, p.search) {
			out = append(out, m.term(t))
		}
	}
	return out, nil
}

// organizations lists the organisations that have a course, in the order
// of their first course.
func (a *API) organizations(ctx context.Context, p *params) ([]any, error) {
	m := a.mapper()
	seen := map[string]bool{}
	var out []any
	_, err := a.db.EachListing(ctx, func(l directory.Listing) error {
		o := l.Organisation
		if seen[o.ID] {
			return nil
		}
		seen[o.ID] = true
		if p.search == "" || containsFold(o.Name+" "+o.Description, p.search) {
			out = append(out, m.organization(o))
		}
		return nil
	})
	return out, err
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
