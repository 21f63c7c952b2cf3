package importer

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
)

// ongoingWeeks is how long a schedule with no end date is listed for, from
// its first session; importing the feed again moves it on.
const ongoingWeeks = 52

// maxRunDays is the longest run learnwell keeps (directory's limit).
const maxRunDays = 3 * 365

// sched is one schedule read into learnwell's terms.
type sched struct {
	in          inSchedule
	salID       string // the service_at_location it belongs to, or ""
	from, to    directory.Date
	anchor      directory.Date
	count       int
	schedule    directory.Schedule
	description string
	notes       string
}

// runs turns the service's schedules and service_at_locations into runs at
// venues (or online), and settles how the course is delivered.
func (mp *mapping) runs() {
	c := &mp.l.course
	venues := map[string]string{} // service_at_location id -> venue id ("" online)
	var physical []string         // service_at_location ids with a venue, in order
	for i, sal := range mp.s.ServiceAtLocations {
		salID := sal.ID.String()
		if salID == "" {
			salID = "sal-" + strconv.Itoa(i)
		}
		if sal.Location == nil {
			mp.warn("its service_at_location %s has no location: left out", salID)
			continue
		}
		if strings.EqualFold(sal.Location.LocationType.String(), "virtual") {
			venues[salID] = ""
			continue
		}
		loc, ok := mp.location(*sal.Location)
		if !ok {
			continue
		}
		if !slices.ContainsFunc(mp.l.locations, func(l directory.Location) bool { return l.ID == loc.ID }) {
			mp.l.locations = append(mp.l.locations, loc)
		}
		venues[salID] = loc.ID
		physical = append(physical, salID)
	}
	var all []sched
	for _, s := range mp.s.Schedules {
		all = append(all, sched{in: s, salID: s.ServiceAtLocationID.String()})
	}
	for i, sal := range mp.s.ServiceAtLocations {
		salID := sal.ID.String()
		if salID == "" {
			salID = "sal-" + strconv.Itoa(i)
		}
		for _, s := range sal.Schedules {
			all = append(all, sched{in: s, salID: salID})
		}
	}
	var read []sched
	seenSchedule := map[string]bool{}
	for i := range all {
		// HSDS may give a schedule both on the service and on its
		// service_at_location: read it once.
		if id := all[i].in.ID.String(); id != "" {
			if seenSchedule[id] {
				continue
			}
			seenSchedule[id] = true
		}
		if s, ok := mp.readSchedule(all[i]); ok {
			read = append(read, s)
		}
	}
	groups := groupSchedules(read)
	onlineText := func(s string) bool {
		return containsWord(s, "online", "remote", "virtual", "video", "zoom", "teams")
	}
	for gi, g := range groups {
		first, last := g[0], g[len(g)-1]
		base := directory.Run{FirstSession: first.from, LastSession: last.to, Schedule: first.schedule, Status: directory.RunOpen}
		mp.runNotes(&base, first)
		key := first.in.ID.String()
		if key == "" {
			key = "schedule-" + strconv.Itoa(gi)
		}
		var targets []string // venue ids; "" online
		switch venue, known := venues[first.salID]; {
		case first.salID != "" && known:
			targets = []string{venue}
		case first.salID != "":
			mp.warn("a schedule names service_at_location %s, which the service does not have: left out", first.salID)
			continue
		case c.Delivery == "" && len(physical) > 0 && !onlineText(first.in.AttendingType.String()):
			for _, id := range physical {
				targets = append(targets, venues[id]) // the schedule is the service's at each of its venues
			}
		default:
			targets = []string{""}
		}
		for _, venue := range targets {
			r := base
			r.Schedule.Breaks = slices.Clone(base.Schedule.Breaks)
			r.Schedule.ExcludedDates = slices.Clone(base.Schedule.ExcludedDates)
			r.LocationID = venue
			r.ID = learnwell.DerivedID("import", "run", mp.m.system, mp.s.ID.String(), key, venue)
			mp.l.runs = append(mp.l.runs, r)
		}
	}
	mp.delivery(onlineText)
}

