package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

// destination returns the point km from p on the initial bearing (degrees
// clockwise from north), on the same sphere as DistanceKm.
func destination(p Point, bearing, km float64) Point {
	const rad = math.Pi / 180
	δ := km / EarthRadiusKm
	θ := bearing * rad
	φ1, λ1 := p.Lat*rad, p.Lon*rad
	φ2 := math.Asin(math.Sin(φ1)*math.Cos(δ) + math.Cos(φ1)*math.Sin(δ)*math.Cos(θ))
	λ2 := λ1 + math.Atan2(math.Sin(θ)*math.Sin(δ)*math.Cos(φ1), math.Cos(δ)-math.Sin(φ1)*math.Sin(φ2))
	return Point{Lat: φ2 / rad, Lon: wrapLon(λ2 / rad)}
}

// checkWithin fails the test if q is within km of p but its cell is not in
// CellsWithin(p, km). It reports whether q was within km.
func checkWithin(t *testing.T, g *Grid, cells map[CellKey]bool, p Point, km float64, q Point) bool {
	t.Helper()
	if DistanceKm(p, q) > km {
		return false
	}
	if !cells[g.Cell(q)] {
		t.Fatalf("cell %v of %v (%.9f km from %v) missing from CellsWithin(%v km), grid %v km",
			g.Cell(q), q, DistanceKm(p, q), p, km, g.CellKm())
	}
	return true
}

func cellSet(t *testing.T, g *Grid, p Point, km float64) map[CellKey]bool {
	t.Helper()
	keys := g.CellsWithin(p, km)
	set := make(map[CellKey]bool, len(keys))
	for _, k := range keys {
		if set[k] {
			t.Fatalf("CellsWithin(%v, %v) repeats %v", p, km, k)
		}
		set[k] = true
	}
	if n := g.CountWithin(p, km); n != len(keys) {
		t.Fatalf("CountWithin(%v, %v) = %d, CellsWithin gave %d", p, km, n, len(keys))
	}
	return set
}

// The property: random centres across London and beyond its edges, random
// radii, random points inside each circle (weighted towards its rim), on grids
// of several sizes; no point within the radius is ever in a cell left out.
func TestGridCellsWithinNeverMisses(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	sizes := []float64{0.25, 0.5, 1, 2, 3.7, 5}
	checked := 0
	for i := 0; i < 600; i++ {
		g := NewGrid(sizes[i%len(sizes)])
		p := Point{Lat: 51.2 + rng.Float64()*0.6, Lon: -0.6 + rng.Float64()*1.0}
		km := rng.Float64() * 30
		if i%10 == 0 {
			km = rng.Float64() * 0.5 // radii smaller than a cell
		}
		cells := cellSet(t, g, p, km)
		for j := 0; j < 200; j++ {
			u := 1 - math.Pow(rng.Float64(), 4) // most near the rim
			if j%50 == 0 {
				u = 1
			}
			q := destination(p, rng.Float64()*360, km*u)
			if checkWithin(t, g, cells, p, km, q) {
				checked++
			}
		}
	}
	if checked < 100000 {
		t.Errorf("only %d points were within their radius; the test is not testing", checked)
	}
}

// Centres and points on and just beside cell boundaries, where rounding and
// off-by-one errors would show.
func TestGridCellsWithinCellEdges(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, size := range []float64{0.5, 1, 2} {
		g := NewGrid(size)
		for i := 0; i < 150; i++ {
			// A centre on a cell corner somewhere in London, nudged by 0 or 1 ulp.
			row := math.Floor((51.3 + rng.Float64()*0.35) / g.dLat)
			col := math.Floor((-0.5 + rng.Float64()*0.8) / g.dLon)
			p := Point{Lat: nudge(row*g.dLat, i%3), Lon: nudge(col*g.dLon, i/3%3)}
			km := float64(rng.IntN(6)) * size * (0.5 + rng.Float64()) // often a whole number of cells
			if i%7 == 0 {
				km = float64(1+rng.IntN(4)) * size // exactly whole
			}
			cells := cellSet(t, g, p, km)
			// Every cell corner in reach, and points a hair either side of it.
			span := int(km/size) + 3
			for dr := -span; dr <= span; dr++ {
				for dc := -2 * span; dc <= 2*span; dc++ {
					corner := Point{Lat: (row + float64(dr)) * g.dLat, Lon: (col + float64(dc)) * g.dLon}
					for _, eps := range []float64{0, 1e-12, -1e-12, 1e-9, -1e-9} {
						checkWithin(t, g, cells, p, km, Point{corner.Lat + eps, corner.Lon})
						checkWithin(t, g, cells, p, km, Point{corner.Lat, corner.Lon + eps})
					}
				}
			}
			// The rim, where it crosses the edges of the cells.
			for b := 0.0; b < 360; b += 0.5 {
				checkWithin(t, g, cells, p, km, destination(p, b, km))
				checkWithin(t, g, cells, p, km, destination(p, b, km*(1-1e-12)))
			}
		}
	}
}

