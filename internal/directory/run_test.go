package directory

import (
	"slices"
	"strings"
	"testing"
	"time"

	"learnwell"
)

// london returns an instant on the London clock.
func london(y int, m time.Month, day, h, min int) time.Time {
	return time.Date(y, m, day, h, min, 0, 0, learnwell.London)
}

func weeklyRun(first, last Date, days ...time.Weekday) Run {
	var byday []WeekdayNum
	for _, w := range days {
		byday = append(byday, WeekdayNum{Day: w})
	}
	return Run{
		FirstSession: first, LastSession: last, Status: RunOpen,
		Schedule: Schedule{Freq: Weekly, ByDay: byday, Start: ClockTime{10, 0}, End: ClockTime{12, 0}},
	}
}

func TestSessionsAcrossSpringClockChange(t *testing.T) {
	// Sundays either side of Sunday 29 March 2026, when London goes from GMT to BST.
	r := weeklyRun(d(2026, 3, 22), d(2026, 4, 5), time.Sunday)
	got := r.Sessions(d(2026, 3, 1), d(2026, 4, 30))
	if len(got) != 3 {
		t.Fatalf("got %d sessions, want 3: %v", len(got), got)
	}
	wantUTCHours := []int{10, 9, 9} // 10:00 GMT, then 10:00 BST = 09:00 UTC
	for i, s := range got {
		if s.Start.UTC().Hour() != wantUTCHours[i] {
			t.Errorf("session %d starts %v UTC, want %02d:00", i, s.Start.UTC(), wantUTCHours[i])
		}
		if s.Start.In(learnwell.London).Hour() != 10 {
			t.Errorf("session %d starts %v in London, want 10:00", i, s.Start.In(learnwell.London))
		}
		if s.End.Sub(s.Start) != 2*time.Hour {
			t.Errorf("session %d lasts %v, want 2h", i, s.End.Sub(s.Start))
		}
	}
	if got[1].Date != d(2026, 3, 29) {
		t.Errorf("second session date %v", got[1].Date)
	}
}

func TestSessionsAcrossAutumnClockChange(t *testing.T) {
	// Sunday 25 October 2026: BST ends. An evening class on the Saturday, Sunday and Monday.
	r := weeklyRun(d(2026, 10, 24), d(2026, 10, 26), time.Saturday, time.Sunday, time.Monday)
	r.Schedule.Start, r.Schedule.End = ClockTime{18, 0}, ClockTime{20, 0}
	got := r.Sessions(d(2026, 10, 24), d(2026, 10, 26))
	want := []time.Time{
		time.Date(2026, 10, 24, 17, 0, 0, 0, time.UTC), // 18:00 BST
		time.Date(2026, 10, 25, 18, 0, 0, 0, time.UTC), // 18:00 GMT
		time.Date(2026, 10, 26, 18, 0, 0, 0, time.UTC),
	}
	if len(got) != len(want) {
		t.Fatalf("got %d sessions, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Start.Equal(want[i]) {
			t.Errorf("session %d starts %v, want %v", i, got[i].Start.UTC(), want[i])
		}
	}
}

func TestSessionsWindowAndBounds(t *testing.T) {
	r := weeklyRun(d(2026, 1, 6), d(2026, 3, 31), time.Tuesday)
	r.Schedule.Breaks = []Break{{Label: "half term", From: d(2026, 2, 16), To: d(2026, 2, 20)}}
	all := r.Sessions(Date{}, Date{})
	if len(all) != 12 { // 13 Tuesdays from 6 Jan to 31 Mar, less half term
		t.Errorf("all sessions: %d, want 12", len(all))
	}
	if got := r.SessionCount(); got != 12 {
		t.Errorf("SessionCount = %d, want 12", got)
	}
	got := r.Sessions(d(2026, 2, 10), d(2026, 2, 24))
	var days []Date
	for _, s := range got {
		days = append(days, s.Date)
	}
	if want := []Date{d(2026, 2, 10), d(2026, 2, 24)}; !slices.Equal(days, want) {
		t.Errorf("window sessions %v, want %v", days, want)
	}
	if got := r.Sessions(d(2026, 4, 1), d(2026, 5, 1)); len(got) != 0 {
		t.Errorf("sessions after the last: %v", got)
	}
	r.Status = RunCancelled
	if got := r.Sessions(Date{}, Date{}); got != nil {
		t.Errorf("cancelled run has sessions %v", got)
	}
}

