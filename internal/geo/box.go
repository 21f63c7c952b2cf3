package geo

import "math"

// Box is a range of latitudes and longitudes, in degrees.
type Box struct {
	MinLat, MaxLat float64
	MinLon, MaxLon float64
}

// Contains reports whether pt is inside the box (edges included).
func (b Box) Contains(pt Point) bool {
	return pt.Lat >= b.MinLat && pt.Lat <= b.MaxLat && pt.Lon >= b.MinLon && pt.Lon <= b.MaxLon
}

// BoxAround returns a box holding every point within km of p by DistanceKm,
// and a little more, so that a database can narrow a "within" search by
// plain comparisons before DistanceKm decides. Near a pole, or where the box
// would cross the antimeridian, it spans every longitude.
func BoxAround(p Point, km float64) Box {
	// A margin of a millionth of a degree (about 11 cm) and a tenth of a
	// per cent covers any rounding in DistanceKm and in the engines.
	const margin = 1e-6
	ang := km * 1.001 / EarthRadiusKm // the angle at the Earth's centre, radians
	dLat := ang * 180 / math.Pi
	b := Box{MinLat: max(p.Lat-dLat-margin, -90), MaxLat: min(p.Lat+dLat+margin, 90), MinLon: -180, MaxLon: 180}
	lat := p.Lat * math.Pi / 180
	if ang >= math.Pi/2 || math.Abs(lat)+ang >= math.Pi/2 {
		return b // a pole is within reach: every longitude
	}
	// The widest longitude at angular distance ang from p is where the great
	// circle touches a meridian: sin(dLon) = sin(ang) / cos(lat).
	dLon := math.Asin(math.Min(1, math.Sin(ang)/math.Cos(lat)))*180/math.Pi + margin
	if p.Lon-dLon < -180 || p.Lon+dLon > 180 {
		return b
	}
	b.MinLon, b.MaxLon = p.Lon-dLon, p.Lon+dLon
	return b
}
