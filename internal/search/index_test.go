package search

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"sync"
	"testing"

	"learnwell"
	"learnwell/internal/geo"
)

func TestUpsertReplacesPostings(t *testing.T) {
	ix := newFixture(t)
	d := fixture()[0]
	d.Title, d.Summary, d.Description, d.Keywords = "Pottery", "Throwing pots.", "Clay and wheels.", nil
	d.Boroughs, d.Free = []string{"E09000012"}, false
	if err := ix.Upsert(d); err != nil {
		t.Fatal(err)
	}
	if ix.Len() != 5 {
		t.Errorf("Len = %d, want 5", ix.Len())
	}
	for _, q := range []Query{{Words: "watercolour"}, {Boroughs: []string{"E09000007"}, Subjects: []string{"esol"}}, {FreeOnly: true, Words: "clay"}} {
		if r := mustSearch(t, ix, q); r.Total != 0 {
			t.Errorf("%+v: old postings still match: %q", q, ids(r))
		}
	}
	if got := ids(mustSearch(t, ix, Query{Words: "pottery", Boroughs: []string{"E09000012"}})); !slices.Equal(got, []string{"a-paint"}) {
		t.Errorf("new postings: %q", got)
	}
	if got := ids(mustSearch(t, ix, Query{Words: "paint", Sort: SortName})); !slices.Equal(got, []string{"c-phone", "e-oil"}) {
		t.Errorf("paint after upsert: %q", got)
	}
	// A new id adds a course.
	if err := ix.Upsert(Doc{ID: "f-new", Title: "Pottery for improvers"}); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustSearch(t, ix, Query{Words: "pottery", Sort: SortName})); !slices.Equal(got, []string{"a-paint", "f-new"}) {
		t.Errorf("pottery: %q", got)
	}
	if st := ix.Stats(); st.Docs != 6 || st.Tombstones != 1 {
		t.Errorf("Stats = %+v, want 6 docs, 1 tombstone", st)
	}
	// Replace compacts the tombstones away.
	if err := ix.Replace(fixture()); err != nil {
		t.Fatal(err)
	}
	if st := ix.Stats(); st.Docs != 5 || st.Tombstones != 0 {
		t.Errorf("Stats after Replace = %+v", st)
	}
}

func TestRemove(t *testing.T) {
	ix := newFixture(t)
	if !ix.Remove("e-oil") {
		t.Error("Remove(e-oil) = false")
	}
	if ix.Remove("e-oil") || ix.Remove("nope") {
		t.Error("Remove of a missing id = true")
	}
	if ix.Len() != 4 {
		t.Errorf("Len = %d, want 4", ix.Len())
	}
	r := mustSearch(t, ix, Query{Words: "painting", Sort: SortName})
	if got := ids(r); !slices.Equal(got, []string{"c-phone", "a-paint"}) || r.Total != 2 {
		t.Errorf("after Remove: %q total %d", got, r.Total)
	}
	if r := mustSearch(t, ix, Query{}); r.Total != 4 {
		t.Errorf("empty query after Remove: total %d", r.Total)
	}
}

func TestReplaceSeqError(t *testing.T) {
	ix := newFixture(t)
	broken := errors.New("the store went away")
	err := ix.ReplaceSeq(func(yield func(Doc, error) bool) {
		for i := range 1000 {
			if !yield(Doc{ID: fmt.Sprint(i)}, nil) {
				return
			}
		}
		yield(Doc{}, broken)
	})
	if !errors.Is(err, broken) {
		t.Fatalf("err = %v, want %v", err, broken)
	}
	if ix.Len() != 5 {
		t.Errorf("Len = %d after a failed ReplaceSeq, want the 5 from before", ix.Len())
	}
}

func TestInvalidDocs(t *testing.T) {
	ix := New()
	for _, d := range []Doc{{}, {ID: "x", Points: []geo.Point{{Lat: 91}}}, {ID: "y", Points: []geo.Point{{Lat: math.NaN()}}}} {
		if err := ix.Upsert(d); learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Errorf("Upsert(%+v) = %v, want invalid", d, err)
		}
		if err := ix.Replace([]Doc{{ID: "ok"}, d}); learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Errorf("Replace with %+v = %v, want invalid", d, err)
		}
	}
	if ix.Len() != 0 {
		t.Errorf("Len = %d after failed writes", ix.Len())
	}
	// A repeated id in Replace: the last one wins.
	if err := ix.Replace([]Doc{{ID: "x", Title: "First"}, {ID: "x", Title: "Second"}}); err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, ix, Query{Words: "second"}); ix.Len() != 1 || r.Total != 1 {
		t.Errorf("repeated id: Len %d, matches %d", ix.Len(), r.Total)
	}
}

