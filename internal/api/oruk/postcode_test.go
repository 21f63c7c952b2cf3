package oruk_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/finder/findertest"
	"learnwell/internal/geo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestExactPostcode places the postcode parameter at its own point once an
// ONS postcode directory is loaded.
func TestExactPostcode(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		h, _ := feed(t, db)
		// SE1 9ZZ, in this made-up directory, is 200 m from the N7 course.
		n7, _ := geo.DistrictByCode("N7")
		lat := strconv.FormatFloat(n7.Point.Lat+0.0018, 'f', -1, 64)
		lon := strconv.FormatFloat(n7.Point.Lon, 'f', -1, 64)
		file, err := geo.OpenPostcodeFile(strings.NewReader("pcds,lat,long,laua,doterm\nSE1 9ZZ,"+lat+","+lon+",E09000019,\n"), geo.PostcodeFileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReplacePostcodes(context.Background(), "test.csv", file.Rows()); err != nil {
			t.Fatal(err)
		}
		names := func(target string) []string {
			var out []string
			for _, it := range contents(t, get(t, h, target, 200)) {
				out = append(out, it["service"].(map[string]any)["name"].(string))
			}
			return out
		}
		if got := names("/oruk/service_at_locations?postcode=SE1+9ZZ&proximity=500"); len(got) != 1 || got[0] != "Watercolour painting for beginners" {
			t.Errorf("within 500 m of SE1 9ZZ: %q", got)
		}
		if got := names("/oruk/service_at_locations?postcode=SE1+7PB&proximity=500"); len(got) != 1 || got[0] != "Painting portraits" {
			t.Errorf("within 500 m of SE1 7PB (the district's centre): %q", got)
		}
		if got := names("/oruk/service_at_locations?postcode=SE1"); got[0] != "Painting portraits" {
			t.Errorf("nearest SE1: %q", got)
		}
		get(t, h, "/oruk/service_at_locations?postcode=ZZ9+9ZZ", 400)
	})
}
