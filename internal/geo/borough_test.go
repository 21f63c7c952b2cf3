package geo

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestBoroughs(t *testing.T) {
	bs := Boroughs()
	if len(bs) != 33 {
		t.Fatalf("%d boroughs, want 33", len(bs))
	}
	if !slices.IsSortedFunc(bs, func(a, b Borough) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("boroughs are not sorted by name")
	}
	seen := map[string]bool{}
	for _, b := range bs {
		seen[b.Code] = true
	}
	for i := 1; i <= 33; i++ {
		code := fmt.Sprintf("E090000%02d", i)
		if !seen[code] {
			t.Errorf("%s missing", code)
		}
	}
	if bs[0].Name != "Barking and Dagenham" || bs[32].Name != "Westminster" {
		t.Errorf("first %q and last %q", bs[0].Name, bs[32].Name)
	}
	bs[0].Name = "changed"
	if Boroughs()[0].Name == "changed" {
		t.Error("Boroughs returned the package's own slice")
	}
}

func TestBoroughByCode(t *testing.T) {
	tests := []struct{ code, name string }{
		{"E09000001", "City of London"},
		{"E09000002", "Barking and Dagenham"},
		{"E09000007", "Camden"},
		{"E09000008", "Croydon"},
		{"E09000012", "Hackney"},
		{"E09000013", "Hammersmith and Fulham"},
		{"E09000019", "Islington"},
		{"E09000020", "Kensington and Chelsea"},
		{"E09000021", "Kingston upon Thames"},
		{"E09000025", "Newham"},
		{"E09000027", "Richmond upon Thames"},
		{"E09000028", "Southwark"},
		{"E09000030", "Tower Hamlets"},
		{"E09000033", "Westminster"},
	}
	for _, tt := range tests {
		b, ok := BoroughByCode(tt.code)
		if !ok || b != (Borough{tt.code, tt.name}) {
			t.Errorf("BoroughByCode(%q) = %#v, %v, want %q", tt.code, b, ok, tt.name)
		}
	}
	for _, code := range []string{"", "E09000000", "E09000034", "e09000001", "E08000001", "Westminster"} {
		if b, ok := BoroughByCode(code); ok {
			t.Errorf("BoroughByCode(%q) = %#v, want not found", code, b)
		}
	}
}