// delivery settles how the course is delivered: as its delivery term says,
// else from its runs, else from its attending type; a term its runs
// contradict gives way to the runs.
func (mp *mapping) delivery(onlineText func(string) bool) {
	c := &mp.l.course
	venue, online := false, false
	for _, r := range mp.l.runs {
		venue = venue || !r.Online()
		online = online || r.Online()
	}
	fromRuns := directory.DeliveryMode("")
	switch {
	case venue && online:
		fromRuns = directory.Blended
	case venue:
		fromRuns = directory.InPerson
	case online:
		fromRuns = directory.Online
	}
	switch {
	case c.Delivery == "" && fromRuns != "":
		c.Delivery = fromRuns
	case c.Delivery == "":
		text := ""
		for _, s := range mp.s.Schedules {
			text += " " + s.AttendingType.String()
		}
		inPerson := containsWord(text, "in person", "in-person", "face to face", "face-to-face") || len(mp.l.locations) > 0
		switch {
		case onlineText(text) && inPerson:
			c.Delivery = directory.Blended
		case onlineText(text):
			c.Delivery = directory.Online
		default:
			c.Delivery = directory.InPerson
		}
	case fromRuns != "" && (c.Delivery == directory.Online && venue || c.Delivery == directory.InPerson && online):
		mp.warn("its delivery term says %s but its schedules say %s: the schedules are followed", c.Delivery.Name(), fromRuns.Name())
		c.Delivery = fromRuns
	}
}

// readSchedule reads one schedule's rule, dates and times; a schedule that
// learnwell cannot turn into sessions is left out with a warning.
func (mp *mapping) readSchedule(s sched) (sched, bool) {
	in := s.in
	label := "a schedule"
	if id := in.ID.String(); id != "" {
		label = "schedule " + id
	}
	skip := func(why string, args ...any) (sched, bool) {
		mp.warn(label+" is left out: "+why, args...)
		return s, false
	}
	freq := directory.Frequency(strings.ToUpper(in.Freq.String()))
	byday := strings.ToUpper(strings.ReplaceAll(in.ByDay.String(), " ", ""))
	if freq == "" && byday != "" {
		freq = directory.Weekly
	}
	if !freq.Valid() {
		if freq == "" {
			return skip("it has no freq, so learnwell cannot tell when its sessions are")
		}
		return skip("its freq %s is not WEEKLY or MONTHLY, the only ones Open Referral UK allows", freq)
	}
	sc := directory.Schedule{Freq: freq, Interval: 1}
	if in.Interval != nil && in.Interval.v != 0 {
		n := in.Interval.v
		if n != math.Trunc(n) || n < 1 || n > 12 {
			return skip("its interval %v is not from 1 to 12", n)
		}
		sc.Interval = int(n)
	}
	days, err := directory.ParseByDay(byday)
	if err != nil {
		return skip("its byday %q is not understood", clipQuote(byday))
	}
	if freq == directory.Weekly {
		for _, d := range days {
			if d.N != 0 {
				return skip("it is weekly but its byday %q counts weeks of the month", byday)
			}
		}
	}
	sc.ByDay = days
	if md := strings.ReplaceAll(in.ByMonthDay.String(), " ", ""); md != "" {
		if freq == directory.Weekly {
			mp.warn("%s is weekly, so its bymonthday %q is left out (RFC 5545 does not allow it)", label, md)
		} else if sc.ByMonthDay, err = directory.ParseByMonthDay(md); err != nil {
			return skip("its bymonthday %q is not understood", md)
		}
	}
	from, okFrom := parseFeedDate(in.ValidFrom.String())
	anchor, okAnchor := parseFeedDate(in.DTStart.String())
	switch {
	case !okFrom && okAnchor:
		from = anchor
	case !okFrom:
		from = mp.m.today
		mp.warn("%s has no valid_from or dtstart: its sessions are listed from the day of the import", label)
	}
	if !okAnchor {
		anchor = from
	}
	to, okTo := parseFeedDate(in.ValidTo.String())
	if !okTo {
		to, okTo = parseFeedDate(in.Until.String())
	}
	count := 0
	if in.Count != nil && in.Count.v >= 1 && in.Count.v == math.Trunc(in.Count.v) {
		count = int(min(in.Count.v, 1000))
	}
	if in.OpensAt.String() == "" || in.ClosesAt.String() == "" {
		return skip("it has no opens_at or closes_at")
	}
	// The first session: the first day from valid_from that the rule gives,
	// counting from dtstart.
	start := from
	if anchor.After(start) {
		start = anchor
	}
	limit := start.AddDays(400)
	if okTo && to.Before(limit) {
		limit = to
	}
	first := directory.Date{}
	for d := start; !d.After(limit); d = d.AddDays(1) {
		if sc.Occurs(anchor, d) {
			first = d
			break
		}
	}
	if first.IsZero() {
		return skip("its rule gives no session between %s and %s", start, limit)
	}
	if sc.Start, err = parseFeedTime(in.OpensAt.String(), first); err != nil {
		return skip("its opens_at: %s", learnwell.ErrorMessage(err))
	}
	if sc.End, err = parseFeedTime(in.ClosesAt.String(), first); err != nil {
		return skip("its closes_at: %s", learnwell.ErrorMessage(err))
	}
	if !sc.Start.Before(sc.End) {
		return skip("it closes (%s) before it opens (%s)", sc.End, sc.Start)
	}
	switch {
	case okTo:
	case count > 0:
		to = first
		for d, n := first, 0; n < count && d.DaysSince(first) <= maxRunDays; d = d.AddDays(1) {
			if sc.Occurs(first, d) {
				to, n = d, n+1
			}
		}
	default:
		to = first.AddDays(7*ongoingWeeks - 1)
		mp.warn("%s has no end date: its sessions are listed for %d weeks from %s", label, ongoingWeeks, first.Spoken())
	}
	if to.DaysSince(first) > maxRunDays {
		to = first.AddDays(maxRunDays)
		mp.warn("%s runs for more than 3 years: learnwell lists its first 3 years", label)
	}
	last := directory.Date{}
	for d := to; !d.Before(first); d = d.AddDays(-1) {
		if sc.Occurs(first, d) {
			last = d
			break
		}
	}
	if last.IsZero() {
		return skip("its rule gives no session between %s and %s", first, to)
	}
	s.from, s.to, s.anchor, s.schedule = first, last, anchor, sc
	s.description, s.notes = normalSpace(in.Description.String()), normalSpace(in.Notes.String())
	return s, true
}

