package search

import (
	"container/heap"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
)

// nearWalk fills top, sorted by distance, from the candidates. It visits
// the grid in square rings of cells outwards from Near, queueing the venues
// it finds by distance; a venue leaves the queue once no unvisited cell can
// hold a nearer one, so venues are taken nearest first and a course's
// distance is that of the first of its venues taken. It stops at the first
// venue farther than the worst match kept. Only when every venue has been
// taken and the page is still short do the courses with no venue (which
// sort last) get their turn.
func (x *data) nearWalk(cand *roaring.Bitmap, s *scan, top *topK) {
	near := *s.p.q.Near
	maxH := math.Inf(1) // venues farther than this cannot match
	if s.p.q.WithinKm > 0 {
		maxH = havOfKm(s.p.q.WithinKm) * (1 + havBand)
	}
	seen := make([]uint64, (x.n+63)/64) // courses already taken
	q := &venueQueue{}
	take := func(id uint32, h float64) {
		for _, o := range x.docs[id] {
			if seen[o/64]&(1<<(o%64)) != 0 || !cand.Contains(o) {
				continue
			}
			seen[o/64] |= 1 << (o % 64)
			if e, ok := s.match(o); ok {
				e.f = h
				top.offer(e)
			}
		}
	}
	b := x.box
	r0, c0 := cellRow(near.Lat), cellCol(near.Lon)
	first := max(0, b.minRow-r0, r0-b.maxRow, b.minCol-c0, c0-b.maxCol)
	last := max(r0-b.minRow, b.maxRow-r0, c0-b.minCol, b.maxCol-c0)
	if !b.any {
		first, last = 1, 0
	}
	for r := first; ; r++ {
		lb := math.Inf(1) // no venue left unqueued is nearer than this
		if r <= last {
			lb = ringHav(near.Lat, r)
		}
		for q.Len() > 0 && q.h[0].h <= lb {
			v := heap.Pop(q).(queuedVenue)
			if v.h > maxH || len(top.h) == top.k && v.h > top.h[0].f {
				return
			}
			take(v.id, v.h)
		}
		if r > last || lb > maxH || len(top.h) == top.k && lb > top.h[0].f {
			break
		}
		x.queueRing(q, &s.near, r0, c0, r)
	}
	if s.p.q.WithinKm == 0 && len(top.h) < top.k {
		x.offerFar(cand, s, top)
	}
}

// queueRing queues the venues of the cells r rings from (r0, c0).
func (x *data) queueRing(q *venueQueue, near *vec, r0, c0, r int64) {
	b := x.box
	visit := func(row, col int64) {
		if row < b.minRow || row > b.maxRow || col < b.minCol || col > b.maxCol {
			return
		}
		for _, id := range x.cells[makeCellKey(row, col)] {
			heap.Push(q, queuedVenue{h: hav(near, &x.vvecs[id]), id: id})
		}
	}
	if r == 0 {
		visit(r0, c0)
		return
	}
	for col := max(c0-r, b.minCol); col <= min(c0+r, b.maxCol); col++ {
		visit(r0-r, col)
		visit(r0+r, col)
	}
	for row := max(r0-r+1, b.minRow); row <= min(r0+r-1, b.maxRow); row++ {
		visit(row, c0-r)
		visit(row, c0+r)
	}
}

// offerFar offers the candidates with no venue.
func (x *data) offerFar(cand *roaring.Bitmap, s *scan, top *topK) {
	it := cand.ManyIterator()
	buf := make([]uint32, 256)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, o := range buf[:n] {
			if x.ptOff[o] == x.ptOff[o+1] {
				if e, ok := s.match(o); ok {
					top.offer(e)
				}
			}
		}
	}
}

// ringHav returns a lower bound of the haversine (see hav) from a point at
// latitude lat to any point in a cell r rings away from the point's cell.
// Such a point is at least r-1 whole rows or r-1 whole columns away.
func ringHav(lat float64, r int64) float64 {
	if r <= 1 {
		return 0
	}
	const rad = math.Pi / 180
	dφ := float64(r-1) * cellLat * rad
	dλ := float64(r-1) * cellLon * rad
	maxLat := min(90, math.Abs(lat)+float64(r+1)*cellLat)
	if dφ >= math.Pi || dλ >= math.Pi {
		return 0 // no useful bound so far round the globe
	}
	sφ, sλ, c := math.Sin(dφ/2), math.Sin(dλ/2), math.Cos(maxLat*rad)
	return min(sφ*sφ, c*c*sλ*sλ) * (1 - 1e-9)
}

// queuedVenue is a venue waiting in a venueQueue.
type queuedVenue struct {
	h  float64
	id uint32
}

// venueQueue is a min-heap of venues by haversine from Near.
type venueQueue struct{ h []queuedVenue }

func (q *venueQueue) Len() int           { return len(q.h) }
func (q *venueQueue) Less(i, j int) bool { return q.h[i].h < q.h[j].h }
func (q *venueQueue) Swap(i, j int)      { q.h[i], q.h[j] = q.h[j], q.h[i] }
func (q *venueQueue) Push(v any)         { q.h = append(q.h, v.(queuedVenue)) }
func (q *venueQueue) Pop() any {
	v := q.h[len(q.h)-1]
	q.h = q.h[:len(q.h)-1]
	return v
}
