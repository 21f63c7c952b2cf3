package geo

import (
	"fmt"
	"math"
)

// gridRefLat is the latitude (London's) at which a Grid's cells are square.
const gridRefLat = 51.5

// minCellKm is the smallest cell a Grid accepts.
const minCellKm = 0.01

// gridMarginRad widens every search box by about 6 mm, far more than the
// rounding in DistanceKm, so a point exactly at the radius is never missed.
const gridMarginRad = 1e-9

// Grid buckets points into cells of about cellKm by cellKm, so that finding
// everything within R km of a point needs to look only in nearby cells: put
// each item in the bucket g.Cell(item.Point), then for a search visit the
// buckets g.CellsWithin(p, R) and keep the items with DistanceKm(p, item) <= R.
//
// Cells are fixed steps of latitude and longitude, square at London's
// latitude (a little narrower further north). A Grid holds no items and is
// safe for concurrent use.
type Grid struct {
	cellKm     float64
	dLat, dLon float64 // cell size in degrees
}

// CellKey names one cell of a Grid: Row counts cells north from the equator
// and Col cells east from Greenwich (both negative the other way). It is
// comparable, for use as a map key.
type CellKey struct {
	Row int32
	Col int32
}

// NewGrid returns a grid of cells about cellKm on a side. Pick a size near the
// usual search radius: smaller cells mean more keys per search, larger cells
// more items to filter. It panics if cellKm is below 0.01 or not finite.
func NewGrid(cellKm float64) *Grid {
	if !(cellKm >= minCellKm) || math.IsInf(cellKm, 0) {
		panic(fmt.Sprintf("geo: NewGrid(%v): cell size must be at least %v km", cellKm, minCellKm))
	}
	kmPerDeg := EarthRadiusKm * math.Pi / 180
	return &Grid{
		cellKm: cellKm,
		dLat:   cellKm / kmPerDeg,
		dLon:   cellKm / (kmPerDeg * math.Cos(gridRefLat*math.Pi/180)),
	}
}

// CellKm returns the cell size the grid was made with.
func (g *Grid) CellKm() float64 { return g.cellKm }

// Cell returns the cell holding pt. Latitudes beyond the poles are clamped and
// longitudes wrapped into [-180, 180); a NaN latitude, or a NaN or infinite
// longitude, counts as 0.
func (g *Grid) Cell(pt Point) CellKey {
	return CellKey{Row: g.row(clampLat(pt.Lat)), Col: g.col(wrapLon(pt.Lon))}
}

func (g *Grid) row(lat float64) int32 { return int32(math.Floor(lat / g.dLat)) }

func (g *Grid) col(lon float64) int32 { return int32(math.Floor(lon / g.dLon)) }

// CellsWithin returns every cell that could hold a point within km of pt
// (by DistanceKm): conservative, so it never misses one, and it may include
// cells at the corners that hold none. The keys come row by row, each once.
// A negative or NaN km, or a pt with a NaN coordinate, gives none.
//
// The number of cells grows as (km / cell size)²: about 10 × 10 for a 5 km
// radius on 1 km cells, but a million for 500 km. Where km comes from a person,
// bound it, or compare CountWithin with the number of occupied cells and scan
// those instead when it is larger.
func (g *Grid) CellsWithin(pt Point, km float64) []CellKey {
	s, ok := g.span(pt, km)
	if !ok {
		return nil
	}
	keys := make([]CellKey, 0, s.count())
	for r := s.rowLo; r <= s.rowHi; r++ {
		for _, c := range s.cols[:s.ncols] {
			for col := c[0]; col <= c[1]; col++ {
				keys = append(keys, CellKey{Row: r, Col: col})
			}
		}
	}
	return keys
}

// CountWithin returns len(g.CellsWithin(pt, km)) without building the slice.
func (g *Grid) CountWithin(pt Point, km float64) int {
	s, ok := g.span(pt, km)
	if !ok {
		return 0
	}
	return s.count()
}

// cellSpan is a block of rows by up to two ranges of columns (two when the
// search box crosses the antimeridian). Ranges are inclusive.
type cellSpan struct {
	rowLo, rowHi int32
	cols         [2][2]int32
	ncols        int
}

func (s cellSpan) count() int {
	var n int64
	for _, c := range s.cols[:s.ncols] {
		n += max(0, int64(c[1])-int64(c[0])+1)
	}
	n *= max(0, int64(s.rowHi)-int64(s.rowLo)+1)
	return int(min(n, math.MaxInt)) // on 32-bit platforms, an absurd radius on tiny cells
}

// span works out the cells covering the bounding box of the spherical cap of
// radius km around pt (J. P. Matuschek, "Finding points within a distance of
// a latitude/longitude using bounding coordinates"): latitudes lat ± r, and
// longitudes lon ± asin(sin r / cos lat), widest not at pt's own latitude but
// nearer the pole; when the cap reaches a pole, every longitude.
func (g *Grid) span(pt Point, km float64) (cellSpan, bool) {
	if !(km >= 0) || math.IsNaN(pt.Lat) || math.IsNaN(pt.Lon) {
		return cellSpan{}, false
	}
	const deg = 180 / math.Pi
	lat, lon := clampLat(pt.Lat), wrapLon(pt.Lon)
	r := km/EarthRadiusKm + gridMarginRad // angular radius, widened
	latLo, latHi := lat-r*deg, lat+r*deg
	var s cellSpan
	if latLo <= -90 || latHi >= 90 { // including any r of π or more
		s.rowLo, s.rowHi = g.row(max(latLo, -90)), g.row(min(latHi, 90))
		s.cols[0] = [2]int32{g.col(-180), g.col(180)}
		s.ncols = 1
		return s, true
	}
	s.rowLo, s.rowHi = g.row(latLo), g.row(latHi)
	// The cap stays off the poles, so sin r < cos lat and the true half-width
	// is under 90°: the cap at 90° loses nothing. With it, a box crossing the
	// antimeridian has one end west of Greenwich and the other east, so its
	// two column ranges lie either side of 0° and never share a cell.
	dLon := min(90, math.Asin(math.Min(1, math.Sin(r)/math.Cos(lat/deg)))*deg+gridMarginRad*deg)
	lonLo, lonHi := lon-dLon, lon+dLon
	switch {
	case lonLo < -180:
		s.cols[0] = [2]int32{g.col(-180), g.col(lonHi)}
		s.cols[1] = [2]int32{g.col(lonLo + 360), g.col(180)}
		s.ncols = 2
	case lonHi >= 180:
		s.cols[0] = [2]int32{g.col(-180), g.col(lonHi - 360)}
		s.cols[1] = [2]int32{g.col(lonLo), g.col(180)}
		s.ncols = 2
	default:
		s.cols[0] = [2]int32{g.col(lonLo), g.col(lonHi)}
		s.ncols = 1
	}
	return s, true
}

// clampLat limits a latitude to [-90, 90]; NaN becomes 0.
func clampLat(lat float64) float64 {
	if math.IsNaN(lat) {
		return 0
	}
	return max(-90, min(90, lat))
}

// wrapLon brings a longitude into [-180, 180), leaving values already there
// exactly as they are; NaN and infinities become 0.
func wrapLon(lon float64) float64 {
	if lon >= -180 && lon < 180 {
		return lon
	}
	if math.IsNaN(lon) || math.IsInf(lon, 0) {
		return 0
	}
	l := math.Mod(lon+180, 360)
	if l < 0 {
		l += 360
	}
	l -= 180
	if l >= 180 { // rounding
		l = -180
	}
	return l
}
