// Package findertest loads a small, fixed directory for tests of the finder
// and its pages: six courses across London, all written through the store as
// a provider would write them.
package findertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
	"learnwell/internal/store"
)

var tax = directory.BuiltinTaxonomies()

// Now is the time the fixtures are written for: a Tuesday in term. Use it
// as the store's clock.
var Now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// Fixture is one course of the fixed directory.
type Fixture struct {
	Title, Subject, Outcode, Borough string
	Day                              time.Weekday
	Hour                             int
	Free                             bool
}

// Fixtures are the courses Load writes, in order.
var Fixtures = []Fixture{
	{"Watercolour painting for beginners", "arts-and-crafts", "N7", "E09000019", time.Tuesday, 10, true},
	{"Painting portraits", "arts-and-crafts", "SE1", "E09000028", time.Wednesday, 18, false},
	{"Spanish for travel", "languages", "N1", "E09000019", time.Monday, 19, false},
	{"Cooking on a budget", "cooking", "E8", "E09000012", time.Thursday, 13, true},
	{"Digital skills: using your smartphone", "digital-skills", "CR0", "E09000008", time.Friday, 10, true},
	{"Mindful painting in the park", "mindfulness-and-wellbeing", "SW2", "E09000022", time.Saturday, 11, true},
}

// Load writes the fixtures through the store and returns the course ids, in
// the order of Fixtures.
func Load(t testing.TB, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	err := db.WriteTx(ctx, func(tx *store.Tx) error {
		org := directory.Organisation{ID: learnwell.DerivedID("org"), Name: "Thistlewood College", Description: "A demo provider.",
			Kind: directory.OrganisationKind(directory.OrganisationKinds()[0].Code)}
		if err := tx.PutOrganisation(ctx, &org); err != nil {
			return err
		}
		for i, f := range Fixtures {
			d, _ := geo.DistrictByCode(f.Outcode)
			pt := d.Point
			loc := directory.Location{ID: learnwell.DerivedID("loc", fmt.Sprint(i)), OrganisationID: org.ID, Name: "Centre " + f.Outcode,
				Address1: "1 Example Road", Town: "London", Postcode: f.Outcode + " 1AB", Point: &pt, Borough: f.Borough}
			if err := tx.PutLocation(ctx, &loc); err != nil {
				return err
			}
			first := directory.NewDate(2026, 11, 30)
			for first.Weekday() != f.Day {
				first = first.AddDays(1)
			}
			c := directory.Course{ID: learnwell.DerivedID("course", fmt.Sprint(i)), OrganisationID: org.ID, Title: f.Title,
				Summary: "A friendly course.", Subjects: []string{directory.TermID(directory.SchemeSubject, f.Subject)},
				Delivery: directory.InPerson, Free: f.Free, Status: directory.CourseActive, HowToJoin: "Email us."}
			if !f.Free {
				c.CostOptions = []directory.CostOption{{ID: learnwell.DerivedID("cost", fmt.Sprint(i)), AmountPence: 4500}}
			}
			run := directory.Run{ID: learnwell.DerivedID("run", fmt.Sprint(i)), LocationID: loc.ID, FirstSession: first, LastSession: first.AddDays(56),
				Schedule:    directory.Schedule{Freq: directory.Weekly, Start: directory.ClockTime{Hour: f.Hour}, End: directory.ClockTime{Hour: f.Hour + 2}},
				PlacesTotal: 12, Status: directory.RunOpen}
			if err := tx.PutCourse(ctx, &c, []directory.Run{run}, tax); err != nil {
				return fmt.Errorf("%s: %w %v", f.Title, err, learnwell.ErrorFields(err))
			}
			ids = append(ids, c.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
