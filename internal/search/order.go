package search

import (
	"cmp"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
)

// orders are the documents of a build in name order (lowercased title, then
// id) and in soonest order (next start, then name), with each ordinal's
// rank in both, so comparisons in a search are integer comparisons and the
// name and soonest sorts can walk the order instead of scanning. Documents
// appended after the build (Upsert) have no rank: comparisons with them
// fall back to the keys themselves, which the ranks agree with.
type orders struct {
	ranked   uint32   // ordinals below this have ranks
	byName   []uint32 // ordinals in name order
	bySoon   []uint32 // ordinals in soonest order
	nameRank []uint32 // ordinal -> position in byName
	soonRank []uint32 // ordinal -> position in bySoon
	// moved holds ranked ordinals whose next start SetNext has changed
	// since the build: their place in bySoon is out of date, so walks of
	// that order offer them first, as they do unranked ones, and skip them
	// where they stand. Nil until the first move.
	moved *roaring.Bitmap
}

// nameCompare compares two ordinals by lowercased title, then id.
func (x *data) nameCompare(a, b uint32) int {
	if a < x.ord.ranked && b < x.ord.ranked {
		return cmp.Compare(x.ord.nameRank[a], x.ord.nameRank[b])
	}
	if c := strings.Compare(x.titles[a], x.titles[b]); c != 0 {
		return c
	}
	return strings.Compare(x.ids[a], x.ids[b])
}

// buildOrders ranks every ordinal of x (a fresh build: no tombstones).
func (x *data) buildOrders() {
	n := x.n
	o := orders{ranked: n, byName: make([]uint32, n), bySoon: make([]uint32, n), nameRank: make([]uint32, n), soonRank: make([]uint32, n)}
	for i := range n {
		o.byName[i] = i
	}
	slices.SortFunc(o.byName, func(a, b uint32) int {
		if c := strings.Compare(x.titles[a], x.titles[b]); c != 0 {
			return c
		}
		return strings.Compare(x.ids[a], x.ids[b])
	})
	for r, ord := range o.byName {
		o.nameRank[ord] = uint32(r)
	}
	copy(o.bySoon, o.byName)
	slices.SortStableFunc(o.bySoon, func(a, b uint32) int { return cmp.Compare(x.next[a], x.next[b]) })
	for r, ord := range o.bySoon {
		o.soonRank[ord] = uint32(r)
	}
	x.ord = o
}
