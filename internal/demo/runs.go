package demo

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"learnwell/internal/directory"
)

// termWeight is how a course's first term in a window is chosen: the term
// under way, the next or the one after.
var termWeight = cumulative([]float64{30, 45, 25})

// slot is when a run meets: the days, which one in the month for a monthly
// run (1 to 4, or -1 for the last; 0 for a weekly run), and the times.
type slot struct {
	days  []time.Weekday
	nth   int
	start directory.ClockTime
	mins  int
}

var (
	startTimes = [][]directory.ClockTime{
		{{Hour: 9, Minute: 30}, {Hour: 10}, {Hour: 10}, {Hour: 10, Minute: 30}, {Hour: 11}},
		{{Hour: 12, Minute: 30}, {Hour: 13}, {Hour: 13, Minute: 30}, {Hour: 14}, {Hour: 14}},
		{{Hour: 18}, {Hour: 18, Minute: 30}, {Hour: 19}},
	}
	partWeight = cumulative([]float64{45, 30, 25}) // morning, afternoon, evening
	dayWeight  = cumulative([]float64{2, 20, 20, 20, 20, 18, 8})
	lengths    = []int{90, 120, 120, 150}
	placeSizes = []int{8, 10, 10, 12, 12, 12, 14, 15, 15, 16, 18, 20}
	pairs      = [][]time.Weekday{{time.Monday, time.Wednesday}, {time.Tuesday, time.Thursday}, {time.Wednesday, time.Friday}}
)

// newSlot picks a day and time: mostly weekdays, evenings Monday to
// Thursday only, Sundays only at community organisations; ESOL and courses
// leading to a qualification sometimes meet twice a week.
func newSlot(rng *rand.Rand, c choice, kind directory.OrganisationKind, monthly bool) slot {
	day := time.Weekday(weighted(rng, dayWeight))
	if day == time.Sunday && kind != directory.CommunityOrganisation {
		day = time.Saturday
	}
	part := weighted(rng, partWeight)
	if part == 2 && (day == time.Friday || day == time.Saturday || day == time.Sunday) {
		part = 1
	}
	s := slot{days: []time.Weekday{day}, start: pick(rng, startTimes[part]), mins: pick(rng, lengths)}
	switch {
	case monthly:
		s.nth = pick(rng, []int{1, 2, 2, 3, 4, -1})
	case (c.g.subject == "esol" || c.level == accredited) && chance(rng, 0.25):
		s.days = pick(rng, pairs)
	}
	return s
}

// schedule returns the slot as a schedule, without breaks.
func (s slot) schedule() directory.Schedule {
	end := s.start.Hour*60 + s.start.Minute + s.mins
	sch := directory.Schedule{Freq: directory.Weekly, Start: s.start, End: directory.ClockTime{Hour: end / 60, Minute: end % 60}}
	if s.nth != 0 {
		sch.Freq = directory.Monthly
	}
	for _, d := range s.days {
		sch.ByDay = append(sch.ByDay, directory.WeekdayNum{N: s.nth, Day: d})
	}
	return sch
}

// candidates returns the dates from from to to that fit the slot's pattern,
// in order, ignoring holidays.
func (s slot) candidates(from, to directory.Date) []directory.Date {
	var out []directory.Date
	fromDay := from.Weekday()
	for _, wd := range s.days {
		for d := from.AddDays((int(wd) - int(fromDay) + 7) % 7); !d.After(to); d = d.AddDays(7) {
			if s.nth == 0 || s.nthFits(d) {
				out = append(out, d)
			}
		}
	}
	slices.SortFunc(out, directory.Date.Compare)
	return out
}

// nthFits reports whether d is the slot's nth such weekday of its month.
func (s slot) nthFits(d directory.Date) bool {
	if s.nth < 0 {
		return d.AddDays(7).Month != d.Month
	}
	return (d.Day-1)/7+1 == s.nth
}

// within reports whether d is in the span.
func within(d directory.Date, from, to directory.Date) bool { return !d.Before(from) && !d.After(to) }

