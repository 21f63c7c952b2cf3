package search

import (
	"github.com/RoaringBitmap/roaring/v2"

	"learnwell/internal/geo"
)

// venues are the distinct points of the documents, each with the ordinals
// that have it, and a grid of cells of about cellKm holding the venues. Many
// courses share a venue, so distances are worked out per venue, not per
// course: a radius becomes an exact bitmap of the courses at the venues
// within it, and a distance sort visits venues nearest first.
type venues struct {
	ids   map[geo.Point]uint32 // point -> venue id
	vpts  []geo.Point          // venue id -> point
	vvecs []vec                // venue id -> unit vector
	docs  [][]uint32           // venue id -> ordinals, increasing (tombstones included)
	cells map[cellKey][]uint32 // cell -> venue ids
	box   cellBox              // of the occupied cells
}

// addVenue records that ordinal o, the largest so far, has a venue at p.
func (v *venues) addVenue(p geo.Point, o uint32) {
	id, ok := v.ids[p]
	if !ok {
		id = uint32(len(v.vpts))
		v.ids[p] = id
		v.vpts = append(v.vpts, p)
		v.vvecs = append(v.vvecs, unitVec(p))
		v.docs = append(v.docs, nil)
		c := cellOf(p)
		v.cells[c] = append(v.cells[c], id)
		v.box.add(c)
	}
	if l := v.docs[id]; len(l) == 0 || l[len(l)-1] != o {
		v.docs[id] = append(l, o)
	}
}

// within returns the ordinals with a venue within km of p by geo.DistanceKm
// (their live documents: tombstones may be included). The chord decides all
// but the venues within a hair of the radius, which geo.DistanceKm decides.
func (x *data) within(p geo.Point, km float64) *roaring.Bitmap {
	pv, hmax := unitVec(p), havOfKm(km)
	words := make([]uint64, (x.n+63)/64)
	any := false
	check := func(id uint32) {
		h := hav(&pv, &x.vvecs[id])
		if h > hmax*(1+havBand) || h >= hmax*(1-havBand) && geo.DistanceKm(p, x.vpts[id]) > km {
			return
		}
		for _, o := range x.docs[id] {
			words[o/64] |= 1 << (o % 64)
		}
		any = true
	}
	if keys, ok := cellsWithin(p, km); ok && len(keys) < len(x.vpts) {
		for _, k := range keys {
			for _, id := range x.cells[k] {
				check(id)
			}
		}
	} else {
		for id := range x.vpts {
			check(uint32(id))
		}
	}
	if !any {
		return roaring.New()
	}
	return roaring.FromDense(words, false)
}
