package directory

import (
	"fmt"

	"learnwell"
)

// maxRunDays caps the length of a run (about 3 years), so that a mistyped
// year cannot make a run of thousands of sessions.
const maxRunDays = 3*365 + 1

// Validate checks the run and its schedule and returns an EINVALID
// *learnwell.Error with a message for each field that is wrong, or nil.
// Schedule fields are named "schedule.start_time", "schedule.breaks[0].to"...
//
// A run may be full with places left (the provider's word stands; see
// IsFull) and may have a first session in the past (a course under way).
func (r Run) Validate() error {
	var v learnwell.Validation
	r.validate(fields{v: &v})
	return v.Err()
}

func (r Run) validate(f fields) {
	datesOK := f.date("first_session", r.FirstSession, "Enter the date of the first session", "First session") &&
		f.date("last_session", r.LastSession, "Enter the date of the last session", "Last session")
	if datesOK {
		switch {
		case r.LastSession.Before(r.FirstSession):
			f.add("last_session", "Last session must be on or after the first session")
		case r.LastSession.DaysSince(r.FirstSession) > maxRunDays:
			f.add("last_session", "Last session must be within 3 years of the first session")
		}
	}
	scheduleOK := r.Schedule.validate(fields{v: f.v, prefix: f.prefix + "schedule."})
	if datesOK && scheduleOK && !f.v.Has(f.prefix+"last_session") {
		s := r.Schedule
		switch _, excluded := s.Excluded(r.FirstSession); {
		case !s.matches(r.FirstSession, r.FirstSession):
			f.add("first_session", "First session must be on a day the course meets")
		case excluded:
			f.add("first_session", "First session cannot be in a break or on a date with no session")
		}
	}
	switch {
	case r.PlacesTotal < 0:
		f.add("places_total", "Places must be 0 or more")
	case r.PlacesTaken < 0:
		f.add("places_taken", "Places taken must be 0 or more")
	case r.PlacesTotal > 0 && r.PlacesTaken > r.PlacesTotal:
		f.add("places_taken", fmt.Sprintf("Places taken must be %d or fewer, the number of places", r.PlacesTotal))
	}
	if !r.Status.Valid() {
		f.add("status", "Select whether the run is open, full or cancelled")
	}
	f.text("notes", r.Notes, 1000, "", "Notes")
}

// date checks a required date; it reports whether the date is usable.
func (f fields) date(field string, d Date, required, label string) bool {
	switch {
	case d.IsZero():
		f.add(field, required)
	case !d.Valid():
		f.add(field, label+" must be a real date")
	default:
		return true
	}
	return false
}

// validate checks the schedule, naming fields without the "schedule."
// prefix (f carries it); it reports whether the pattern and times are usable.
func (s Schedule) validate(f fields) bool {
	before := len(f.v.Fields())
	if !s.Freq.Valid() {
		f.add("freq", "Select how often the course meets")
	}
	if s.Interval < 0 || s.Interval > 12 {
		f.add("interval", "Enter a number of weeks or months from 1 to 12")
	}
	for _, w := range s.ByDay {
		switch {
		case w.Day < 0 || w.Day > 6:
			f.add("byday", "Select the days the course meets")
		case s.Freq == Weekly && w.N != 0:
			f.add("byday", "A weekly course meets on days of the week, like Tuesday, not the 2nd Tuesday")
		case w.N < -5 || w.N > 5:
			f.add("byday", "Select which week of the month, from the 1st to the 5th, or the last")
		}
	}
	for _, n := range s.ByMonthDay {
		switch {
		case s.Freq == Weekly:
			f.add("bymonthday", "Only a monthly course can meet on days of the month")
		case n == 0 || n < -31 || n > 31:
			f.add("bymonthday", "Day of the month must be from 1 to 31")
		}
	}
	switch {
	case !s.Start.Valid():
		f.add("start_time", "Start time must be a real time, like 10:00")
	case s.Start.IsZero():
		f.add("start_time", "Enter the start time")
	}
	switch {
	case !s.End.Valid():
		f.add("end_time", "End time must be a real time, like 12:00")
	case s.End.IsZero():
		f.add("end_time", "Enter the end time")
	case s.Start.Valid() && !s.Start.Before(s.End):
		f.add("end_time", "End time must be after the start time")
	}
	patternOK := len(f.v.Fields()) == before
	for i, b := range s.Breaks {
		p := fmt.Sprintf("breaks[%d].", i)
		f.text(p+"label", b.Label, 100, "Enter a name for the break, like half term", "Name of the break")
		fromOK := f.date(p+"from", b.From, "Enter the first day of the break", "First day of the break")
		toOK := f.date(p+"to", b.To, "Enter the last day of the break", "Last day of the break")
		if fromOK && toOK && b.To.Before(b.From) {
			f.add(p+"to", "Last day of the break must be on or after its first day")
		}
	}
	for i, d := range s.ExcludedDates {
		f.date(fmt.Sprintf("excluded_dates[%d]", i), d, "Enter the date with no session", "Date with no session")
	}
	return patternOK
}