func TestNextSession(t *testing.T) {
	r := weeklyRun(d(2026, 1, 6), d(2026, 3, 31), time.Tuesday)
	r.Schedule.Breaks = []Break{{Label: "half term", From: d(2026, 2, 16), To: d(2026, 2, 20)}}
	r.Schedule.ExcludedDates = []Date{d(2026, 3, 3)}

	allExcluded := r
	allExcluded.Schedule.ExcludedDates = []Date{d(2026, 3, 24), d(2026, 3, 31)}

	cancelled := r
	cancelled.Status = RunCancelled

	monthly := Run{FirstSession: d(2026, 1, 13), LastSession: d(2026, 12, 31), Status: RunOpen,
		Schedule: Schedule{Freq: Monthly, ByDay: []WeekdayNum{{2, time.Tuesday}}, Start: ClockTime{14, 0}, End: ClockTime{15, 30}}}

	tests := []struct {
		name string
		r    Run
		now  time.Time
		want Date
		ok   bool
	}{
		{"before the course starts", r, london(2025, 12, 1, 9, 0), d(2026, 1, 6), true},
		{"an hour before a session", r, london(2026, 1, 13, 9, 0), d(2026, 1, 13), true},
		{"a minute before", r, london(2026, 1, 13, 9, 59), d(2026, 1, 13), true},
		{"at the start it has started", r, london(2026, 1, 13, 10, 0), d(2026, 1, 20), true},
		{"during a session", r, london(2026, 1, 13, 11, 0), d(2026, 1, 20), true},
		{"the week before half term", r, london(2026, 2, 11, 9, 0), d(2026, 2, 24), true},
		{"in half term", r, london(2026, 2, 17, 9, 0), d(2026, 2, 24), true},
		{"skips an excluded date", r, london(2026, 2, 25, 9, 0), d(2026, 3, 10), true},
		{"the last session", r, london(2026, 3, 30, 9, 0), d(2026, 3, 31), true},
		{"after the last session", r, london(2026, 3, 31, 10, 0), Date{}, false},
		{"long after", r, london(2027, 1, 1, 0, 0), Date{}, false},
		{"remaining sessions all excluded", allExcluded, london(2026, 3, 18, 9, 0), Date{}, false},
		{"cancelled", cancelled, london(2025, 12, 1, 9, 0), Date{}, false},
		{"monthly 2nd Tuesday", monthly, london(2026, 11, 24, 9, 0), d(2026, 12, 8), true},
		{"monthly, same day before", monthly, london(2026, 11, 10, 13, 59), d(2026, 11, 10), true},
		// 09:30 UTC on 13 Jan is 09:30 GMT; 09:30 UTC on 14 July is 10:30 BST.
		{"UTC instant in summer", weeklyRun(d(2026, 7, 14), d(2026, 7, 21), time.Tuesday),
			time.Date(2026, 7, 14, 9, 30, 0, 0, time.UTC), d(2026, 7, 21), true},
		{"UTC instant in winter", weeklyRun(d(2026, 1, 13), d(2026, 1, 20), time.Tuesday),
			time.Date(2026, 1, 13, 9, 30, 0, 0, time.UTC), d(2026, 1, 13), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.r.NextSession(tt.now)
			if ok != tt.ok || got.Date != tt.want {
				t.Fatalf("NextSession = %v, %v; want %v, %v", got.Date, ok, tt.want, tt.ok)
			}
			if ok && !got.Start.After(tt.now) {
				t.Errorf("next session starts %v, not after now %v", got.Start, tt.now)
			}
		})
	}
}

func TestStartsWithin(t *testing.T) {
	now := london(2026, 11, 24, 12, 0) // a Tuesday
	future := weeklyRun(d(2026, 12, 8), d(2027, 2, 23), time.Tuesday)
	started := weeklyRun(d(2026, 9, 15), d(2027, 3, 30), time.Tuesday)
	started.Schedule.Breaks = []Break{{Label: "Christmas", From: d(2026, 12, 21), To: d(2027, 1, 1)}}
	ended := weeklyRun(d(2026, 9, 15), d(2026, 11, 17), time.Tuesday)
	tests := []struct {
		name  string
		r     Run
		now   time.Time
		weeks int
		want  bool
		date  Date
	}{
		{"first session exactly two weeks away", future, now, 2, true, d(2026, 12, 8)},
		{"first session beyond one week", future, now, 1, false, d(2026, 12, 8)},
		{"started: counts by its next session", started, now, 1, true, d(2026, 12, 1)},
		{"started, next session after Christmas", started, london(2026, 12, 16, 12, 0), 2, false, d(2027, 1, 5)},
		{"started, next session after Christmas, 3 weeks", started, london(2026, 12, 16, 12, 0), 3, true, d(2027, 1, 5)},
		{"ended", ended, now, 52, false, Date{}},
		{"zero weeks: only today", future, london(2026, 12, 8, 9, 0), 0, true, d(2026, 12, 8)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.StartsWithin(tt.now, tt.weeks); got != tt.want {
				t.Errorf("StartsWithin(%d) = %v, want %v", tt.weeks, got, tt.want)
			}
			next, ok := tt.r.NextSession(tt.now)
			if next.Date != tt.date || ok != !tt.date.IsZero() {
				t.Errorf("NextSession = %v, %v; want %v", next.Date, ok, tt.date)
			}
		})
	}
}

