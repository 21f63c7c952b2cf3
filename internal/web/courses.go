package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/finder"
	"learnwell/internal/geo"
)

// option is one choice in a select, radios or checkboxes.
type option struct {
	Value, Text string
	Checked     bool // also "selected" for a select
}

// filterGroup is one filter of the finder: a set of checkboxes or radios.
type filterGroup struct {
	Name, Legend string
	Items        []option
	Values       []string
	Open         bool // shown open: it has a choice made, or an error
	Error        string
	HTML         template.HTML // the group rendered
}

// filterGroups returns the finder's filters for a query, each rendered.
func (s *Server) filterGroups(q finder.Query, errMap map[string]string) ([]filterGroup, error) {
	tax := s.finder.Taxonomies()
	groups := []filterGroup{
		group(finder.ParamWellbeing, "What would help", termOptions(tax, directory.SchemeWellbeing), q.Wellbeing, errMap),
		group(finder.ParamSubject, "Subject", termOptions(tax, directory.SchemeSubject), q.Subjects, errMap),
		group(finder.ParamLevel, "Level", termOptions(tax, directory.SchemeLevel), q.Levels, errMap),
		group(finder.ParamMode, "How it is taught", choiceOptions(directory.DeliveryModes()), q.Modes, errMap),
		group(finder.ParamDay, "Days", dayOptions(), q.Days, errMap),
		group(finder.ParamTime, "Time of day", []option{{Value: "morning", Text: "Morning (before 12pm)"}, {Value: "afternoon", Text: "Afternoon (12pm to 5pm)"}, {Value: "evening", Text: "Evening (after 5pm)"}}, q.Times, errMap),
		group(finder.ParamAccess, "Accessibility", choiceOptions(directory.AccessibilityFeatures()), q.Access, errMap),
		group(finder.ParamLanguage, "Language", choiceOptions(directory.Languages()), q.Languages, errMap),
		group(finder.ParamBorough, "Borough", boroughOptions(), q.Boroughs, errMap),
	}
	for i, g := range groups {
		// The values were checked against the group's choices, so the key
		// is a choice of a finite set.
		key := ""
		if g.Error == "" {
			key = g.Name + "=" + strings.Join(g.Values, ",")
		}
		h, err := s.part("filter-group", key, g)
		if err != nil {
			return nil, err
		}
		groups[i].HTML = h
	}
	return groups, nil
}

// finderPage is the data of templates/pages/courses/finder.html.
type finderPage struct {
	Query      finder.Query
	Searched   bool // the person asked something (words, place or filter)
	Result     finder.Result
	Miles      []option
	Sorts      []option
	Filters    []filterGroup
	Boroughs   []option
	FreeOnly   bool
	Starts     []option
	Age        string
	PageItems  []map[string]any
	PrevHref   string
	NextHref   string
	Suggest    []suggestion
	ResultFrom int
	ResultTo   int
	// Notes say what of the query was left out, and why.
	Notes []string
	// OnlineHref is the same search for online courses, offered when the
	// postcode is outside the finder's area; Area names the area.
	OnlineHref, Area string
	// AppliedHTML is the summary of the filters applied, each with a link
	// that removes it, and Clear filters, which keeps the words and the
	// place; rendered by appliedHTML.
	AppliedHTML template.HTML
	// ResultsHTML is the list of results, rendered by resultsHTML.
	ResultsHTML template.HTML
	// Parts of the form rendered by Server.part.
	MilesHTML, FreeHTML, StartsHTML, SearchButton, ApplyButton template.HTML
}

// formPart is the data of the finder-* templates.
type formPart struct {
	Items   []option
	Checked bool
	Error   string
}

// part renders one of the finder's finder-* templates or a filter group. A
// part whose input is only choices from a short list (key names them; no
// error) is rendered once and kept: the same NHS.UK components rendered again
// on every request were most of a page's cost. A part with an error (key "")
// is rendered each time. At most maxParts are kept, so that however many
// combinations of filters people choose, memory stays bounded.
func (s *Server) part(name, key string, data any) (template.HTML, error) {
	if key != "" && !s.noParts {
		if h, ok := s.parts.Load(name + "\x00" + key); ok {
			return h.(template.HTML), nil
		}
	}
	var b strings.Builder
	if err := s.pages["courses/finder"].ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	if key != "" && !s.noParts && s.partCount.Add(1) <= maxParts {
		s.parts.Store(name+"\x00"+key, h)
	}
	return h, nil
}

// maxParts is how many rendered parts of the finder's form are kept.
const maxParts = 2000

// cacheKey returns key, or "" when the part has an error to show.
func cacheKey(key, err string) string {
	if err != "" {
		return ""
	}
	return key
}

// suggestion is a link that widens a search that found nothing.
type suggestion struct{ Text, Href string }

