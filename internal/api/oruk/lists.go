package oruk

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
	"learnwell/internal/search"
	"learnwell/internal/store"
)

// The lists page in the store: it selects, orders and counts the rows in
// SQL and the feed reads only the listings of the page asked for, so a page
// costs the same at any size of directory. The search parameter is answered
// by the finder's index, whose matches the store then filters.

// feedFilter turns the parameters into the store's filter of courses, with
// runs published as m sees them.
func (a *API) feedFilter(m mapper, p *params) (store.FeedFilter, error) {
	f := store.FeedFilter{Today: m.today, TermID: p.termID, MinAge: p.minAge, MaxAge: p.maxAge,
		OrganisationID: p.organizationID, ModifiedAfter: p.modifiedAfter, Days: p.days, StartsFrom: p.start, EndsBy: p.end}
	if p.taxonomyID != "" {
		// A course is in a taxonomy when one of its terms is.
		f.AnyTermIDs = []string{}
		for _, t := range a.tax.AllTerms() {
			if t.TaxonomyID == p.taxonomyID {
				f.AnyTermIDs = append(f.AnyTermIDs, t.ID)
			}
		}
	}
	if p.search != "" {
		if a.finder == nil {
			return f, learnwell.Errorf(learnwell.EINTERNAL, "The search is not available")
		}
		ids, err := a.finder.Index().MatchingIDs(search.Query{Words: p.search})
		if err != nil {
			return f, err
		}
		f.IDs = ids
	}
	return f, nil
}

// listings reads the listings of the courses with the ids, by id.
func (a *API) listings(ctx context.Context, ids []string) (map[string]directory.Listing, error) {
	ls, err := a.db.FindListings(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]directory.Listing, len(ls))
	for _, l := range ls {
		out[l.Course.ID] = l
	}
	return out, nil
}

func (a *API) services(ctx context.Context, p *params) (page, error) {
	m := a.mapper()
	f, err := a.feedFilter(m, p)
	if err != nil {
		return page{}, err
	}
	ids, total, err := a.db.FindFeedServices(ctx, f, store.FeedPage{Offset: p.offset(), Limit: p.perPage})
	if err != nil {
		return page{}, err
	}
	byID, err := a.listings(ctx, ids)
	if err != nil {
		return page{}, err
	}
	var items []any
	for _, id := range ids {
		l, ok := byID[id]
		if !ok {
			continue // deleted since the page was counted
		}
		s := m.serviceBase(l)
		org := m.organization(l.Organisation)
		s.Organization = &org
		items = append(items, s)
	}
	return pageOf(items, total, p.page, p.perPage), nil
}

func (a *API) serviceAtLocationList(ctx context.Context, p *params) (page, error) {
	m := a.mapper()
	f, err := a.feedFilter(m, p)
	if err != nil {
		return page{}, err
	}
	var venues []store.FeedVenue
	var total int
	if p.near != nil {
		venues, total, err = a.nearestVenues(ctx, f, p)
	} else {
		venues, total, err = a.db.FindFeedServiceAtLocations(ctx, f, store.FeedPage{Offset: p.offset(), Limit: p.perPage})
	}
	if err != nil {
		return page{}, err
	}
	ids := make([]string, 0, len(venues))
	for _, v := range venues {
		ids = append(ids, v.CourseID)
	}
	byID, err := a.listings(ctx, ids)
	if err != nil {
		return page{}, err
	}
	var items []any
	for _, v := range venues {
		l, ok := byID[v.CourseID]
		if !ok {
			continue
		}
		for _, s := range m.serviceAtLocations(l) {
			if s.ID == v.ID {
				svc := m.serviceBase(l)
				s.Service = &svc
				items = append(items, s)
			}
		}
	}
	return pageOf(items, total, p.page, p.perPage), nil
}

// near is a venue and its distance from the postcode.
type near struct {
	v    store.FeedVenue
	dist float64 // +Inf for a venue without a point
}

func compareNear(x, y near) int {
	return cmp.Or(cmp.Compare(x.dist, y.dist), strings.Compare(x.v.ID, y.v.ID))
}