func TestRunDays(t *testing.T) {
	tests := []struct {
		name string
		r    Run
		want []time.Weekday
	}{
		{"weekly, listed Sunday first, given Monday first",
			weeklyRun(d(2026, 1, 4), d(2026, 3, 1), time.Sunday, time.Wednesday, time.Monday),
			[]time.Weekday{time.Monday, time.Wednesday, time.Sunday}},
		{"weekly with no days: the first session's weekday",
			Run{FirstSession: d(2026, 1, 8), LastSession: d(2026, 3, 1), Schedule: Schedule{Freq: Weekly}},
			[]time.Weekday{time.Thursday}},
		{"monthly by weekday",
			Run{FirstSession: d(2026, 1, 13), LastSession: d(2026, 6, 1), Schedule: Schedule{Freq: Monthly,
				ByDay: []WeekdayNum{{2, time.Tuesday}, {-1, time.Tuesday}, {1, time.Saturday}}}},
			[]time.Weekday{time.Tuesday, time.Saturday}},
		{"monthly by day of the month: the weekdays it falls on, Monday first",
			Run{FirstSession: d(2026, 1, 1), LastSession: d(2026, 4, 30), Schedule: Schedule{Freq: Monthly, ByMonthDay: []int{1}}},
			[]time.Weekday{time.Wednesday, time.Thursday, time.Sunday}}, // 1 Jan Thu, 1 Feb Sun, 1 Mar Sun, 1 Apr Wed
	}
	for _, tt := range tests {
		if got := tt.r.Days(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Days() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTimeOfDay(t *testing.T) {
	tests := []struct {
		start ClockTime
		want  DayPart
	}{
		{ClockTime{6, 0}, Morning},
		{ClockTime{11, 59}, Morning},
		{ClockTime{12, 0}, Afternoon},
		{ClockTime{16, 59}, Afternoon},
		{ClockTime{17, 0}, Evening},
		{ClockTime{21, 0}, Evening},
	}
	for _, tt := range tests {
		r := Run{Schedule: Schedule{Start: tt.start}}
		if got := r.TimeOfDay(); got != tt.want {
			t.Errorf("TimeOfDay(%v) = %v, want %v", tt.start, got, tt.want)
		}
	}
	if Morning.Name() != "Morning" || Evening.String() != "evening" || !Afternoon.Valid() || DayPart("night").Valid() {
		t.Errorf("DayPart names wrong")
	}
}

func TestPlaces(t *testing.T) {
	tests := []struct {
		total, taken int
		status       RunStatus
		left         int
		limited      bool
		full         bool
	}{
		{12, 3, RunOpen, 9, true, false},
		{12, 12, RunOpen, 0, true, true},
		{12, 15, RunOpen, 0, true, true}, // overbooked counts as none left
		{12, 3, RunFull, 9, true, true},  // the provider's word stands
		{0, 5, RunOpen, 0, false, false}, // not limited: a drop-in
		{0, 0, RunFull, 0, false, true},
	}
	for _, tt := range tests {
		r := Run{PlacesTotal: tt.total, PlacesTaken: tt.taken, Status: tt.status}
		left, limited := r.PlacesLeft()
		if left != tt.left || limited != tt.limited || r.IsFull() != tt.full {
			t.Errorf("%+v: PlacesLeft = %d, %v, IsFull %v; want %d, %v, %v",
				tt, left, limited, r.IsFull(), tt.left, tt.limited, tt.full)
		}
	}
}

func TestRunOnline(t *testing.T) {
	if !(Run{}).Online() || (Run{LocationID: "x"}).Online() {
		t.Errorf("Online wrong")
	}
}

// A run is published until its last day is over, and never when cancelled;
// an ended run is kept but not published.
func TestRunPublishedAndEnded(t *testing.T) {
	r := weeklyRun(NewDate(2026, 9, 15), NewDate(2026, 12, 8), time.Tuesday)
	for _, tc := range []struct {
		status    RunStatus
		today     Date
		published bool
		ended     bool
	}{
		{RunOpen, NewDate(2026, 9, 1), true, false},
		{RunOpen, NewDate(2026, 12, 8), true, false}, // the last day itself
		{RunOpen, NewDate(2026, 12, 9), false, true},
		{RunFull, NewDate(2026, 10, 1), true, false},
		{RunFull, NewDate(2027, 9, 1), false, true},
		{RunCancelled, NewDate(2026, 10, 1), false, false},
		{RunCancelled, NewDate(2027, 9, 1), false, true},
	} {
		r.Status = tc.status
		if got := r.Published(tc.today); got != tc.published {
			t.Errorf("%s run on %s: Published = %v, want %v", tc.status, tc.today, got, tc.published)
		}
		if got := r.Ended(tc.today); got != tc.ended {
			t.Errorf("%s run on %s: Ended = %v, want %v", tc.status, tc.today, got, tc.ended)
		}
	}
}

func TestClockPeriods(t *testing.T) {
	// Tuesdays 3 March to 28 April 2026: the clocks go forward on 29 March.
	spring := weeklyRun(d(2026, 3, 3), d(2026, 4, 28), time.Tuesday)
	// A whole autumn term: BST until 25 October, GMT after, half term in between.
	autumn := weeklyRun(d(2026, 9, 15), d(2026, 12, 8), time.Tuesday)
	autumn.Schedule.Breaks = []Break{{Label: "half term", From: d(2026, 10, 26), To: d(2026, 10, 30)}}
	// All of it in winter.
	winter := weeklyRun(d(2026, 1, 6), d(2026, 2, 24), time.Tuesday)
	// Every BST session is excluded: one period only.
	excluded := weeklyRun(d(2026, 3, 17), d(2026, 4, 7), time.Tuesday)
	excluded.Schedule.Breaks = []Break{{Label: "Easter", From: d(2026, 3, 30), To: d(2026, 4, 10)}}
	cancelled := spring
	cancelled.Status = RunCancelled
	tests := []struct {
		name string
		r    Run
		want []ClockPeriod
	}{
		{"spring", spring, []ClockPeriod{
			{FirstSession: d(2026, 3, 3), LastSession: d(2026, 3, 24), UTCOffset: "+00:00"},
			{FirstSession: d(2026, 3, 31), LastSession: d(2026, 4, 28), UTCOffset: "+01:00"},
		}},
		{"autumn", autumn, []ClockPeriod{
			{FirstSession: d(2026, 9, 15), LastSession: d(2026, 10, 20), UTCOffset: "+01:00"},
			{FirstSession: d(2026, 11, 3), LastSession: d(2026, 12, 8), UTCOffset: "+00:00"},
		}},
		{"winter", winter, []ClockPeriod{{FirstSession: d(2026, 1, 6), LastSession: d(2026, 2, 24), UTCOffset: "+00:00"}}},
		{"summer sessions all excluded", excluded, []ClockPeriod{{FirstSession: d(2026, 3, 17), LastSession: d(2026, 3, 24), UTCOffset: "+00:00"}}},
		{"cancelled", cancelled, nil},
	}
	for _, tt := range tests {
		if got := tt.r.ClockPeriods(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: ClockPeriods() =\n%v\nwant\n%v", tt.name, got, tt.want)
		}
	}
}

func TestRunDescribe(t *testing.T) {
	r := weeklyRun(d(2026, 9, 15), d(2026, 12, 8), time.Tuesday)
	if got, want := r.Describe(), "Every Tuesday, 10am to midday, from 15 September to 8 December 2026."; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	one := weeklyRun(d(2027, 1, 12), d(2027, 1, 12), time.Tuesday)
	if got, want := one.Describe(), "Tuesday 12 January 2027, 10am to midday."; got != want {
		t.Errorf("single session Describe() = %q, want %q", got, want)
	}
}

func TestRunDescribeExclusionsOnlyWithinTheRun(t *testing.T) {
	r := Run{FirstSession: NewDate(2026, 9, 15), LastSession: NewDate(2026, 12, 15),
		Schedule: Schedule{Freq: Weekly, Start: ClockTime{Hour: 10}, End: ClockTime{Hour: 12},
			Breaks: []Break{
				{Label: "half term", From: NewDate(2026, 10, 26), To: NewDate(2026, 10, 30)},
				{Label: "half term", From: NewDate(2027, 2, 15), To: NewDate(2027, 2, 19)},
				{Label: "Christmas", From: NewDate(2026, 12, 14), To: NewDate(2027, 1, 1)},
			},
			ExcludedDates: []Date{NewDate(2026, 11, 10), NewDate(2027, 3, 2)}}}
	got := r.DescribeExclusions()
	for _, want := range []string{"26 to 30 October 2026 (half term)", "10 November 2026", "Christmas"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	for _, unwanted := range []string{"February", "March"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("%q mentions %s, after the run ends", got, unwanted)
		}
	}
}
