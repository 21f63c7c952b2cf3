package demo_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/demo"
	"learnwell/internal/directory"
)

func date(y int, m time.Month, d int) directory.Date { return directory.NewDate(y, m, d) }

// refDay is the day the realism of the default demo is checked on: a Monday
// in the autumn term of 2026, as the demo sees it whenever it is made on
// that day.
var refDay = date(2026, 11, 23)

// What the demo made on refDay must follow, written out by hand (not by the
// demo's rules): the school holidays of 2025-26 and 2026-27 no session may
// fall in, and England's bank holidays from GOV.UK.
var (
	schoolHolidays = []directory.Break{
		{Label: "half term", From: date(2025, 10, 27), To: date(2025, 10, 31)},
		{Label: "Christmas holiday", From: date(2025, 12, 22), To: date(2026, 1, 4)},
		{Label: "half term", From: date(2026, 2, 16), To: date(2026, 2, 20)},
		{Label: "Easter holiday", From: date(2026, 3, 30), To: date(2026, 4, 10)},
		{Label: "half term", From: date(2026, 5, 25), To: date(2026, 5, 29)},
		{Label: "summer holiday", From: date(2026, 7, 20), To: date(2026, 9, 13)},
		{Label: "half term", From: date(2026, 10, 26), To: date(2026, 10, 30)},
		{Label: "Christmas holiday", From: date(2026, 12, 21), To: date(2027, 1, 3)},
		{Label: "half term", From: date(2027, 2, 15), To: date(2027, 2, 19)},
		{Label: "Easter holiday", From: date(2027, 3, 29), To: date(2027, 4, 9)},
		{Label: "half term", From: date(2027, 5, 31), To: date(2027, 6, 4)},
	}
	englandBankHolidays = []directory.Date{
		date(2025, 1, 1), date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 5), date(2025, 5, 26), date(2025, 8, 25), date(2025, 12, 25), date(2025, 12, 26),
		date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25), date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28),
		date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 3), date(2027, 5, 31), date(2027, 8, 30), date(2027, 12, 27), date(2027, 12, 28),
	}
)

// tally counts how many records have each property.
type tally map[string]int

func (c tally) want(t *testing.T, min int, names ...string) {
	t.Helper()
	for _, n := range names {
		if c[n] < min {
			t.Errorf("%d with %q, want at least %d", c[n], n, min)
		}
	}
}

