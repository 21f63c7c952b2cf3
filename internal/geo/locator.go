package geo

import "context"

// Place is where a postcode or postcode district is, as a Locator found it.
type Place struct {
	// Postcode is the postcode or district as normalised ("N7 8DB", "N7").
	Postcode Postcode
	// Point is the postcode's own position when Exact, else the centre of
	// its district.
	Point Point
	// Authority is the GSS code of the local authority district the
	// postcode is in (ONS "laua", such as E09000019 for Islington; the
	// London boroughs are E09000001 to E09000033), when Exact; "" when it
	// is not known.
	Authority string
	// Exact reports whether Point and Authority are the postcode's own,
	// from a loaded ONS postcode directory, rather than its district's.
	Exact bool
}

// Borough returns the London borough of an exact place, and false when the
// place is not exact or not in London.
func (p Place) Borough() (Borough, bool) {
	if !p.Exact {
		return Borough{}, false
	}
	return BoroughByCode(p.Authority)
}

// Locator turns a postcode or postcode district, as a person typed it, into
// a Place. Errors are *learnwell.Error values with messages for a person, as
// LocateString returns them: EINVALID for input that is not a postcode, and
// ENOTFOUND for a district that is not known.
type Locator interface {
	Locate(ctx context.Context, s string) (Place, error)
}

// LocatorFunc is a function that is a Locator.
type LocatorFunc func(ctx context.Context, s string) (Place, error)

// Locate calls f.
func (f LocatorFunc) Locate(ctx context.Context, s string) (Place, error) { return f(ctx, s) }

// DistrictLocator is the Locator of the embedded data alone: every postcode
// at its district's centre (LocateString), never exact.
type DistrictLocator struct{}

// Locate places s at its district's centre.
func (DistrictLocator) Locate(_ context.Context, s string) (Place, error) {
	p, pt, err := LocateString(s)
	if err != nil {
		return Place{Postcode: p}, err
	}
	return Place{Postcode: p, Point: pt}, nil
}

// LocateWith places s with l, or with DistrictLocator when l is nil.
func LocateWith(ctx context.Context, l Locator, s string) (Place, error) {
	if l == nil {
		l = DistrictLocator{}
	}
	return l.Locate(ctx, s)
}