func TestBoroughAt(t *testing.T) {
	// A landmark well inside each of the 33, then places outside London.
	tests := []struct {
		place string
		pt    Point
		code  string // "" for outside London
	}{
		{"St Paul's Cathedral", Point{51.5138, -0.0984}, "E09000001"},
		{"Guildhall", Point{51.5157, -0.0919}, "E09000001"},
		{"Barking town centre", Point{51.5396, 0.0810}, "E09000002"},
		{"Chipping Barnet", Point{51.6252, -0.1517}, "E09000003"},
		{"Bexleyheath", Point{51.4563, 0.1500}, "E09000004"},
		{"Wembley Stadium", Point{51.5560, -0.2796}, "E09000005"},
		{"Bromley town centre", Point{51.4057, 0.0144}, "E09000006"},
		{"Camden Town station", Point{51.5392, -0.1426}, "E09000007"},
		{"Croydon Town Hall", Point{51.3713, -0.0996}, "E09000008"},
		{"East Croydon station", Point{51.3755, -0.0925}, "E09000008"},
		{"Ealing Broadway", Point{51.5130, -0.3089}, "E09000009"},
		{"Enfield Town", Point{51.6523, -0.0807}, "E09000010"},
		{"Royal Observatory", Point{51.4769, -0.0005}, "E09000011"},
		{"Hackney Town Hall", Point{51.5450, -0.0553}, "E09000012"},
		{"Hammersmith Broadway", Point{51.4927, -0.2339}, "E09000013"},
		{"Wood Green", Point{51.5975, -0.1097}, "E09000014"},
		{"Harrow on the Hill", Point{51.5806, -0.3420}, "E09000015"},
		{"Romford", Point{51.5750, 0.1830}, "E09000016"},
		{"Heathrow Airport", Point{51.4700, -0.4543}, "E09000017"},
		{"Hounslow town centre", Point{51.4668, -0.3615}, "E09000018"},
		{"Islington Town Hall, Upper Street", Point{51.5415, -0.1027}, "E09000019"},
		{"High Street Kensington", Point{51.5010, -0.1920}, "E09000020"},
		{"Kingston town centre", Point{51.4123, -0.3007}, "E09000021"},
		{"Brixton", Point{51.4627, -0.1145}, "E09000022"},
		{"Lewisham station", Point{51.4615, -0.0139}, "E09000023"},
		{"Wimbledon", Point{51.4214, -0.2064}, "E09000024"},
		{"Stratford station", Point{51.5416, -0.0033}, "E09000025"},
		{"Ilford", Point{51.5590, 0.0741}, "E09000026"},
		{"Kew Gardens", Point{51.4787, -0.2956}, "E09000027"},
		{"Peckham", Point{51.4700, -0.0690}, "E09000028"},
		{"Sutton town centre", Point{51.3618, -0.1945}, "E09000029"},
		{"Canary Wharf", Point{51.5054, -0.0235}, "E09000030"},
		{"Whitechapel station", Point{51.5194, -0.0612}, "E09000030"},
		{"Walthamstow", Point{51.5830, -0.0195}, "E09000031"},
		{"Wandsworth Town", Point{51.4571, -0.1931}, "E09000032"},
		{"Trafalgar Square", Point{51.5080, -0.1281}, "E09000033"},
		{"Houses of Parliament", Point{51.4995, -0.1248}, "E09000033"},
		{"Brighton", Point{50.8225, -0.1372}, ""},
		{"Watford", Point{51.6565, -0.3903}, ""},
		{"Dartford", Point{51.4462, 0.2181}, ""},
		{"Paris", Point{48.8566, 2.3522}, ""},
		{"Null Island", Point{0, 0}, ""},
		{"the North Pole", Point{90, 0}, ""},
	}
	for _, tt := range tests {
		b, ok := BoroughAt(tt.pt)
		switch {
		case tt.code == "" && ok:
			t.Errorf("%s: BoroughAt(%v) = %v, want outside London", tt.place, tt.pt, b)
		case tt.code != "" && (!ok || b.Code != tt.code):
			want, _ := BoroughByCode(tt.code)
			t.Errorf("%s: BoroughAt(%v) = %v, %v, want %v", tt.place, tt.pt, b, ok, want)
		}
	}
}

// Newham's second polygon (a small piece by the Lea) must count.
func TestBoroughAtMultiPolygon(t *testing.T) {
	d := boroughs()
	newham := d.areas[d.byCode["E09000025"]]
	if len(newham.shape.polys) != 2 {
		t.Fatalf("Newham has %d polygons, want 2", len(newham.shape.polys))
	}
	pt := Point{51.5082, 0.0080}
	if newham.shape.polys[0][0].contains(pt) {
		t.Fatalf("%v is inside Newham's first polygon; pick a point only the second holds", pt)
	}
	if b, ok := BoroughAt(pt); !ok || b.Code != "E09000025" {
		t.Errorf("BoroughAt(%v) = %v, %v, want Newham", pt, b, ok)
	}
}

func TestBoroughCentroidsInside(t *testing.T) {
	// Every London borough is compact enough for its centroid to lie inside it;
	// this checks the centroid arithmetic used for the fallback.
	for _, a := range boroughs().areas {
		if !a.shape.contains(a.centroid) {
			t.Errorf("%s: centroid %v is outside its boundary", a.Name, a.centroid)
		}
	}
}