func (s *Server) finderPage(w http.ResponseWriter, r *http.Request) error {
	q, qerr := s.finder.ParseQuery(r.Context(), r.URL.Query(), s.db.Clock().Now())
	page := finderPage{Query: q, Searched: len(r.URL.Query()) > 0}
	status := http.StatusOK
	if qerr != nil {
		if learnwell.ErrorCode(qerr) != learnwell.EINVALID {
			return qerr
		}
		status = http.StatusBadRequest
	} else if page.Searched {
		res, err := s.finder.Search(r.Context(), q)
		if err != nil {
			return err
		}
		if res.Pages > 0 && q.Page > res.Pages {
			// A page past the last (an old link, a typed URL): the
			// last page, with everything else the URL asked for kept.
			v := r.URL.Query()
			v.Set(finder.ParamPage, strconv.Itoa(res.Pages))
			if res.Pages == 1 {
				v.Del(finder.ParamPage)
			}
			w.Header().Set("Cache-Control", "no-store")
			http.Redirect(w, r, finderHref(v), http.StatusFound)
			return nil
		}
		page.Result = res
		page.Notes = q.Notes
		if q.OutsideArea {
			page.Area = finder.Area
			page.OnlineHref = finderHref(onlineQuery(q).Values())
		}
		page.ResultFrom = (res.Page-1)*res.PerPage + 1
		page.ResultTo = page.ResultFrom + len(res.Items) - 1
		page.ResultsHTML = resultsHTML(res.Items)
		page.PageItems, page.PrevHref, page.NextHref = pagination(q, res)
		if res.Total == 0 {
			page.Suggest = suggestions(q)
		}
	}
	errs := learnwell.ErrorFields(qerr)
	errMap := learnwell.FieldMap(errs)
	// A distance between the choices (typed into a URL) shows the nearest.
	miles := finder.NearestMilesChoice(q.Miles)
	page.Miles = []option{{Value: "", Text: "Any distance", Checked: miles == 0}}
	for _, m := range finder.MilesChoices {
		text := fmt.Sprintf("Within %d miles", m)
		if m == 1 {
			text = "Within 1 mile"
		}
		page.Miles = append(page.Miles, option{Value: strconv.Itoa(m), Text: text, Checked: miles == m})
	}
	page.Sorts = []option{
		{Value: "", Text: "Best match", Checked: q.Sort == "" || q.Sort == "relevance"},
		{Value: "soonest", Text: "Starting soonest", Checked: q.Sort == "soonest"},
	}
	if q.Search.Near != nil {
		// Only a place has a distance to sort by.
		page.Sorts = append(page.Sorts, option{Value: "distance", Text: "Nearest first", Checked: q.Sort == "distance"})
	}
	filters, err := s.filterGroups(q, errMap)
	if err != nil {
		return err
	}
	page.Filters = filters
	if qerr == nil && q.Filtered() {
		page.AppliedHTML = appliedHTML(appliedFilters(q, filters), finderHref(clearedQuery(q).Values()))
	}
	page.Starts = []option{{Value: "", Text: "Any time", Checked: q.Starts == 0}}
	for _, n := range finder.StartsChoices {
		page.Starts = append(page.Starts, option{Value: strconv.Itoa(n), Text: fmt.Sprintf("Within %d weeks", n), Checked: q.Starts == n})
	}
	page.FreeOnly = q.Free
	if q.Age > 0 {
		page.Age = strconv.Itoa(q.Age)
	} else {
		page.Age = r.URL.Query().Get(finder.ParamAge)
	}
	parts := []struct {
		into      *template.HTML
		name, key string
		data      formPart
	}{
		{&page.MilesHTML, "finder-miles", cacheKey(strconv.Itoa(miles), errMap[finder.ParamMiles]), formPart{Items: page.Miles, Error: errMap[finder.ParamMiles]}},
		{&page.FreeHTML, "finder-free", cacheKey(strconv.FormatBool(q.Free), errMap[finder.ParamFree]), formPart{Checked: q.Free, Error: errMap[finder.ParamFree]}},
		{&page.StartsHTML, "finder-starts", cacheKey(strconv.Itoa(q.Starts), errMap[finder.ParamStarts]), formPart{Items: page.Starts, Error: errMap[finder.ParamStarts]}},
		{&page.SearchButton, "finder-search-button", "-", formPart{}},
		{&page.ApplyButton, "finder-apply-button", "-", formPart{}},
	}
	for _, p := range parts {
		h, err := s.part(p.name, p.key, p.data)
		if err != nil {
			return err
		}
		*p.into = h
	}
	title := "Find a course"
	w.Header().Set("Cache-Control", "no-store")
	s.renderWithErrors(w, r, status, "courses/finder", title, page, errs)
	return nil
}

