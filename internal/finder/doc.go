package finder

import (
	"time"

	"learnwell/internal/directory"
	"learnwell/internal/geo"
	"learnwell/internal/search"
)

// indexable reports whether a listing belongs in the finder: an active course
// with at least one run still to come that is not cancelled.
func indexable(l directory.Listing, now time.Time) bool {
	if l.Course.Status != directory.CourseActive {
		return false
	}
	for _, r := range l.Runs {
		if live(r, now) {
			return true
		}
	}
	return false
}

// live reports whether a run is published (directory.Run.Published: not
// cancelled, not ended) and still has a session to start.
func live(r directory.Run, now time.Time) bool {
	if !r.Published(directory.DateOf(now)) {
		return false
	}
	_, ok := r.NextSession(now)
	return ok
}

// weekdayBit maps a weekday to the search index's day bits (Monday first).
func weekdayBit(d time.Weekday) uint8 {
	return search.Monday << ((int(d) + 6) % 7)
}

func dayPartBit(p directory.DayPart) uint8 {
	switch p {
	case directory.Morning:
		return search.Morning
	case directory.Afternoon:
		return search.Afternoon
	case directory.Evening:
		return search.Evening
	}
	return 0
}

// accessibilityFeatures is the list in its order, read once: the directory
// hands out a copy each time, and Doc runs for every course in a build.
var accessibilityFeatures = directory.AccessibilityFeatures()

// Doc turns a listing into the search index's document, looking at its live
// runs only: their days, times, venues, boroughs and next session.
func Doc(l directory.Listing, tax *directory.Taxonomies, now time.Time) search.Doc {
	c := l.Course
	d := search.Doc{
		ID:          c.ID,
		Title:       c.Title,
		Summary:     c.Summary,
		Description: c.Description + "\n" + c.Eligibility,
		Provider:    l.Organisation.Name,
		Modes:       []string{string(c.Delivery)},
		Languages:   c.Languages,
		Free:        c.IsFree(),
		MinAge:      c.MinAge,
		MaxAge:      c.MaxAge,
	}
	addTerm := func(id string, into *[]string) {
		if t, ok := tax.TermByID(id); ok {
			*into = append(*into, t.Code)
			d.Keywords = append(d.Keywords, t.Name)
		}
	}
	for _, id := range c.Subjects {
		addTerm(id, &d.Subjects)
	}
	for _, id := range c.Wellbeing {
		addTerm(id, &d.Wellbeing)
	}
	if c.Level != "" {
		addTerm(c.Level, &d.Levels)
	}
	access := map[string]bool{}
	for _, f := range c.Accessibility {
		access[string(f)] = true
	}
	boroughs := map[string]bool{}
	for _, r := range l.Runs {
		if !live(r, now) {
			continue
		}
		next, _ := r.NextSession(now)
		if d.NextStart.IsZero() || next.Start.Before(d.NextStart) {
			d.NextStart = next.Start
		}
		for _, day := range r.Days() {
			d.Days |= weekdayBit(day)
		}
		d.TimesOfDay |= dayPartBit(r.TimeOfDay())
		if loc, ok := l.Venue(r); ok {
			if loc.Point != nil {
				d.Points = append(d.Points, geo.Point{Lat: loc.Point.Lat, Lon: loc.Point.Lon})
			}
			if loc.Borough != "" && !boroughs[loc.Borough] {
				boroughs[loc.Borough] = true
				d.Boroughs = append(d.Boroughs, loc.Borough)
			}
			for _, f := range loc.Accessibility {
				access[string(f)] = true
			}
		}
	}
	for _, f := range accessibilityFeatures {
		if access[f.Code] {
			d.Accessibility = append(d.Accessibility, f.Code)
		}
	}
	return d
}
