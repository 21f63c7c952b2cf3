package search

import (
	"cmp"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"learnwell/internal/geo"
)

// naive is the specification of Search as a linear scan over every
// document, each analysed on its own when it is put. The index must give
// the same answers.
type naive struct {
	docs  map[string]Doc
	stats map[string]*naiveStats
	// Collection statistics, worked out again after any change.
	df     map[string]int
	lenSum *[numFields]float64
}

type naiveStats struct {
	tf  map[string]*[numFields]int
	len [numFields]int
}

type naiveHit struct {
	hit   Hit
	title string
	next  time.Time
	far   bool // no venue: last under SortDistance
}

func (n *naive) put(d Doc) {
	if n.docs == nil {
		n.docs, n.stats = map[string]Doc{}, map[string]*naiveStats{}
	}
	st := &naiveStats{tf: map[string]*[numFields]int{}}
	var a analyzer
	for f, text := range fieldTexts(&d) {
		for _, s := range text {
			a.terms(s, func(term string) {
				if st.tf[term] == nil {
					st.tf[term] = new([numFields]int)
				}
				st.tf[term][f]++
				st.len[f]++
			})
		}
		st.len[f] = min(st.len[f], math.MaxUint16)
	}
	for _, tf := range st.tf {
		for f := range tf {
			tf[f] = min(tf[f], 1<<tfBits[f]-1)
		}
	}
	n.docs[d.ID], n.stats[d.ID] = d, st
	n.lenSum = nil
}

func (n *naive) remove(id string) {
	delete(n.docs, id)
	delete(n.stats, id)
	n.lenSum = nil
}

