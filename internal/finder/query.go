package finder

import (
	"context"
	"errors"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
	"learnwell/internal/search"
)

// The query string parameters of the finder. Its whole state is in them, so a
// search can be bookmarked and shared.
const (
	ParamWords     = "q"
	ParamPostcode  = "postcode"
	ParamMiles     = "miles"
	ParamBorough   = "borough"
	ParamSubject   = "subject"
	ParamWellbeing = "wellbeing"
	ParamLevel     = "level"
	ParamMode      = "mode"
	ParamFree      = "free"
	ParamDay       = "day"
	ParamTime      = "time"
	ParamStarts    = "starts"
	ParamAccess    = "access"
	ParamLanguage  = "language"
	ParamAge       = "age"
	ParamSort      = "sort"
	ParamPage      = "page"
)

// MilesChoices are the distances the finder's form offers. A query may ask
// for any distance from MinMiles to MaxMiles; the form shows the nearest
// choice (NearestMilesChoice).
var MilesChoices = []int{1, 2, 5, 10, 20}

// MinMiles and MaxMiles bound the distance a query may ask for.
const (
	MinMiles = 0.5
	MaxMiles = 50
)

// MaxPage is the highest page number a query keeps; a higher one is read as
// this, which is past the last page of any result a person would page through.
const MaxPage = 100000

// Area is where the courses learnwell lists are: the London boroughs of the
// embedded boundaries (geo.BoroughAt). It is not a setting.
const Area = "London"

// StartsChoices are the "starting within" choices, in weeks.
var StartsChoices = []int{2, 4, 8, 12}

// DayCodes are the day parameter's values, RFC 5545 style, Monday first.
var DayCodes = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// TimeCodes are the time parameter's values.
var TimeCodes = []string{"morning", "afternoon", "evening"}

// Query is a parsed finder query: what the person asked (to show the form
// again) and the search it becomes.
type Query struct {
	Words     string
	Postcode  string  // as normalised, "" if none
	Miles     float64 // 0: any distance; else MinMiles to MaxMiles
	Boroughs  []string
	Subjects  []string
	Wellbeing []string
	Levels    []string
	Modes     []string
	Free      bool
	Days      []string
	Times     []string
	Starts    int // weeks, 0: any time
	Access    []string
	Languages []string
	Age       int
	Sort      string // "", "relevance", "distance", "soonest"
	Page      int    // 1 or more; a bad page number is read as 1

	// OutsideArea reports that the postcode is outside the Area, where
	// no course may be near.
	OutsideArea bool
	// Notes say, a sentence each for the person, what was left out of a
	// query that could still be answered: a distance sort without a
	// postcode, or a distance outside MinMiles to MaxMiles.
	Notes []string

	Search search.Query
}

// maxParamLen caps any one parameter before any work is done on it.
const maxParamLen = 200

// QueryOption tunes ParseQuery.
type QueryOption func(*queryOptions)

type queryOptions struct {
	ctx context.Context
	loc geo.Locator
}

// WithLocator places the postcode with l (such as the store's, which knows
// full postcodes once an ONS postcode directory is loaded) instead of at its
// district's centre; ctx is for l's lookups. Service.ParseQuery uses it.
func WithLocator(ctx context.Context, l geo.Locator) QueryOption {
	return func(o *queryOptions) { o.ctx, o.loc = ctx, l }
}

