package directory

// Listing is a course with everything a person needs to read it: the
// provider, the runs, and the venues those runs use.
type Listing struct {
	Organisation Organisation
	Course       Course
	Runs         []Run
	Locations    map[string]Location // by id: the venues of the runs
}

// Venue returns the location of a run, if it has one.
func (l Listing) Venue(r Run) (Location, bool) {
	loc, ok := l.Locations[r.LocationID]
	return loc, ok
}
