package demo_test

import (
	"strings"
	"testing"
	"time"

	"learnwell/internal/demo"
	"learnwell/internal/directory"
)

func date(y int, m time.Month, d int) directory.Date { return directory.NewDate(y, m, d) }

// schoolHolidays are the 2026-27 holidays no session may fall in, and the
// term-time bank holidays.
var (
	schoolHolidays = []directory.Break{
		{Label: "half term", From: date(2026, 10, 26), To: date(2026, 10, 30)},
		{Label: "Christmas holiday", From: date(2026, 12, 21), To: date(2027, 1, 1)},
		{Label: "half term", From: date(2027, 2, 15), To: date(2027, 2, 19)},
		{Label: "Easter holiday", From: date(2027, 3, 29), To: date(2027, 4, 9)},
		{Label: "half term", From: date(2027, 5, 31), To: date(2027, 6, 4)},
	}
	termBankHolidays = []directory.Date{date(2027, 3, 26), date(2027, 5, 3)}
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
	ref := demo.ReferenceDate
	count := tally{}
	for _, c := range ds.Courses {
		for _, r := range c.Runs {
			count[string(r.Schedule.Freq)]++
			count[string(r.Status)]++
			if r.IsFull() {
				count["full"]++
			}
			if r.FirstSession.Before(date(2026, 9, 1)) || r.LastSession.After(date(2027, 7, 31)) {
				t.Errorf("%q: run from %s to %s is outside the 2026-27 year", c.Course.Title, r.FirstSession, r.LastSession)
			}
			switch {
			case r.LastSession.Before(ref):
				count["ended"]++
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
					t.Errorf("%q: break %+v is not a 2026-27 holiday", c.Course.Title, b)
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
				checkSessions(t, c.Course.Title, r)
			}
		}
	}
	count.want(t, 100, "WEEKLY", "open", "full", "ended", "under way", "starts within 8 weeks", "starts later",
		"half term", "Christmas holiday", "Easter holiday", "excluded date", "morning", "afternoon", "evening")
	count.want(t, 20, "MONTHLY", "cancelled", "starts within 4 weeks")
	if count["WEEKLY"] < 5*count["MONTHLY"] {
		t.Errorf("%d weekly and %d monthly runs: want mostly weekly", count["WEEKLY"], count["MONTHLY"])
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
func checkSessions(t *testing.T, title string, r directory.Run) {
	t.Helper()
	sessions := r.Sessions(directory.Date{}, directory.Date{})
	if len(sessions) == 0 || sessions[0].Date != r.FirstSession || sessions[len(sessions)-1].Date != r.LastSession {
		t.Errorf("%q: %d sessions do not run from %s to %s", title, len(sessions), r.FirstSession, r.LastSession)
		return
	}
	for _, s := range sessions {
		for _, h := range schoolHolidays {
			if !s.Date.Before(h.From) && !s.Date.After(h.To) {
				t.Errorf("%q: a session on %s falls in the %s", title, s.Date, h.Label)
			}
		}
		for _, b := range termBankHolidays {
			if s.Date == b {
				t.Errorf("%q: a session on the bank holiday %s", title, b)
			}
		}
	}
}

func TestCoursesVary(t *testing.T) {
	ds := defaultDataset()
	ref := demo.ReferenceDate
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
