package geo_test

import (
	"fmt"

	"learnwell"
	"learnwell/internal/geo"
)

func ExampleParsePostcode() {
	for _, s := range []string{" sw1a1aa ", "n7", "SE1 CPB", ""} {
		p, err := geo.ParsePostcode(s)
		if err != nil {
			fmt.Printf("%q: %s\n", s, learnwell.ErrorMessage(err))
			continue
		}
		fmt.Printf("%q: %s (district %v)\n", s, p, p.IsDistrict())
	}
	// Output:
	// " sw1a1aa ": SW1A 1AA (district false)
	// "n7": N7 (district true)
	// "SE1 CPB": Enter a real postcode, like SE1 7PB or N7
	// "": Enter a postcode, like SE1 7PB
}

func ExampleLocateString() {
	_, pt, _ := geo.LocateString("SE1 7PB")
	b, _ := geo.BoroughAt(pt)
	fmt.Printf("%.5f, %.5f in %s\n", pt.Lat, pt.Lon, b.Name)

	_, _, err := geo.LocateString("zz9 9zz")
	fmt.Println(learnwell.ErrorCode(err), learnwell.ErrorMessage(err))
	// Output:
	// 51.49838, -0.08949 in Southwark
	// not_found We could not find the postcode ZZ9 9ZZ. Check it and try again
}

func ExampleGrid() {
	type course struct {
		name string
		at   geo.Point
	}
	courses := []course{
		{"Watercolour for beginners", geo.Point{Lat: 51.5415, Lon: -0.1027}}, // Islington
		{"ESOL entry 2", geo.Point{Lat: 51.3713, Lon: -0.0996}},              // Croydon
	}
	g := geo.NewGrid(2)
	buckets := map[geo.CellKey][]course{}
	for _, c := range courses {
		buckets[g.Cell(c.at)] = append(buckets[g.Cell(c.at)], c)
	}

	_, home, _ := geo.LocateString("N7")
	radius := geo.MilesToKm(3)
	for _, key := range g.CellsWithin(home, radius) {
		for _, c := range buckets[key] {
			if d := geo.DistanceKm(home, c.at); d <= radius {
				fmt.Printf("%s, %.1f miles\n", c.name, geo.KmToMiles(d))
			}
		}
	}
	// Output:
	// Watercolour for beginners, 1.0 miles
}
