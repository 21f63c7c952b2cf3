package search

import (
	"cmp"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"

	"learnwell/internal/geo"
)

// Search returns the page of documents matching q, and how many match. It
// returns an EINVALID error, with a message per query field, for a query
// that cannot be answered (such as SortDistance without Near).
//
// Words, filters and a radius (the courses at the venues within it) are
// bitmaps, intersected smallest first. The total is the size of the result
// or, with a start window, a count of the survivors. The page comes from a
// bounded heap, fed by the cheapest source the order allows: a precomputed
// name or soonest order, walked until the page is full; venues nearest
// first; or the survivors scored one by one (skipping those whose best
// possible score cannot reach the page), or a common term's groups of
// documents with the same term frequencies, best first.
func (ix *Index) Search(q Query) (Result, error) {
	p, err := planQuery(q)
	if err != nil {
		return Result{}, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.x.search(&p), nil
}

func (x *data) search(p *plan) Result {
	r := Result{Page: p.page, PerPage: p.perPage, Sort: p.sort, Hits: []Hit{}}
	cand, postings := x.candidates(p)
	if cand == nil || cand.IsEmpty() {
		return r
	}
	s := x.newScan(p, postings)
	card := cand.GetCardinality()
	need := 0 // how many of the best matches the page needs
	if p.offset < math.MaxInt-p.perPage && uint64(p.offset) < card {
		need = p.offset + p.perPage
	}
	top := &topK{k: need, sort: p.sort, x: x}
	total := func() int {
		if !s.checks {
			return int(card)
		}
		return x.count(cand, s)
	}
	order := x.walkOrder(p, len(s.terms) > 0)
	dense := card*walkDensity >= uint64(x.n)
	switch {
	case need == 0:
		r.Total = total()
	case p.sort == SortRelevance && len(postings) == 1 && postings[0].groups != nil && !s.checks:
		r.Total = int(card)
		x.groupScan(cand, s, top)
	case p.sort == SortDistance && dense:
		r.Total = total()
		x.nearWalk(cand, s, top)
	case order != nil && dense:
		r.Total = total()
		if !s.checks || uint64(r.Total)*walkDensity >= uint64(x.n) {
			x.walk(order, cand, s, top)
		} else {
			x.scanAll(cand, s, top)
		}
	default:
		r.Total = x.scanAll(cand, s, top)
	}
	for _, e := range top.sorted()[min(p.offset, len(top.h)):] {
		h := Hit{ID: x.ids[e.ord], DistanceKm: -1, NearestPoint: -1}
		if len(s.terms) > 0 {
			h.Score = e.f
			if p.sort != SortRelevance {
				h.Score = s.score(e.ord, true)
			}
		}
		if p.q.Near != nil {
			if _, i := x.nearest(e.ord, &s.near); i >= 0 {
				pts, _ := x.points(e.ord)
				h.DistanceKm, h.NearestPoint = geo.DistanceKm(*p.q.Near, pts[i]), i
			}
		}
		r.Hits = append(r.Hits, h)
	}
	return r
}

// walkDensity: the name and soonest sorts walk their precomputed order when
// at least one document in walkDensity matches, so that the walk finds a
// page's worth of matches in a few hundred steps.
const walkDensity = 32

// walkOrder returns the precomputed order of the query's sort, or nil if it
// has none (relevance with words, distance).
func (x *data) walkOrder(p *plan, words bool) []uint32 {
	switch {
	case p.sort == SortSoonest:
		return x.ord.bySoon
	case p.sort == SortName || p.sort == SortRelevance && !words:
		return x.ord.byName
	}
	return nil
}

// scanAll offers every candidate that passes the checks to top, scoring it
// if the sort is by relevance, and returns how many passed.
func (x *data) scanAll(cand *roaring.Bitmap, s *scan, top *topK) int {
	total := 0
	relevance := s.p.sort == SortRelevance && len(s.terms) > 0
	it := cand.ManyIterator()
	buf := make([]uint32, 256)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, o := range buf[:n] {
			e, ok := s.match(o)
			if !ok {
				continue
			}
			total++
			if relevance {
				s.load(o, false)
				if len(top.h) == top.k && s.upper() < top.h[0].f {
					continue // cannot make the page
				}
				e.f = s.exact(o)
			}
			top.offer(e)
		}
	}
	return total
}

// groupScan fills top for a query of one term (and no per-candidate
// checks) from the term's groups, best bound first, stopping at the first
// group whose best possible score cannot reach the page.
func (x *data) groupScan(cand *roaring.Bitmap, s *scan, top *topK) {
	t := &s.terms[0]
	type bounded struct {
		ub float64
		g  tfGroup
	}
	gs := make([]bounded, len(t.p.groups))
	for i, g := range t.p.groups {
		t.cur = g.ptf
		gs[i] = bounded{s.upper(), g}
	}
	slices.SortFunc(gs, func(a, b bounded) int { return cmp.Compare(b.ub, a.ub) })
	buf := make([]uint32, 256)
	for _, g := range gs {
		if len(top.h) == top.k && g.ub < top.h[0].f {
			return
		}
		bm := g.g.bm
		if cand != t.p.bm {
			bm = roaring.And(bm, cand)
		}
		t.cur = g.g.ptf
		it := bm.ManyIterator()
		for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
			for _, o := range buf[:n] {
				top.offer(entry{ord: o, f: s.exact(o)})
			}
		}
	}
}

