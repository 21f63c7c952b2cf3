package finder_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/finder"
	"learnwell/internal/finder/findertest"
	"learnwell/internal/geo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestExactPostcode searches from a full postcode that the loaded ONS
// postcode directory places far from its district's centre: the finder
// measures from the postcode's own point.
func TestExactPostcode(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		findertest.Load(t, db)
		f := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
		if err := f.Build(ctx); err != nil {
			t.Fatal(err)
		}
		// SE1 9ZZ, in this made-up directory, is beside the N7 course.
		n7, _ := geo.DistrictByCode("N7")
		at := geo.Point{Lat: n7.Point.Lat + 0.001, Lon: n7.Point.Lon}
		file, err := geo.OpenPostcodeFile(strings.NewReader("pcds,lat,long,laua,doterm\nSE1 9ZZ,"+
			fmtFloat(at.Lat)+","+fmtFloat(at.Lon)+",E09000019,\n"), geo.PostcodeFileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReplacePostcodes(ctx, "test.csv", file.Rows()); err != nil {
			t.Fatal(err)
		}
		nearest := func(q finder.Query) string {
			t.Helper()
			res, err := f.Search(ctx, q)
			if err != nil || len(res.Items) == 0 {
				t.Fatalf("%v %v", res, err)
			}
			return res.Items[0].Title
		}
		v, _ := url.ParseQuery("postcode=se1+9zz&sort=distance")
		q, err := f.ParseQuery(ctx, v, findertest.Now)
		if err != nil || q.Search.Near == nil || *q.Search.Near != at || q.Postcode != "SE1 9ZZ" {
			t.Fatalf("exact: %+v %v", q.Search.Near, err)
		}
		if got := nearest(q); got != "Watercolour painting for beginners" {
			t.Errorf("nearest the exact postcode: %s", got)
		}
		// Without the database, and for a postcode the directory lacks, the
		// district's centre, as before.
		se1, _ := geo.DistrictByCode("SE1")
		plain, err := finder.ParseQuery(v, tax, findertest.Now)
		if err != nil || *plain.Search.Near != se1.Point {
			t.Fatalf("without a locator: %+v %v", plain.Search.Near, err)
		}
		if got := nearest(plain); got != "Painting portraits" {
			t.Errorf("nearest the district: %s", got)
		}
		v, _ = url.ParseQuery("postcode=SE1+7PB")
		if q, err := f.ParseQuery(ctx, v, findertest.Now); err != nil || *q.Search.Near != se1.Point {
			t.Errorf("a postcode the directory lacks: %+v %v", q.Search.Near, err)
		}
		// An unknown district gets the same message as before.
		v, _ = url.ParseQuery("postcode=ZZ9+9ZZ")
		_, err = f.ParseQuery(ctx, v, findertest.Now)
		_, want := finder.ParseQuery(v, tax, findertest.Now)
		if err == nil || learnwell.FieldMap(learnwell.ErrorFields(err))["postcode"] != learnwell.FieldMap(learnwell.ErrorFields(want))["postcode"] {
			t.Errorf("unknown district: %v, want %v", learnwell.ErrorFields(err), learnwell.ErrorFields(want))
		}
	})
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
