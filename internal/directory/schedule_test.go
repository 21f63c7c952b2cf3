package directory

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseByDay(t *testing.T) {
	tests := []struct {
		in   string
		want []WeekdayNum
		ok   bool
	}{
		{"TU", []WeekdayNum{{0, time.Tuesday}}, true},
		{"MO,WE,FR", []WeekdayNum{{0, time.Monday}, {0, time.Wednesday}, {0, time.Friday}}, true},
		{"2TU", []WeekdayNum{{2, time.Tuesday}}, true},
		{"+2TU", []WeekdayNum{{2, time.Tuesday}}, true},
		{"-1FR", []WeekdayNum{{-1, time.Friday}}, true},
		{"1MO,3MO", []WeekdayNum{{1, time.Monday}, {3, time.Monday}}, true},
		{"", nil, true},
		{"tu", nil, false}, // RFC 5545 day codes are upper case
		{"TUE", nil, false},
		{"0TU", nil, false},
		{"6TU", nil, false},
		{"-6TU", nil, false},
		{"TU,", nil, false},
		{"TU, TH", nil, false},
		{"2", nil, false},
	}
	for _, tt := range tests {
		got, err := ParseByDay(tt.in)
		if (err == nil) != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("ParseByDay(%q) = %v, %v; want %v ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if err == nil && FormatByDay(got) != trimPlus(tt.in) {
			t.Errorf("FormatByDay(%v) = %q, want %q", got, FormatByDay(got), tt.in)
		}
	}
}

func trimPlus(s string) string {
	if len(s) > 0 && s[0] == '+' {
		return s[1:]
	}
	return s
}

func TestParseByMonthDay(t *testing.T) {
	got, err := ParseByMonthDay("1,15,-1")
	if err != nil || !slices.Equal(got, []int{1, 15, -1}) {
		t.Errorf("ParseByMonthDay = %v, %v", got, err)
	}
	if FormatByMonthDay(got) != "1,15,-1" {
		t.Errorf("FormatByMonthDay = %q", FormatByMonthDay(got))
	}
	for _, bad := range []string{"0", "32", "-32", "x", "1,,2", "+"} {
		if _, err := ParseByMonthDay(bad); err == nil {
			t.Errorf("ParseByMonthDay(%q) accepted", bad)
		}
	}
}

// dates lists the dates on which s meets between first and last.
func dates(s Schedule, first, last Date) []Date {
	var out []Date
	for day := first; !day.After(last); day = day.AddDays(1) {
		if s.Occurs(first, day) {
			out = append(out, day)
		}
	}
	return out
}

