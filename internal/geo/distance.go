package geo

import "math"

// EarthRadiusKm is the mean radius of the Earth (IUGG), used for all distances.
const EarthRadiusKm = 6371.0088

// kmPerMile is the international mile in kilometres (exact).
const kmPerMile = 1.609344

// Point is a position in WGS84 degrees: Lat north, Lon east.
type Point struct {
	Lat float64
	Lon float64
}

// Valid reports whether p is a usable position: finite, with Lat in
// [-90, 90] and Lon in [-180, 180].
func (p Point) Valid() bool {
	return p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180
}

// DistanceKm returns the great-circle distance between a and b in kilometres,
// by the haversine formula on a sphere of radius EarthRadiusKm. It is within
// about 0.5% of the distance on the ellipsoid, plenty for "within 5 miles".
func DistanceKm(a, b Point) float64 {
	const rad = math.Pi / 180
	φ1, φ2 := a.Lat*rad, b.Lat*rad
	dφ := φ2 - φ1
	dλ := (b.Lon - a.Lon) * rad
	sφ, sλ := math.Sin(dφ/2), math.Sin(dλ/2)
	h := sφ*sφ + math.Cos(φ1)*math.Cos(φ2)*sλ*sλ
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(math.Min(1, h)))
}

// KmToMiles converts kilometres to (international) miles.
func KmToMiles(km float64) float64 { return km / kmPerMile }

// MilesToKm converts (international) miles to kilometres.
func MilesToKm(mi float64) float64 { return mi * kmPerMile }