func TestDistrictsInBorough(t *testing.T) {
	total := 0
	owner := map[string]string{}
	for _, b := range Boroughs() {
		ds := DistrictsInBorough(b.Code)
		if len(ds) == 0 {
			t.Errorf("%s (%s) has no districts", b.Name, b.Code)
		}
		if !slices.IsSorted(ds) {
			t.Errorf("%s: districts not sorted: %v", b.Name, ds)
		}
		for _, code := range ds {
			d, ok := DistrictByCode(code)
			if !ok {
				t.Errorf("%s: unknown district %s", b.Name, code)
				continue
			}
			if at, ok := BoroughAt(d.Point); !ok || at != b {
				t.Errorf("%s: district %s has its centroid in %v", b.Name, code, at)
			}
			if prev, dup := owner[code]; dup {
				t.Errorf("district %s in both %s and %s", code, prev, b.Name)
			}
			owner[code] = b.Name
		}
		total += len(ds)
	}
	// PROVENANCE.md: 280 centroids fall inside the borough polygons.
	if total != 280 {
		t.Errorf("%d districts in London boroughs, want 280", total)
	}
	tests := []struct {
		code string
		has  []string
	}{
		{"E09000001", []string{"EC2V", "EC4M"}}, // City of London: Guildhall, St Paul's
		{"E09000019", []string{"N1", "N7"}},     // Islington
		{"E09000008", []string{"CR0"}},          // Croydon
		{"E09000025", []string{"E13", "E20"}},   // Newham, with E20 corrected
		{"E09000033", []string{"SW1A", "W1"}},   // Westminster
	}
	for _, tt := range tests {
		ds := DistrictsInBorough(tt.code)
		for _, code := range tt.has {
			if !slices.Contains(ds, code) {
				t.Errorf("DistrictsInBorough(%s) = %v, want it to include %s", tt.code, ds, code)
			}
		}
	}
	if ds := DistrictsInBorough("E09000034"); ds != nil {
		t.Errorf("unknown borough: %v", ds)
	}
	ds := DistrictsInBorough("E09000001")
	ds[0] = "changed"
	if DistrictsInBorough("E09000001")[0] == "changed" {
		t.Error("DistrictsInBorough returned the package's own slice")
	}
}

func TestDistrictsByBoroughFallback(t *testing.T) {
	// A tiny square near St Paul's that holds no district centroid.
	sq, err := parseGeometry("Polygon", []byte(`[[[-0.1,51.514],[-0.099,51.514],[-0.099,51.515],[-0.1,51.515],[-0.1,51.514]]]`))
	if err != nil {
		t.Fatal(err)
	}
	tiny := boroughArea{Borough: Borough{"X1", "Tiny"}, shape: sq, centroid: sq.centroid()}
	if c := (Point{51.5145, -0.0995}); DistanceKm(tiny.centroid, c) > 0.001 {
		t.Fatalf("centroid %v, want %v", tiny.centroid, c)
	}
	ds := outcodes().districts
	got := districtsByBorough([]boroughArea{tiny}, ds, 3)["X1"]
	want := nearestDistricts(tiny.centroid, ds, 3)
	if len(got) != 3 || !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Fatalf("fallback %v, want the sorted nearest 3 %v", got, want)
	}
	for _, code := range got {
		if !strings.HasPrefix(code, "EC") {
			t.Errorf("fallback district %s is not in the City", code)
		}
	}
	// The nearest are nearest: nothing outside the three is closer than any in it.
	far := 0.0
	for _, code := range got {
		d, _ := DistrictByCode(code)
		far = max(far, DistanceKm(tiny.centroid, d.Point))
	}
	for _, d := range ds {
		if !slices.Contains(got, d.Code) && DistanceKm(tiny.centroid, d.Point) < far {
			t.Errorf("%s is nearer than the fallback districts %v", d.Code, got)
		}
	}
}

