package directory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"learnwell"
)

// Frequency is how often a schedule repeats: the RFC 5545 FREQ values that
// Open Referral UK keeps.
type Frequency string

// The frequencies a schedule may have.
const (
	Weekly  Frequency = "WEEKLY"
	Monthly Frequency = "MONTHLY"
)

// Valid reports whether f is Weekly or Monthly.
func (f Frequency) Valid() bool { return f == Weekly || f == Monthly }

// WeekdayNum is one entry of an RFC 5545 BYDAY list: a day of the week, and
// for a monthly schedule which one in the month. N is 0 for every such day,
// 1 to 5 for the first to fifth, and -1 to -5 counting back from the end of
// the month (-1 is the last). "2TU" is {2, Tuesday}: the second Tuesday.
type WeekdayNum struct {
	N   int
	Day time.Weekday
}

// dayCodes are the RFC 5545 two-letter codes, indexed by time.Weekday.
var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// DayCode returns the RFC 5545 code of a weekday: "MO" for Monday.
func DayCode(w time.Weekday) string { return dayCodes[w] }

// String returns the entry as RFC 5545 writes it: "TU", "2TU", "-1FR".
func (w WeekdayNum) String() string {
	if w.N == 0 {
		return dayCodes[w.Day]
	}
	return strconv.Itoa(w.N) + dayCodes[w.Day]
}

