package demo

import (
	"slices"
	"testing"
	"time"

	"learnwell/internal/directory"
)

// England's bank holidays as GOV.UK lists them (2028 by the usual rules:
// New Year's Day in lieu on Monday 3 January).
func TestBankHolidays(t *testing.T) {
	d := date
	for y, want := range map[int][]directory.Date{
		2025: {d(2025, 1, 1), d(2025, 4, 18), d(2025, 4, 21), d(2025, 5, 5), d(2025, 5, 26), d(2025, 8, 25), d(2025, 12, 25), d(2025, 12, 26)},
		2026: {d(2026, 1, 1), d(2026, 4, 3), d(2026, 4, 6), d(2026, 5, 4), d(2026, 5, 25), d(2026, 8, 31), d(2026, 12, 25), d(2026, 12, 28)},
		2027: {d(2027, 1, 1), d(2027, 3, 26), d(2027, 3, 29), d(2027, 5, 3), d(2027, 5, 31), d(2027, 8, 30), d(2027, 12, 27), d(2027, 12, 28)},
		2028: {d(2028, 1, 3), d(2028, 4, 14), d(2028, 4, 17), d(2028, 5, 1), d(2028, 5, 29), d(2028, 8, 28), d(2028, 12, 25), d(2028, 12, 26)},
	} {
		if got := bankHolidays(y); !slices.Equal(got, want) {
			t.Errorf("bank holidays of %d = %v, want %v", y, got, want)
		}
	}
}

// The window follows the day: the term under way (or, in a holiday, the
// next) and the two after; the three before it, all over; and the
// agreement from before the earliest run to a year or more after the day.
func TestCalendarFollowsTheDay(t *testing.T) {
	d := date
	for _, tc := range []struct {
		today             directory.Date
		first, last       directory.Date // of the current window's terms
		year              span
		previousFirst     directory.Date
		agreementStarts   directory.Date
		agreementEndsLast directory.Date
	}{
		{d(2026, 11, 23), d(2026, 9, 14), d(2027, 7, 18), span{d(2026, 9, 14), d(2027, 7, 16)}, d(2025, 9, 8), d(2025, 8, 1), d(2028, 7, 31)},
		{d(2026, 12, 21), d(2027, 1, 4), d(2027, 12, 19), span{d(2026, 9, 14), d(2027, 7, 16)}, d(2026, 1, 5), d(2025, 8, 1), d(2028, 7, 31)},
		{d(2027, 7, 19), d(2027, 9, 13), d(2028, 7, 23), span{d(2027, 9, 13), d(2028, 7, 21)}, d(2026, 9, 14), d(2026, 8, 1), d(2028, 7, 31)},
		{d(2027, 9, 1), d(2027, 9, 13), d(2028, 7, 23), span{d(2027, 9, 13), d(2028, 7, 21)}, d(2026, 9, 14), d(2026, 8, 1), d(2029, 7, 31)},
		{d(2028, 5, 10), d(2028, 4, 24), d(2029, 3, 25), span{d(2028, 9, 11), d(2029, 7, 20)}, d(2027, 4, 12), d(2026, 8, 1), d(2029, 7, 31)},
	} {
		cal := newCalendar(tc.today)
		cur, prev := cal.current, cal.previous
		if cur.terms[0].from != tc.first || cur.terms[2].to != tc.last || cur.year != tc.year || prev.terms[0].from != tc.previousFirst {
			t.Errorf("%s: current %v, year %v, previous from %s", tc.today, cur.terms, cur.year, prev.terms[0].from)
		}
		if !prev.terms[2].to.Before(tc.today) || !prev.year.to.Before(tc.today) || cur.terms[0].to.Before(tc.today) {
			t.Errorf("%s: the previous window %v (year %v) is not over, or the current %v is", tc.today, prev.terms, prev.year, cur.terms)
		}
		if cal.agreement.from != tc.agreementStarts || cal.agreement.to != tc.agreementEndsLast ||
			cal.agreement.to.Before(tc.today.AddDays(365)) || !cal.agreement.from.Before(prev.year.from) {
			t.Errorf("%s: agreement %v", tc.today, cal.agreement)
		}
		for k, term := range cur.terms {
			if term.from.Weekday() != time.Monday || term.to.Weekday() != time.Sunday {
				t.Errorf("%s: term %d %v is not Monday to Sunday", tc.today, k, term)
			}
		}
	}
}
