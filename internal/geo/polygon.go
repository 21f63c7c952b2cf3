package geo

import (
	"encoding/json"
	"fmt"
	"math"
)

// ring is a closed line of points (GeoJSON repeats the first point at the end;
// the functions here work either way).
type ring []Point

// polygon is an outer ring followed by any holes.
type polygon []ring

// shape is an area made of one or more polygons, with its bounding box.
type shape struct {
	polys    []polygon
	min, max Point
}

// contains reports whether pt lies inside the shape: inside some polygon's
// outer ring and none of its holes. Points exactly on an edge may fall either
// way.
func (s *shape) contains(pt Point) bool {
	if pt.Lat < s.min.Lat || pt.Lat > s.max.Lat || pt.Lon < s.min.Lon || pt.Lon > s.max.Lon {
		return false
	}
	for _, p := range s.polys {
		if p[0].contains(pt) && !inAnyHole(p[1:], pt) {
			return true
		}
	}
	return false
}

func inAnyHole(holes []ring, pt Point) bool {
	for _, h := range holes {
		if h.contains(pt) {
			return true
		}
	}
	return false
}

// contains is the even-odd rule: count crossings of a ray running east from pt.
// Treating lon and lat as plane coordinates is fine for shapes a few km wide.
func (r ring) contains(pt Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.Lat > pt.Lat) != (b.Lat > pt.Lat) &&
			pt.Lon < (b.Lon-a.Lon)*(pt.Lat-a.Lat)/(b.Lat-a.Lat)+a.Lon {
			in = !in
		}
	}
	return in
}

// centroid returns the area-weighted centre of the shape, holes subtracted.
// The shoelace formula on lon and lat is exact for the centroid under the
// local equirectangular projection (scaling one axis does not move it).
func (s *shape) centroid() Point {
	var area, lat, lon float64
	for _, p := range s.polys {
		for i, r := range p {
			a, c := r.areaCentroid()
			a = math.Abs(a)
			if i > 0 {
				a = -a // a hole
			}
			area += a
			lat += a * c.Lat
			lon += a * c.Lon
		}
	}
	if area == 0 {
		return Point{Lat: (s.min.Lat + s.max.Lat) / 2, Lon: (s.min.Lon + s.max.Lon) / 2}
	}
	return Point{Lat: lat / area, Lon: lon / area}
}

// areaCentroid returns the signed area (in square degrees) and the centroid of
// the ring.
func (r ring) areaCentroid() (float64, Point) {
	if len(r) == 0 {
		return 0, Point{}
	}
	// Work relative to the first point to keep precision.
	o := r[0]
	var a2, cx, cy float64
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		x0, y0 := r[j].Lon-o.Lon, r[j].Lat-o.Lat
		x1, y1 := r[i].Lon-o.Lon, r[i].Lat-o.Lat
		cross := x0*y1 - x1*y0
		a2 += cross
		cx += (x0 + x1) * cross
		cy += (y0 + y1) * cross
	}
	if a2 == 0 {
		return 0, o
	}
	return a2 / 2, Point{Lat: o.Lat + cy/(3*a2), Lon: o.Lon + cx/(3*a2)}
}

// geoJSONFeatures is the part of a GeoJSON FeatureCollection read here.
type geoJSONFeatures struct {
	Type     string `json:"type"`
	Features []struct {
		Properties map[string]any `json:"properties"`
		Geometry   struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// parseGeometry turns a GeoJSON Polygon or MultiPolygon into a shape.
func parseGeometry(typ string, coords json.RawMessage) (*shape, error) {
	var raw [][][][]float64
	switch typ {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(coords, &p); err != nil {
			return nil, err
		}
		raw = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(coords, &raw); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("geometry %q is not a Polygon or MultiPolygon", typ)
	}
	s := &shape{min: Point{Lat: 90, Lon: 180}, max: Point{Lat: -90, Lon: -180}}
	for _, rp := range raw {
		if len(rp) == 0 {
			return nil, fmt.Errorf("polygon without rings")
		}
		var p polygon
		for _, rr := range rp {
			if len(rr) < 4 {
				return nil, fmt.Errorf("ring of %d positions, want 4 or more", len(rr))
			}
			r := make(ring, len(rr))
			for i, pos := range rr {
				if len(pos) < 2 {
					return nil, fmt.Errorf("position with %d numbers", len(pos))
				}
				pt := Point{Lat: pos[1], Lon: pos[0]}
				if !pt.Valid() {
					return nil, fmt.Errorf("position %v out of range", pos)
				}
				r[i] = pt
				s.min.Lat, s.min.Lon = min(s.min.Lat, pt.Lat), min(s.min.Lon, pt.Lon)
				s.max.Lat, s.max.Lon = max(s.max.Lat, pt.Lat), max(s.max.Lon, pt.Lon)
			}
			p = append(p, r)
		}
		s.polys = append(s.polys, p)
	}
	if len(s.polys) == 0 {
		return nil, fmt.Errorf("empty geometry")
	}
	return s, nil
}
