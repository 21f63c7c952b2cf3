package demo

import (
	"time"

	"learnwell/internal/directory"
)

// The demo's calendar: the terms and holidays London adult learning follows,
// for any academic year, and England's bank holidays. The demo places its runs
// on the terms around the day it is made for (see newCalendar), so that it is
// never out of date.

// span is a stretch of dates, both included.
type span struct{ from, to directory.Date }

func date(y int, m time.Month, d int) directory.Date {
	return directory.Date{Year: y, Month: m, Day: d}
}

// Terms of a year, in order.
const (
	autumn = iota
	spring
	summer
)

// schoolYear is one academic year, named by the calendar year its autumn
// term starts in.
type schoolYear struct {
	start    int
	terms    [3]span // each from the Monday of its first week to the Sunday of its last
	teaching span    // from the first day of teaching to the last (a Friday)
	holidays []directory.Break
}

// weekdayOnOrAfter returns the first date on or after d that is a wd.
func weekdayOnOrAfter(d directory.Date, wd time.Weekday) directory.Date {
	return d.AddDays((int(wd) - int(d.Weekday()) + 7) % 7)
}

// weekdayOnOrBefore returns the last date on or before d that is a wd.
func weekdayOnOrBefore(d directory.Date, wd time.Weekday) directory.Date {
	return d.AddDays(-((int(d.Weekday()) - int(wd) + 7) % 7))
}

// easter returns Easter Sunday of the year (the Gregorian computus, in the
// "anonymous" form of Meeus).
func easter(y int) directory.Date {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date(y, time.Month(month), day)
}

// yearOf returns the academic year that starts in September of y, as London
// adult learning usually keeps it: three terms of about 12 to 14 weeks from
// the second Monday of September to the Friday on or after 16 July, with a
// week's half term in each (Monday to Friday), two weeks at Christmas (to
// the Sunday before spring term) and two at Easter (Monday to Friday). The
// half terms are the last week of October (the one whose Monday is on or
// before the 27th), the week of 12 to 18 February and the week of the late
// May bank holiday. Spring term starts on the first Monday on or after 2
// January. The Easter holiday is the two weeks after Easter when Easter is in
// March, and otherwise the week before Easter and the week after.
func yearOf(y int) schoolYear {
	autumnStart := weekdayOnOrAfter(date(y, time.September, 8), time.Monday)
	octHalf := weekdayOnOrBefore(date(y, time.October, 27), time.Monday)
	springStart := weekdayOnOrAfter(date(y+1, time.January, 2), time.Monday)
	christmas := springStart.AddDays(-14)
	febHalf := weekdayOnOrAfter(date(y+1, time.February, 12), time.Monday)
	es := easter(y + 1)
	easterHol := es.AddDays(1) // Easter Monday
	if es.Month != time.March {
		easterHol = es.AddDays(-6) // the Monday before Good Friday
	}
	summerStart := easterHol.AddDays(14)
	mayHalf := weekdayOnOrBefore(date(y+1, time.May, 31), time.Monday)
	lastDay := weekdayOnOrAfter(date(y+1, time.July, 16), time.Friday)
	return schoolYear{
		start: y,
		terms: [3]span{
			{autumnStart, christmas.AddDays(-1)},
			{springStart, easterHol.AddDays(-1)},
			{summerStart, lastDay.AddDays(2)},
		},
		teaching: span{autumnStart, lastDay},
		holidays: []directory.Break{
			{Label: "half term", From: octHalf, To: octHalf.AddDays(4)},
			{Label: "Christmas holiday", From: christmas, To: springStart.AddDays(-1)}, // New Year's Day may be a Saturday or Sunday
			{Label: "half term", From: febHalf, To: febHalf.AddDays(4)},
			{Label: "Easter holiday", From: easterHol, To: easterHol.AddDays(11)},
			{Label: "half term", From: mayHalf, To: mayHalf.AddDays(4)},
		},
	}
}

// summerHoliday returns the break between the year's last day of teaching
// and the next year's first.
func (sy schoolYear) summerHoliday() directory.Break {
	return directory.Break{Label: "summer holiday", From: sy.teaching.to.AddDays(3), To: yearOf(sy.start + 1).teaching.from.AddDays(-1)}
}

// termSpan returns term n of a count of terms that runs on across the years:
// n = 3*year + term (autumn, spring or summer).
func termSpan(n int) span { return yearOf(floorDiv(n, 3)).terms[n-3*floorDiv(n, 3)] }

// floorDiv divides, rounding down.
func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// bankHolidays returns the bank holidays of England and Wales in the
// calendar year, by the usual rules: New Year's Day, Good Friday, Easter
// Monday, the first and last Mondays of May, the last Monday of August,
// Christmas Day and Boxing Day, with a weekday in lieu of one that falls at
// a weekend. (The odd one-off, such as a coronation, is not known.)
func bankHolidays(y int) []directory.Date {
	weekdayFrom := func(d directory.Date) directory.Date {
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDays(1)
		}
		return d
	}
	es := easter(y)
	out := []directory.Date{
		weekdayFrom(date(y, time.January, 1)),
		es.AddDays(-2),
		es.AddDays(1),
		weekdayOnOrAfter(date(y, time.May, 1), time.Monday),
		weekdayOnOrBefore(date(y, time.May, 31), time.Monday),
		weekdayOnOrBefore(date(y, time.August, 31), time.Monday),
	}
	christmas := weekdayFrom(date(y, time.December, 25))
	boxing := weekdayFrom(date(y, time.December, 26))
	if boxing == christmas {
		boxing = weekdayFrom(christmas.AddDays(1))
	}
	return append(out, christmas, boxing)
}

// window is where a set of runs goes: three terms in a row, and the academic
// year that courses taking a whole year run over.
type window struct {
	terms [3]span
	year  span
}

// calendar is the demo's calendar as seen from the day it is made for.
type calendar struct {
	today directory.Date
	// current holds the term under way on today (or, in a holiday, the
	// next one) and the two after it; previous the three terms before those,
	// all over by today. Year-long courses run over the year of the current
	// window's second term (so in the summer term they are next year's), and
	// in the previous window over the year before the current term's year.
	current, previous window
	// holidays and bankHolidays are those from the first term of the
	// previous window to the last of the current, sorted.
	holidays     []directory.Break
	bankHolidays []directory.Date
	// agreement is when the demo's data sharing agreement is in force: from
	// 1 August before the previous window to the first 31 July at least a
	// year after today.
	agreement span
}

// newCalendar returns the calendar for the London date today.
func newCalendar(today directory.Date) *calendar {
	c := 3 * (today.Year - 1)
	for termSpan(c).to.Before(today) {
		c++
	}
	cal := &calendar{today: today}
	for k := range 3 {
		cal.current.terms[k] = termSpan(c + k)
		cal.previous.terms[k] = termSpan(c - 3 + k)
	}
	cal.current.year = yearOf(floorDiv(c+1, 3)).teaching
	first := floorDiv(c, 3) - 1
	cal.previous.year = yearOf(first).teaching
	last := floorDiv(c+2, 3)
	for y := first; y <= last; y++ {
		sy := yearOf(y)
		cal.holidays = append(cal.holidays, sy.holidays...)
		cal.holidays = append(cal.holidays, sy.summerHoliday())
	}
	for y := first; y <= last+1; y++ {
		cal.bankHolidays = append(cal.bankHolidays, bankHolidays(y)...)
	}
	end := today.Year + 1
	if today.Month >= time.August {
		end++
	}
	cal.agreement = span{date(first, time.August, 1), date(end, time.July, 31)}
	return cal
}
