// Package search is learnwell's in-memory directory index: words, filters,
// geography and ranking over courses, built from the store and kept current
// on every node (see docs/adr/0003-in-memory-search.md).
//
// The index knows nothing of the directory's types: the directory fills a Doc
// for each course and calls Replace (a whole rebuild) or Upsert and Remove
// (one change). Search takes a Query and returns the ids of the matching
// courses, the exact total, and one page in a deterministic order.
//
// Inside, each document has a dense uint32 ordinal. Every stemmed term and
// every filter value has a roaring bitmap of ordinals; a term also keeps its
// term frequencies per field, packed in 16 bits, in the bitmap's order. A
// change appends a new ordinal and tombstones the old one (a document's
// postings are never edited in place); Replace builds a compact index off to
// the side and swaps it in.
package search

import (
	"time"

	"learnwell/internal/geo"
)

// Days of the week for Doc.Days and Query.Days.
const (
	Monday uint8 = 1 << iota
	Tuesday
	Wednesday
	Thursday
	Friday
	Saturday
	Sunday

	// AllDays has every day's bit set.
	AllDays = Monday | Tuesday | Wednesday | Thursday | Friday | Saturday | Sunday
)

// Times of day for Doc.TimesOfDay and Query.TimesOfDay.
const (
	Morning uint8 = 1 << iota
	Afternoon
	Evening

	// AllTimes has every time of day's bit set.
	AllTimes = Morning | Afternoon | Evening
)

// Doc is what the index knows of one course: its words, the values it can be
// filtered on and where and when it runs. The directory fills one per course
// from the course and its open runs. Filter values (codes) are compared
// exactly, byte for byte.
type Doc struct {
	ID string // the course id; required and unique

	// Searchable text, weighted Title > Summary = Keywords > Provider > Description.
	Title       string
	Summary     string
	Description string
	Provider    string   // the provider organisation's name
	Keywords    []string // taxonomy term names and other words worth finding

	Boroughs      []string // GSS codes of the boroughs of the venues
	Subjects      []string // taxonomy term codes
	Wellbeing     []string // taxonomy term codes
	Levels        []string // taxonomy term codes
	Modes         []string // "in-person", "online", "blended"
	Accessibility []string // accessibility feature codes
	Languages     []string // ISO 639-1 codes of the languages of teaching

	Free       bool  // no fee for the learner
	Days       uint8 // Monday..Sunday bits over the open runs
	TimesOfDay uint8 // Morning, Afternoon, Evening bits over the open runs
	MinAge     int   // youngest age accepted; 0 for no limit
	MaxAge     int   // oldest age accepted; 0 for no limit

	// Points are the venue positions of the open runs; none for online only.
	// Hit.NearestPoint indexes this slice.
	Points []geo.Point
	// NextStart is when the next session starts; zero for none. It orders
	// the "soonest" sort and the "starts within N weeks" filter.
	NextStart time.Time
}