// groupSchedules puts together the schedules that are one run split where
// the clocks change (as learnwell's feed writes them): the same venue,
// rule, London times, description and notes, one after the other.
func groupSchedules(list []sched) [][]sched {
	var out [][]sched
	for _, s := range list {
		if n := len(out); n > 0 {
			prev := out[n-1][len(out[n-1])-1]
			if prev.salID == s.salID && sameRule(prev.schedule, s.schedule) && prev.description == s.description &&
				prev.notes == s.notes && prev.in.ScheduleLink == s.in.ScheduleLink && prev.in.AttendingType == s.in.AttendingType &&
				s.from.After(prev.to) && s.description != "" {
				out[n-1] = append(out[n-1], s)
				continue
			}
		}
		out = append(out, []sched{s})
	}
	return out
}

func sameRule(a, b directory.Schedule) bool {
	return a.Freq == b.Freq && a.Interval == b.Interval && slices.Equal(a.ByDay, b.ByDay) &&
		slices.Equal(a.ByMonthDay, b.ByMonthDay) && a.Start == b.Start && a.End == b.End
}

// runNotes reads a run's exclusions, places and notes back from the text
// learnwell's feed writes (docs/oruk-mapping.md), checking each against the
// text it would write; any other text is kept as the run's notes.
func (mp *mapping) runNotes(r *directory.Run, s sched) {
	notes := s.notes
	if rest, ok := strings.CutPrefix(notes, "No sessions "); ok {
		end := strings.Index(rest, ". ")
		if end < 0 && strings.HasSuffix(rest, ".") {
			end = len(rest) - 1
		}
		if end >= 0 {
			if breaks, dates, ok := parseExclusions(rest[:end]); ok {
				trial := *r
				trial.Schedule.Breaks, trial.Schedule.ExcludedDates = breaks, dates
				if trial.DescribeExclusions() == "No sessions "+rest[:end+1] {
					r.Schedule.Breaks, r.Schedule.ExcludedDates = breaks, dates
					notes = strings.TrimSpace(rest[end+1:])
				}
			}
		}
	}
	switch {
	case strings.HasPrefix(notes, "This run is full."):
		r.Status = directory.RunFull
		notes = strings.TrimSpace(strings.TrimPrefix(notes, "This run is full."))
	case strings.HasPrefix(notes, "1 place left."):
		r.PlacesTotal = 1
		notes = strings.TrimSpace(strings.TrimPrefix(notes, "1 place left."))
	default:
		if i := strings.Index(notes, " places left."); i > 0 {
			if n, err := strconv.Atoi(notes[:i]); err == nil && n > 1 {
				r.PlacesTotal = n
				notes = strings.TrimSpace(notes[i+len(" places left."):])
			}
		}
	}
	// The description is learnwell's own when it is what the run would
	// describe itself as; any other description is kept in the notes.
	// learnwell's feed writes the day of a weekly rule that gives none (and
	// the day of the month of a monthly one), so the rule as stored may have
	// had none: the description tells.
	variants := []directory.Schedule{r.Schedule}
	sc := r.Schedule
	if sc.Freq == directory.Weekly && len(sc.ByDay) == 1 && sc.ByDay[0] == (directory.WeekdayNum{Day: r.FirstSession.Weekday()}) {
		sc.ByDay = nil
		variants = append(variants, sc)
	}
	if sc.Freq == directory.Monthly && len(sc.ByDay) == 0 && slices.Equal(sc.ByMonthDay, []int{r.FirstSession.Day}) {
		sc.ByMonthDay = nil
		variants = append(variants, sc)
	}
	own := false
	for _, v := range variants {
		trial := *r
		trial.Schedule = v
		if s.description == strings.TrimSpace(trial.Describe()+" "+trial.DescribeExclusions()) {
			r.Schedule, own = v, true
			break
		}
	}
	if s.description != "" && !own {
		notes = strings.TrimSpace(s.description + " " + notes)
	}
	r.Notes = mp.fit("schedule notes", notes, 1000)
}