func group(name, legend string, items []option, values []string, errs map[string]string) filterGroup {
	return filterGroup{Name: name, Legend: legend, Items: items, Values: values, Open: len(values) > 0 || errs[name] != "", Error: errs[name]}
}

func termOptions(tax *directory.Taxonomies, scheme string) []option {
	var out []option
	for _, t := range tax.Terms(scheme) {
		out = append(out, option{Value: t.Code, Text: t.Name})
	}
	return out
}

func choiceOptions(list []directory.Choice) []option {
	out := make([]option, len(list))
	for i, c := range list {
		out[i] = option{Value: c.Code, Text: c.Name}
	}
	return out
}

func dayOptions() []option {
	names := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	out := make([]option, len(names))
	for i, n := range names {
		out[i] = option{Value: finder.DayCodes[i], Text: n}
	}
	return out
}

func boroughOptions() []option {
	var out []option
	for _, b := range geo.Boroughs() {
		out = append(out, option{Value: b.Code, Text: b.Name})
	}
	return out
}

// pagination returns the numbered page links for a result.
func pagination(q finder.Query, res finder.Result) (items []map[string]any, prev, next string) {
	if res.Pages <= 1 {
		return nil, "", ""
	}
	href := func(p int) string {
		q.Page = p
		return finderHref(q.Values())
	}
	if res.Page > 1 {
		prev = href(res.Page - 1)
	}
	if res.Page < res.Pages {
		next = href(res.Page + 1)
	}
	last := 0
	for _, p := range []int{1, res.Page - 1, res.Page, res.Page + 1, res.Pages} {
		if p < 1 || p > res.Pages || p <= last {
			continue
		}
		if p > last+1 {
			items = append(items, map[string]any{"Ellipsis": true})
		}
		items = append(items, map[string]any{"Number": p, "Href": href(p), "Current": p == res.Page})
		last = p
	}
	return items, prev, next
}

// suggestions offers ways to widen a search that found nothing.
func suggestions(q finder.Query) []suggestion {
	var out []suggestion
	link := func(text string, c finder.Query) {
		c.Page = 1
		out = append(out, suggestion{Text: text, Href: finderHref(c.Values())})
	}
	// Outside the area a wider circle finds no more: the page offers
	// online courses instead.
	if q.Miles > 0 && q.Miles < 20 && !q.OutsideArea {
		wider := finder.MilesChoices[len(finder.MilesChoices)-1]
		for _, m := range finder.MilesChoices {
			if float64(m) > q.Miles {
				wider = m
				break
			}
		}
		c := q
		c.Miles = float64(wider)
		link(fmt.Sprintf("Search within %d miles instead", wider), c)
	}
	// The summary of the filters applied, above, has Clear filters.
	if q.Words != "" {
		c := q
		c.Words = ""
		link("Search without the words \""+q.Words+"\"", c)
	}
	return out
}

// finderHref is the finder's URL for query values. With no values at all
// it asks for every course ("q=" empty), not for the finder's start page.
func finderHref(v url.Values) string {
	if len(v) == 0 {
		return "/courses?" + finder.ParamWords + "="
	}
	return "/courses?" + v.Encode()
}

// clearedQuery is q without its filters: the words, the place, the
// distance and the order stay.
func clearedQuery(q finder.Query) finder.Query {
	return finder.Query{Words: q.Words, Postcode: q.Postcode, Miles: q.Miles, Sort: q.Sort}
}

// onlineQuery is q for online courses: without the place, the distance and
// a distance sort, and with the online mode as the only mode.
func onlineQuery(q finder.Query) finder.Query {
	q.Postcode, q.Miles, q.Page = "", 0, 1
	if q.Sort == "distance" {
		q.Sort = ""
	}
	q.Modes = []string{string(directory.Online)}
	return q
}

// appliedFilter is one row of the summary of the filters applied, with the
// fields of a row of nhs-summary-list.
type appliedFilter struct {
	Key, Value string
	Actions    []summaryAction
}

// summaryAction is an action link of nhs-summary-list.
type summaryAction struct{ Href, Text, VisuallyHiddenText string }

// appliedFilters lists q's filters in the order of the form, each with a
// link to the same search without it (and from the first page).
func appliedFilters(q finder.Query, groups []filterGroup) []appliedFilter {
	base := q
	base.Page = 1
	values := base.Values()
	var out []appliedFilter
	add := func(key, value, param, code string) {
		v := make(url.Values, len(values))
		for name, list := range values {
			if name != param {
				v[name] = list
				continue
			}
			for _, c := range list {
				if code != "" && c != code {
					v[name] = append(v[name], c)
				}
			}
		}
		out = append(out, appliedFilter{Key: key, Value: value,
			Actions: []summaryAction{{Href: finderHref(v), Text: "Remove", VisuallyHiddenText: "the filter " + key + ": " + value}}})
	}
	if q.Free {
		add("Cost", "Only free courses", finder.ParamFree, "")
	}
	for _, g := range groups {
		for _, code := range g.Values {
			for _, it := range g.Items {
				if it.Value == code {
					add(g.Legend, it.Text, g.Name, code)
				}
			}
		}
	}
	if q.Starts > 0 {
		add("Starting", fmt.Sprintf("Within %d weeks", q.Starts), finder.ParamStarts, "")
	}
	if q.Age > 0 {
		add("Your age", strconv.Itoa(q.Age), finder.ParamAge, "")
	}
	return out
}