func TestParseBoroughsRejectsBadData(t *testing.T) {
	const poly = `{"type":"Polygon","coordinates":[[[0,51],[0.1,51],[0.1,51.1],[0,51]]]}`
	feature := func(props, geom string) string {
		return `{"type":"Feature","properties":` + props + `,"geometry":` + geom + `}`
	}
	fc := func(features ...string) string {
		return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
	}
	good := feature(`{"areacd":"E1","areanm":"One"}`, poly)
	tests := []struct{ name, json, want string }{
		{"not json", `{`, "unexpected end"},
		{"wrong type", `{"type":"Feature"}`, "FeatureCollection"},
		{"no features", fc(), "no features"},
		{"no code", fc(feature(`{"areanm":"One"}`, poly)), "no areacd"},
		{"repeated", fc(good, good), "repeated"},
		{"point", fc(feature(`{"areacd":"E1","areanm":"One"}`, `{"type":"Point","coordinates":[0,51]}`)), "not a Polygon"},
		{"short ring", fc(feature(`{"areacd":"E1","areanm":"One"}`, `{"type":"Polygon","coordinates":[[[0,51],[0.1,51],[0,51]]]}`)), "ring of 3"},
		{"no rings", fc(feature(`{"areacd":"E1","areanm":"One"}`, `{"type":"Polygon","coordinates":[]}`)), "polygon without rings"},
		{"empty multi", fc(feature(`{"areacd":"E1","areanm":"One"}`, `{"type":"MultiPolygon","coordinates":[]}`)), "empty geometry"},
		{"out of range", fc(feature(`{"areacd":"E1","areanm":"One"}`, `{"type":"Polygon","coordinates":[[[0,51],[200,51],[0.1,51.1],[0,51]]]}`)), "out of range"},
		{"short position", fc(feature(`{"areacd":"E1","areanm":"One"}`, `{"type":"Polygon","coordinates":[[[0,51],[0.1],[0.1,51.1],[0,51]]]}`)), "position with 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseBoroughs([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	d, err := parseBoroughs([]byte(fc(good)))
	if err != nil || len(d.areas) != 1 {
		t.Fatalf("one good feature: %v", err)
	}
}

func TestShapeHoles(t *testing.T) {
	// A 4x4 square with a 2x2 hole in the middle.
	s, err := parseGeometry("Polygon", []byte(`[
		[[0,0],[4,0],[4,4],[0,4],[0,0]],
		[[1,1],[1,3],[3,3],[3,1],[1,1]]]`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pt   Point
		want bool
	}{
		{Point{Lat: 0.5, Lon: 0.5}, true},
		{Point{Lat: 2, Lon: 2}, false}, // in the hole
		{Point{Lat: 3.5, Lon: 2}, true},
		{Point{Lat: 5, Lon: 2}, false},
		{Point{Lat: 2, Lon: -1}, false},
	}
	for _, tt := range tests {
		if got := s.contains(tt.pt); got != tt.want {
			t.Errorf("contains(%v) = %v, want %v", tt.pt, got, tt.want)
		}
	}
	// Area 16 - 4 = 12, symmetric, so the centroid is the middle.
	if c := s.centroid(); c != (Point{Lat: 2, Lon: 2}) {
		t.Errorf("centroid %v, want (2, 2)", c)
	}
	// A 1x1 hole in one corner pulls the centroid away from it:
	// (16*2 - 1*0.5) / 15 = 2.1 on both axes.
	c, _ := parseGeometry("Polygon", []byte(`[
		[[0,0],[4,0],[4,4],[0,4],[0,0]],
		[[0,0],[0,1],[1,1],[1,0],[0,0]]]`))
	if got := c.centroid(); abs(got.Lat-2.1) > 1e-12 || abs(got.Lon-2.1) > 1e-12 {
		t.Errorf("corner-hole centroid %v, want (2.1, 2.1)", got)
	}
	// An L shape: the centroid is pulled towards the larger arm.
	l, _ := parseGeometry("Polygon", []byte(`[[[0,0],[2,0],[2,1],[1,1],[1,2],[0,2],[0,0]]]`))
	if c := l.centroid(); abs(c.Lat-5.0/6) > 1e-12 || abs(c.Lon-5.0/6) > 1e-12 {
		t.Errorf("L centroid %v, want (5/6, 5/6)", c)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