// parseExclusions reads "16 to 20 February 2026 (half term); 3 March 2026".
func parseExclusions(s string) ([]directory.Break, []directory.Date, bool) {
	var breaks []directory.Break
	var dates []directory.Date
	for item := range strings.SplitSeq(s, "; ") {
		label := ""
		if i := strings.LastIndex(item, " ("); i > 0 && strings.HasSuffix(item, ")") {
			label, item = item[i+2:len(item)-1], item[:i]
		}
		fromText, toText, isRange := strings.Cut(item, " to ")
		if !isRange {
			d, ok := spokenDate(item)
			if !ok {
				return nil, nil, false
			}
			if label == "" {
				dates = append(dates, d)
			} else {
				breaks = append(breaks, directory.Break{Label: label, From: d, To: d})
			}
			continue
		}
		to, ok := spokenDate(toText)
		if !ok {
			return nil, nil, false
		}
		// "16 to 20 February 2026", "30 March to 10 April 2026": the start
		// borrows the month and year it leaves out.
		parts := strings.Fields(fromText)
		switch len(parts) {
		case 1:
			fromText += " " + to.Month.String() + " " + strconv.Itoa(to.Year)
		case 2:
			fromText += " " + strconv.Itoa(to.Year)
		}
		from, ok := spokenDate(fromText)
		if !ok {
			return nil, nil, false
		}
		breaks = append(breaks, directory.Break{Label: label, From: from, To: to})
	}
	return breaks, dates, true
}

func spokenDate(s string) (directory.Date, bool) {
	t, err := time.Parse("2 January 2006", strings.TrimSpace(s))
	if err != nil {
		return directory.Date{}, false
	}
	return directory.NewDate(t.Year(), t.Month(), t.Day()), true
}

