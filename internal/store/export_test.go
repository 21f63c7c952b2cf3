package store

// SetListingChunk sets how many courses EachListing reads at a time, so tests
// can stream a small directory in many chunks.
func SetListingChunk(n int) (restore func()) {
	old := listingChunk
	listingChunk = n
	return func() { listingChunk = old }
}
