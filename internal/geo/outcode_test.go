package geo

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"learnwell"
)

func TestDistricts(t *testing.T) {
	ds := Districts()
	if len(ds) != 2856 {
		t.Fatalf("%d districts, want 2856", len(ds))
	}
	if !slices.IsSortedFunc(ds, func(a, b District) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("districts are not sorted by code")
	}
	london := 0
	for _, d := range ds {
		if !d.Point.Valid() || d.Point.Lat < 49 || d.Point.Lat > 61 || d.Point.Lon < -9 || d.Point.Lon > 2 {
			t.Errorf("%s at %v is not in the British Isles", d.Code, d.Point)
		}
		if d.Region == "London" {
			london++
		}
	}
	if london != 279 {
		t.Errorf("%d London districts, want 279", london)
	}
	// The caller owns the slice.
	ds[0].Code = "XX"
	if Districts()[0].Code == "XX" {
		t.Error("Districts returned the package's own slice")
	}
}

func TestDistrictByCode(t *testing.T) {
	tests := []struct {
		code   string
		pt     Point
		town   string
		region string
	}{
		// Values from the data file itself: checks the columns are read right,
		// including a town with a comma in quotes.
		{"SE1", Point{51.49838, -0.08949}, "Camberwell", "London"},
		{"N7", Point{51.55277, -0.11607}, "Islington", "London"},
		{"SW1A", Point{51.50265, -0.13111}, "", "London"},
		{"AB10", Point{57.13514, -2.11731}, "Aberdeen", "Scotland"},
		{"EH10", Point{55.92077, -3.20984}, "Morningside, Braid Hill and Swanston", "Scotland"},
	}
	for _, tt := range tests {
		d, ok := DistrictByCode(tt.code)
		if !ok {
			t.Errorf("DistrictByCode(%q) not found", tt.code)
			continue
		}
		want := District{Code: tt.code, Point: tt.pt, Town: tt.town, Region: tt.region}
		if d != want {
			t.Errorf("DistrictByCode(%q) = %#v, want %#v", tt.code, d, want)
		}
	}
	for _, code := range []string{"ZZ9", "NW1W", "se1", "SE1 ", ""} {
		if d, ok := DistrictByCode(code); ok {
			t.Errorf("DistrictByCode(%q) = %#v, want not found", code, d)
		}
	}
}

func TestLocate(t *testing.T) {
	// Landmarks with independently known positions; each district's centroid
	// must be near its landmark.
	tests := []struct {
		in       string
		landmark Point
		withinKm float64
	}{
		{"SE1", Point{51.5011, -0.0943}, 1.5},     // Borough station
		{"SE1 7PB", Point{51.5011, -0.0943}, 1.5}, // same district
		{"N7", Point{51.5526, -0.1132}, 1},        // Holloway Road station
		{"SW1A 1AA", Point{51.5014, -0.1419}, 1},  // Buckingham Palace
		{"EC1A 1BB", Point{51.5177, -0.0997}, 1},  // St Bartholomew's Hospital
		{"CR0", Point{51.3755, -0.0925}, 2.5},     // East Croydon station
		{"E20", Point{51.5387, -0.0166}, 1.5},     // London Stadium
		{"M1 1AE", Point{53.4794, -2.2453}, 1.5},  // Manchester Piccadilly Gardens
		{"B33 8TH", Point{52.4800, -1.7750}, 3},   // Stechford, Birmingham
	}
	for _, tt := range tests {
		p, err := ParsePostcode(tt.in)
		if err != nil {
			t.Fatalf("ParsePostcode(%q): %v", tt.in, err)
		}
		pt, err := Locate(p)
		if err != nil {
			t.Errorf("Locate(%v): %v", p, err)
			continue
		}
		if d := DistanceKm(pt, tt.landmark); d > tt.withinKm {
			t.Errorf("Locate(%v) = %v, %.2f km from its landmark, want within %v km", p, pt, d, tt.withinKm)
		}
	}
}

func TestLocateFullPostcodeUsesDistrict(t *testing.T) {
	full, err := Locate(Postcode{Outward: "SE1", Inward: "7PB"})
	if err != nil {
		t.Fatal(err)
	}
	district, err := Locate(Postcode{Outward: "SE1"})
	if err != nil {
		t.Fatal(err)
	}
	if full != district || full != (Point{51.49838, -0.08949}) {
		t.Errorf("SE1 7PB at %v, SE1 at %v, want both at the SE1 centroid", full, district)
	}
}