// ParseQuery reads a finder query from the query string. Every wrong value
// gets a message for its field, collected together; the returned Query still
// holds what could be read, to show the form again. A postcode is placed at
// its district's centre unless WithLocator gives a better way.
func ParseQuery(v url.Values, tax *directory.Taxonomies, now time.Time, opts ...QueryOption) (Query, error) {
	o := queryOptions{ctx: context.Background()}
	for _, opt := range opts {
		opt(&o)
	}
	var val learnwell.Validation
	q := Query{Page: 1}
	one := func(name string) string {
		s := strings.TrimSpace(v.Get(name))
		if len(s) > maxParamLen {
			val.Add(name, "This is too long. Use fewer words")
			return ""
		}
		return s
	}
	q.Words = one(ParamWords)
	sq := search.Query{Words: q.Words, Now: now, PerPage: search.DefaultPerPage}

	if pc := one(ParamPostcode); pc != "" {
		place, err := geo.LocateWith(o.ctx, o.loc, pc)
		if err != nil {
			val.Add(ParamPostcode, learnwell.ErrorMessage(err))
			q.Postcode = pc
		} else {
			q.Postcode = place.Postcode.String()
			sq.Near = &place.Point
			q.OutsideArea = !inArea(place)
		}
	}
	if m := one(ParamMiles); m != "" && m != "any" {
		n, err := strconv.ParseFloat(m, 64)
		if err != nil || !(n >= MinMiles && n <= MaxMiles) {
			q.Notes = append(q.Notes, "Enter a distance from 0.5 to 50 miles, like 5. These courses are at any distance.")
		} else {
			q.Miles = n
		}
	}
	if q.Miles > 0 && q.Postcode == "" && !val.Has(ParamPostcode) {
		// The distance stays chosen in the form, for when a postcode is added.
		q.Notes = append(q.Notes, "Enter a postcode to search within a distance, like SE1 7PB. These courses are at any distance.")
	}
	if q.Miles > 0 && sq.Near != nil {
		sq.WithinKm = geo.MilesToKm(q.Miles)
	}

	q.Boroughs = codes(v, ParamBorough, &val, "Select a borough from the list", func(c string) bool { _, ok := geo.BoroughByCode(c); return ok })
	q.Subjects = termCodes(v, ParamSubject, directory.SchemeSubject, tax, &val, "Select a subject from the list")
	q.Wellbeing = termCodes(v, ParamWellbeing, directory.SchemeWellbeing, tax, &val, "Select a wellbeing focus from the list")
	q.Levels = termCodes(v, ParamLevel, directory.SchemeLevel, tax, &val, "Select a level from the list")
	q.Modes = codes(v, ParamMode, &val, "Select how the course is taught from the list", func(c string) bool { return directory.DeliveryMode(c).Valid() })
	q.Access = codes(v, ParamAccess, &val, "Select an accessibility need from the list", func(c string) bool { return directory.AccessibilityFeature(c).Valid() })
	q.Languages = codes(v, ParamLanguage, &val, "Select a language from the list", func(c string) bool { _, ok := directory.LanguageName(c); return ok })
	q.Days = codes(v, ParamDay, &val, "Select days from the list", func(c string) bool { return slices.Contains(DayCodes, c) })
	q.Times = codes(v, ParamTime, &val, "Select times of day from the list", func(c string) bool { return slices.Contains(TimeCodes, c) })

	switch f := one(ParamFree); f {
	case "", "0":
	case "1", "yes", "true":
		q.Free = true
	default:
		val.Add(ParamFree, "Select whether to show only free courses")
	}
	if s := one(ParamStarts); s != "" && s != "any" {
		n, err := strconv.Atoi(s)
		if err != nil || !slices.Contains(StartsChoices, n) {
			val.Add(ParamStarts, "Select when the course starts from the list")
		} else {
			q.Starts = n
		}
	}
	if a := one(ParamAge); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil || n < directory.MinimumAge || n > directory.MaximumAge {
			val.Add(ParamAge, "Enter an age between 16 and 120, like 45")
		} else {
			q.Age = n
		}
	}
	switch s := one(ParamSort); s {
	case "":
	case "relevance", "soonest":
		q.Sort = s
	case "distance":
		if q.Postcode != "" {
			q.Sort = s
			break
		}
		// Answer with the results in the default order rather than
		// lose them; the form offers this sort only with a postcode.
		order := "the soonest start"
		if len(search.Terms(q.Words)) > 0 {
			order = "best match"
		}
		q.Notes = append(q.Notes, "Enter a postcode to sort by distance. These courses are sorted by "+order+".")
	default:
		val.Add(ParamSort, "Select an order from the list")
	}
	q.Page = parsePage(one(ParamPage))

	sq.Boroughs, sq.Subjects, sq.Wellbeing, sq.Levels = q.Boroughs, q.Subjects, q.Wellbeing, q.Levels
	sq.Modes, sq.Accessibility, sq.Languages = q.Modes, q.Access, q.Languages
	sq.FreeOnly, sq.Age, sq.StartsWithinWeeks, sq.Page = q.Free, q.Age, q.Starts, q.Page
	for _, d := range q.Days {
		sq.Days |= search.Monday << slices.Index(DayCodes, d)
	}
	for _, t := range q.Times {
		sq.TimesOfDay |= search.Morning << slices.Index(TimeCodes, t)
	}
	if q.Sort != "" {
		sq.Sort, _ = search.ParseSortOrder(q.Sort)
	}
	q.Search = sq
	return q, val.Err()
}