func (n *naive) search(q Query) (Result, error) {
	p, err := planQuery(q)
	if err != nil {
		return Result{}, err
	}
	if n.lenSum == nil {
		n.lenSum, n.df = new([numFields]float64), map[string]int{}
		for _, st := range n.stats {
			for f := range n.lenSum {
				n.lenSum[f] += float64(st.len[f])
			}
			for term := range st.tf {
				n.df[term]++
			}
		}
	}
	lenSum, df := n.lenSum, n.df
	N := float64(len(n.docs))
	var hits []naiveHit
	for id, d := range n.docs {
		st := n.stats[id]
		ok := true
		for _, term := range p.terms {
			ok = ok && st.tf[term] != nil
		}
		for k, vals := range p.values {
			ok = ok && (len(vals) == 0 || slices.ContainsFunc(vals, func(v string) bool { return slices.Contains(filterValues(&d, k), v) }))
		}
		ok = ok && (!q.FreeOnly || d.Free)
		ok = ok && (p.days == 0 || d.Days&p.days != 0) && (p.times == 0 || d.TimesOfDay&p.times != 0)
		ok = ok && (q.Age == 0 || (d.MinAge == 0 || d.MinAge <= q.Age) && (d.MaxAge == 0 || q.Age <= d.MaxAge))
		if q.StartsWithinWeeks > 0 {
			end := q.Now.Add(time.Duration(q.StartsWithinWeeks) * 7 * 24 * time.Hour)
			ok = ok && !d.NextStart.IsZero() && !d.NextStart.Before(q.Now) && !d.NextStart.After(end)
		}
		h := naiveHit{hit: Hit{ID: id, DistanceKm: -1, NearestPoint: -1}, title: strings.ToLower(d.Title), next: d.NextStart, far: true}
		if q.Near != nil {
			for i, pt := range d.Points {
				if dist := geo.DistanceKm(*q.Near, pt); h.far || dist < h.hit.DistanceKm {
					h.hit.DistanceKm, h.hit.NearestPoint, h.far = dist, i, false
				}
			}
			if q.WithinKm > 0 {
				ok = ok && !h.far && h.hit.DistanceKm <= q.WithinKm
			}
		}
		if !ok {
			continue
		}
		for _, term := range p.terms {
			idf := idf(N, float64(df[term]))
			for f := range numFields {
				if tf := st.tf[term][f]; tf > 0 {
					h.hit.Score += newBM25(idf, fieldWeights[f], lenSum[f]/N).score(float64(tf), float64(st.len[f]))
				}
			}
		}
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b naiveHit) int {
		var c int
		switch p.sort {
		case SortRelevance:
			c = cmp.Compare(b.hit.Score, a.hit.Score)
		case SortDistance:
			if c = boolCompare(a.far, b.far); c == 0 {
				c = cmp.Compare(a.hit.DistanceKm, b.hit.DistanceKm)
			}
		case SortSoonest:
			if c = boolCompare(a.next.IsZero(), b.next.IsZero()); c == 0 {
				c = a.next.Compare(b.next)
			}
		}
		if c == 0 {
			c = strings.Compare(a.title, b.title)
		}
		if c == 0 {
			c = strings.Compare(a.hit.ID, b.hit.ID)
		}
		return c
	})
	r := Result{Total: len(hits), Page: p.page, PerPage: p.perPage, Sort: p.sort, Hits: []Hit{}}
	for i := p.offset; i < len(hits) && i < p.offset+p.perPage; i++ {
		r.Hits = append(r.Hits, hits[i].hit)
	}
	return r, nil
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// randomDocs makes n documents from small vocabularies, so that words,
// filters, scores and distances often tie.
func randomDoc(rng *rand.Rand, id string) Doc {
	words := []string{"painting", "paint", "paints", "yoga", "beginners", "beginner", "esol", "English", "digital", "skills", "café", "cooking", "Maths", "level", "2", "the", "for", "confidence", "walking", "garden"}
	text := func(n int) string {
		var b strings.Builder
		for i := rng.Intn(n + 1); i > 0; i-- {
			b.WriteString(words[rng.Intn(len(words))])
			b.WriteString([]string{" ", ", ", ": ", "-", " & "}[rng.Intn(5)])
		}
		return b.String()
	}
	pick := func(vals ...string) []string {
		var out []string
		for _, v := range vals {
			if rng.Intn(3) == 0 {
				out = append(out, v)
			}
		}
		return out
	}
	d := Doc{
		ID: id, Title: text(4), Summary: text(8), Description: text(30), Provider: text(3),
		Keywords: []string{text(2), text(2)}[:rng.Intn(3)],
		Boroughs: pick("E09000007", "E09000012", "E09000008"), Subjects: pick("arts", "esol", "digital"),
		Wellbeing: pick("connect", "active"), Levels: pick("entry", "level-1"), Modes: pick("in-person", "online"),
		Accessibility: pick("step-free", "hearing-loop"), Languages: pick("en", "pl"),
		Free: rng.Intn(2) == 0, Days: uint8(rng.Intn(128)), TimesOfDay: uint8(rng.Intn(8)),
		MinAge: []int{0, 0, 16, 19, 50}[rng.Intn(5)], MaxAge: []int{0, 0, 0, 25, 64}[rng.Intn(5)],
	}
	if rng.Intn(6) > 0 {
		d.NextStart = now.Add(time.Duration(rng.Intn(60)) * 24 * time.Hour)
	}
	venues := []geo.Point{camden, hackney, croydon, westmins}
	for i := rng.Intn(4); i > 0; i-- {
		if rng.Intn(2) == 0 {
			d.Points = append(d.Points, venues[rng.Intn(len(venues))])
		} else {
			d.Points = append(d.Points, geo.Point{Lat: 51.28 + rng.Float64()*0.42, Lon: -0.51 + rng.Float64()*0.84})
		}
	}
	return d
}

func randomQuery(rng *rand.Rand) Query {
	words := []string{"painting", "paint", "yoga", "beginners", "esol", "english", "digital", "cafe", "CAFÉ", "maths", "2", "the", "confidence", "zzz", "garden"}
	var q Query
	for i := rng.Intn(4); i > 0; i-- {
		q.Words += words[rng.Intn(len(words))] + " "
	}
	some := func(vals ...string) []string {
		if rng.Intn(4) > 0 {
			return nil
		}
		var out []string
		for _, v := range vals {
			if rng.Intn(2) == 0 {
				out = append(out, v)
			}
		}
		return out
	}
	q.Boroughs, q.Subjects = some("E09000007", "E09000012", "E09000008", "E09000001"), some("arts", "esol", "digital")
	q.Wellbeing, q.Levels, q.Modes = some("connect", "active"), some("entry", "level-1"), some("in-person", "online")
	q.Accessibility, q.Languages = some("step-free", "hearing-loop"), some("en", "pl")
	q.FreeOnly = rng.Intn(5) == 0
	if rng.Intn(4) == 0 {
		q.Days = uint8(rng.Intn(256))
	}
	if rng.Intn(4) == 0 {
		q.TimesOfDay = uint8(rng.Intn(8))
	}
	if rng.Intn(4) == 0 {
		q.Age = []int{15, 16, 19, 30, 64, 70}[rng.Intn(6)]
	}
	if rng.Intn(4) == 0 {
		q.StartsWithinWeeks, q.Now = 1+rng.Intn(6), now.Add(time.Duration(rng.Intn(20*24))*time.Hour)
	}
	if rng.Intn(2) == 0 {
		near := geo.Point{Lat: 51.3 + rng.Float64()*0.4, Lon: -0.5 + rng.Float64()*0.8}
		if rng.Intn(3) == 0 {
			near = []geo.Point{camden, hackney, croydon, westmins}[rng.Intn(4)]
		}
		q.Near = &near
		if rng.Intn(3) > 0 {
			q.WithinKm = []float64{0.5, 2, 4.64, 8, 16, 100}[rng.Intn(6)]
		}
	}
	q.Sort = SortOrder(rng.Intn(int(SortName) + 1))
	if q.Sort == SortDistance && q.Near == nil {
		q.Sort = SortName
	}
	q.Page, q.PerPage = rng.Intn(4), rng.Intn(12)
	return q
}