func TestLocateErrors(t *testing.T) {
	tests := []struct {
		name string
		p    Postcode
		code string
		msg  string
	}{
		{"unknown postcode", Postcode{"ZZ9", "9ZZ"}, learnwell.ENOTFOUND, "We could not find the postcode ZZ9 9ZZ. Check it and try again"},
		{"unknown district", Postcode{"ZZ9", ""}, learnwell.ENOTFOUND, "We could not find the postcode ZZ9. Check it and try again"},
		{"non-geographic", Postcode{"NW1W", ""}, learnwell.ENOTFOUND, "We could not find the postcode NW1W. Check it and try again"},
		{"GIR", Postcode{"GIR", "0AA"}, learnwell.ENOTFOUND, "We could not find the postcode GIR 0AA. Check it and try again"},
		{"zero", Postcode{}, learnwell.EINVALID, MsgPostcodeEmpty},
		{"lower case by hand", Postcode{"se1", "7pb"}, learnwell.EINVALID, MsgPostcodeInvalid},
		{"bad inward by hand", Postcode{"SE1", "7PC"}, learnwell.EINVALID, MsgPostcodeInvalid},
		{"inward alone by hand", Postcode{"", "7PB"}, learnwell.EINVALID, MsgPostcodeInvalid},
		{"markup by hand", Postcode{"<b>", ""}, learnwell.EINVALID, MsgPostcodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, err := Locate(tt.p)
			checkError(t, err, tt.code, tt.msg)
			if pt != (Point{}) {
				t.Errorf("Locate returned %v with its error", pt)
			}
		})
	}
}

func TestLocateString(t *testing.T) {
	tests := []struct {
		in   string
		p    Postcode
		code string
		msg  string
	}{
		{" se1  7pb", Postcode{"SE1", "7PB"}, "", ""},
		{"n7", Postcode{"N7", ""}, "", ""},
		{"ZZ9 9ZZ", Postcode{"ZZ9", "9ZZ"}, learnwell.ENOTFOUND, "We could not find the postcode ZZ9 9ZZ. Check it and try again"},
		{"zz99zz", Postcode{"ZZ9", "9ZZ"}, learnwell.ENOTFOUND, "We could not find the postcode ZZ9 9ZZ. Check it and try again"},
		{"", Postcode{}, learnwell.EINVALID, "Enter a postcode, like SE1 7PB"},
		{"SE1 CPB", Postcode{}, learnwell.EINVALID, "Enter a real postcode, like SE1 7PB or N7"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, pt, err := LocateString(tt.in)
			if p != tt.p {
				t.Errorf("postcode %#v, want %#v", p, tt.p)
			}
			if tt.code == "" {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				if want, _ := Locate(tt.p); pt != want || pt == (Point{}) {
					t.Errorf("point %v, want %v", pt, want)
				}
				return
			}
			checkError(t, err, tt.code, tt.msg)
		})
	}
}

func checkError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *learnwell.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want a *learnwell.Error", err, err)
	}
	if e.Code != code || e.Message != msg {
		t.Errorf("error code %q message %q, want %q %q", e.Code, e.Message, code, msg)
	}
}

func TestParseOutcodesRejectsBadData(t *testing.T) {
	const header = "postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string\n"
	const row = "SE1,532600,179500,51.49838,-0.08949,Camberwell,Greater London,London,ENG,England\n"
	tests := []struct {
		name, csv, want string
	}{
		{"empty", "", "header"},
		{"header only", header, "no districts"},
		{"missing column", "postcode,latitude,town,uk_region\nSE1,51.4,x,London\n", `no column "longitude"`},
		{"repeated", header + row + row, "repeated"},
		{"bad outcode", header + strings.Replace(row, "SE1,", "SE1 7PB,", 1), "not an outward code"},
		{"lower case", header + strings.Replace(row, "SE1,", "se1,", 1), "not an outward code"},
		{"bad latitude", header + strings.Replace(row, "51.49838", "north", 1), "latitude"},
		{"bad longitude", header + strings.Replace(row, "-0.08949", "", 1), "longitude"},
		{"out of range", header + strings.Replace(row, "51.49838", "151.5", 1), "out of range"},
		{"NaN", header + strings.Replace(row, "51.49838", "NaN", 1), "out of range"},
		{"short row", header + "SE1,1\n", "wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseOutcodes(strings.NewReader(tt.csv))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	d, err := parseOutcodes(strings.NewReader(header + row))
	if err != nil || len(d.districts) != 1 || math.Abs(d.districts[0].Point.Lat-51.49838) > 0 {
		t.Errorf("one good row: %+v, %v", d, err)
	}
}