func TestScheduleOccurs(t *testing.T) {
	tues := []WeekdayNum{{0, time.Tuesday}}
	tests := []struct {
		name        string
		s           Schedule
		first, last Date
		want        []Date
	}{
		{
			name:  "weekly on Tuesdays",
			s:     Schedule{Freq: Weekly, ByDay: tues},
			first: d(2026, 1, 6), last: d(2026, 1, 27),
			want: []Date{d(2026, 1, 6), d(2026, 1, 13), d(2026, 1, 20), d(2026, 1, 27)},
		},
		{
			name:  "weekly with no days given meets on the first session's weekday",
			s:     Schedule{Freq: Weekly},
			first: d(2026, 1, 8), last: d(2026, 1, 22),
			want: []Date{d(2026, 1, 8), d(2026, 1, 15), d(2026, 1, 22)},
		},
		{
			name:  "twice a week",
			s:     Schedule{Freq: Weekly, ByDay: []WeekdayNum{{0, time.Monday}, {0, time.Thursday}}},
			first: d(2026, 1, 5), last: d(2026, 1, 15),
			want: []Date{d(2026, 1, 5), d(2026, 1, 8), d(2026, 1, 12), d(2026, 1, 15)},
		},
		{
			name:  "fortnightly counts weeks from the first session's week",
			s:     Schedule{Freq: Weekly, Interval: 2, ByDay: tues},
			first: d(2026, 1, 6), last: d(2026, 2, 10),
			want: []Date{d(2026, 1, 6), d(2026, 1, 20), d(2026, 2, 3)},
		},
		{
			name: "fortnightly on two days, first session mid-week: weeks start on Monday",
			s: Schedule{Freq: Weekly, Interval: 2,
				ByDay: []WeekdayNum{{0, time.Monday}, {0, time.Friday}}},
			first: d(2026, 1, 9), last: d(2026, 1, 26),
			want: []Date{d(2026, 1, 9), d(2026, 1, 19), d(2026, 1, 23)},
		},
		{
			name:  "monthly on the 2nd Tuesday",
			s:     Schedule{Freq: Monthly, ByDay: []WeekdayNum{{2, time.Tuesday}}},
			first: d(2026, 1, 13), last: d(2026, 4, 30),
			want: []Date{d(2026, 1, 13), d(2026, 2, 10), d(2026, 3, 10), d(2026, 4, 14)},
		},
		{
			name:  "monthly on the last Friday",
			s:     Schedule{Freq: Monthly, ByDay: []WeekdayNum{{-1, time.Friday}}},
			first: d(2026, 1, 30), last: d(2026, 4, 30),
			want: []Date{d(2026, 1, 30), d(2026, 2, 27), d(2026, 3, 27), d(2026, 4, 24)},
		},
		{
			name:  "monthly on the 5th Monday skips months without one",
			s:     Schedule{Freq: Monthly, ByDay: []WeekdayNum{{5, time.Monday}}},
			first: d(2026, 3, 30), last: d(2026, 8, 31),
			want: []Date{d(2026, 3, 30), d(2026, 6, 29), d(2026, 8, 31)},
		},
		{
			name:  "monthly on the 1st and 3rd Wednesday, every other month",
			s:     Schedule{Freq: Monthly, Interval: 2, ByDay: []WeekdayNum{{1, time.Wednesday}, {3, time.Wednesday}}},
			first: d(2026, 1, 7), last: d(2026, 3, 31),
			want: []Date{d(2026, 1, 7), d(2026, 1, 21), d(2026, 3, 4), d(2026, 3, 18)},
		},
		{
			name:  "every 5 months counts months across the new year",
			s:     Schedule{Freq: Monthly, Interval: 5, ByDay: []WeekdayNum{{1, time.Monday}}},
			first: d(2026, 11, 2), last: d(2027, 12, 31),
			want: []Date{d(2026, 11, 2), d(2027, 4, 5), d(2027, 9, 6)},
		},
		{
			name:  "monthly on the 15th and the last day",
			s:     Schedule{Freq: Monthly, ByMonthDay: []int{15, -1}},
			first: d(2026, 1, 15), last: d(2026, 3, 15),
			want: []Date{d(2026, 1, 15), d(2026, 1, 31), d(2026, 2, 15), d(2026, 2, 28), d(2026, 3, 15)},
		},
		{
			name:  "monthly on the 31st skips short months",
			s:     Schedule{Freq: Monthly, ByMonthDay: []int{31}},
			first: d(2026, 1, 31), last: d(2026, 5, 31),
			want: []Date{d(2026, 1, 31), d(2026, 3, 31), d(2026, 5, 31)},
		},
		{
			name:  "monthly with nothing given meets on the first session's day of the month",
			s:     Schedule{Freq: Monthly},
			first: d(2026, 1, 20), last: d(2026, 3, 31),
			want: []Date{d(2026, 1, 20), d(2026, 2, 20), d(2026, 3, 20)},
		},
		{
			name:  "monthly byday and bymonthday together: Friday the 13th",
			s:     Schedule{Freq: Monthly, ByDay: []WeekdayNum{{0, time.Friday}}, ByMonthDay: []int{13}},
			first: d(2026, 2, 13), last: d(2026, 12, 31),
			want: []Date{d(2026, 2, 13), d(2026, 3, 13), d(2026, 11, 13)},
		},
		{
			name: "half term and a single date are skipped",
			s: Schedule{Freq: Weekly, ByDay: tues,
				Breaks:        []Break{{Label: "half term", From: d(2026, 2, 16), To: d(2026, 2, 20)}},
				ExcludedDates: []Date{d(2026, 3, 3)}},
			first: d(2026, 2, 3), last: d(2026, 3, 10),
			want: []Date{d(2026, 2, 3), d(2026, 2, 10), d(2026, 2, 24), d(2026, 3, 10)},
		},
		{
			name:  "nothing before the first session",
			s:     Schedule{Freq: Weekly, ByDay: tues},
			first: d(2026, 1, 13), last: d(2026, 1, 13),
			want: []Date{d(2026, 1, 13)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := dates(tt.s, tt.first, tt.last)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
	if (Schedule{Freq: Weekly, ByDay: tues}).Occurs(d(2026, 1, 13), d(2026, 1, 6)) {
		t.Errorf("a date before the first session occurs")
	}
}

func TestScheduleExcluded(t *testing.T) {
	s := Schedule{
		Breaks:        []Break{{Label: "half term", From: d(2026, 2, 16), To: d(2026, 2, 20)}},
		ExcludedDates: []Date{d(2026, 3, 3)},
	}
	for _, tt := range []struct {
		day   Date
		label string
		ok    bool
	}{
		{d(2026, 2, 15), "", false},
		{d(2026, 2, 16), "half term", true},
		{d(2026, 2, 20), "half term", true},
		{d(2026, 2, 21), "", false},
		{d(2026, 3, 3), "", true},
	} {
		label, ok := s.Excluded(tt.day)
		if ok != tt.ok || label != tt.label {
			t.Errorf("Excluded(%v) = %q, %v; want %q, %v", tt.day, label, ok, tt.label, tt.ok)
		}
	}
}

func TestScheduleDescribe(t *testing.T) {
	tests := []struct {
		s    Schedule
		want string
	}{
		{Schedule{Freq: Weekly, ByDay: []WeekdayNum{{0, time.Tuesday}}, Start: ClockTime{10, 0}, End: ClockTime{12, 0}},
			"Every Tuesday, 10am to midday"},
		{Schedule{Freq: Weekly, ByDay: []WeekdayNum{{0, time.Monday}, {0, time.Thursday}}, Start: ClockTime{18, 30}, End: ClockTime{20, 30}},
			"Every Monday and Thursday, 6:30pm to 8:30pm"},
		{Schedule{Freq: Weekly, Interval: 2, ByDay: []WeekdayNum{{0, time.Wednesday}}, Start: ClockTime{13, 0}, End: ClockTime{15, 0}},
			"Every other Wednesday, 1pm to 3pm"},
		{Schedule{Freq: Weekly, Interval: 3, ByDay: []WeekdayNum{{0, time.Wednesday}}, Start: ClockTime{13, 0}, End: ClockTime{15, 0}},
			"Every 3 weeks on Wednesday, 1pm to 3pm"},
		{Schedule{Freq: Monthly, ByDay: []WeekdayNum{{2, time.Tuesday}}, Start: ClockTime{10, 0}, End: ClockTime{11, 30}},
			"Every month on the 2nd Tuesday, 10am to 11:30am"},
		{Schedule{Freq: Monthly, ByDay: []WeekdayNum{{1, time.Monday}, {-1, time.Friday}}, Start: ClockTime{10, 0}, End: ClockTime{11, 0}},
			"Every month on the 1st Monday and the last Friday, 10am to 11am"},
		{Schedule{Freq: Monthly, ByMonthDay: []int{1, 15}, Start: ClockTime{10, 0}, End: ClockTime{11, 0}},
			"Every month on the 1st and 15th, 10am to 11am"},
		{Schedule{Freq: Monthly, ByMonthDay: []int{-1}, Start: ClockTime{10, 0}, End: ClockTime{11, 0}},
			"Every month on the last day, 10am to 11am"},
	}
	for _, tt := range tests {
		if got := tt.s.Describe(); got != tt.want {
			t.Errorf("Describe() = %q, want %q", got, tt.want)
		}
	}
}

func TestScheduleDescribeExclusions(t *testing.T) {
	s := Schedule{
		Breaks: []Break{
			{Label: "half term", From: d(2026, 2, 16), To: d(2026, 2, 20)},
			{Label: "Easter", From: d(2026, 3, 30), To: d(2026, 4, 10)},
			{From: d(2026, 5, 25), To: d(2026, 5, 25)},
		},
		ExcludedDates: []Date{d(2026, 3, 3), d(2026, 3, 17)},
	}
	want := "No sessions 16 to 20 February 2026 (half term); 3 March 2026; 17 March 2026; 30 March to 10 April 2026 (Easter); 25 May 2026."
	if got := s.DescribeExclusions(); got != want {
		t.Errorf("DescribeExclusions() =\n%q\nwant\n%q", got, want)
	}
	if got := (Schedule{}).DescribeExclusions(); got != "" {
		t.Errorf("no exclusions gave %q", got)
	}
	s = Schedule{Breaks: []Break{{Label: "Christmas", From: d(2026, 12, 21), To: d(2027, 1, 1)}}}
	if got, want := s.DescribeExclusions(), "No sessions 21 December 2026 to 1 January 2027 (Christmas)."; got != want {
		t.Errorf("across years: %q, want %q", got, want)
	}
}

func TestRunJSONRoundTrip(t *testing.T) {
	r := Run{
		ID: "r", CourseID: "c", FirstSession: d(2026, 1, 13), LastSession: d(2026, 6, 9), Status: RunOpen,
		Schedule: Schedule{Freq: Monthly, ByDay: []WeekdayNum{{2, time.Tuesday}, {-1, time.Friday}},
			Start: ClockTime{10, 0}, End: ClockTime{11, 30},
			Breaks:        []Break{{Label: "half term", From: d(2026, 2, 16), To: d(2026, 2, 20)}},
			ExcludedDates: []Date{d(2026, 3, 10)}},
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"byday":["2TU","-1FR"]`, `"start_time":"10:00"`, `"first_session":"2026-01-13"`,
		`"breaks":[{"label":"half term","from":"2026-02-16","to":"2026-02-20"}]`, `"excluded_dates":["2026-03-10"]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	var back Run
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, r) {
		t.Errorf("round trip:\n%+v\nwant\n%+v", back, r)
	}
}

func FuzzParseByDay(f *testing.F) {
	for _, s := range []string{"MO,TH", "2TU", "-1FR", "+1MO", "", "TU,", "6TU"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseByDay(s)
		if err != nil {
			return
		}
		for _, w := range days {
			if w.N < -5 || w.N > 5 || w.Day < time.Sunday || w.Day > time.Saturday {
				t.Fatalf("ParseByDay(%q) gave %v", s, w)
			}
		}
		again, err := ParseByDay(FormatByDay(days))
		if err != nil || !slices.Equal(again, days) {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
	})
}
