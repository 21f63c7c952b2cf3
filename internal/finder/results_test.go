package finder

import (
	"testing"

	"learnwell/internal/directory"
)

func TestDescribePrefersARunWithPlaces(t *testing.T) {
	weekly := directory.Schedule{Freq: directory.Weekly, Start: directory.ClockTime{Hour: 10}, End: directory.ClockTime{Hour: 12}}
	soonFull := directory.Run{ID: "soon", FirstSession: directory.NewDate(2026, 12, 1), LastSession: directory.NewDate(2027, 1, 26),
		Schedule: weekly, PlacesTotal: 8, PlacesTaken: 8, Status: directory.RunOpen}
	laterOpen := directory.Run{ID: "later", FirstSession: directory.NewDate(2027, 1, 5), LastSession: directory.NewDate(2027, 3, 2),
		Schedule: weekly, PlacesTotal: 8, PlacesTaken: 2, Status: directory.RunOpen}
	laterStill := laterOpen
	laterStill.ID, laterStill.FirstSession = "latest", directory.NewDate(2027, 2, 2)
	l := directory.Listing{Course: directory.Course{Free: true}, Runs: []directory.Run{laterStill, soonFull, laterOpen}}
	it := describe(l, now)
	if it.NextRun.ID != "later" || it.PlacesLeft != 6 || !it.PlacesLimited {
		t.Fatalf("chose %q with %d places, want the soonest run with places", it.NextRun.ID, it.PlacesLeft)
	}
	l.Runs = []directory.Run{soonFull}
	if it := describe(l, now); it.NextRun.ID != "soon" || it.PlacesLeft != 0 {
		t.Fatalf("only a full run: chose %q", it.NextRun.ID)
	}
	if it.Cost != "Free" {
		t.Fatalf("cost %q", it.Cost)
	}
}