func TestRunsFollowTheAcademicYear(t *testing.T) {
	ds := defaultDataset()
	ref := refDay
	thisYear := date(2026, 9, 14) // the first day of the 2026-27 autumn term
	count := tally{}
	for _, c := range ds.Courses {
		current := 0
		for _, r := range c.Runs {
			count[string(r.Schedule.Freq)]++
			count[string(r.Status)]++
			if r.IsFull() {
				count["full"]++
			}
			if r.FirstSession.Before(date(2025, 9, 1)) || r.LastSession.After(date(2027, 7, 31)) {
				t.Errorf("%q: run from %s to %s is outside the 2025-26 and 2026-27 years", c.Course.Title, r.FirstSession, r.LastSession)
			}
			if !r.FirstSession.Before(thisYear) {
				current++
			}
			switch {
			case r.LastSession.Before(thisYear):
				count["ended last year"]++
				if r.Status == directory.RunCancelled {
					t.Errorf("%q: a run of last year is cancelled", c.Course.Title)
				}
			case r.FirstSession.Before(thisYear):
				t.Errorf("%q: run from %s to %s spans the summer holiday", c.Course.Title, r.FirstSession, r.LastSession)
			case r.LastSession.Before(ref):
				count["ended this term"]++
			case !r.FirstSession.After(ref):
				count["under way"]++
			case r.FirstSession.Before(ref.AddDays(28)):
				count["starts within 4 weeks"]++
			case r.FirstSession.Before(ref.AddDays(56)):
				count["starts within 8 weeks"]++
			default:
				count["starts later"]++
			}
			for _, b := range r.Schedule.Breaks {
				count[b.Label]++
				if !containsBreak(schoolHolidays, b) {
					t.Errorf("%q: break %+v is not a 2025-26 or 2026-27 holiday", c.Course.Title, b)
				}
			}
			if len(r.Schedule.ExcludedDates) > 0 {
				count["excluded date"]++
			}
			mins := r.Schedule.End.Minutes() - r.Schedule.Start.Minutes()
			if mins < 90 || mins > 150 {
				t.Errorf("%q: sessions of %d minutes", c.Course.Title, mins)
			}
			count[string(r.TimeOfDay())]++
			if r.PlacesTotal < 8 || r.PlacesTotal > 20 || r.PlacesTaken > r.PlacesTotal {
				t.Errorf("%q: %d of %d places taken", c.Course.Title, r.PlacesTaken, r.PlacesTotal)
			}
			if r.Status != directory.RunCancelled {
				checkSessions(t, c.Course.Title, r, schoolHolidays, englandBankHolidays)
			}
		}
		if current == 0 {
			count["ran only last year"]++
		}
		if current > 3 || len(c.Runs) > current+1 {
			t.Errorf("%q: %d runs this year and %d last year, want 1 to 3 and at most 1", c.Course.Title, current, len(c.Runs)-current)
		}
	}
	count.want(t, 100, "WEEKLY", "open", "full", "ended last year", "ended this term", "under way", "starts within 8 weeks", "starts later",
		"half term", "Christmas holiday", "Easter holiday", "excluded date", "morning", "afternoon", "evening", "ran only last year")
	count.want(t, 20, "MONTHLY", "cancelled", "starts within 4 weeks")
	if count["WEEKLY"] < 5*count["MONTHLY"] {
		t.Errorf("%d weekly and %d monthly runs: want mostly weekly", count["WEEKLY"], count["MONTHLY"])
	}
	if n := len(ds.Courses); count["ran only last year"] > n/10 {
		t.Errorf("%d of %d courses ran only last year: want few", count["ran only last year"], n)
	}
	if count["ended last year"] < len(ds.Courses)/3 {
		t.Errorf("%d runs of last year in %d courses: want about one in two courses to have one", count["ended last year"], len(ds.Courses))
	}
}

func containsBreak(list []directory.Break, b directory.Break) bool {
	for _, x := range list {
		if x == b {
			return true
		}
	}
	return false
}

// checkSessions checks a run's sessions as learnwell computes them: the first
// and last are the run's first and last session dates, and none falls in a
// school holiday or on a bank holiday.
func checkSessions(t *testing.T, title string, r directory.Run, holidays []directory.Break, bankHolidays []directory.Date) {
	t.Helper()
	sessions := r.Sessions(directory.Date{}, directory.Date{})
	if len(sessions) == 0 || sessions[0].Date != r.FirstSession || sessions[len(sessions)-1].Date != r.LastSession {
		t.Errorf("%q: %d sessions do not run from %s to %s", title, len(sessions), r.FirstSession, r.LastSession)
		return
	}
	for _, s := range sessions {
		for _, h := range holidays {
			if !s.Date.Before(h.From) && !s.Date.After(h.To) {
				t.Errorf("%q: a session on %s falls in the %s", title, s.Date, h.Label)
			}
		}
		for _, b := range bankHolidays {
			if s.Date == b {
				t.Errorf("%q: a session on the bank holiday %s", title, b)
			}
		}
	}
}

