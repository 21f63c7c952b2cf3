package geo

import (
	"math"
	"testing"
)

func TestDistanceKmCityPairs(t *testing.T) {
	// Published great-circle distances between city centres, to within 0.5%
	// (the sphere against the ellipsoid) plus the vagueness of "centre".
	var (
		london     = Point{51.5074, -0.1278} // Charing Cross
		paris      = Point{48.8566, 2.3522}
		edinburgh  = Point{55.9533, -3.1883}
		manchester = Point{53.4808, -2.2426}
		newYork    = Point{40.7128, -74.0060}
		sydney     = Point{-33.8688, 151.2093}
	)
	tests := []struct {
		name string
		a, b Point
		km   float64
		tol  float64 // fraction
	}{
		{"London-Paris", london, paris, 343.5, 0.01},
		{"London-Edinburgh", london, edinburgh, 534, 0.01},
		{"London-Manchester", london, manchester, 262, 0.01},
		{"London-New York", london, newYork, 5570, 0.01},
		{"London-Sydney", london, sydney, 16990, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DistanceKm(tt.a, tt.b)
			if math.Abs(got-tt.km) > tt.km*tt.tol {
				t.Errorf("DistanceKm = %.1f km, want %.1f km ± %.1f%%", got, tt.km, tt.tol*100)
			}
			if back := DistanceKm(tt.b, tt.a); math.Abs(back-got) > 1e-9 {
				t.Errorf("not symmetric: %v and %v", got, back)
			}
		})
	}
}

func TestDistanceKmExact(t *testing.T) {
	arc := EarthRadiusKm * math.Pi / 180 // one degree of a great circle
	tests := []struct {
		name string
		a, b Point
		km   float64
	}{
		{"same point", Point{51.5, -0.1}, Point{51.5, -0.1}, 0},
		{"one degree of latitude", Point{51, -0.1}, Point{52, -0.1}, arc},
		{"one degree along the equator", Point{0, 10}, Point{0, 11}, arc},
		{"across the antimeridian", Point{0, 179.5}, Point{0, -179.5}, arc},
		{"pole to pole", Point{90, 0}, Point{-90, 0}, math.Pi * EarthRadiusKm},
		{"antipodes", Point{51.5, -0.1}, Point{-51.5, 179.9}, math.Pi * EarthRadiusKm},
		{"quarter", Point{0, 0}, Point{0, 90}, math.Pi / 2 * EarthRadiusKm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DistanceKm(tt.a, tt.b); math.Abs(got-tt.km) > 1e-6 {
				t.Errorf("DistanceKm = %.9f, want %.9f", got, tt.km)
			}
		})
	}
}

func TestDistanceKmPinned(t *testing.T) {
	// The IUGG mean radius, 6371.0088 km: one degree of a meridian is
	// 111.195080 km (6371 km would give 111.194927).
	if got := DistanceKm(Point{51, 0}, Point{52, 0}); math.Abs(got-111.195080) > 1e-6 {
		t.Errorf("one degree = %.6f km, want 111.195080", got)
	}
	// Charing Cross to East Croydon station, worked out separately (Python, same formula).
	if got := DistanceKm(Point{51.5074, -0.1278}, Point{51.3755, -0.0925}); math.Abs(got-14.8693) > 0.0001 {
		t.Errorf("Charing Cross to East Croydon = %.4f km, want 14.8693", got)
	}
}

func TestDistanceKmSmall(t *testing.T) {
	// 0.001 degrees of latitude is about 111 m; haversine keeps its precision.
	got := DistanceKm(Point{51.5, 0}, Point{51.501, 0})
	want := EarthRadiusKm * 0.001 * math.Pi / 180
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("DistanceKm = %.12f, want %.12f", got, want)
	}
}

func TestMilesKm(t *testing.T) {
	tests := []struct{ mi, km float64 }{
		{0, 0},
		{1, 1.609344},
		{5, 8.04672},
		{26.21875, 42.194988}, // a marathon
		{-2, -3.218688},
	}
	for _, tt := range tests {
		if got := MilesToKm(tt.mi); math.Abs(got-tt.km) > 1e-9 {
			t.Errorf("MilesToKm(%v) = %v, want %v", tt.mi, got, tt.km)
		}
		if got := KmToMiles(tt.km); math.Abs(got-tt.mi) > 1e-9 {
			t.Errorf("KmToMiles(%v) = %v, want %v", tt.km, got, tt.mi)
		}
	}
}

func TestPointValid(t *testing.T) {
	tests := []struct {
		p    Point
		want bool
	}{
		{Point{51.5, -0.1}, true},
		{Point{90, 180}, true},
		{Point{-90, -180}, true},
		{Point{90.0001, 0}, false},
		{Point{0, -180.0001}, false},
		{Point{math.NaN(), 0}, false},
		{Point{0, math.NaN()}, false},
		{Point{math.Inf(1), 0}, false},
	}
	for _, tt := range tests {
		if got := tt.p.Valid(); got != tt.want {
			t.Errorf("%v.Valid() = %v, want %v", tt.p, got, tt.want)
		}
	}
}
