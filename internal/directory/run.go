package directory

import (
	"fmt"
	"slices"
	"time"
)

// RunStatus says whether a run takes people.
type RunStatus string

// The statuses of a run.
const (
	// RunOpen: the run is going ahead and takes people (while places last).
	RunOpen RunStatus = "open"
	// RunFull: the provider takes no more people, whatever the count of places.
	RunFull RunStatus = "full"
	// RunCancelled: the run will not take place; it has no sessions.
	RunCancelled RunStatus = "cancelled"
)

// Valid reports whether s is one of the run statuses.
func (s RunStatus) Valid() bool { return s == RunOpen || s == RunFull || s == RunCancelled }

// Run is one run of a course: a set of sessions on a schedule between a first
// and a last date, at one venue (or online), with a number of places. A
// course ("Watercolour for beginners") may have several runs (autumn term on
// Tuesday mornings at the library; spring term online on Thursday evenings).
//
// PlacesTotal 0 means places are not limited (a drop-in); PlacesTaken then
// still counts the people enrolled or referred.
type Run struct {
	ID           string    `json:"id"`
	CourseID     string    `json:"course_id"`
	LocationID   string    `json:"location_id,omitempty"` // "" for a run held online
	FirstSession Date      `json:"first_session"`
	LastSession  Date      `json:"last_session"`
	Schedule     Schedule  `json:"schedule"`
	PlacesTotal  int       `json:"places_total"`
	PlacesTaken  int       `json:"places_taken"`
	Status       RunStatus `json:"status"`
	Notes        string    `json:"notes,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Session is one meeting of a run: its London date and its start and end
// instants (in learnwell.London).
type Session struct {
	Date  Date
	Start time.Time
	End   time.Time
}

// Ended reports whether the run's sessions are all over by the London date
// today: its last session was on an earlier day. An ended run stays in the
// directory, as the history that referrals and follow-ups point to.
func (r Run) Ended(today Date) bool { return r.LastSession.Before(today) }

// Published reports whether the run is listed on the London date today, in
// the course finder and in the Open Referral feed: open or full (a cancelled
// run is not), and not ended. This is the one rule; the store's feed query
// writes the same condition in SQL (store.FeedFilter.Today), and the finder
// keeps of the published runs those with a session still to start.
func (r Run) Published(today Date) bool {
	return (r.Status == RunOpen || r.Status == RunFull) && !r.Ended(today)
}

// Online reports whether the run is held online (it has no venue).
func (r Run) Online() bool { return r.LocationID == "" }

// session places the run's session on day.
func (r Run) session(day Date) Session {
	return Session{Date: day, Start: day.At(r.Schedule.Start), End: day.At(r.Schedule.End)}
}

// Sessions returns the run's sessions dated from from to to (both included),
// in order, leaving out breaks and excluded dates. A zero from or to means the
// first or last session date. A cancelled run has none.
//
// Times are London clock times on each date, so a 10am class is at 10am
// before and after the clocks change, and the instants differ by the offset.
func (r Run) Sessions(from, to Date) []Session {
	if r.Status == RunCancelled || r.FirstSession.IsZero() || r.LastSession.IsZero() {
		return nil
	}
	if from.IsZero() || from.Before(r.FirstSession) {
		from = r.FirstSession
	}
	if to.IsZero() || to.After(r.LastSession) {
		to = r.LastSession
	}
	var out []Session
	for day := from; !day.After(to); day = day.AddDays(1) {
		if r.Schedule.Occurs(r.FirstSession, day) {
			out = append(out, r.session(day))
		}
	}
	return out
}

// SessionCount returns the number of sessions the run has in all.
func (r Run) SessionCount() int { return len(r.Sessions(Date{}, Date{})) }

// NextSession returns the first session that has not started by now: its
// start is after now. There is none when the run is cancelled or every
// remaining session is past, in a break or excluded.
func (r Run) NextSession(now time.Time) (Session, bool) {
	if r.Status == RunCancelled || r.FirstSession.IsZero() {
		return Session{}, false
	}
	day := DateOf(now)
	if day.Before(r.FirstSession) {
		day = r.FirstSession
	}
	for ; !day.After(r.LastSession); day = day.AddDays(1) {
		if !r.Schedule.Occurs(r.FirstSession, day) {
			continue
		}
		if s := r.session(day); s.Start.After(now) {
			return s, true
		}
	}
	return Session{}, false
}

// Describe returns when the run meets, for people: "Every Tuesday, 10am to
// midday, from 15 September to 8 December 2026." or, for a run of one
// session, "Tuesday 12 January 2027, 10am to midday." Breaks and excluded
// dates are in Schedule.DescribeExclusions.
func (r Run) Describe() string {
	if r.FirstSession == r.LastSession {
		return fmt.Sprintf("%s %s, %s to %s.", r.FirstSession.Weekday(), r.FirstSession.Spoken(),
			r.Schedule.Start.Spoken(), r.Schedule.End.Spoken())
	}
	return r.Schedule.Describe() + ", from " + dateRange(r.FirstSession, r.LastSession) + "."
}

// ClockPeriod is a stretch of a run's sessions that share one offset from
// UTC: the sessions before a change of the clocks, or after it.
type ClockPeriod struct {
	FirstSession Date
	LastSession  Date
	UTCOffset    string // "+00:00" (GMT) or "+01:00" (BST)
}

// ClockPeriods splits the run's sessions where the London clocks change, in
// order. HSDS reads a schedule's times as UTC unless they carry an offset, and
// Open Referral UK has no time zone field, so the feed publishes one schedule
// per period with the offset on its times (see docs/oruk-mapping.md). A
// cancelled run, or one with no sessions, has none.
func (r Run) ClockPeriods() []ClockPeriod {
	var out []ClockPeriod
	for _, s := range r.Sessions(Date{}, Date{}) {
		offset := s.Start.Format("-07:00")
		if n := len(out); n > 0 && out[n-1].UTCOffset == offset {
			out[n-1].LastSession = s.Date
			continue
		}
		out = append(out, ClockPeriod{FirstSession: s.Date, LastSession: s.Date, UTCOffset: offset})
	}
	return out
}

// StartsWithin reports whether someone could go along within the next weeks
// weeks: the next session not yet started (the first session, for a run that
// has not begun) is on a London date no later than weeks*7 days after today.
// A run that has begun counts by its next session, since most community
// learning lets people join a course under way; a run with no sessions left
// does not count.
func (r Run) StartsWithin(now time.Time, weeks int) bool {
	next, ok := r.NextSession(now)
	return ok && !next.Date.After(DateOf(now).AddDays(7*weeks))
}

// Days returns the days of the week the run meets, Monday first. For a
// weekly run and a monthly run by weekday ("2nd Tuesday") they come from the
// pattern; for a monthly run by day of the month ("the 15th") they are the
// weekdays its sessions fall on.
func (r Run) Days() []time.Weekday {
	s := r.Schedule
	switch {
	case s.Freq == Weekly && len(s.ByDay) == 0:
		return []time.Weekday{r.FirstSession.Weekday()}
	case len(s.ByDay) > 0:
		return s.weekdays()
	}
	var out []time.Weekday
	for _, sess := range r.Sessions(Date{}, Date{}) {
		if w := sess.Date.Weekday(); !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	sortWeekdays(out)
	return out
}

// DayPart is the part of the day a session starts in, for search filters.
type DayPart string

// The parts of the day. A session belongs to the part its start time falls
// in: morning before 12:00, afternoon from 12:00 to before 17:00, evening
// from 17:00.
const (
	Morning   DayPart = "morning"
	Afternoon DayPart = "afternoon"
	Evening   DayPart = "evening"
)

// DayParts lists the parts of the day in order.
func DayParts() []DayPart { return []DayPart{Morning, Afternoon, Evening} }

// Valid reports whether p is a part of the day.
func (p DayPart) Valid() bool { return p == Morning || p == Afternoon || p == Evening }

// String returns the code: "morning".
func (p DayPart) String() string { return string(p) }

// Name returns the name for people: "Morning".
func (p DayPart) Name() string {
	switch p {
	case Morning:
		return "Morning"
	case Afternoon:
		return "Afternoon"
	case Evening:
		return "Evening"
	}
	return string(p)
}

// DayPartOf returns the part of the day a session starting at t is in.
func DayPartOf(t ClockTime) DayPart {
	switch {
	case t.Hour < 12:
		return Morning
	case t.Hour < 17:
		return Afternoon
	}
	return Evening
}

// TimeOfDay returns the part of the day the run's sessions start in.
func (r Run) TimeOfDay() DayPart { return DayPartOf(r.Schedule.Start) }

// PlacesLeft returns the places not yet taken and whether places are limited
// at all. An overbooked run has 0 left; a run with unlimited places returns
// 0, false.
func (r Run) PlacesLeft() (left int, limited bool) {
	if r.PlacesTotal <= 0 {
		return 0, false
	}
	return max(0, r.PlacesTotal-r.PlacesTaken), true
}

// IsFull reports whether the run takes no more people: the provider marked it
// full, or its places are limited and all taken. A provider may mark a run
// full with places left (places held back, enrolment closed early): the
// status is the provider's word and stands.
func (r Run) IsFull() bool {
	if r.Status == RunFull {
		return true
	}
	left, limited := r.PlacesLeft()
	return limited && left == 0
}

// DescribeExclusions says which breaks and excluded dates fall within the
// run, for people ("No sessions 16 to 20 February 2026 (half term)."). A
// schedule's breaks are often copied from a whole year's term dates; those
// outside the run's own first and last sessions are left out.
func (r Run) DescribeExclusions() string {
	s := r.Schedule
	s.Breaks, s.ExcludedDates = nil, nil
	for _, b := range r.Schedule.Breaks {
		if !b.To.Before(r.FirstSession) && !b.From.After(r.LastSession) {
			s.Breaks = append(s.Breaks, b)
		}
	}
	for _, d := range r.Schedule.ExcludedDates {
		if !d.Before(r.FirstSession) && !d.After(r.LastSession) {
			s.ExcludedDates = append(s.ExcludedDates, d)
		}
	}
	return s.DescribeExclusions()
}