// parsePage reads a page number. Anything but a whole number of 1 or more
// (0, -1, "abc") is page 1, where every result starts; a number too big to
// read, or above MaxPage, is MaxPage, past the end, which the page then
// takes to its last page.
func parsePage(p string) int {
	if p == "" {
		return 1
	}
	n, err := strconv.Atoi(p)
	switch {
	case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(p, "-"):
		return MaxPage
	case err != nil || n < 1:
		return 1
	case n > MaxPage:
		return MaxPage
	}
	return n
}

// inArea reports whether a place is in the Area: its own authority is a
// London borough, or its point (a district's centre for a place that is not
// exact) is inside one.
func inArea(p geo.Place) bool {
	if _, ok := p.Borough(); ok {
		return true
	}
	_, ok := geo.BoroughAt(p.Point)
	return ok
}

// NearestMilesChoice returns the choice of MilesChoices nearest to miles (the
// smaller of two as near), or 0 for 0, any distance.
func NearestMilesChoice(miles float64) int {
	if miles <= 0 {
		return 0
	}
	best := MilesChoices[0]
	for _, m := range MilesChoices[1:] {
		if math.Abs(float64(m)-miles) < math.Abs(float64(best)-miles) {
			best = m
		}
	}
	return best
}

// codes reads a repeated parameter, dropping duplicates, and checks each value.
func codes(v url.Values, name string, val *learnwell.Validation, msg string, ok func(string) bool) []string {
	var out []string
	for i, c := range v[name] {
		if i >= 50 {
			val.Add(name, msg)
			break
		}
		c = strings.TrimSpace(c)
		if c == "" || slices.Contains(out, c) {
			continue
		}
		if len(c) > maxParamLen || !ok(c) {
			val.Add(name, msg)
			continue
		}
		out = append(out, c)
	}
	return out
}

// termCodes reads taxonomy term codes of a scheme.
func termCodes(v url.Values, name, scheme string, tax *directory.Taxonomies, val *learnwell.Validation, msg string) []string {
	return codes(v, name, val, msg, func(c string) bool { _, ok := tax.TermByCode(scheme, c); return ok })
}

// Values writes the query back as query string values, for links to other
// pages of results and to remove a filter.
func (q Query) Values() url.Values {
	v := url.Values{}
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	set(ParamWords, q.Words)
	set(ParamPostcode, q.Postcode)
	if q.Miles > 0 {
		set(ParamMiles, strconv.FormatFloat(q.Miles, 'f', -1, 64))
	}
	for name, list := range map[string][]string{ParamBorough: q.Boroughs, ParamSubject: q.Subjects, ParamWellbeing: q.Wellbeing,
		ParamLevel: q.Levels, ParamMode: q.Modes, ParamDay: q.Days, ParamTime: q.Times, ParamAccess: q.Access, ParamLanguage: q.Languages} {
		for _, c := range list {
			v.Add(name, c)
		}
	}
	if q.Free {
		set(ParamFree, "1")
	}
	if q.Starts > 0 {
		set(ParamStarts, strconv.Itoa(q.Starts))
	}
	if q.Age > 0 {
		set(ParamAge, strconv.Itoa(q.Age))
	}
	set(ParamSort, q.Sort)
	if q.Page > 1 {
		set(ParamPage, strconv.Itoa(q.Page))
	}
	return v
}

// Filtered reports whether the query has any filter besides words and place.
func (q Query) Filtered() bool {
	return len(q.Boroughs)+len(q.Subjects)+len(q.Wellbeing)+len(q.Levels)+len(q.Modes)+len(q.Days)+len(q.Times)+
		len(q.Access)+len(q.Languages) > 0 || q.Free || q.Starts > 0 || q.Age > 0
}
