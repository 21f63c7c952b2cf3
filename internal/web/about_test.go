package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/geo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestAboutTheDataCreditsThePostcodeDirectory shows the ONS postcode
// directory's notices on the about-the-data page once one is loaded, and
// not before.
func TestAboutTheDataCreditsThePostcodeDirectory(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		app := newApp(t, db, false)
		notices := []string{"Contains Royal Mail data © Royal Mail copyright and database right 2026",
			"Contains OS data © Crown copyright and database right 2026", "Office for National Statistics licensed under the Open Government Licence v.3.0"}
		scenario{name: "before a load", path: "/about-the-data", status: 200, contains: []string{"Postcode districts"},
			absent: []string{"Royal Mail", "ONSPD_NOV_2026_UK.csv"}}.run(t, app)
		f, err := geo.OpenPostcodeFile(strings.NewReader("pcds,doterm,lat,long,laua\nN7 8DB,,51.55,-0.11,E09000019\nSE1 7PB,,51.50,-0.11,E09000022\n"), geo.PostcodeFileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReplacePostcodes(context.Background(), "ONSPD_NOV_2026_UK.csv", f.Rows()); err != nil {
			t.Fatal(err)
		}
		scenario{name: "after a load", path: "/about-the-data", status: 200,
			contains: append(notices, "ONSPD_NOV_2026_UK.csv: 2 postcodes, loaded on 24 November 2026")}.run(t, app)
	})
}
