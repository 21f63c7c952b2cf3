package search

import (
	"math"

	"learnwell/internal/geo"
)

// The index's own grid: cells of about cellKm by cellKm in London, in equal
// steps of latitude and longitude (the cell sizes of geo.NewGrid(cellKm)).
// Each cell lists the venues in it. A radius search checks the venues of
// the cells that can hold a point within the radius; a distance sort visits
// cells in rings outwards, which needs the cell sizes in degrees, so the
// grid is kept here rather than taken from geo.
const cellKm = 2.0

var (
	cellLat = cellKm / (geo.EarthRadiusKm * math.Pi / 180)
	cellLon = cellLat / math.Cos(51.5*math.Pi/180)
)

// maxCells bounds the cells a radius search visits; a larger radius skips
// the grid and checks every venue instead.
const maxCells = 4096

// cellKey names one grid cell: its row and column packed in 64 bits.
type cellKey uint64

func makeCellKey(row, col int64) cellKey {
	return cellKey(uint64(uint32(int32(row)))<<32 | uint64(uint32(int32(col))))
}

func (k cellKey) row() int64 { return int64(int32(uint32(k >> 32))) }
func (k cellKey) col() int64 { return int64(int32(uint32(k))) }

// cellOf returns the cell holding p.
func cellOf(p geo.Point) cellKey {
	return makeCellKey(cellRow(p.Lat), cellCol(p.Lon))
}

func cellRow(lat float64) int64 { return int64(math.Floor(lat / cellLat)) }
func cellCol(lon float64) int64 { return int64(math.Floor(lon / cellLon)) }

// cellBox is the smallest range of rows and columns holding every occupied
// cell; empty until a cell is added.
type cellBox struct {
	minRow, maxRow, minCol, maxCol int64
	any                            bool
}

func (b *cellBox) add(k cellKey) {
	r, c := k.row(), k.col()
	if !b.any {
		*b = cellBox{r, r, c, c, true}
		return
	}
	b.minRow, b.maxRow = min(b.minRow, r), max(b.maxRow, r)
	b.minCol, b.maxCol = min(b.minCol, c), max(b.maxCol, c)
}

// cellsWithin returns every cell that holds a point within km of p, or false
// when the radius cannot be bounded by cells (near a pole or the
// antimeridian, or a radius so large that the grid would not help).
func cellsWithin(p geo.Point, km float64) ([]cellKey, bool) {
	δ := km / geo.EarthRadiusKm // angular radius, radians
	φ := p.Lat * math.Pi / 180
	const margin = 1e-9 // degrees, against rounding at cell edges
	dLat := δ*180/math.Pi + margin
	if δ >= math.Pi/2 || p.Lat+dLat >= 90 || p.Lat-dLat <= -90 || math.Sin(δ) >= math.Cos(φ) {
		return nil, false
	}
	// The widest longitude a spherical cap of radius δ centred at latitude
	// φ reaches is asin(sin δ / cos φ) either side.
	dLon := math.Asin(math.Sin(δ)/math.Cos(φ))*180/math.Pi*(1+1e-9) + margin
	if p.Lon-dLon <= -180 || p.Lon+dLon >= 180 {
		return nil, false
	}
	r0, r1 := cellRow(p.Lat-dLat), cellRow(p.Lat+dLat)
	c0, c1 := cellCol(p.Lon-dLon), cellCol(p.Lon+dLon)
	if (r1-r0+1)*(c1-c0+1) > maxCells {
		return nil, false
	}
	keys := make([]cellKey, 0, (r1-r0+1)*(c1-c0+1))
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			keys = append(keys, makeCellKey(r, c))
		}
	}
	return keys, true
}

// vec is a point as a unit vector, so that the haversine of the distance
// between two points is a quarter of their squared chord: cheap, exact in
// order, and free of trigonometry at query time.
type vec [3]float64

func unitVec(p geo.Point) vec {
	φ, λ := p.Lat*math.Pi/180, p.Lon*math.Pi/180
	return vec{math.Cos(φ) * math.Cos(λ), math.Cos(φ) * math.Sin(λ), math.Sin(φ)}
}

// hav returns sin²(d/2R) for the great-circle distance d between a and b,
// the h of geo.DistanceKm's haversine formula. It grows with d.
func hav(a, b *vec) float64 {
	x, y, z := a[0]-b[0], a[1]-b[1], a[2]-b[2]
	return (x*x + y*y + z*z) / 4
}

// havOfKm returns the h of a distance of km (1 beyond half the globe).
func havOfKm(km float64) float64 {
	a := km / (2 * geo.EarthRadiusKm)
	if a >= math.Pi/2 {
		return 1
	}
	s := math.Sin(a)
	return s * s
}

// havBand is the relative width of the band around a radius in which the
// chord is too close to call and geo.DistanceKm decides.
const havBand = 1e-6