func TestCoursesVary(t *testing.T) {
	ds := defaultDataset()
	ref := refDay
	count := tally{}
	titles, descriptions := map[string]bool{}, map[string]bool{}
	for _, cr := range ds.Courses {
		c := cr.Course
		titles[c.Title] = true
		descriptions[c.Description] = true
		count[string(c.Delivery)]++
		count[string(c.Funding)]++
		if c.Status != directory.CourseActive {
			t.Errorf("%q is %s", c.Title, c.Status)
		}
		if c.LastChecked.After(ref) || c.LastChecked.Before(ref.AddDays(-183)) {
			t.Errorf("%q was last checked on %s, not in the 6 months to %s", c.Title, c.LastChecked, ref)
		}
		if c.IsFree() {
			count["free"]++
			if c.Funding == directory.FundingCommunityLearning {
				count["free community learning"]++
			}
		}
		for _, o := range c.CostOptions {
			if o.Option == "Full fee" && (o.AmountPence < 1500 || o.AmountPence > 18000 || o.Concessions == "") {
				t.Errorf("%q: full fee %d pence with concessions %q", c.Title, o.AmountPence, o.Concessions)
			}
			count["fee"]++
		}
		switch {
		case c.MinAge == 19 && c.MaxAge == 0:
			count["19 and over"]++
		case c.MaxAge > 0:
			count["age limit"]++
		case c.MinAge >= 50:
			count["over 50s"]++
		case c.MinAge == 16:
			count["16 and over"]++
		}
		if len(c.Languages) > 1 {
			count["several languages"]++
		}
		if c.Languages[0] != "en" {
			count["taught in a community language"]++
		}
		if strings.Contains(c.Summary, "{") || strings.Contains(c.Title, "{") || strings.Contains(c.Description, "{") {
			t.Errorf("%q has an unfilled placeholder", c.Title)
		}
	}
	count.want(t, 100, "in-person", "online", "blended", "community-learning", "adult-skills", "other",
		"free", "fee", "several languages")
	count.want(t, 20, "age limit", "over 50s", "16 and over", "taught in a community language")
	if n := len(ds.Courses); count["19 and over"] < n/2 || count["in-person"] < n/2 {
		t.Errorf("%d of %d courses for adults 19 and over and %d in person: want most", count["19 and over"], n, count["in-person"])
	}
	if count["free community learning"] < count["community-learning"]*6/10 {
		t.Errorf("%d of %d community learning courses are free: want most", count["free community learning"], count["community-learning"])
	}
	if len(titles) < 300 || len(descriptions) < len(ds.Courses)*9/10 {
		t.Errorf("%d distinct titles and %d distinct descriptions in %d courses: want more variety", len(titles), len(descriptions), len(ds.Courses))
	}
}

// easterSundays are the dates of Easter, from the Church of England's table.
var easterSundays = map[int]directory.Date{
	2026: date(2026, 4, 5), 2027: date(2027, 3, 28), 2028: date(2028, 4, 16), 2029: date(2029, 4, 1),
	2030: date(2030, 4, 21), 2031: date(2031, 4, 13), 2032: date(2032, 3, 28),
}