// count returns how many candidates pass the checks.
func (x *data) count(cand *roaring.Bitmap, s *scan) int {
	total := 0
	it := cand.ManyIterator()
	buf := make([]uint32, 256)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, o := range buf[:n] {
			if _, ok := s.match(o); ok {
				total++
			}
		}
	}
	return total
}

// walk fills top from the candidates in a precomputed order, stopping at
// the first one that cannot enter it. Documents added since the build have
// no place in the order and are offered first.
func (x *data) walk(order []uint32, cand *roaring.Bitmap, s *scan, top *topK) {
	for o := x.ord.ranked; o < x.n; o++ {
		if cand.Contains(o) {
			if e, ok := s.match(o); ok {
				top.offer(e)
			}
		}
	}
	// Documents whose next start moved have no place in the soonest order
	// either: offer them first too, and skip them in the walk.
	var moved *roaring.Bitmap
	if s.p.sort == SortSoonest && x.ord.moved != nil && !x.ord.moved.IsEmpty() {
		moved = x.ord.moved
		it := moved.Iterator()
		for it.HasNext() {
			o := it.Next()
			if cand.Contains(o) {
				if e, ok := s.match(o); ok {
					top.offer(e)
				}
			}
		}
	}
	for _, o := range order {
		if !cand.Contains(o) || moved != nil && moved.Contains(o) {
			continue
		}
		e, ok := s.match(o)
		if !ok {
			continue
		}
		if len(top.h) == top.k && !top.before(&e, &top.h[0]) {
			return
		}
		top.offer(e)
	}
}

// candidates returns the documents that pass every bitmap filter (nil for
// none) and the postings of the query's terms. The result may be one of the
// index's own bitmaps: it is only read.
func (x *data) candidates(p *plan) (*roaring.Bitmap, []*posting) {
	var sets []*roaring.Bitmap
	postings := make([]*posting, 0, len(p.terms))
	for _, t := range p.terms {
		pt := x.terms[t]
		if pt == nil {
			return nil, nil
		}
		postings = append(postings, pt)
		sets = append(sets, pt.bm)
	}
	union := func(bms []*roaring.Bitmap) bool {
		switch len(bms) {
		case 0:
			return false
		case 1:
			sets = append(sets, bms[0])
		default:
			sets = append(sets, roaring.FastOr(bms...))
		}
		return true
	}
	for k, vals := range p.values {
		if len(vals) == 0 {
			continue
		}
		var bms []*roaring.Bitmap
		for _, v := range vals {
			if bm := x.values[k][v]; bm != nil {
				bms = append(bms, bm)
			}
		}
		if !union(bms) {
			return nil, nil
		}
	}
	if p.q.FreeOnly {
		sets = append(sets, x.free)
	}
	if p.days != 0 && !union(bitsOf(x.days[:], p.days)) {
		return nil, nil
	}
	if p.times != 0 && !union(bitsOf(x.times[:], p.times)) {
		return nil, nil
	}
	if p.q.Age > 0 {
		var bms []*roaring.Bitmap
		for r, bm := range x.ages {
			if r.accepts(p.q.Age) {
				bms = append(bms, bm)
			}
		}
		if !union(bms) {
			return nil, nil
		}
	}
	if p.q.WithinKm > 0 {
		bm := x.within(*p.q.Near, p.q.WithinKm)
		if bm.IsEmpty() {
			return nil, nil
		}
		sets = append(sets, bm)
	}
	tombstones := uint64(x.n) != x.live.GetCardinality()
	if len(sets) == 0 {
		return x.live, postings
	}
	if len(sets) == 1 && !tombstones {
		return sets[0], postings
	}
	slices.SortFunc(sets, func(a, b *roaring.Bitmap) int { return cmp.Compare(a.GetCardinality(), b.GetCardinality()) })
	var cand *roaring.Bitmap
	if len(sets) == 1 {
		cand = roaring.And(sets[0], x.live)
	} else {
		cand = roaring.And(sets[0], sets[1])
		for _, s := range sets[2:] {
			if cand.IsEmpty() {
				break
			}
			cand.And(s)
		}
		if tombstones {
			cand.And(x.live)
		}
	}
	return cand, postings
}

// bitsOf returns the bitmaps of the bits set in mask.
func bitsOf(bms []*roaring.Bitmap, mask uint8) []*roaring.Bitmap {
	var out []*roaring.Bitmap
	for b, bm := range bms {
		if mask&(1<<b) != 0 {
			out = append(out, bm)
		}
	}
	return out
}
