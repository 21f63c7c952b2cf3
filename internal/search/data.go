package search

import (
	"math"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"learnwell"
	"learnwell/internal/geo"
)

// posting is a term's documents and its packed term frequencies, tf[i]
// belonging to the i-th smallest ordinal in bm.
type posting struct {
	bm *roaring.Bitmap
	tf []uint16
	// groups partitions a common term's ordinals by packed frequencies, so
	// that a search for the term alone scores the groups that can reach the
	// page and skips the rest. Nil for terms with fewer than groupMin
	// postings at the last build.
	groups []tfGroup
}

// tfGroup is the ordinals of a term with the same packed frequencies.
type tfGroup struct {
	ptf uint16
	bm  *roaring.Bitmap
}

// groupMin is the fewest postings for which a term keeps groups.
const groupMin = 2048

// addToGroup adds ordinal o with packed frequencies ptf to p's groups.
func (p *posting) addToGroup(o uint32, ptf uint16) {
	for _, g := range p.groups {
		if g.ptf == ptf {
			g.bm.Add(o)
			return
		}
	}
	p.groups = append(p.groups, tfGroup{ptf: ptf, bm: roaring.BitmapOf(o)})
}

// makeGroups builds p's groups from its bitmap and frequencies.
func (p *posting) makeGroups() {
	if len(p.tf) < groupMin {
		return
	}
	byTF := map[uint16]*roaring.Bitmap{}
	i := 0
	p.bm.Iterate(func(o uint32) bool {
		bm := byTF[p.tf[i]]
		if bm == nil {
			bm = roaring.New()
			byTF[p.tf[i]] = bm
		}
		bm.Add(o)
		i++
		return true
	})
	for ptf, bm := range byTF {
		bm.RunOptimize()
		p.groups = append(p.groups, tfGroup{ptf: ptf, bm: bm})
	}
}

// ageRange is a document's age limits, the key of an age bitmap.
type ageRange struct{ min, max int32 }

// accepts reports whether a person of this age may join.
func (r ageRange) accepts(age int) bool {
	return (r.min == 0 || int(r.min) <= age) && (r.max == 0 || age <= int(r.max))
}

// data is one generation of the index. Ordinals run from 0 to n-1; those not
// in live are tombstones whose postings remain until the next Replace.
// Everything indexed by ordinal only grows, so a change appends.
type data struct {
	n      uint32
	live   *roaring.Bitmap
	dead   []uint32 // during a build only: ordinals of repeated ids
	byID   map[string]uint32
	ids    []string
	titles []string // lowercased, for the tie-break
	next   []int64  // NextStart in Unix ns; noStart for none
	flen   [][numFields]uint16
	lenSum [numFields]uint64 // field lengths summed over live documents
	minLen [numFields]uint16 // the shortest non-empty length of each field ever added

	ptOff []uint32 // the points of ordinal o are pts[ptOff[o]:ptOff[o+1]]
	pts   []geo.Point
	vecs  []vec
	venues

	terms  map[string]*posting
	values [numKinds]map[string]*roaring.Bitmap
	free   *roaring.Bitmap
	days   [7]*roaring.Bitmap
	times  [3]*roaring.Bitmap
	ages   map[ageRange]*roaring.Bitmap

	ord orders
}

func newData() *data {
	d := &data{
		live:  roaring.New(),
		byID:  map[string]uint32{},
		ptOff: []uint32{0},
		terms: map[string]*posting{},
		free:  roaring.New(),
		ages:  map[ageRange]*roaring.Bitmap{},
		venues: venues{
			ids:   map[geo.Point]uint32{},
			cells: map[cellKey][]uint32{},
		},
	}
	for k := range d.values {
		d.values[k] = map[string]*roaring.Bitmap{}
	}
	for i := range d.days {
		d.days[i] = roaring.New()
	}
	for i := range d.times {
		d.times[i] = roaring.New()
	}
	return d
}

// validate checks what the index relies on: an id and usable points.
func validate(d *Doc) error {
	if d.ID == "" {
		return learnwell.Errorf(learnwell.EINVALID, "search: a document has no id")
	}
	for _, p := range d.Points {
		if !p.Valid() {
			return learnwell.Errorf(learnwell.EINVALID, "search: document %s has an invalid point %v", d.ID, p)
		}
	}
	return nil
}

// docTerms is one document's analysis: its distinct terms (as ids of a
// vocab) with their per-field frequencies, and its field lengths. One
// goroutine reuses it across documents.
type docTerms struct {
	slot []int32 // term id -> index in list, or -1
	list []int32 // term ids, in order of first appearance
	tf   [][numFields]uint16
	flen [numFields]uint16
}

