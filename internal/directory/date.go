package directory

import (
	"fmt"
	"time"

	"learnwell"
)

// Date is a civil date in London: a day on the calendar, with no time and no
// zone. Course runs, term breaks and "last checked" are dates, not instants:
// "the course starts on 16 February" means that day in London, whatever the
// offset from UTC. The zero Date means "no date". Dates compare with == and
// Compare, and are written as YYYY-MM-DD (ISO 8601, as HSDS expects) in text
// and JSON.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date, normalised as time.Date does (so 31 April is
// 1 May). Use ParseDate for outside input, which refuses such dates.
func NewDate(year int, month time.Month, day int) Date {
	return dateOfUTC(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the London date of the instant t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(learnwell.London).Date()
	return Date{Year: y, Month: m, Day: d}
}

// Today returns the London date now, by the clock c.
func Today(c learnwell.Clock) Date { return DateOf(c.Now()) }

func dateOfUTC(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads a date written YYYY-MM-DD, strictly: four-digit year,
// two-digit month and day, and a day that exists (no 30 February). Errors are
// *learnwell.Error with code EINVALID.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, errDate()
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, errDate()
	}
	date := Date{Year: y, Month: time.Month(m), Day: d}
	if !date.Valid() {
		return Date{}, errDate()
	}
	return date, nil
}

func errDate() error {
	return learnwell.Errorf(learnwell.EINVALID, "Enter a real date, like 2026-02-16")
}

// digits reads an unsigned decimal made only of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real calendar date in years 1 to 9999.
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

// daysIn returns the number of days in the month.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String returns the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Spoken returns the date as GOV.UK style writes it for people: "16 February 2026".
func (d Date) Spoken() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

// utc returns midnight UTC of the date, for day arithmetic free of clock changes.
func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date {
	return dateOfUTC(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// DaysSince returns the number of days from e to d (negative if d is earlier).
func (d Date) DaysSince(e Date) int {
	return int(d.utc().Sub(e.utc()) / (24 * time.Hour))
}

// Compare returns -1 if d is before e, 0 if they are the same day and +1 if d
// is after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// At returns the instant the London clock shows t on date d. On the day the
// clocks go forward a time inside the missing hour (01:00 to 01:59) has no
// London instant; Go then picks one, and no course meets then.
func (d Date) At(t ClockTime) time.Time {
	return time.Date(d.Year, d.Month, d.Day, t.Hour, t.Minute, 0, 0, learnwell.London)
}

// MarshalText writes the date as YYYY-MM-DD ("" for the zero Date).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD; "" gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ClockTime is a time of day on the London clock, to the minute: when a
// session starts or ends. It is written HH:MM (24-hour). The zero ClockTime is
// midnight, which no session uses; validation treats it as "not given".
type ClockTime struct {
	Hour   int
	Minute int
}

// ParseClockTime reads a 24-hour time written H:MM or HH:MM, or HH:MM:00 (as
// the ORUK examples write opens_at). Errors are *learnwell.Error with code EINVALID.
func ParseClockTime(s string) (ClockTime, error) {
	if len(s) == 8 {
		if s[5] != ':' || s[6:] != "00" {
			return ClockTime{}, errClockTime()
		}
		s = s[:5]
	}
	i := len(s) - 3
	if i < 1 || i > 2 || s[i] != ':' {
		return ClockTime{}, errClockTime()
	}
	h, ok1 := digits(s[:i])
	m, ok2 := digits(s[i+1:])
	t := ClockTime{Hour: h, Minute: m}
	if !ok1 || !ok2 || !t.Valid() {
		return ClockTime{}, errClockTime()
	}
	return t, nil
}

func errClockTime() error {
	return learnwell.Errorf(learnwell.EINVALID, "Enter a real time, like 10:00 or 14:30")
}

// Valid reports whether t is a time of day from 00:00 to 23:59.
func (t ClockTime) Valid() bool {
	return t.Hour >= 0 && t.Hour < 24 && t.Minute >= 0 && t.Minute < 60
}

// IsZero reports whether t is the zero ClockTime (00:00).
func (t ClockTime) IsZero() bool { return t == ClockTime{} }

// Minutes returns the minutes since midnight.
func (t ClockTime) Minutes() int { return t.Hour*60 + t.Minute }

// Before reports whether t is earlier in the day than u.
func (t ClockTime) Before(u ClockTime) bool { return t.Minutes() < u.Minutes() }

// String returns the time as HH:MM.
func (t ClockTime) String() string { return fmt.Sprintf("%02d:%02d", t.Hour, t.Minute) }

// Spoken returns the time as GOV.UK style writes it for people: "10am",
// "5:30pm", "midday", "midnight".
func (t ClockTime) Spoken() string {
	switch t {
	case ClockTime{0, 0}:
		return "midnight"
	case ClockTime{12, 0}:
		return "midday"
	}
	h, suffix := t.Hour%12, "am"
	if t.Hour >= 12 {
		suffix = "pm"
	}
	if h == 0 {
		h = 12
	}
	if t.Minute == 0 {
		return fmt.Sprintf("%d%s", h, suffix)
	}
	return fmt.Sprintf("%d:%02d%s", h, t.Minute, suffix)
}

// MarshalText writes the time as HH:MM.
func (t ClockTime) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads a time as ParseClockTime does; "" gives the zero
// ClockTime (not given).
func (t *ClockTime) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*t = ClockTime{}
		return nil
	}
	v, err := ParseClockTime(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}
