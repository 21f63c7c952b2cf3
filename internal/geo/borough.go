package geo

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// boroughsGeoJSON holds the 33 London local authority boundaries (ONS, May
// 2016, super generalised and clipped); see data/ATTRIBUTION.md.
//
//go:embed data/london-boroughs.geojson
var boroughsGeoJSON []byte

// Borough is a London local authority: one of the 32 London boroughs or the
// City of London. Code is its GSS code, E09000001 to E09000033.
type Borough struct {
	Code string
	Name string
}

// boroughArea is a borough with its boundary.
type boroughArea struct {
	Borough
	shape    *shape
	centroid Point
}

// boroughData is the parsed boundary file.
type boroughData struct {
	areas  []boroughArea // sorted by code
	byCode map[string]int
	byName []Borough
}

// boroughs parses the embedded boundaries on first use; a failure is a build
// fault, so it panics, and the tests catch it.
var boroughs = sync.OnceValue(func() *boroughData {
	d, err := parseBoroughs(boroughsGeoJSON)
	if err != nil {
		panic("geo: embedded borough data: " + err.Error())
	}
	return d
})

// parseBoroughs reads a GeoJSON FeatureCollection of Polygon and MultiPolygon
// features with properties areacd and areanm.
func parseBoroughs(data []byte) (*boroughData, error) {
	var fc geoJSONFeatures
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, err
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("type %q, want FeatureCollection", fc.Type)
	}
	d := &boroughData{byCode: map[string]int{}}
	for i, f := range fc.Features {
		code, _ := f.Properties["areacd"].(string)
		name, _ := f.Properties["areanm"].(string)
		if code == "" || name == "" {
			return nil, fmt.Errorf("feature %d: no areacd or areanm", i)
		}
		if _, dup := d.byCode[code]; dup {
			return nil, fmt.Errorf("feature %d: %s repeated", i, code)
		}
		s, err := parseGeometry(f.Geometry.Type, f.Geometry.Coordinates)
		if err != nil {
			return nil, fmt.Errorf("feature %d (%s): %w", i, code, err)
		}
		d.byCode[code] = i
		d.areas = append(d.areas, boroughArea{Borough: Borough{Code: code, Name: name}, shape: s, centroid: s.centroid()})
	}
	if len(d.areas) == 0 {
		return nil, fmt.Errorf("no features")
	}
	slices.SortFunc(d.areas, func(a, b boroughArea) int { return strings.Compare(a.Code, b.Code) })
	for i, a := range d.areas {
		d.byCode[a.Code] = i
		d.byName = append(d.byName, a.Borough)
	}
	slices.SortFunc(d.byName, func(a, b Borough) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Code, b.Code))
	})
	return d, nil
}

// Boroughs returns the 33 London local authorities (32 boroughs and the City
// of London), sorted by name. The slice is the caller's own.
func Boroughs() []Borough {
	return slices.Clone(boroughs().byName)
}

// BoroughByCode returns the London local authority with the GSS code, such as
// "E09000019" for Islington, and whether there is one.
func BoroughByCode(code string) (Borough, bool) {
	d := boroughs()
	i, ok := d.byCode[code]
	if !ok {
		return Borough{}, false
	}
	return d.areas[i].Borough, true
}

// BoroughAt returns the London local authority whose boundary contains pt,
// and false when pt is outside London.
//
// The boundaries are super generalised (to about 200 m), so a point near a
// border may be given the neighbour, or none at all where the simplified
// shapes leave a sliver between them. Good for maps and rough grouping; for
// a person's or a venue's borough in reports, store the borough they pick.
func BoroughAt(pt Point) (Borough, bool) {
	d := boroughs()
	for i := range d.areas {
		if d.areas[i].shape.contains(pt) {
			return d.areas[i].Borough, true
		}
	}
	return Borough{}, false
}

// fallbackDistricts is how many districts DistrictsInBorough gives a borough
// whose boundary contains no district centroid.
const fallbackDistricts = 3

// boroughDistricts maps each borough code to its districts, built on first use.
var boroughDistricts = sync.OnceValue(func() map[string][]string {
	return districtsByBorough(boroughs().areas, outcodes().districts, fallbackDistricts)
})

// DistrictsInBorough returns the postcode districts (outcodes) whose centroid
// lies inside the borough's boundary, sorted; nil for an unknown code. It is
// meant for placing demo data, not for deciding where someone lives: districts
// straddle borough borders.
//
// Every borough gets at least one district. Should a borough's boundary
// contain no centroid at all (none does with the embedded data, whose smallest
// count is 4), it gets the 3 districts whose centroids are nearest the
// centroid of its boundary instead.
func DistrictsInBorough(code string) []string {
	return slices.Clone(boroughDistricts()[code])
}

// districtsByBorough assigns districts to areas by centroid, falling back to
// the k nearest districts for an area that contains none.
func districtsByBorough(areas []boroughArea, ds []District, k int) map[string][]string {
	m := make(map[string][]string, len(areas))
	for _, a := range areas {
		var codes []string
		for _, d := range ds {
			if a.shape.contains(d.Point) {
				codes = append(codes, d.Code)
			}
		}
		if len(codes) == 0 {
			codes = nearestDistricts(a.centroid, ds, k)
		}
		slices.Sort(codes)
		m[a.Code] = codes
	}
	return m
}

// nearestDistricts returns the codes of the k districts nearest pt, nearest
// first (ties by code).
func nearestDistricts(pt Point, ds []District, k int) []string {
	type near struct {
		code string
		km   float64
	}
	all := make([]near, len(ds))
	for i, d := range ds {
		all[i] = near{d.Code, DistanceKm(pt, d.Point)}
	}
	slices.SortFunc(all, func(a, b near) int {
		return cmp.Or(cmp.Compare(a.km, b.km), strings.Compare(a.code, b.code))
	})
	codes := make([]string, 0, k)
	for _, n := range all[:min(k, len(all))] {
		codes = append(codes, n.code)
	}
	return codes
}
