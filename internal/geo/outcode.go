package geo

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"learnwell"
)

// outcodesCSV is gibbs/uk-postcodes postcodes.csv, unchanged; see data/ATTRIBUTION.md.
//
//go:embed data/uk-outcodes.csv
var outcodesCSV string

// District is a postcode district (outcode) with its approximate centre.
type District struct {
	// Code is the outward code, such as "SE1".
	Code string
	// Point is the centroid of the district, rounded to about 100 m. As
	// published it is on the OSGB36 datum, about 125 m from WGS84 in London;
	// well inside the error of using a district's centre at all.
	Point Point
	// Town is the data's place name for the district; it is empty for about
	// one district in five, and for central London it is often a neighbour's
	// name (SE1 is "Camberwell"), so show it only as a hint.
	Town string
	// Region is the UK region or nation ("London", "South East England",
	// "Scotland", "Crown Dependencies", ...).
	Region string
}

// outcodeData is the parsed district table.
type outcodeData struct {
	districts []District       // sorted by Code
	byCode    map[string]int32 // Code -> index in districts
}

// outcodes parses the embedded table on first use. The data is compiled in,
// so a failure is a build fault: it panics, and the tests catch it.
var outcodes = sync.OnceValue(func() *outcodeData {
	d, err := parseOutcodes(strings.NewReader(outcodesCSV))
	if err != nil {
		panic("geo: embedded outcode data: " + err.Error())
	}
	for _, c := range outcodeCorrections {
		i, ok := d.byCode[c.code]
		if !ok {
			panic("geo: correction for missing outcode " + c.code)
		}
		d.districts[i].Point = c.pt
	}
	return d
})

// outcodeCorrections replaces positions that are wrong in the source data.
// E20 (Queen Elizabeth Olympic Park, Stratford): the file's own eastings and
// northings (538350, 184500) put it in Stratford, but its latitude and
// longitude (51.54593, 0.09248) are 6.7 km east, near Barking. The value here
// is those eastings and northings converted as the file converts every other
// row (OSGB36 latitude and longitude, rounded to 5 places). Every other row of
// England, Scotland and Wales agrees with its eastings and northings to within
// 500 m (checked when the data was added; see data/ATTRIBUTION.md).
var outcodeCorrections = [...]struct {
	code string
	pt   Point
}{
	{"E20", Point{Lat: 51.54194, Lon: -0.00474}},
}

// parseOutcodes reads the CSV of gibbs/uk-postcodes: a header naming at least
// postcode, latitude, longitude, town and uk_region, then one row a district.
func parseOutcodes(r io.Reader) (*outcodeData, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	col := map[string]int{}
	for i, name := range header {
		col[name] = i
	}
	var idx [5]int
	for i, name := range []string{"postcode", "latitude", "longitude", "town", "uk_region"} {
		c, ok := col[name]
		if !ok {
			return nil, fmt.Errorf("no column %q", name)
		}
		idx[i] = c
	}
	d := &outcodeData{byCode: make(map[string]int32, 3000)}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		dist, err := parseDistrict(rec[idx[0]], rec[idx[1]], rec[idx[2]], rec[idx[3]], rec[idx[4]])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if _, dup := d.byCode[dist.Code]; dup {
			return nil, fmt.Errorf("line %d: outcode %s repeated", line, dist.Code)
		}
		d.byCode[dist.Code] = 0
		d.districts = append(d.districts, dist)
	}
	if len(d.districts) == 0 {
		return nil, fmt.Errorf("no districts")
	}
	slices.SortFunc(d.districts, func(a, b District) int { return strings.Compare(a.Code, b.Code) })
	for i, dist := range d.districts {
		d.byCode[dist.Code] = int32(i)
	}
	return d, nil
}

// parseDistrict checks and converts one row's fields.
func parseDistrict(code, lat, lon, town, region string) (District, error) {
	if !isOutward(code) {
		return District{}, fmt.Errorf("outcode %q is not an outward code", code)
	}
	la, err := strconv.ParseFloat(lat, 64)
	if err != nil {
		return District{}, fmt.Errorf("outcode %s: latitude: %w", code, err)
	}
	lo, err := strconv.ParseFloat(lon, 64)
	if err != nil {
		return District{}, fmt.Errorf("outcode %s: longitude: %w", code, err)
	}
	pt := Point{Lat: la, Lon: lo}
	if !pt.Valid() {
		return District{}, fmt.Errorf("outcode %s: position %v out of range", code, pt)
	}
	// Clone: with ReuseRecord the fields share one buffer per row, so a kept
	// substring would pin it; a copy keeps the table compact.
	return District{
		Code:   strings.Clone(code),
		Point:  pt,
		Town:   strings.Clone(town),
		Region: strings.Clone(region),
	}, nil
}

// Districts returns every postcode district in the embedded data (2,856 of
// them, across the UK), sorted by code. The slice is the caller's own.
func Districts() []District {
	return slices.Clone(outcodes().districts)
}

// DistrictByCode returns the district with the outward code, which must be
// upper case and without spaces ("SE1"), and whether there is one.
func DistrictByCode(code string) (District, bool) {
	d := outcodes()
	i, ok := d.byCode[code]
	if !ok {
		return District{}, false
	}
	return d.districts[i], true
}

// Locate returns the position of a postcode: the centroid of its district, so
// SE1 7PB and SE1 give the same point. The postcode's own position is not
// known here; the district centre is close enough for "within N miles".
//
// Errors are *learnwell.Error: ENOTFOUND with the message "We could not find
// the postcode ZZ9 9ZZ. Check it and try again" for a district not in the
// data, and EINVALID (MsgPostcodeEmpty or MsgPostcodeInvalid) for a zero or
// malformed Postcode.
func Locate(p Postcode) (Point, error) {
	if p.IsZero() {
		return Point{}, &learnwell.Error{Code: learnwell.EINVALID, Message: MsgPostcodeEmpty}
	}
	if !p.valid() {
		return Point{}, errInvalid()
	}
	d, ok := DistrictByCode(p.Outward)
	if !ok {
		return Point{}, &learnwell.Error{
			Code:    learnwell.ENOTFOUND,
			Message: "We could not find the postcode " + p.String() + ". Check it and try again",
		}
	}
	return d.Point, nil
}

// LocateString parses a postcode or district as typed (see ParsePostcode) and
// locates it (see Locate). It returns the normalised postcode even when it is
// well formed but not found, so a form can show what was understood.
func LocateString(s string) (Postcode, Point, error) {
	p, err := ParsePostcode(s)
	if err != nil {
		return Postcode{}, Point{}, err
	}
	pt, err := Locate(p)
	return p, pt, err
}