func (dt *docTerms) analyse(v *vocab, d *Doc) {
	for _, id := range dt.list {
		dt.slot[id] = -1
	}
	dt.list, dt.tf = dt.list[:0], dt.tf[:0]
	for f, texts := range fieldTexts(d) {
		n := 0
		for _, s := range texts {
			v.termIDs(s, func(id int32) {
				for int(id) >= len(dt.slot) {
					dt.slot = append(dt.slot, -1)
				}
				i := dt.slot[id]
				if i < 0 {
					i = int32(len(dt.list))
					dt.slot[id] = i
					dt.list = append(dt.list, id)
					dt.tf = append(dt.tf, [numFields]uint16{})
				}
				if dt.tf[i][f] < math.MaxUint16 {
					dt.tf[i][f]++
				}
				n++
			})
		}
		dt.flen[f] = uint16(min(n, math.MaxUint16))
	}
}

// ageKey returns d's age limits as a key, clamped to int32.
func ageKey(d *Doc) ageRange {
	clamp := func(n int) int32 { return int32(max(0, min(n, math.MaxInt32))) }
	return ageRange{clamp(d.MinAge), clamp(d.MaxAge)}
}

// analysed is one document's terms, ready to append: the postings of its
// terms (terms[i] has packed frequencies ptfs[i]) and its field lengths.
type analysed struct {
	terms []*posting
	ptfs  []uint16
	flen  [numFields]uint16
}

// postingOf returns the posting of a term, creating it if need be.
func (x *data) postingOf(term string) *posting {
	p := x.terms[term]
	if p == nil {
		p = &posting{bm: roaring.New()}
		x.terms[term] = p
	}
	return p
}

// appendDoc adds d under a new ordinal. The caller has removed any earlier
// document with the same id.
func (x *data) appendDoc(d *Doc, a *analysed) {
	o := x.n
	x.n++
	x.live.Add(o)
	x.appendFields(d, o, a.flen)
	for i, p := range a.terms {
		ptf := a.ptfs[i]
		p.bm.Add(o)
		p.tf = append(p.tf, ptf)
		if p.groups != nil {
			p.addToGroup(o, ptf)
		}
	}
}

// appendFields records everything of d under ordinal o, the next one, but
// its postings and its place in live.
func (x *data) appendFields(d *Doc, o uint32, flen [numFields]uint16) {
	x.byID[d.ID] = o
	x.ids = append(x.ids, d.ID)
	x.titles = append(x.titles, strings.ToLower(d.Title))
	x.next = append(x.next, unixNano(d.NextStart))
	x.flen = append(x.flen, flen)
	for f, l := range flen {
		x.lenSum[f] += uint64(l)
		x.noteLen(f, l)
	}
	for _, p := range d.Points {
		x.pts = append(x.pts, p)
		x.vecs = append(x.vecs, unitVec(p))
		x.addVenue(p, o)
	}
	x.ptOff = append(x.ptOff, uint32(len(x.pts)))
	for k := range x.values {
		for _, v := range filterValues(d, k) {
			if v != "" {
				addTo(x.values[k], v, o)
			}
		}
	}
	if d.Free {
		x.free.Add(o)
	}
	for b := range x.days {
		if d.Days&(1<<b) != 0 {
			x.days[b].Add(o)
		}
	}
	for b := range x.times {
		if d.TimesOfDay&(1<<b) != 0 {
			x.times[b].Add(o)
		}
	}
	addTo(x.ages, ageKey(d), o)
}

func addTo[K comparable](m map[K]*roaring.Bitmap, k K, o uint32) {
	bm := m[k]
	if bm == nil {
		bm = roaring.New()
		m[k] = bm
	}
	bm.Add(o)
}

// noteLen keeps minLen up to date with a field of length l.
func (x *data) noteLen(f int, l uint16) {
	if l > 0 && (x.minLen[f] == 0 || l < x.minLen[f]) {
		x.minLen[f] = l
	}
}

// remove tombstones the document with this id, reporting whether there was one.
func (x *data) remove(id string) bool {
	o, ok := x.byID[id]
	if !ok {
		return false
	}
	delete(x.byID, id)
	x.live.Remove(o)
	for f, l := range x.flen[o] {
		x.lenSum[f] -= uint64(l)
	}
	return true
}

// points returns the points of ordinal o and their unit vectors.
func (x *data) points(o uint32) ([]geo.Point, []vec) {
	a, b := x.ptOff[o], x.ptOff[o+1]
	return x.pts[a:b], x.vecs[a:b]
}

// nearest returns the haversine (see hav) from v to the nearest point of
// ordinal o and that point's index, or +Inf and -1 if o has no points.
func (x *data) nearest(o uint32, v *vec) (float64, int) {
	best, at := math.Inf(1), -1
	a, b := x.ptOff[o], x.ptOff[o+1]
	for i, pv := range x.vecs[a:b] {
		if h := hav(v, &pv); h < best {
			best, at = h, i
		}
	}
	return best, at
}
