// Package directory holds the directory of learning opportunities: the
// organisations that provide learning, their courses (the HSDS "service"),
// the runs of each course (a run is one set of dated sessions at one venue, or
// online), venues (locations), weekly and monthly schedules, and the curated
// "learning for wellbeing" taxonomy.
//
// It is pure Go: types, rules and validation, with no database or HTTP. The
// store persists these types, the search index reads them, and the Open
// Referral UK feed maps them as described in docs/oruk-mapping.md.
//
// Dates and times: a course's dates are London civil dates (type Date) and its
// session times London clock times (type ClockTime). Instants (time.Time) are
// produced only when a session is placed on the calendar, by Run.Sessions and
// Run.NextSession, in learnwell.London, so they are right across the changes
// to and from British Summer Time. See docs/adr/0002-directory-model.md.
package directory
