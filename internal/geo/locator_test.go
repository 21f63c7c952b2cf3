package geo

import (
	"context"
	"math/rand/v2"
	"testing"

	"learnwell"
)

func TestDistrictLocator(t *testing.T) {
	ctx := context.Background()
	n7, _ := DistrictByCode("N7")
	for _, s := range []string{"n7 8db", "N7"} {
		p, err := LocateWith(ctx, nil, s)
		if err != nil || p.Point != n7.Point || p.Exact || p.Authority != "" {
			t.Errorf("%s: %+v %v", s, p, err)
		}
	}
	if p, _ := (DistrictLocator{}).Locate(ctx, " se17pb "); p.Postcode.String() != "SE1 7PB" {
		t.Errorf("normalised %q", p.Postcode)
	}
	p, err := LocateWith(ctx, nil, "ZZ9 9ZZ")
	if learnwell.ErrorCode(err) != learnwell.ENOTFOUND || p.Postcode.String() != "ZZ9 9ZZ" {
		t.Errorf("unknown district: %+v %v", p, err)
	}
	if _, err := LocateWith(ctx, nil, "hello"); learnwell.ErrorMessage(err) != MsgPostcodeInvalid {
		t.Errorf("not a postcode: %v", err)
	}
	// A LocatorFunc is used when given.
	exact := LocatorFunc(func(context.Context, string) (Place, error) { return Place{Exact: true, Authority: "E09000019"}, nil })
	if p, _ := LocateWith(ctx, exact, "N7 8DB"); !p.Exact {
		t.Errorf("LocatorFunc not used: %+v", p)
	}
}

func TestPlaceBorough(t *testing.T) {
	for _, tc := range []struct {
		p    Place
		want string
	}{
		{Place{Exact: true, Authority: "E09000019"}, "Islington"},
		{Place{Exact: true, Authority: "E06000001"}, ""}, // Hartlepool: not London
		{Place{Authority: "E09000019"}, ""},              // not exact
	} {
		b, ok := tc.p.Borough()
		if b.Name != tc.want || ok != (tc.want != "") {
			t.Errorf("%+v: %v %v", tc.p, b, ok)
		}
	}
}

func TestBoxAround(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		c := Point{Lat: 49 + rng.Float64()*12, Lon: -8 + rng.Float64()*10}
		km := 0.001 + rng.Float64()*100
		b := BoxAround(c, km)
		if !b.Contains(c) {
			t.Fatalf("box %+v lacks its centre %v", b, c)
		}
		// Points at the radius, in every direction, are inside.
		for i := range 36 {
			p := destination(c, float64(i)*10, km)
			if DistanceKm(c, p) <= km && !b.Contains(p) {
				t.Fatalf("box %+v around %v (%v km) lacks %v at %v km", b, c, km, p, DistanceKm(c, p))
			}
		}
		// And it is not much bigger than it needs to be.
		if dLat := (b.MaxLat - b.MinLat) / 2; dLat > km/111.0*1.01+1e-5 {
			t.Fatalf("box %+v is too tall for %v km", b, km)
		}
	}
	if b := BoxAround(Point{Lat: 89.9, Lon: 0}, 50); b.MinLon != -180 || b.MaxLon != 180 || b.MaxLat != 90 {
		t.Errorf("near the pole: %+v", b)
	}
	if b := BoxAround(Point{Lat: 0, Lon: 179.99}, 50); b.MinLon != -180 || b.MaxLon != 180 {
		t.Errorf("across the antimeridian: %+v", b)
	}
}
