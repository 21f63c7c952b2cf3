package search

import (
	"math"
	"time"

	"learnwell"
	"learnwell/internal/geo"
)

// DefaultPerPage is the page size when a query asks for none.
const DefaultPerPage = 20

// MaxPerPage is the largest page size; larger requests get this many.
const MaxPerPage = 100

// SortOrder is the order of a result.
type SortOrder int

// Sort orders. Every order ends with the same tie-break, the lowercased title
// and then the id, so equal keys always come out in the same order.
const (
	// SortDefault is SortRelevance when the query has words and SortSoonest
	// when it has none (including the empty query, which matches everything).
	SortDefault SortOrder = iota
	// SortRelevance orders by BM25 score, best first. Without words every
	// score is 0, so it orders by title.
	SortRelevance
	// SortDistance orders by the distance from Query.Near to the nearest
	// venue, nearest first; courses with no venue (online only) come last.
	SortDistance
	// SortSoonest orders by Doc.NextStart, soonest first; courses with no
	// next start come last.
	SortSoonest
	// SortName orders by the lowercased title.
	SortName
)

var sortNames = [...]string{"", "relevance", "distance", "soonest", "name"}

// String returns the order's name as used in URLs ("relevance", "distance",
// "soonest", "name"); "" for SortDefault.
func (s SortOrder) String() string {
	if s < 0 || int(s) >= len(sortNames) {
		return "unknown"
	}
	return sortNames[s]
}

// ParseSortOrder returns the order named by s (as String writes it; "" is
// SortDefault) and whether the name was known.
func ParseSortOrder(s string) (SortOrder, bool) {
	for i, name := range sortNames {
		if s == name {
			return SortOrder(i), true
		}
	}
	return SortDefault, false
}

// Query is one search. Zero fields do not filter: the zero Query matches
// every course. Filters combine with AND; the values within one filter
// combine with OR (a course in either borough). Empty strings in a filter's
// values are ignored.
type Query struct {
	// Words are a person's words, never syntax: see Terms. Every term must
	// match (in any text field). Words with no terms (empty, spaces, only
	// stop words) do not filter.
	Words string

	Boroughs      []string
	Subjects      []string
	Wellbeing     []string
	Levels        []string
	Modes         []string
	Accessibility []string
	Languages     []string

	FreeOnly   bool  // only courses with no fee
	Days       uint8 // courses running on any of these days
	TimesOfDay uint8 // courses running at any of these times of day

	// StartsWithinWeeks keeps courses whose NextStart is within
	// [Now, Now + StartsWithinWeeks weeks], both ends included. Now is
	// required with it.
	StartsWithinWeeks int
	Now               time.Time

	// Age keeps courses that accept a person of this age:
	// MinAge <= Age <= MaxAge, where a 0 limit is open. 0 does not filter.
	Age int

	// Near is where the person is. With WithinKm > 0 it keeps courses with a
	// venue within WithinKm kilometres (great-circle, geo.DistanceKm);
	// courses with no venue never match. Without WithinKm it filters nothing
	// but each hit still gets its distance.
	Near     *geo.Point
	WithinKm float64

	Sort    SortOrder
	Page    int // 1-based; 0 is the first page
	PerPage int // 0 is DefaultPerPage; more than MaxPerPage is MaxPerPage
}

// Result is one page of the courses matching a query.
type Result struct {
	Total   int       // how many courses match, on every page
	Hits    []Hit     // this page, in order; empty past the last page
	Page    int       // the page returned (1-based)
	PerPage int       // the page size used
	Sort    SortOrder // the order used (SortDefault resolved)
}

// Hit is one matching course.
type Hit struct {
	ID string
	// Score is the BM25 relevance of the query's words (0 without words).
	Score float64
	// DistanceKm is the distance from Query.Near to the nearest venue, or -1
	// without Near or for a course with no venue.
	DistanceKm float64
	// NearestPoint is the index in Doc.Points of the nearest venue, or -1
	// when DistanceKm is -1.
	NearestPoint int
}

// plan is a validated, normalised query.
type plan struct {
	q                Query
	terms            []string
	values           [numKinds][]string
	days, times      uint8
	startLo, startHi int64 // NextStart window in Unix ns, when hasStart
	hasStart         bool
	sort             SortOrder
	page, perPage    int
	offset           int // index of the page's first hit; maxInt when unreachable
}

// planQuery validates q and resolves its defaults. Errors are EINVALID with
// a message per query field.
func planQuery(q Query) (plan, error) {
	p := plan{q: q, terms: Terms(q.Words), days: q.Days & AllDays, times: q.TimesOfDay & AllTimes}
	for k, vals := range [numKinds][]string{q.Boroughs, q.Subjects, q.Wellbeing, q.Levels, q.Modes, q.Accessibility, q.Languages} {
		for _, v := range vals {
			if v != "" && !containsString(p.values[k], v) {
				p.values[k] = append(p.values[k], v)
			}
		}
	}
	var v learnwell.Validation
	if q.Near != nil && !q.Near.Valid() {
		v.Add("near", "Enter a valid location")
	}
	switch {
	case math.IsNaN(q.WithinKm) || q.WithinKm < 0:
		v.Add("within", "Enter a distance of 0 or more")
	case q.WithinKm > 0 && q.Near == nil:
		v.Add("within", "Enter a postcode to search within a distance")
	}
	if q.Age < 0 {
		v.Add("age", "Enter an age of 0 or more")
	}
	switch {
	case q.StartsWithinWeeks < 0:
		v.Add("starts", "Enter a number of weeks of 0 or more")
	case q.StartsWithinWeeks > 0 && q.Now.IsZero():
		return p, learnwell.Errorf(learnwell.EINVALID, "search: StartsWithinWeeks needs Now")
	case q.StartsWithinWeeks > 0:
		weeks := min(q.StartsWithinWeeks, 52*100)
		p.hasStart = true
		p.startLo = unixNano(q.Now)
		p.startHi = unixNano(q.Now.Add(time.Duration(weeks) * 7 * 24 * time.Hour))
	}
	p.sort = q.Sort
	if p.sort == SortDefault {
		p.sort = SortSoonest
		if len(p.terms) > 0 {
			p.sort = SortRelevance
		}
	}
	switch {
	case p.sort < SortDefault || p.sort > SortName:
		v.Add("sort", "Select a valid order")
	case p.sort == SortDistance && q.Near == nil:
		v.Add("sort", "Enter a postcode to sort by distance")
	}
	if err := v.Err(); err != nil {
		return p, err
	}
	p.page, p.perPage = max(q.Page, 1), q.PerPage
	if p.perPage <= 0 {
		p.perPage = DefaultPerPage
	}
	p.perPage = min(p.perPage, MaxPerPage)
	p.offset = math.MaxInt
	if p.page-1 <= math.MaxInt/p.perPage-1 {
		p.offset = (p.page - 1) * p.perPage
	}
	return p, nil
}

// noStart is the stored NextStart of a course with none: after every time.
const noStart = math.MaxInt64

// unixNano returns t in Unix nanoseconds, clamped to the years 1678 to 2262
// that int64 nanoseconds can hold, and noStart for the zero time.
func unixNano(t time.Time) int64 {
	switch {
	case t.IsZero():
		return noStart
	case t.Before(minTime):
		return math.MinInt64
	case t.After(maxTime):
		return noStart - 1
	}
	return t.UnixNano()
}

var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, noStart-1)
)
