package geo

import (
	"strings"
	"testing"
)

var benchPostcodes = []string{"SE1 7PB", " sw1a1aa ", "n7", "EC1A 1BB", "CR0 2RJ", "e20 1jn", "M1 1AE", "ZZ9 9ZZ"}

func BenchmarkParsePostcode(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := ParsePostcode(benchPostcodes[i%(len(benchPostcodes)-1)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkParseAndLocate(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p, err := ParsePostcode(benchPostcodes[i%(len(benchPostcodes)-1)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Locate(p); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkLocateStringNotFound(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := LocateString("ZZ9 9ZZ"); err == nil {
			b.Fatal("found ZZ9 9ZZ")
		}
	}
}

func BenchmarkBoroughAt(b *testing.B) {
	ds := Districts()
	var pts []Point
	for _, d := range ds {
		if d.Region == "London" {
			pts = append(pts, d.Point)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		BoroughAt(pts[i%len(pts)])
		i++
	}
}

func BenchmarkBoroughAtOutside(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := BoroughAt(Point{53.4808, -2.2426}); ok {
			b.Fatal("Manchester in London")
		}
	}
}

func BenchmarkDistanceKm(b *testing.B) {
	p, q := Point{51.5074, -0.1278}, Point{51.3755, -0.0925}
	for b.Loop() {
		DistanceKm(p, q)
	}
}

func BenchmarkCellsWithin5kmOn1km(b *testing.B) {
	g := NewGrid(1)
	b.ReportAllocs()
	for b.Loop() {
		g.CellsWithin(Point{51.5074, -0.1278}, 5)
	}
}

// The one-off cost of reading the embedded data, paid on first use.
func BenchmarkLoadOutcodes(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseOutcodes(strings.NewReader(outcodesCSV)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadBoroughs(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseBoroughs(boroughsGeoJSON); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDistrictsByBorough(b *testing.B) {
	areas, ds := boroughs().areas, outcodes().districts
	b.ReportAllocs()
	for b.Loop() {
		districtsByBorough(areas, ds, fallbackDistricts)
	}
}