// location maps an HSDS location to a venue; false leaves it out.
func (mp *mapping) location(in inLocation) (directory.Location, bool) {
	id := in.ID.String()
	if id == "" {
		mp.warn("a location has no id: left out")
		return directory.Location{}, false
	}
	l := directory.Location{ID: id, Name: normalSpace(in.Name.String()), Source: mp.m.source(id)}
	var a inAddress
	for i, ad := range in.Addresses {
		if i == 0 || strings.EqualFold(ad.AddressType.String(), "physical") && !strings.EqualFold(a.AddressType.String(), "physical") {
			a = ad
		}
	}
	l.Address1 = a.Address1.String()
	if a2 := a.Address2.String(); a2 != "" {
		l.Address1 += ", " + a2
	}
	l.Town = a.City.String()
	if l.Town == "" {
		l.Town = a.Region.String()
	}
	if l.Name == "" {
		l.Name = l.Address1
	}
	if l.Name == "" || l.Address1 == "" || l.Town == "" {
		mp.warn("location %s has no name, first line of address or town: left out", id)
		return directory.Location{}, false
	}
	l.Name, _ = clip(l.Name, 200)
	l.Address1, _ = clip(l.Address1, 200)
	l.Town, _ = clip(l.Town, 100)
	l.Postcode = strings.TrimSpace(a.PostalCode.String())
	if len(l.Postcode) > 20 {
		l.Postcode = ""
	}
	transport := normalSpace(in.Transportation.String())
	if desc := normalSpace(in.Description.String()); transport == "" {
		transport = strings.TrimPrefix(desc, "Getting there: ")
	}
	l.Transport = mp.fit("location's transport notes", transport, 1000)
	l.Accessibility = mp.venueFeatures(in)
	l.Borough = boroughByName(a.StateProvince.String())
	country := strings.ToUpper(a.Country.String())
	uk := country == "" || country == "GB" || country == "UK" || country == "GBR"
	if in.Latitude != nil && in.Longitude != nil {
		pt := geo.Point{Lat: in.Latitude.v, Lon: in.Longitude.v}
		if pt.Valid() && pt.Lat >= 49.8 && pt.Lat <= 60.9 && pt.Lon >= -8.7 && pt.Lon <= 1.8 {
			l.Point = &pt
		} else {
			mp.warn("location %s: its latitude and longitude (%v, %v) are not in the UK: left out", id, in.Latitude.v, in.Longitude.v)
		}
	}
	if l.Point != nil && l.Borough == "" {
		if b, ok := geo.BoroughAt(*l.Point); ok {
			l.Borough = b.Code
		}
	}
	if !uk {
		mp.warn("location %s is in %s, outside the UK: it is kept without a position or borough", id, country)
		l.Point, l.Borough = nil, ""
		return l, true
	}
	if l.Point == nil || l.Borough == "" {
		place, err := mp.m.locate.Locate(mp.ctx, l.Postcode)
		switch {
		case err != nil:
			mp.warn("location %s: its postcode %q cannot be placed: it is kept without a position or borough", id, clipQuote(l.Postcode))
		default:
			l.Postcode = place.Postcode.String()
			if l.Point == nil {
				pt := place.Point
				l.Point = &pt
			}
			if b, ok := place.Borough(); ok && l.Borough == "" {
				l.Borough = b.Code
			}
		}
	}
	return l, true
}

// venueFeatures reads a location's accessibility: learnwell's own terms,
// else the features its words name; what matches neither is left out.
func (mp *mapping) venueFeatures(in inLocation) []directory.AccessibilityFeature {
	var out []directory.AccessibilityFeature
	add := func(f directory.AccessibilityFeature) {
		if f.Valid() && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	for _, acc := range in.Accessibility {
		matched := false
		for _, a := range acc.Attributes {
			if t, ok := mp.builtinTerm(a); ok && t.Scheme == directory.SchemeAccessibility {
				add(directory.AccessibilityFeature(t.Code))
				matched = true
			}
		}
		if matched {
			continue
		}
		text := acc.Accessibility.String() + " " + acc.Description.String() + " " + acc.Details.String()
		found := guessFeatures(text)
		for _, f := range found {
			add(f)
		}
		if len(found) == 0 && strings.TrimSpace(text) != "" {
			mp.warn("location %s: its accessibility %q matches none of learnwell's features: left out", in.ID.String(), clipQuote(strings.TrimSpace(text)))
		}
	}
	return out
}
