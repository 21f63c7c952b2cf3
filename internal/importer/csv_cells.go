package importer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"learnwell/internal/directory"
	"learnwell/internal/geo"
)

func geoBoroughs() []geo.Borough { return geo.Boroughs() }

// cellError is a message about one cell, saying how to fix it.
type cellError struct{ msg string }

func (e cellError) Error() string { return e.msg }

func badCell(format string, args ...any) error { return cellError{fmt.Sprintf(format, args...)} }

// quote shows a cell's value in a message, shortened.
func quote(s string) string { return strconv.Quote(clipQuote(s)) }

var (
	ukDate  = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$`)
	isoDate = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$`)
	serial  = regexp.MustCompile(`^\d{5}(?:\.\d+)?$`)
)

// parseDateCell reads a date as spreadsheets give them: dd/mm/yyyy (UK
// order; also with dots or hyphens, a two-digit year, or a time after it),
// yyyy-mm-dd, "16 February 2026", or Excel's serial day number.
func parseDateCell(s string) (directory.Date, error) {
	s = strings.TrimSpace(s)
	fix := "Enter the date as dd/mm/yyyy, like 16/02/2026 (found " + quote(s) + ")"
	var y, m, d int
	switch {
	case isoDate.MatchString(s):
		p := isoDate.FindStringSubmatch(s)
		y, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
		d, _ = strconv.Atoi(p[3])
	case ukDate.MatchString(s):
		p := ukDate.FindStringSubmatch(s)
		d, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
		y, _ = strconv.Atoi(p[3])
		if len(p[3]) == 2 {
			y += 2000
		}
		if m > 12 && d <= 12 {
			return directory.Date{}, badCell("%s looks like month/day/year: enter the day first, as dd/mm/yyyy", quote(s))
		}
	case serial.MatchString(s):
		f, _ := strconv.ParseFloat(s, 64)
		// Excel counts days from 30 December 1899 (its 1900 leap year bug included).
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(math.Floor(f)))
		if t.Year() < 2000 || t.Year() > 2100 {
			return directory.Date{}, badCell("%s", fix)
		}
		return directory.NewDate(t.Year(), t.Month(), t.Day()), nil
	default:
		for _, layout := range []string{"2 January 2006", "2 Jan 2006", "Monday 2 January 2006", "Mon 2 Jan 2006"} {
			if t, err := time.Parse(layout, s); err == nil {
				return directory.NewDate(t.Year(), t.Month(), t.Day()), nil
			}
		}
		return directory.Date{}, badCell("%s", fix)
	}
	date := directory.Date{Year: y, Month: time.Month(m), Day: d}
	if !date.Valid() || y < 2000 || y > 2100 {
		return directory.Date{}, badCell("%s is not a real date: enter it as dd/mm/yyyy, like 16/02/2026", quote(s))
	}
	return date, nil
}

var (
	clock12 = regexp.MustCompile(`^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?$`)
	clock24 = regexp.MustCompile(`^(\d{1,2})[:.](\d{2})(?::00)?$`)
)

// parseTimeCell reads a time: 10:00, 14:30, 10.30, 10am, 2:30pm, midday,
// 14:30:00, or Excel's fraction of a day (0.4375).
func parseTimeCell(s string) (directory.ClockTime, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	fix := "Enter the time as 10:00 or 14:30 (found " + quote(s) + ")"
	var h, m int
	switch {
	case s == "midday" || s == "noon" || s == "12 noon":
		return directory.ClockTime{Hour: 12}, nil
	case clock12.MatchString(s):
		p := clock12.FindStringSubmatch(s)
		h, _ = strconv.Atoi(p[1])
		if p[2] != "" {
			m, _ = strconv.Atoi(p[2])
		}
		if h < 1 || h > 12 {
			return directory.ClockTime{}, badCell("%s", fix)
		}
		h %= 12
		if p[3] == "p" {
			h += 12
		}
	case clock24.MatchString(s):
		p := clock24.FindStringSubmatch(s)
		h, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
	default:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f <= 0 || f >= 1 {
			return directory.ClockTime{}, badCell("%s", fix)
		}
		mins := int(math.Round(f * 24 * 60))
		h, m = mins/60, mins%60
	}
	t := directory.ClockTime{Hour: h, Minute: m}
	if !t.Valid() {
		return t, badCell("%s", fix)
	}
	return t, nil
}

// splitList splits a cell of several values: semicolons, commas or new lines.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// choose finds a value among the choices by code or name, ignoring case.
func choose(value string, choices []directory.Choice, what string) (directory.Choice, error) {
	v := strings.TrimSpace(value)
	for _, c := range choices {
		if strings.EqualFold(c.Code, v) || strings.EqualFold(c.Name, v) {
			return c, nil
		}
	}
	codes := make([]string, 0, len(choices))
	for _, c := range choices {
		codes = append(codes, c.Code)
	}
	list := strings.Join(codes, ", ")
	if len(codes) > 12 {
		list = strings.Join(codes[:12], ", ") + "... (all are in docs/import-csv.md)"
	}
	return directory.Choice{}, badCell("%s is not a %s learnwell knows: use one of %s", quote(v), what, list)
}