// A point exactly at the radius counts as within it, however the rounding
// falls: the radius is taken as the point's own DistanceKm, with the point on
// a cell corner.
func TestGridCellsWithinExactRadius(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []float64{0.5, 1, 2} {
		g := NewGrid(size)
		for i := 0; i < 20000; i++ {
			p := Point{Lat: 51.3 + rng.Float64()*0.35, Lon: -0.5 + rng.Float64()*0.8}
			c := g.Cell(p)
			dr, dc := rng.IntN(9)-4, rng.IntN(9)-4
			q := Point{Lat: float64(c.Row+int32(dr)) * g.dLat, Lon: float64(c.Col+int32(dc)) * g.dLon}
			switch i % 3 { // due north or south, due east or west, anywhere
			case 0:
				q.Lon = p.Lon
			case 1:
				q.Lat = p.Lat
			}
			km := DistanceKm(p, q)
			cells := map[CellKey]bool{}
			for _, k := range g.CellsWithin(p, km) {
				cells[k] = true
			}
			checkWithin(t, g, cells, p, km, q)
		}
	}
}

// Absurdly wide cells (more than 180° of longitude) near the antimeridian:
// the two column ranges meet and must not repeat a cell.
func TestGridCellsWithinHugeCells(t *testing.T) {
	g := NewGrid(15000)
	for _, p := range []Point{{0, 179}, {0, -179}, {45, 179.9}, {-30, -179.9}} {
		cells := cellSet(t, g, p, 1000)
		for b := 0.0; b < 360; b += 1 {
			checkWithin(t, g, cells, p, 1000, destination(p, b, 999))
		}
	}
}

func nudge(x float64, how int) float64 {
	switch how {
	case 1:
		return math.Nextafter(x, math.Inf(1))
	case 2:
		return math.Nextafter(x, math.Inf(-1))
	}
	return x
}

// A circle's widest point east and west lies poleward of its centre, at
// longitude lon ± asin(sin r / cos lat), more than r / cos lat. Putting that
// point just past a cell boundary catches a box drawn at the centre's latitude.
func TestGridCellsWithinWidestPoint(t *testing.T) {
	const rad = math.Pi / 180
	for _, size := range []float64{1, 5} {
		g := NewGrid(size)
		for _, lat := range []float64{51.3, 51.5, 51.7, 60, 75} {
			for _, km := range []float64{5, 20, 40, 100} {
				r := km / EarthRadiusKm
				dLon := math.Asin(math.Sin(r)/math.Cos(lat*rad)) / rad
				widestLat := math.Asin(math.Sin(lat*rad)/math.Cos(r)) / rad
				for _, side := range []float64{1, -1} {
					// Place the centre so the widest point is 1e-9° past a boundary.
					boundary := math.Round(0.1/g.dLon) * g.dLon
					p := Point{Lat: lat, Lon: boundary - side*dLon + side*1e-9}
					q := Point{Lat: widestLat, Lon: p.Lon + side*(dLon-1e-10)}
					if DistanceKm(p, q) > km {
						t.Fatalf("test point %.12f km away, want within %v", DistanceKm(p, q), km)
					}
					cells := cellSet(t, g, p, km)
					checkWithin(t, g, cells, p, km, q)
				}
			}
		}
	}
}

// Far from London: near the poles and across the antimeridian.
func TestGridCellsWithinWorldwide(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	centres := []Point{
		{89.99, 0}, {-89.9, 45}, {90, 0}, {-90, 0},
		{0, 179.99}, {0, -179.99}, {51.5, 180}, {51.5, -180}, {-40, 179.5},
		{60.3, -1.3}, {49.2, -2.2}, // Shetland, Jersey
	}
	g := NewGrid(25)
	for _, p := range centres {
		for _, km := range []float64{0, 1, 30, 300} {
			cells := cellSet(t, g, p, km)
			for j := 0; j < 2000; j++ {
				q := destination(p, rng.Float64()*360, km*(1-math.Pow(rng.Float64(), 4)))
				checkWithin(t, g, cells, p, km, q)
			}
		}
	}
	// A radius beyond half the world covers everything.
	small := NewGrid(500)
	cells := cellSet(t, small, Point{51.5, -0.1}, 20100)
	for j := 0; j < 2000; j++ {
		q := Point{Lat: rng.Float64()*180 - 90, Lon: rng.Float64()*360 - 180}
		checkWithin(t, small, cells, Point{51.5, -0.1}, 20100, q)
	}
	if n := small.CountWithin(Point{51.5, -0.1}, math.Inf(1)); n != len(cells) {
		t.Errorf("infinite radius: %d cells, want the whole world's %d", n, len(cells))
	}
}