func TestConcurrentSearchDuringWrites(t *testing.T) {
	ix := New()
	docs := SyntheticDocs(2000, 1)
	if err := ix.Replace(docs); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			near := camden
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				r, err := ix.Search(Query{Words: "painting", Near: &near, WithinKm: 10, Page: i%3 + 1})
				if err != nil {
					t.Error(err)
					return
				}
				if r.Total > len(docs) {
					t.Errorf("total %d > %d docs", r.Total, len(docs))
					return
				}
			}
		}()
	}
	for i := 0; i < 300; i++ {
		d := docs[i]
		d.Title = fmt.Sprintf("Painting %d", i)
		if err := ix.Upsert(d); err != nil {
			t.Fatal(err)
		}
		if i%50 == 0 {
			ix.Remove(docs[i+1].ID)
		}
		if i%100 == 0 {
			if err := ix.Replace(docs[:1000]); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(stop)
	wg.Wait()
}

func TestReplaceEqualsUpserts(t *testing.T) {
	docs := SyntheticDocs(5000, 7)
	for i := range 300 { // repeated ids, batches apart: the last must win
		d := docs[i*7]
		d.Title, d.Subjects = "Repeated "+d.Title, []string{"arts"}
		docs = append(docs, d)
	}
	built, err := build(seqOf(docs), 3, 0) // several workers, appended in order
	if built.n-uint32(len(built.byID)) != 300 || len(built.byID) != 5000 {
		t.Fatalf("%d ordinals for %d ids, want 5300 for 5000", built.n, len(built.byID))
	}
	for o, id := range built.ids {
		if id != docs[o].ID {
			t.Fatalf("ordinal %d is %s, want %s: ordinals must follow the input", o, id, docs[o].ID)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	byReplace := &Index{x: built}
	byUpsert := New()
	for _, d := range docs {
		if err := byUpsert.Upsert(d); err != nil {
			t.Fatal(err)
		}
	}
	near := geo.Point{Lat: 51.52, Lon: -0.10}
	queries := []Query{
		{Words: "painting", PerPage: 100}, {Words: "beginners", Page: 7, PerPage: 100},
		{Words: "esol entry", Sort: SortName, PerPage: 100}, {Words: "confidence", Near: &near, WithinKm: 8, Sort: SortDistance},
		{Subjects: []string{"arts"}, Days: Monday, PerPage: 100}, {Near: &near, Sort: SortDistance, Page: 3, PerPage: 100},
		{Words: "learn", FreeOnly: true, Sort: SortSoonest, PerPage: 100}, {Age: 55, TimesOfDay: Evening, Words: "yoga"},
		{Words: "repeated", Subjects: []string{"arts"}, Sort: SortName, PerPage: 100, Page: 3},
	}
	for _, q := range queries {
		a, b := mustSearch(t, byReplace, q), mustSearch(t, byUpsert, q)
		if a.Total == 0 || len(a.Hits) == 0 {
			t.Errorf("%+v matches nothing: a weak test", q)
		}
		if !resultsEqual(a, b) {
			t.Errorf("%+v:\nReplace %+v\n Upsert %+v", q, a, b)
		}
	}
}

func TestRadiusBoundary(t *testing.T) {
	// A venue exactly at the radius is within it; a hair farther is not,
	// by geo.DistanceKm, whatever shortcut the index takes.
	near := geo.Point{Lat: 51.5072, Lon: -0.1276}
	rng := rand.New(rand.NewSource(3))
	var docs []Doc
	for i := range 200 {
		docs = append(docs, Doc{ID: fmt.Sprint(i), Points: []geo.Point{{Lat: 51.3 + rng.Float64()*0.4, Lon: -0.4 + rng.Float64()*0.5}}})
	}
	ix := New()
	if err := ix.Replace(docs); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		km := geo.DistanceKm(near, d.Points[0])
		in := mustSearch(t, ix, Query{Near: &near, WithinKm: km, Sort: SortDistance, PerPage: MaxPerPage, Page: 1})
		out := mustSearch(t, ix, Query{Near: &near, WithinKm: math.Nextafter(km, 0), Sort: SortDistance, PerPage: MaxPerPage})
		if in.Total != out.Total+1 {
			t.Fatalf("venue at %v km: %d within, %d within a hair less; want one more", km, in.Total, out.Total)
		}
	}
}