func TestSearchMatchesNaive(t *testing.T) {
	for seed := int64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			ref := &naive{}
			var docs []Doc
			for i := range 150 + rng.Intn(150) {
				d := randomDoc(rng, fmt.Sprintf("doc-%03d", i))
				docs = append(docs, d)
				ref.put(d)
			}
			ix := New()
			if err := ix.Replace(docs); err != nil {
				t.Fatal(err)
			}
			for round := range 400 {
				if round%20 == 19 {
					mutate(t, rng, ix, ref)
				}
				q := randomQuery(rng)
				want, werr := ref.search(q)
				got, gerr := ix.Search(q)
				if (werr == nil) != (gerr == nil) {
					t.Fatalf("round %d %+v: err %v, want %v", round, q, gerr, werr)
				}
				if !resultsEqual(got, want) {
					t.Fatalf("round %d query %+v near %v:\n got %+v\nwant %+v", round, q, q.Near, got, want)
				}
			}
		})
	}
}

// mutate upserts, adds and removes a few documents in both ix and ref.
func mutate(t *testing.T, rng *rand.Rand, ix *Index, ref *naive) {
	t.Helper()
	for range 1 + rng.Intn(10) {
		id := fmt.Sprintf("doc-%03d", rng.Intn(350))
		if rng.Intn(3) == 0 {
			// The next start moves on (or back, or away) in place.
			d, had := ref.docs[id]
			var next time.Time
			if rng.Intn(6) > 0 {
				next = now.Add(time.Duration(rng.Intn(60*24)) * time.Hour)
			}
			if ix.SetNext(id, next) != had {
				t.Fatalf("SetNext(%s) != %v", id, had)
			}
			if had {
				d.NextStart = next
				ref.put(d)
			}
			continue
		}
		if rng.Intn(3) == 0 {
			_, had := ref.docs[id]
			ref.remove(id)
			if ix.Remove(id) != had {
				t.Fatalf("Remove(%s) != %v", id, had)
			}
			continue
		}
		d := randomDoc(rng, id)
		ref.put(d)
		if err := ix.Upsert(d); err != nil {
			t.Fatal(err)
		}
	}
	if ix.Len() != len(ref.docs) {
		t.Fatalf("Len = %d, want %d", ix.Len(), len(ref.docs))
	}
}

func resultsEqual(a, b Result) bool {
	if a.Total != b.Total || a.Page != b.Page || a.PerPage != b.PerPage || a.Sort != b.Sort || len(a.Hits) != len(b.Hits) {
		return false
	}
	for i := range a.Hits {
		x, y := a.Hits[i], b.Hits[i]
		if x.ID != y.ID || x.Score != y.Score || x.NearestPoint != y.NearestPoint || x.DistanceKm != y.DistanceKm {
			return false
		}
	}
	return true
}

