package finder

import (
	"reflect"
	"testing"
	"time"

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
	if got := directory.DateOf(it.Next); got != laterOpen.FirstSession || it.PlacesLeft != 6 || !it.PlacesLimited {
		t.Fatalf("chose the run starting %s with %d places, want the soonest run with places (%s)", got, it.PlacesLeft, laterOpen.FirstSession)
	}
	if got := it.NextText(); got != "5 January 2027, 10am" {
		t.Fatalf("next session text %q", got)
	}
	l.Runs = []directory.Run{soonFull}
	if it := describe(l, now); directory.DateOf(it.Next) != soonFull.FirstSession || it.PlacesLeft != 0 {
		t.Fatalf("only a full run: chose the run starting %s", directory.DateOf(it.Next))
	}
	if it.Cost != "Free" {
		t.Fatalf("cost %q", it.Cost)
	}
}

// A card made before a session started still shows the right next session
// after it: the one after, until the hourly rebuild makes a new card.
func TestCardMovesOnAfterASessionStarts(t *testing.T) {
	weekly := directory.Schedule{Freq: directory.Weekly, Start: directory.ClockTime{Hour: 10}, End: directory.ClockTime{Hour: 12}}
	r := directory.Run{ID: "r", FirstSession: directory.NewDate(2026, 12, 1), LastSession: directory.NewDate(2027, 1, 26),
		Schedule: weekly, Status: directory.RunOpen}
	l := directory.Listing{Course: directory.Course{ID: "c", Title: "Pottery", Free: true}, Runs: []directory.Run{r}}
	c := cardOf(l, now)
	first, _ := r.NextSession(now)
	if it := c.item(now); !it.HasNext || !it.Next.Equal(first.Start) {
		t.Fatalf("before: next %v, want %v", it.Next, first.Start)
	}
	after := first.Start.Add(time.Minute)
	second, _ := r.NextSession(after)
	if it := c.item(after); !it.HasNext || !it.Next.Equal(second.Start) {
		t.Fatalf("after the first session started: next %v, want %v", it.Next, second.Start)
	}
	if it := c.item(second.Start.Add(time.Minute)); it.HasNext {
		t.Fatalf("a card knows two sessions only, then waits for the rebuild: got %v", it.Next)
	}
	if !c.item(now).Online {
		t.Fatal("a run without a venue is online")
	}
}

// The packed card set gives back exactly what was put in, replaces a card
// that changes, and forgets one removed.
func TestCardSetRoundTrip(t *testing.T) {
	cs := newCardSet()
	a := card{ID: "0190f3a0-0000-7000-8000-000000000001", Title: "Watercolour for beginners", Provider: "Northside Adult Learning",
		Summary: "Paint with others.", Cost: "Free", Runs: []runCard{
			{Next: [2]int64{100, 200}, Venue: "Library", Postcode: "N7 6PA", PlacesLeft: 3, PlacesLimited: true},
			{Next: [2]int64{150, 0}, Full: true},
		}}
	b := card{ID: "imported-7", Title: "Cookery", Provider: "Northside Adult Learning", Cost: "£25"}
	cs.put(a)
	cs.put(b)
	for _, want := range []card{a, b} {
		got, ok := cs.get(want.ID)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v, %v; want %+v", got, ok, want)
		}
	}
	// Sessions moving on and places changing update the card in place.
	runs, text := len(cs.runs), len(cs.text)
	a.Runs[0].Next, a.Runs[0].PlacesLeft, a.Runs[1].Full = [2]int64{200, 300}, 2, false
	cs.put(a)
	if got, _ := cs.get(a.ID); !reflect.DeepEqual(got, a) || len(cs.runs) != runs || len(cs.text) != text {
		t.Fatalf("after moving on got %+v (runs %d->%d, text %d->%d), want %+v in place", got, runs, len(cs.runs), text, len(cs.text), a)
	}
	a.Title, a.Runs = "Watercolour: improvers", a.Runs[:1]
	cs.put(a)
	if got, _ := cs.get(a.ID); !reflect.DeepEqual(got, a) {
		t.Fatalf("after a change got %+v, want %+v", got, a)
	}
	cs.remove(a.ID)
	cs.remove(b.ID)
	if _, ok := cs.get(a.ID); ok {
		t.Fatal("removed card still there")
	}
	if _, ok := cs.get(b.ID); ok || cs.len() != 0 {
		t.Fatal("removed card still there")
	}
}