// makeRun places a run with the slot between from and to, with at most
// maxSessions sessions (0 for no limit), the holidays and bank holidays
// that fall on its session days, and now and then one more date with no
// session. It reports false when no session fits. It takes the same draws
// from rng whatever the dates, so that the demo made on another day differs
// only in its dates.
func (cal *calendar) makeRun(rng *rand.Rand, s slot, from, to directory.Date, maxSessions int) (directory.Run, bool) {
	extraOff, extraAt := chance(rng, 0.06), rng.Float64()
	sch := s.schedule()
	days := s.candidates(from, to)
	for _, h := range cal.holidays {
		if slices.ContainsFunc(days, func(d directory.Date) bool { return within(d, h.From, h.To) }) {
			sch.Breaks = append(sch.Breaks, h)
		}
	}
	for _, b := range cal.bankHolidays {
		if _, off := sch.Excluded(b); !off && slices.Contains(days, b) {
			sch.ExcludedDates = append(sch.ExcludedDates, b)
		}
	}
	var sessions []directory.Date
	for _, d := range days {
		if _, off := sch.Excluded(d); !off {
			sessions = append(sessions, d)
		}
		if maxSessions > 0 && len(sessions) == maxSessions {
			break
		}
	}
	if len(sessions) == 0 {
		return directory.Run{}, false
	}
	first, last := sessions[0], sessions[len(sessions)-1]
	if n := len(sessions); n >= 5 && extraOff {
		sch.ExcludedDates = append(sch.ExcludedDates, sessions[1+int(extraAt*float64(n-2))])
		slices.SortFunc(sch.ExcludedDates, directory.Date.Compare)
	}
	sch.Breaks = slices.DeleteFunc(sch.Breaks, func(b directory.Break) bool { return b.To.Before(first) || b.From.After(last) })
	sch.ExcludedDates = slices.DeleteFunc(sch.ExcludedDates, func(d directory.Date) bool { return !within(d, first, last) })
	return directory.Run{FirstSession: first, LastSession: last, Schedule: sch}, true
}

// shape is the pattern of a course's runs.
type shape int

const (
	termShape    shape = iota // a term, or a short course within one
	yearShape                 // the whole academic year
	monthlyShape              // once a month
	tasterShape               // one to three sessions
)

// shapeFor picks the pattern of a course's runs: tasters are short, ESOL
// and qualifications often take the year, groups and clubs often meet
// monthly, and most courses run for a term or part of one.
func shapeFor(rng *rand.Rand, c choice) shape {
	t := strings.ToLower(c.t.title)
	switch {
	case c.level == taster:
		return tasterShape
	case c.level == accredited || c.g.subject == "esol" && strings.HasPrefix(c.t.title, "ESOL"):
		if chance(rng, 0.6) {
			return yearShape
		}
	case strings.Contains(t, "group") || strings.Contains(t, "club") || strings.Contains(t, "café") ||
		strings.Contains(t, "circle") || strings.Contains(t, "natter") || strings.Contains(t, "choir"):
		if chance(rng, 0.35) {
			return monthlyShape
		}
	case chance(rng, 0.05):
		return monthlyShape
	}
	return termShape
}

// placeRun places run k of a course of the shape in the window; term is
// the course's first term (0 to 2).
func (cal *calendar) placeRun(rng *rand.Rand, w window, sh shape, s slot, term, k int) (directory.Run, bool) {
	switch sh {
	case yearShape:
		return cal.makeRun(rng, s, w.year.from.AddDays(7*rng.IntN(2)), w.year.to.AddDays(-7*rng.IntN(3)), 0)
	case monthlyShape:
		from := pick(rng, []directory.Date{w.terms[0].from, w.terms[0].from, w.terms[1].from})
		return cal.makeRun(rng, s, from, w.terms[2].to, 0)
	case tasterShape:
		t := w.terms[weighted(rng, termWeight)]
		return cal.makeRun(rng, s, t.from.AddDays(7*rng.IntN(t.to.DaysSince(t.from)/7)), t.to, between(rng, 1, 3))
	}
	t := w.terms[min(term+k, len(w.terms)-1)]
	whole, late, weeks := chance(rng, 0.5), rng.IntN(2), between(rng, 4, 8)
	if whole {
		return cal.makeRun(rng, s, t.from.AddDays(7*late), t.to, 0) // the whole term
	}
	// A short course of 4 to 8 weeks, starting in any week but the last two
	// of the term; one starting late is cut short by the end of term.
	termWeeks := t.to.DaysSince(t.from)/7 + 1
	start := rng.IntN(termWeeks - 2)
	return cal.makeRun(rng, s, t.from.AddDays(7*start), t.to, weeks*len(s.days))
}