// TestDistanceMatchesNaive packs many documents into a small area, so that
// the walk over the grid's rings has to stop early to be fast and must stop
// at the right ring to be right.
func TestDistanceMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	ref := &naive{}
	var docs, venues = []Doc{}, []geo.Point{}
	for range 30 {
		venues = append(venues, geo.Point{Lat: 51.45 + rng.Float64()*0.1, Lon: -0.2 + rng.Float64()*0.16})
	}
	for i := range 3000 {
		d := Doc{ID: fmt.Sprintf("d%04d", i), Title: []string{"Yoga", "Art", "Maths"}[rng.Intn(3)], Free: rng.Intn(2) == 0}
		for j := rng.Intn(3); j >= 0; j-- {
			d.Points = append(d.Points, geo.Point{Lat: 51.45 + rng.Float64()*0.1, Lon: -0.2 + rng.Float64()*0.16})
		}
		if rng.Intn(2) == 0 { // a shared venue: many courses tie on distance
			d.Points[0] = venues[rng.Intn(len(venues))]
		}
		if rng.Intn(50) == 0 {
			d.Points = nil
		}
		docs = append(docs, d)
		ref.put(d)
	}
	ix := New()
	if err := ix.Replace(docs); err != nil {
		t.Fatal(err)
	}
	for round := range 300 {
		near := geo.Point{Lat: 51.40 + rng.Float64()*0.2, Lon: -0.3 + rng.Float64()*0.36}
		if round%10 == 0 {
			near.Lat += 1 // far outside: every ring is empty until London
		}
		q := Query{Near: &near, Sort: SortDistance, Page: 1 + rng.Intn(3), PerPage: 1 + rng.Intn(6), FreeOnly: rng.Intn(3) == 0}
		if rng.Intn(2) == 0 {
			q.WithinKm = []float64{0.3, 1, 2.5, 6}[rng.Intn(4)]
		}
		if round%7 == 0 {
			q.Page = 3000 / q.PerPage // the end of the list, where the far documents are
		}
		want, _ := ref.search(q)
		got, err := ix.Search(q)
		if err != nil {
			t.Fatal(err)
		}
		if !resultsEqual(got, want) {
			t.Fatalf("round %d %+v near %v:\n got %+v\nwant %+v", round, q, near, got, want)
		}
	}
}

// TestCommonWordsMatchNaive has enough documents for common terms to keep
// groups (see posting.groups), and changes some after the build, so that
// one-word searches take the grouped path, with and without filters and
// tombstones.
func TestCommonWordsMatchNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	ref := &naive{}
	var docs []Doc
	for i := range 4000 {
		d := randomDoc(rng, fmt.Sprintf("doc-%04d", i))
		docs = append(docs, d)
		ref.put(d)
	}
	ix := New()
	if err := ix.Replace(docs); err != nil {
		t.Fatal(err)
	}
	grouped := 0
	for _, p := range ix.x.terms {
		if p.groups != nil {
			grouped++
		}
	}
	if grouped < 5 {
		t.Fatalf("only %d terms have groups: the test does not test them", grouped)
	}
	words := []string{"painting", "yoga", "beginners", "esol", "digital", "café", "confidence", "garden"}
	for round := range 300 {
		if round%30 == 29 {
			for range 20 {
				id := fmt.Sprintf("doc-%04d", rng.Intn(4100))
				if rng.Intn(3) == 0 {
					ref.remove(id)
					ix.Remove(id)
					continue
				}
				d := randomDoc(rng, id)
				ref.put(d)
				if err := ix.Upsert(d); err != nil {
					t.Fatal(err)
				}
			}
		}
		q := Query{Words: words[rng.Intn(len(words))], Page: 1 + rng.Intn(4), PerPage: 1 + rng.Intn(30)}
		if rng.Intn(3) == 0 {
			q.Boroughs = []string{"E09000007"}
		}
		want, _ := ref.search(q)
		got, err := ix.Search(q)
		if err != nil {
			t.Fatal(err)
		}
		if !resultsEqual(got, want) {
			t.Fatalf("round %d %+v:\n got %+v\nwant %+v", round, q, got, want)
		}
	}
}

// Due finds exactly the documents whose next start has come, whether they
// were built, moved in place or added since.
func TestDueMatchesNaive(t *testing.T) {
	for seed := int64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewSource(seed))
		ref := &naive{}
		var docs []Doc
		for i := range 200 {
			d := randomDoc(rng, fmt.Sprintf("doc-%03d", i))
			docs = append(docs, d)
			ref.put(d)
		}
		ix := New()
		if err := ix.Replace(docs); err != nil {
			t.Fatal(err)
		}
		for round := range 30 {
			mutate(t, rng, ix, ref)
			at := now.Add(time.Duration(rng.Intn(60*24)) * time.Hour)
			var want []string
			for id, d := range ref.docs {
				if !d.NextStart.IsZero() && !d.NextStart.After(at) {
					want = append(want, id)
				}
			}
			got := ix.Due(at)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("seed %d round %d: Due(%v) = %v, want %v", seed, round, at, got, want)
			}
		}
	}
}