// coursePage is the data of templates/pages/courses/course.html.
type coursePage struct {
	Listing   directory.Listing
	Subjects  []string
	Wellbeing []string
	Level     string
	Runs      []runView
	Access    []string
	Languages []string
	Funding   string
	Cost      string
	BackHref  string
	Delivery  string
}

// runView is one run as the course page shows it.
type runView struct {
	Run        directory.Run
	Venue      directory.Location
	HasVenue   bool
	When       string
	Breaks     string
	Dates      string
	PlacesText string
	Status     string
	StatusTag  string
}

func (s *Server) coursePage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !learnwell.ValidID(id) {
		return errNotFound
	}
	l, err := s.db.FindListing(r.Context(), id)
	if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
		return errNotFound
	}
	if err != nil {
		return err
	}
	tax := s.finder.Taxonomies()
	names := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			if t, ok := tax.TermByID(id); ok {
				out = append(out, t.Name)
			}
		}
		return out
	}
	p := coursePage{Listing: l, Subjects: names(l.Course.Subjects), Wellbeing: names(l.Course.Wellbeing),
		Cost: finder.CostText(l.Course), Funding: l.Course.Funding.Name(), Delivery: l.Course.Delivery.Name(), BackHref: "/courses"}
	if lv := names([]string{l.Course.Level}); len(lv) > 0 {
		p.Level = lv[0]
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Path == "/courses" && ref.Host == r.Host {
		p.BackHref = "/courses?" + ref.RawQuery
	}
	access := map[directory.AccessibilityFeature]bool{}
	for _, f := range l.Course.Accessibility {
		access[f] = true
	}
	today := directory.Today(s.clock)
	for _, run := range l.Runs {
		if run.Ended(today) {
			continue // history, not something to go to
		}
		v := runView{Run: run, Dates: run.FirstSession.Spoken() + " to " + run.LastSession.Spoken(), When: run.Schedule.Describe(), Breaks: run.DescribeExclusions()}
		v.Venue, v.HasVenue = l.Venue(run)
		if v.HasVenue {
			for _, f := range v.Venue.Accessibility {
				access[f] = true
			}
		}
		left, limited := run.PlacesLeft()
		switch {
		case run.Status == directory.RunCancelled:
			v.Status, v.StatusTag = "Cancelled", "red"
		case run.IsFull():
			v.Status, v.StatusTag = "Full", "orange"
		default:
			v.Status, v.StatusTag = "Open", "green"
		}
		switch {
		case run.Status == directory.RunCancelled:
		case !limited:
			v.PlacesText = "Places are not limited"
		case left <= 0:
			v.PlacesText = fmt.Sprintf("No places left (of %d)", run.PlacesTotal)
		case left == 1:
			v.PlacesText = "1 place left"
		default:
			v.PlacesText = fmt.Sprintf("%d places left of %d", left, run.PlacesTotal)
		}
		p.Runs = append(p.Runs, v)
	}
	for _, f := range directory.AccessibilityFeatures() {
		if access[directory.AccessibilityFeature(f.Code)] {
			p.Access = append(p.Access, f.Name)
		}
	}
	for _, code := range l.Course.Languages {
		if n, ok := directory.LanguageName(code); ok {
			p.Languages = append(p.Languages, n)
		}
	}
	s.render(w, r, http.StatusOK, "courses/course", l.Course.Title, p)
	return nil
}

// paragraphs splits text into paragraphs at blank lines, for templates.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// milesText writes a distance for people: "0.4 miles", "3 miles".
func milesText(m float64) string {
	switch {
	case m < 0:
		return ""
	case m < 10:
		s := strconv.FormatFloat(m, 'f', 1, 64)
		if s == "1.0" {
			return "1 mile"
		}
		return strings.TrimSuffix(s, ".0") + " miles"
	default:
		return strconv.Itoa(int(m+0.5)) + " miles"
	}
}

// htmlLines joins lines with <br>, escaping each.
func htmlLines(lines ...string) template.HTML {
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("<br>")
		}
		b.WriteString(template.HTMLEscapeString(l))
	}
	return template.HTML(b.String())
}