// nearestVenues returns the page of venues nearest the postcode first (a
// venue without a point last; ties by id), within the proximity if given,
// and how many there are. It keeps only the venues up to the end of the
// page, in a bounded heap, however many it reads.
func (a *API) nearestVenues(ctx context.Context, f store.FeedFilter, p *params) ([]store.FeedVenue, int, error) {
	var box *geo.Box
	if p.proximityKm > 0 {
		b := geo.BoxAround(*p.near, p.proximityKm)
		box = &b
	}
	keep := p.offset() + p.perPage
	top := &boundedHeap[near]{k: keep, less: func(x, y near) bool { return compareNear(x, y) < 0 }}
	total := 0
	err := a.db.EachFeedServiceAtLocation(ctx, f, box, func(v store.FeedVenue) error {
		n := near{v: v, dist: math.Inf(1)}
		if v.Point != nil {
			n.dist = geo.DistanceKm(*p.near, *v.Point)
		}
		if p.proximityKm > 0 && !(n.dist <= p.proximityKm) {
			return nil
		}
		total++
		top.offer(n)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	sorted := top.sorted()
	var out []store.FeedVenue
	for _, n := range sorted[min(p.offset(), len(sorted)):] {
		out = append(out, n.v)
	}
	return out, total, nil
}

// serviceAtLocation returns the service_at_location with the id, with its
// service, or ENOTFOUND: one of an active course's venues with a published
// run there.
func (a *API) serviceAtLocation(ctx context.Context, m mapper, id string) (*serviceAtLocation, error) {
	courseID, _, err := a.db.FindFeedServiceAtLocation(ctx, id)
	if err != nil {
		return nil, err
	}
	l, err := a.db.FindListing(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if l.Course.Status != directory.CourseActive {
		return nil, errNotFound
	}
	for _, s := range m.serviceAtLocations(l) {
		if s.ID == id {
			svc := m.serviceBase(l)
			s.Service = &svc
			return &s, nil
		}
	}
	return nil, errNotFound
}

// window collects the items of one page from a list read in order, and
// counts them all.
type window struct {
	p     *params
	total int
	items []any
}

func (w *window) add(item any) {
	if w.total >= w.p.offset() && len(w.items) < w.p.perPage {
		w.items = append(w.items, item)
	}
	w.total++
}

func (w *window) page() page { return pageOf(w.items, w.total, w.p.page, w.p.perPage) }

func (a *API) taxonomies(p *params) (page, error) {
	m := a.mapper()
	w := &window{p: p}
	for _, t := range a.tax.Taxonomies() {
		if p.search == "" || containsFold(t.Name+" "+t.Description, p.search) {
			w.add(m.taxonomy(t, false))
		}
	}
	return w.page(), nil
}

func (a *API) terms(p *params) (page, error) {
	m := a.mapper()
	w := &window{p: p}
	for _, t := range a.tax.AllTerms() {
		if p.taxonomyID != "" && t.TaxonomyID != p.taxonomyID {
			continue
		}
		if p.search == "" || containsFold(t.Name+" "+t.Description, p.search) {
			w.add(m.term(t))
		}
	}
	return w.page(), nil
}

// organizations lists the organisations that have a course, in the order
// of their first course.
func (a *API) organizations(ctx context.Context, p *params) (page, error) {
	m := a.mapper()
	if p.search == "" {
		orgs, total, err := a.db.FindFeedOrganisations(ctx, store.FeedPage{Offset: p.offset(), Limit: p.perPage})
		if err != nil {
			return page{}, err
		}
		items := make([]any, len(orgs))
		for i, o := range orgs {
			items[i] = m.organization(o)
		}
		return pageOf(items, total, p.page, p.perPage), nil
	}
	w := &window{p: p}
	err := a.db.EachFeedOrganisation(ctx, func(o directory.Organisation) error {
		if containsFold(o.Name+" "+o.Description, p.search) {
			w.add(m.organization(o))
		}
		return nil
	})
	return w.page(), err
}

// boundedHeap keeps the k least items offered (by less), for the first
// pages of a list ordered in memory.
type boundedHeap[T any] struct {
	k    int
	less func(x, y T) bool
	h    []T // a max-heap: h[0] is the greatest kept
}

func (b *boundedHeap[T]) offer(v T) {
	if b.k <= 0 {
		return
	}
	if len(b.h) < b.k {
		b.h = append(b.h, v)
		for i := len(b.h) - 1; i > 0; {
			parent := (i - 1) / 2
			if !b.less(b.h[parent], b.h[i]) {
				break
			}
			b.h[parent], b.h[i] = b.h[i], b.h[parent]
			i = parent
		}
		return
	}
	if !b.less(v, b.h[0]) {
		return
	}
	b.h[0] = v
	for i := 0; ; {
		l, r, big := 2*i+1, 2*i+2, i
		if l < len(b.h) && b.less(b.h[big], b.h[l]) {
			big = l
		}
		if r < len(b.h) && b.less(b.h[big], b.h[r]) {
			big = r
		}
		if big == i {
			return
		}
		b.h[i], b.h[big] = b.h[big], b.h[i]
		i = big
	}
}

// sorted returns the kept items, least first.
func (b *boundedHeap[T]) sorted() []T {
	out := slices.Clone(b.h)
	slices.SortFunc(out, func(x, y T) int {
		switch {
		case b.less(x, y):
			return -1
		case b.less(y, x):
			return 1
		}
		return 0
	})
	return out
}