var dayNames = map[string]time.Weekday{"mo": time.Monday, "tu": time.Tuesday, "we": time.Wednesday, "th": time.Thursday,
	"fr": time.Friday, "sa": time.Saturday, "su": time.Sunday}

// parseWeekday reads Monday, Mon, Mondays, MO.
func parseWeekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(s, "s")
	if len(s) < 2 {
		return 0, false
	}
	d, ok := dayNames[s[:2]]
	if !ok {
		return 0, false
	}
	full := strings.ToLower(d.String())
	if len(s) > 2 && !strings.HasPrefix(full, s) && s != full[:3] && !(s == "tue" || s == "thu" || s == "thur" || s == "wed") {
		return 0, false
	}
	return d, true
}

var ordinalWord = map[string]int{"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3, "4th": 4, "fourth": 4,
	"5th": 5, "fifth": 5, "last": -1}

var monthDayRE = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?$`)

// parseFrequency reads weekly, fortnightly, every 3 weeks, monthly...
func parseFrequency(s string) (directory.Frequency, int, error) {
	v := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch v {
	case "", "weekly", "every week", "each week":
		return directory.Weekly, 1, nil
	case "fortnightly", "every other week", "every 2 weeks", "every two weeks", "biweekly":
		return directory.Weekly, 2, nil
	case "monthly", "every month", "each month":
		return directory.Monthly, 1, nil
	case "every other month":
		return directory.Monthly, 2, nil
	}
	var n int
	var unit string
	if _, err := fmt.Sscanf(v, "every %d %s", &n, &unit); err == nil && n >= 1 && n <= 12 {
		switch strings.TrimSuffix(unit, "s") {
		case "week":
			return directory.Weekly, n, nil
		case "month":
			return directory.Monthly, n, nil
		}
	}
	return "", 0, badCell("%s is not a frequency learnwell knows: use weekly, fortnightly, every 3 weeks, monthly or every 2 months", quote(s))
}

// parseDays reads the Days cell for the frequency.
func parseDays(s string, freq directory.Frequency) ([]directory.WeekdayNum, []int, error) {
	var days []directory.WeekdayNum
	var monthDays []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\n' || r == '&' || r == '/' }) {
		part = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), "and "))
		for _, p := range strings.Split(part, " and ") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			words := strings.Fields(strings.ToLower(p))
			if len(words) == 2 {
				n, okN := ordinalWord[words[0]]
				d, okD := parseWeekday(words[1])
				if !okN || !okD {
					return nil, nil, badCell("%s is not a day: write Tuesday, or for a monthly run 2nd Tuesday or last Friday", quote(p))
				}
				if freq != directory.Monthly {
					return nil, nil, badCell("%s counts weeks of the month: set Frequency to monthly, or write just the day", quote(p))
				}
				days = append(days, directory.WeekdayNum{N: n, Day: d})
				continue
			}
			if m := monthDayRE.FindStringSubmatch(p); m != nil {
				n, _ := strconv.Atoi(m[1])
				if freq != directory.Monthly || n < 1 || n > 31 {
					return nil, nil, badCell("%s is a day of the month: use it only with Frequency monthly, from 1st to 31st", quote(p))
				}
				monthDays = append(monthDays, n)
				continue
			}
			d, ok := parseWeekday(p)
			if !ok {
				return nil, nil, badCell("%s is not a day of the week: write Monday, Tuesday... or Mon, Tue...", quote(p))
			}
			days = append(days, directory.WeekdayNum{Day: d})
		}
	}
	return days, monthDays, nil
}

// parseNoSessions reads the No sessions on cell: dates and ranges, each
// optionally named in brackets.
func parseNoSessions(s string) ([]directory.Break, []directory.Date, error) {
	var breaks []directory.Break
	var dates []directory.Date
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		label := ""
		if i := strings.Index(item, "("); i >= 0 && strings.HasSuffix(item, ")") {
			label, item = strings.TrimSpace(item[i+1:len(item)-1]), strings.TrimSpace(item[:i])
		}
		from, to, isRange := strings.Cut(item, " to ")
		if !isRange {
			from, to, isRange = strings.Cut(item, " - ")
		}
		f, err := parseDateCell(from)
		if err != nil {
			return nil, nil, badCell("In No sessions on: %s", err.Error())
		}
		if !isRange {
			if label != "" {
				breaks = append(breaks, directory.Break{Label: label, From: f, To: f})
			} else {
				dates = append(dates, f)
			}
			continue
		}
		t, err := parseDateCell(to)
		if err != nil {
			return nil, nil, badCell("In No sessions on: %s", err.Error())
		}
		if t.Before(f) {
			return nil, nil, badCell("In No sessions on, %s ends before it starts: write the earlier date first", quote(item))
		}
		if label == "" {
			label = "break"
		}
		breaks = append(breaks, directory.Break{Label: label, From: f, To: t})
	}
	return breaks, dates, nil
}

// parseWhole reads a whole number from lo to hi; Excel may write 12.0.
func parseWhole(s string, lo, hi int, what string) (int, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		return 0, badCell("Enter %s as a whole number from %d to %d (found %s)", what, lo, hi, quote(s))
	}
	return int(f), nil
}