// Conservative but not wasteful: the box of cells hugs the circle.
func TestGridCellsWithinIsTight(t *testing.T) {
	tests := []struct {
		cellKm, km float64
		max        int
	}{
		{1, 0, 1},
		{1, 5, 12 * 12},
		{2, 8, 10 * 10},
		{0.5, 16.1, 66 * 66},
		{5, 1, 4},
	}
	for _, tt := range tests {
		g := NewGrid(tt.cellKm)
		p := Point{51.5074, -0.1278}
		n := len(g.CellsWithin(p, tt.km))
		if n > tt.max || n == 0 {
			t.Errorf("%v km on %v km cells: %d cells, want 1 to %d", tt.km, tt.cellKm, n, tt.max)
		}
	}
	if got := NewGrid(1).CellsWithin(Point{51.5, -0.1}, 0); len(got) != 1 || got[0] != NewGrid(1).Cell(Point{51.5, -0.1}) {
		t.Errorf("radius 0: %v, want only the point's own cell", got)
	}
}

func TestGridNothingWithin(t *testing.T) {
	g := NewGrid(1)
	tests := []struct {
		name string
		p    Point
		km   float64
	}{
		{"negative radius", Point{51.5, -0.1}, -1},
		{"NaN radius", Point{51.5, -0.1}, math.NaN()},
		{"NaN latitude", Point{math.NaN(), -0.1}, 5},
		{"NaN longitude", Point{51.5, math.NaN()}, 5},
	}
	for _, tt := range tests {
		if got := g.CellsWithin(tt.p, tt.km); got != nil {
			t.Errorf("%s: %d cells, want none", tt.name, len(got))
		}
		if n := g.CountWithin(tt.p, tt.km); n != 0 {
			t.Errorf("%s: CountWithin %d, want 0", tt.name, n)
		}
	}
}

func TestGridCell(t *testing.T) {
	g := NewGrid(1)
	// About a kilometre apart north-south and east-west in London: different
	// cells; a few metres apart in the middle of a cell: the same one.
	london := Point{51.5074, -0.1278}
	if g.Cell(london) == g.Cell(Point{51.5074 + 0.0181, -0.1278}) {
		t.Error("2 km north is in the same cell")
	}
	if g.Cell(london) == g.Cell(Point{51.5074, -0.1278 + 0.029}) {
		t.Error("2 km east is in the same cell")
	}
	mid := Point{(float64(g.Cell(london).Row) + 0.5) * g.dLat, (float64(g.Cell(london).Col) + 0.5) * g.dLon}
	if g.Cell(mid) != g.Cell(Point{mid.Lat + 0.00001, mid.Lon - 0.00001}) {
		t.Error("a metre apart mid-cell, different cells")
	}
	// Cells are about cellKm square at London's latitude.
	c := g.Cell(london)
	sw := Point{float64(c.Row) * g.dLat, float64(c.Col) * g.dLon}
	if ns := DistanceKm(sw, Point{sw.Lat + g.dLat, sw.Lon}); math.Abs(ns-1) > 1e-9 {
		t.Errorf("cell height %v km, want 1", ns)
	}
	if ew := DistanceKm(sw, Point{sw.Lat, sw.Lon + g.dLon}); math.Abs(ew-1) > 0.01 {
		t.Errorf("cell width %v km, want about 1", ew)
	}
	// West of Greenwich the columns are negative, and floor, not truncate:
	// the cells either side of 0° differ.
	if a, b := g.Cell(Point{51.5, 0.001}), g.Cell(Point{51.5, -0.001}); a.Col != 0 || b.Col != -1 {
		t.Errorf("columns either side of Greenwich %d and %d, want 0 and -1", a.Col, b.Col)
	}
	// Wrapping and clamping.
	if g.Cell(Point{51.5, 180}) != g.Cell(Point{51.5, -180}) {
		t.Error("180° and -180° are different cells")
	}
	if g.Cell(Point{51.5, 359.9}) != g.Cell(Point{51.5, -0.1}) {
		t.Error("359.9° and -0.1° are different cells")
	}
	if g.Cell(Point{95, 0}) != g.Cell(Point{90, 0}) {
		t.Error("latitude 95 is not clamped to 90")
	}
	if g.Cell(Point{math.NaN(), math.Inf(1)}) != (CellKey{}) {
		t.Error("NaN and Inf do not count as 0")
	}
	if g.CellKm() != 1 {
		t.Errorf("CellKm() = %v", g.CellKm())
	}
}

func TestNewGridPanics(t *testing.T) {
	for _, km := range []float64{0, -1, 0.001, math.NaN(), math.Inf(1)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewGrid(%v) did not panic", km)
				}
			}()
			NewGrid(km)
		}()
	}
}