// The demo made on any day is placed around that day: some runs ended (last
// year's, and this term's short courses), most still to come, every session
// out of the holidays and off the bank holidays that never move.
func TestRunsAreRelativeToTheDay(t *testing.T) {
	for _, today := range []directory.Date{date(2027, 9, 1), date(2027, 5, 10), date(2028, 7, 26), date(2031, 2, 3)} {
		t.Run(today.String(), func(t *testing.T) {
			ds := demo.Generate(demo.Options{Seed: 2, Services: 600, Today: today})
			ix := indexOf(ds)
			count := tally{}
			for _, c := range ds.Courses {
				if err := directory.ValidateListing(ix.orgs[c.Course.OrganisationID], c.Course, ix.venues(c), c.Runs, tax); err != nil {
					t.Errorf("course %q: %v", c.Course.Title, learnwell.ErrorFields(err))
				}
				if c.Course.LastChecked.After(today) || c.Course.LastChecked.Before(today.AddDays(-183)) {
					t.Errorf("%q was last checked on %s, not in the 6 months to %s", c.Course.Title, c.Course.LastChecked, today)
				}
				findable := false
				for _, r := range c.Runs {
					if r.FirstSession.Before(today.AddDays(-730)) || r.LastSession.After(today.AddDays(550)) {
						t.Errorf("%q: run from %s to %s is not from 2 years before %s to 18 months after", c.Course.Title, r.FirstSession, r.LastSession, today)
					}
					switch {
					case r.Ended(today):
						count["ended"]++
					case !r.FirstSession.After(today):
						count["under way"]++
					case r.FirstSession.Before(today.AddDays(56)):
						count["starts within 8 weeks"]++
					default:
						count["starts later"]++
					}
					findable = findable || r.Published(today)
					for _, b := range r.Schedule.Breaks {
						count[b.Label]++
					}
					if r.Status == directory.RunCancelled {
						continue
					}
					for _, s := range r.Sessions(directory.Date{}, directory.Date{}) {
						d := s.Date
						es := easterSundays[d.Year]
						if d == es.AddDays(-2) || d == es.AddDays(1) || d.Month == time.December && (d.Day == 25 || d.Day == 26) ||
							d.Month == time.January && d.Day == 1 {
							t.Errorf("%q: a session on the bank holiday %s", c.Course.Title, d)
						}
						if d.Month == time.August || d.Month == time.July && d.Day > 24 || d.Month == time.September && d.Day < 8 {
							t.Errorf("%q: a session on %s, in the summer holiday", c.Course.Title, d)
						}
					}
				}
				if findable {
					count["findable"]++
				}
			}
			if n := len(ds.Courses); count["findable"] < n*8/10 {
				t.Errorf("%d of %d courses have a run to go to: want most", count["findable"], n)
			}
			count.want(t, len(ds.Courses)/5, "ended", "starts later")
			count.want(t, 10, "starts within 8 weeks", "half term", "Christmas holiday", "Easter holiday")
			if today.Month > time.March && today.Month < time.July {
				count.want(t, 5, "summer holiday") // monthly groups meet from this term into the next year
			}
		})
	}
}

// The same seed on the same day gives the same data and ids; on another day
// the same courses and runs, with the dates moved.
func TestAnotherDayMovesOnlyTheDates(t *testing.T) {
	day, yearOn := date(2026, 12, 8), date(2027, 12, 7) // 52 weeks on, the same weekday
	opts := demo.Options{Seed: 4, Services: 500, Today: day}
	a, again := demo.Generate(opts), demo.Generate(opts)
	if !reflect.DeepEqual(a, again) {
		t.Fatal("two generations with the same seed on the same day differ")
	}
	opts.Today = yearOn
	b := demo.Generate(opts)
	if !reflect.DeepEqual(a.Organisations, b.Organisations) || !reflect.DeepEqual(a.Locations, b.Locations) {
		t.Error("another day changes the providers or venues")
	}
	sameRuns, moved := 0, 0
	for i := range a.Courses {
		ca, cb := a.Courses[i].Course, b.Courses[i].Course
		if cb.LastChecked != ca.LastChecked.AddDays(364) {
			t.Errorf("%q: last checked %s, then %s a year on", ca.Title, ca.LastChecked, cb.LastChecked)
		}
		cb.LastChecked = ca.LastChecked
		if !reflect.DeepEqual(ca, cb) {
			t.Errorf("course %d differs on another day:\n%+v\n%+v", i, ca, cb)
		}
		ra, rb := a.Courses[i].Runs, b.Courses[i].Runs
		if len(ra) != len(rb) {
			continue
		}
		same := true
		for k := range ra {
			x, y := ra[k], rb[k]
			same = same && x.ID == y.ID && x.LocationID == y.LocationID && x.PlacesTotal == y.PlacesTotal &&
				x.Schedule.Start == y.Schedule.Start && x.Schedule.End == y.Schedule.End && slices.Equal(x.Schedule.ByDay, y.Schedule.ByDay)
			if x.FirstSession != y.FirstSession {
				moved++
			}
		}
		if same {
			sameRuns++
		}
	}
	if n := len(a.Courses); sameRuns < n*98/100 {
		t.Errorf("%d of %d courses have the same runs (ids, venues, places, days and times) a year on: want all but a few", sameRuns, n)
	}
	if moved == 0 {
		t.Error("no run moved a year on")
	}
}