// The share of courses that ran last year too, and of those (past the first
// course of each provider) that ran only last year: their runs have all
// ended, so the finder and the feed leave them out.
const (
	ranLastYear     = 0.5
	ranOnlyLastYear = 0.04
)

var runCount = cumulative([]float64{45, 35, 20}) // one, two or three runs

// runs makes the runs of a course: one to three in the current window, at
// the provider's venues unless it is online, with places, some taken, and
// now and then full or cancelled; for about half the courses one more
// that ran in the previous window and has ended; and for a few courses only
// that one. Each course's runs have a random stream of their own (runRNG), so
// that another day, which moves the dates, changes nothing else.
func (g *generator) runs(i int, course *directory.Course, c choice, p *provider) []directory.Run {
	rng := g.runRNG(i)
	sh := shapeFor(rng, c)
	n := weighted(rng, runCount) + 1
	term := weighted(rng, termWeight)
	first := newSlot(rng, c, p.kind, sh == monthlyShape)
	onlyLastYear := chance(rng, ranOnlyLastYear) && i >= len(g.providers)
	lastYear := chance(rng, ranLastYear) || onlyLastYear
	var out []directory.Run
	place := func(r directory.Run, id string) {
		r.ID = id
		r.CourseID = course.ID
		if course.Delivery != directory.Online {
			r.LocationID = g.locs[pick(rng, p.venues)].ID
		}
		g.setPlaces(rng, &r)
		out = append(out, r)
	}
	if r, ok := g.cal.placeRun(rng, g.cal.previous, sh, first, term, 0); ok && lastYear {
		place(r, g.id("previous-run", i))
	} else {
		onlyLastYear = false
	}
	for k := range n {
		s := first
		if k > 0 && (chance(rng, 0.45) || sh != termShape || term+k >= 3) {
			s = newSlot(rng, c, p.kind, sh == monthlyShape)
		}
		r, ok := g.cal.placeRun(rng, g.cal.current, sh, s, term, k)
		if !ok || onlyLastYear {
			continue
		}
		place(r, g.id("run", i, k))
	}
	if len(out) == 0 { // cannot happen with the calendar's terms; kept so every course has a run
		t := g.cal.current.terms[1]
		r, _ := g.cal.makeRun(rng, slot{days: []time.Weekday{time.Tuesday}, start: directory.ClockTime{Hour: 10}, mins: 120}, t.from, t.to, 0)
		r.ID, r.CourseID, r.PlacesTotal, r.Status = g.id("run", i, 0), course.ID, 12, directory.RunOpen
		if course.Delivery != directory.Online {
			r.LocationID = g.locs[p.venues[0]].ID
		}
		out = append(out, r)
	}
	return out
}

// setPlaces sets the places and status of a run, as seen from the
// calendar's today: runs over or under way have most places taken, runs
// starting later fewer; a few are full and a few that have not started are
// cancelled. It takes the same draws from rng whatever the dates.
func (g *generator) setPlaces(rng *rand.Rand, r *directory.Run) {
	today := g.cal.today
	r.PlacesTotal = pick(rng, placeSizes)
	taken, x := rng.Float64(), rng.Float64()
	noted, note := chance(rng, 0.12), pick(rng, runNotes)
	lo, hi := 0.0, 0.45
	switch {
	case r.LastSession.Before(today):
		lo, hi = 0.6, 1
	case !r.FirstSession.After(today):
		lo, hi = 0.4, 0.95
	case r.FirstSession.Before(today.AddDays(42)):
		lo, hi = 0.1, 0.8
	}
	r.PlacesTaken = int(float64(r.PlacesTotal) * (lo + taken*(hi-lo)))
	r.Status = directory.RunOpen
	switch {
	case x < 0.02 && r.FirstSession.After(today):
		r.Status, r.PlacesTaken = directory.RunCancelled, 0
		r.Notes = "Cancelled: the tutor is not available. Ask us about other dates."
		return
	case x < 0.035:
		r.Status = directory.RunFull
	case x < 0.06:
		r.PlacesTaken = r.PlacesTotal
	}
	if noted {
		r.Notes = note
	}
}
