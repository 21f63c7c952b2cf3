package search

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"learnwell/internal/geo"
)

// benchDocs is the size of the benchmark directory: a large London one.
const benchDocs = 200_000

var (
	benchOnce  sync.Once
	benchIndex *Index
)

func benchmarkIndex(b *testing.B) *Index {
	b.Helper()
	benchOnce.Do(func() {
		benchIndex = New()
		if err := benchIndex.Replace(SyntheticDocs(benchDocs, 1)); err != nil {
			b.Fatal(err)
		}
	})
	return benchIndex
}

// benchQueries is a mixed set: common and rarer words ranked with their
// total, filters, a postcode within 5 miles, and each sort.
func benchQueries() []struct {
	name string
	q    Query
} {
	se1 := geo.Point{Lat: 51.5010, Lon: -0.1140} // SE1 7PB
	e8 := geo.Point{Lat: 51.5430, Lon: -0.0650}  // E8
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	return []struct {
		name string
		q    Query
	}{
		{"CommonWord", Query{Words: "learn"}},
		{"Word", Query{Words: "painting"}},
		{"ThreeWords", Query{Words: "watercolour painting for beginners"}},
		{"WordsFilters", Query{Words: "esol entry", Boroughs: []string{"E09000012", "E09000030"}, FreeOnly: true}},
		{"Filters", Query{Subjects: []string{"arts"}, Days: Monday | Saturday, TimesOfDay: Evening}},
		{"Within8kmByDistance", Query{Near: &se1, WithinKm: 8, Sort: SortDistance}},
		{"WordWithin8km", Query{Words: "yoga", Near: &e8, WithinKm: 8}},
		{"Empty", Query{}},
		{"SubjectByName", Query{Subjects: []string{"digital"}, Sort: SortName}},
		{"StartsWithin4WeeksFree", Query{StartsWithinWeeks: 4, Now: start, FreeOnly: true}},
		{"AgeWellbeingWithin8km", Query{Age: 60, Wellbeing: []string{"connect"}, Near: &e8, WithinKm: 8, Sort: SortSoonest}},
		{"CommonWordSoonest", Query{Words: "confidence", Sort: SortSoonest}},
		{"CommonWordPage5", Query{Words: "beginners", Page: 5}},
		{"NearNoRadiusByDistance", Query{Near: &e8, Sort: SortDistance}},
	}
}

func BenchmarkSearch(b *testing.B) {
	ix := benchmarkIndex(b)
	for _, bq := range benchQueries() {
		b.Run(bq.name, func(b *testing.B) {
			var r Result
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.ReportAllocs()
			c0 := threadCPU()
			for b.Loop() {
				var err error
				if r, err = ix.Search(bq.q); err != nil {
					b.Fatal(err)
				}
			}
			if c := threadCPU() - c0; c > 0 {
				b.ReportMetric(float64(c)/float64(b.N), "cpu-ns/op")
			}
			b.ReportMetric(float64(r.Total), "matches")
		})
	}
}

// BenchmarkSearchMixed runs the mixed set round robin and reports the 50th
// and 95th percentile latency of single searches: wall-clock time, and the
// CPU time of the searching thread (on Linux), which a busy machine does
// not inflate.
func BenchmarkSearchMixed(b *testing.B) {
	ix := benchmarkIndex(b)
	qs := benchQueries()
	var wall, cpu []time.Duration
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t0, c0 := time.Now(), threadCPU()
		if _, err := ix.Search(qs[i%len(qs)].q); err != nil {
			b.Fatal(err)
		}
		cpu = append(cpu, time.Duration(threadCPU()-c0))
		wall = append(wall, time.Since(t0))
		i++
	}
	report := func(lat []time.Duration, unit string) {
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-"+unit)
		b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds()), "p95-"+unit)
		b.ReportMetric(float64(lat[len(lat)-1].Microseconds()), "max-"+unit)
	}
	report(wall, "µs")
	if cpu[len(cpu)-1] > 0 {
		report(cpu, "cpu-µs")
	}
}

// BenchmarkBuild times Replace of the whole directory and reports the heap
// the index holds once built.
func BenchmarkBuild(b *testing.B) {
	docs := SyntheticDocs(benchDocs, 1)
	var ix *Index
	b.ReportAllocs()
	c0 := processCPU()
	for b.Loop() {
		ix = New()
		if err := ix.Replace(docs); err != nil {
			b.Fatal(err)
		}
	}
	if c := processCPU() - c0; c > 0 {
		b.ReportMetric(float64(c)/float64(b.N)/1e9, "cpu-s/op")
	}
	docs = nil
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	st := ix.Stats()
	ix = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MB")
	b.ReportMetric(float64(st.Postings), "postings")
	b.ReportMetric(float64(st.Terms), "terms")
}

// BenchmarkBuildSeq times ReplaceSeq from documents made one at a time, as
// the store would yield them, and reports the largest heap seen during the
// build (sampled) besides the index's own.
func BenchmarkBuildSeq(b *testing.B) {
	var peak uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
	}()
	var ix *Index
	for b.Loop() {
		ix = New()
		if err := ix.ReplaceSeq(syntheticSeq(benchDocs, 1)); err != nil {
			b.Fatal(err)
		}
	}
	close(done)
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	runtime.KeepAlive(ix)
}

// BenchmarkUpsert times replacing one document in the full directory.
func BenchmarkUpsert(b *testing.B) {
	ix := New()
	docs := SyntheticDocs(benchDocs, 1)
	if err := ix.Replace(docs); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := ix.Upsert(docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