// MarshalText writes the entry as RFC 5545 does.
func (w WeekdayNum) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText reads one RFC 5545 BYDAY entry.
func (w *WeekdayNum) UnmarshalText(b []byte) error {
	v, err := ParseWeekdayNum(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// ParseWeekdayNum reads one RFC 5545 BYDAY entry: an upper-case day code,
// optionally preceded by an ordinal from -5 to 5 other than 0 ("2TU", "-1FR",
// "+1MO").
func ParseWeekdayNum(s string) (WeekdayNum, error) {
	if len(s) < 2 {
		return WeekdayNum{}, errByDay(s)
	}
	code, num := s[len(s)-2:], s[:len(s)-2]
	i := slices.Index(dayCodes[:], code)
	if i < 0 {
		return WeekdayNum{}, errByDay(s)
	}
	w := WeekdayNum{Day: time.Weekday(i)}
	if num == "" {
		return w, nil
	}
	neg := num[0] == '-'
	if num[0] == '-' || num[0] == '+' {
		num = num[1:]
	}
	n, ok := digits(num)
	if !ok || n < 1 || n > 5 {
		return WeekdayNum{}, errByDay(s)
	}
	if neg {
		n = -n
	}
	w.N = n
	return w, nil
}

func errByDay(s string) error {
	return learnwell.Errorf(learnwell.EINVALID, "%q is not a day of the week like MO, 2TU or -1FR", s)
}

// ParseByDay reads an RFC 5545 BYDAY value: entries separated by commas,
// without spaces ("MO,TH" or "2TU"). "" gives nil.
func ParseByDay(s string) ([]WeekdayNum, error) {
	if s == "" {
		return nil, nil
	}
	var out []WeekdayNum
	for part := range strings.SplitSeq(s, ",") {
		w, err := ParseWeekdayNum(part)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// FormatByDay writes a BYDAY value: "MO,TH".
func FormatByDay(days []WeekdayNum) string {
	parts := make([]string, len(days))
	for i, w := range days {
		parts[i] = w.String()
	}
	return strings.Join(parts, ",")
}

// ParseByMonthDay reads an RFC 5545 BYMONTHDAY value: days of the month 1 to
// 31, or -1 to -31 counting back from the end, separated by commas. "" gives nil.
func ParseByMonthDay(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	var out []int
	for part := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(part)
		if err != nil || n == 0 || n < -31 || n > 31 {
			return nil, learnwell.Errorf(learnwell.EINVALID, "%q is not a day of the month from 1 to 31 or -1 to -31", part)
		}
		out = append(out, n)
	}
	return out, nil
}

// FormatByMonthDay writes a BYMONTHDAY value: "1,15,-1".
func FormatByMonthDay(days []int) string {
	parts := make([]string, len(days))
	for i, n := range days {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

// Break is a run of dates with no sessions, such as a half term or the
// Christmas holiday. From and To are both included; Label names it for people
// ("half term").
type Break struct {
	Label string `json:"label"`
	From  Date   `json:"from"`
	To    Date   `json:"to"`
}

// Schedule is when a run meets: a weekly or monthly pattern in the style of an
// RFC 5545 recurrence rule, the London clock times of each session, and the
// dates it does not meet. The first and last session dates belong to the Run
// (they are the rule's DTSTART and the schedule's valid_to).
//
// Weekly: the session days are ByDay (without ordinals); none given means the
// weekday of the first session, as in RFC 5545. Interval 2 is fortnightly,
// counting weeks (Monday to Sunday) from the week of the first session.
//
// Monthly: ByDay entries may carry ordinals ("2TU" is the second Tuesday,
// "-1FR" the last Friday; "TU" is every Tuesday), and ByMonthDay lists days of
// the month (-1 is the last day; a day a month lacks, like the 31st, is
// skipped). When both are given a date must match both ("FR" and 13 is Friday
// the 13th); when neither is, the run meets on the first session's day of the
// month. Interval counts months from the month of the first session.
//
// Interval 0 means 1.
type Schedule struct {
	Freq          Frequency    `json:"freq"`
	Interval      int          `json:"interval,omitempty"`
	ByDay         []WeekdayNum `json:"byday,omitempty"`
	ByMonthDay    []int        `json:"bymonthday,omitempty"`
	Start         ClockTime    `json:"start_time"`
	End           ClockTime    `json:"end_time"`
	Breaks        []Break      `json:"breaks,omitempty"`
	ExcludedDates []Date       `json:"excluded_dates,omitempty"`
}

// interval returns the interval, 1 when none is set.
func (s Schedule) interval() int {
	if s.Interval < 1 {
		return 1
	}
	return s.Interval
}

// Excluded reports whether day falls in a break or is an excluded date, and
// the label of the break ("" for a single excluded date).
func (s Schedule) Excluded(day Date) (label string, excluded bool) {
	for _, b := range s.Breaks {
		if !day.Before(b.From) && !day.After(b.To) {
			return b.Label, true
		}
	}
	return "", slices.Contains(s.ExcludedDates, day)
}

// Occurs reports whether the run whose first session is on first meets on
// day: day is not before first, matches the pattern, and is not excluded. It
// does not know the last session date; Run.Sessions applies it.
func (s Schedule) Occurs(first, day Date) bool {
	if day.Before(first) || !s.matches(first, day) {
		return false
	}
	_, excluded := s.Excluded(day)
	return !excluded
}

// matches reports whether day fits the pattern anchored at first, ignoring
// exclusions.
func (s Schedule) matches(first, day Date) bool {
	switch s.Freq {
	case Weekly:
		weeks := mondayOf(day).DaysSince(mondayOf(first)) / 7
		if weeks%s.interval() != 0 {
			return false
		}
		if len(s.ByDay) == 0 {
			return day.Weekday() == first.Weekday()
		}
		return slices.ContainsFunc(s.ByDay, func(w WeekdayNum) bool { return w.Day == day.Weekday() })
	case Monthly:
		months := (day.Year-first.Year)*12 + int(day.Month) - int(first.Month)
		if months%s.interval() != 0 {
			return false
		}
		if len(s.ByDay) == 0 && len(s.ByMonthDay) == 0 {
			return day.Day == first.Day
		}
		return (len(s.ByDay) == 0 || slices.ContainsFunc(s.ByDay, func(w WeekdayNum) bool { return w.matchesInMonth(day) })) &&
			(len(s.ByMonthDay) == 0 || slices.ContainsFunc(s.ByMonthDay, func(n int) bool { return monthDayIs(day, n) }))
	}
	return false
}

// mondayOf returns the Monday on or before day.
func mondayOf(day Date) Date {
	return day.AddDays(-((int(day.Weekday()) + 6) % 7))
}

// matchesInMonth reports whether day is this weekday, and the right one of
// them in its month when N is set.
func (w WeekdayNum) matchesInMonth(day Date) bool {
	switch {
	case day.Weekday() != w.Day:
		return false
	case w.N > 0:
		return (day.Day-1)/7+1 == w.N
	case w.N < 0:
		return (daysIn(day.Year, day.Month)-day.Day)/7+1 == -w.N
	}
	return true
}

// monthDayIs reports whether day is day n of its month (n < 0 counts back).
func monthDayIs(day Date, n int) bool {
	if n < 0 {
		n = daysIn(day.Year, day.Month) + n + 1
	}
	return day.Day == n
}

// weekdays returns the distinct weekdays named in ByDay, Monday first.
func (s Schedule) weekdays() []time.Weekday {
	var out []time.Weekday
	for _, w := range s.ByDay {
		if !slices.Contains(out, w.Day) {
			out = append(out, w.Day)
		}
	}
	sortWeekdays(out)
	return out
}

// sortWeekdays sorts weekdays Monday first, as people in the UK read a week.
func sortWeekdays(days []time.Weekday) {
	slices.SortFunc(days, func(a, b time.Weekday) int { return (int(a)+6)%7 - (int(b)+6)%7 })
}

// Describe returns the pattern and times for people, in GOV.UK style:
// "Every Tuesday, 10am to midday", "Every other Wednesday, 1pm to 3pm",
// "Every month on the 2nd Tuesday, 10am to 11:30am". It leaves out dates and
// exclusions (see DescribeExclusions).
func (s Schedule) Describe() string {
	times := s.Start.Spoken() + " to " + s.End.Spoken()
	switch s.Freq {
	case Weekly:
		days := dayNames(s.weekdays())
		switch n := s.interval(); {
		case days == "" && n == 1:
			return "Every week, " + times
		case days == "":
			return fmt.Sprintf("Every %d weeks, %s", n, times)
		case n == 1:
			return "Every " + days + ", " + times
		case n == 2:
			return "Every other " + days + ", " + times
		default:
			return fmt.Sprintf("Every %d weeks on %s, %s", n, days, times)
		}
	case Monthly:
		every := "Every month"
		if n := s.interval(); n == 2 {
			every = "Every other month"
		} else if n > 2 {
			every = fmt.Sprintf("Every %d months", n)
		}
		var parts []string
		for _, w := range s.ByDay {
			parts = append(parts, "the "+ordinalDay(w))
		}
		if len(s.ByMonthDay) > 0 {
			parts = append(parts, "the "+monthDays(s.ByMonthDay))
		}
		if len(parts) == 0 {
			return every + ", " + times
		}
		return every + " on " + joinAnd(parts) + ", " + times
	}
	return times
}

func dayNames(days []time.Weekday) string {
	names := make([]string, len(days))
	for i, w := range days {
		names[i] = w.String()
	}
	return joinAnd(names)
}

func ordinalDay(w WeekdayNum) string {
	switch {
	case w.N == -1:
		return "last " + w.Day.String()
	case w.N < -1:
		return ordinal(-w.N) + " to last " + w.Day.String()
	case w.N > 0:
		return ordinal(w.N) + " " + w.Day.String()
	}
	return w.Day.String() // every such day; reads "on the Tuesday"
}

func monthDays(days []int) string {
	parts := make([]string, len(days))
	for i, n := range days {
		switch {
		case n == -1:
			parts[i] = "last day"
		case n < -1:
			parts[i] = ordinal(-n) + " to last day"
		default:
			parts[i] = ordinal(n)
		}
	}
	return joinAnd(parts)
}

// ordinal returns 1st, 2nd, 3rd, 4th, 11th, 21st...
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// DescribeExclusions returns the breaks and excluded dates for people, in date
// order: "No sessions 16 to 20 February 2026 (half term); 3 March 2026." It is
// "" when there are none. Open Referral UK cannot express excluded dates, so
// the feed carries this text in the schedule (see docs/oruk-mapping.md).
func (s Schedule) DescribeExclusions() string {
	type item struct {
		from Date
		text string
	}
	var items []item
	for _, b := range s.Breaks {
		text := dateRange(b.From, b.To)
		if b.Label != "" {
			text += " (" + b.Label + ")"
		}
		items = append(items, item{b.From, text})
	}
	for _, day := range s.ExcludedDates {
		items = append(items, item{day, day.Spoken()})
	}
	if len(items) == 0 {
		return ""
	}
	slices.SortStableFunc(items, func(a, b item) int { return a.from.Compare(b.from) })
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = it.text
	}
	return "No sessions " + strings.Join(texts, "; ") + "."
}

// dateRange writes "16 to 20 February 2026", "30 March to 10 April 2026" or
// "21 December 2026 to 1 January 2027"; a single day is written once.
func dateRange(from, to Date) string {
	switch {
	case from == to:
		return from.Spoken()
	case from.Year != to.Year:
		return from.Spoken() + " to " + to.Spoken()
	case from.Month != to.Month:
		return fmt.Sprintf("%d %s to %s", from.Day, from.Month, to.Spoken())
	default:
		return fmt.Sprintf("%d to %s", from.Day, to.Spoken())
	}
}
