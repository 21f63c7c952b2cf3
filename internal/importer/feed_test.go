package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/importer"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// svcID is the id of fake service n.
func svcID(n int) string { return learnwell.DerivedID("fake-feed", "service", strconv.Itoa(n)) }

// fakeService is a small service as another area's feed might publish it:
// its own organisation, a venue and a weekly schedule, a term of ours and one
// of theirs.
func fakeService(n int) map[string]any {
	id := svcID(n)
	return map[string]any{
		"id": id, "name": fmt.Sprintf("Pottery for beginners %d", n), "status": "active",
		"description": "Make pots on the wheel.\n\nAll materials provided.",
		"url":         "https://elsewhere.example.org/pottery/" + strconv.Itoa(n),
		"organization": map[string]any{"id": learnwell.DerivedID("fake-feed", "org"), "name": "Elsewhere Arts Trust",
			"description": "A community arts charity.", "website": "https://elsewhere.example.org"},
		"attributes": []any{
			map[string]any{"id": learnwell.DerivedID("fake-feed", "attr", id), "link_type": "subject",
				"taxonomy_term_id": directory.TermID(directory.SchemeSubject, "arts-and-crafts")},
			map[string]any{"id": learnwell.DerivedID("fake-feed", "attr2", id), "link_type": "service_type",
				"taxonomy_term": map[string]any{"id": learnwell.DerivedID("fake-feed", "term"), "name": "Creative activities",
					"description": "Arts and crafts.", "taxonomy": "Elsewhere service types", "taxonomy_id": learnwell.DerivedID("fake-feed", "tax")}},
		},
		"service_at_locations": []any{map[string]any{"id": learnwell.DerivedID("fake-feed", "sal", id),
			"location": map[string]any{"id": learnwell.DerivedID("fake-feed", "loc"), "location_type": "physical", "name": "Elsewhere Studio",
				"addresses": []any{map[string]any{"address_1": "1 Clay Street", "city": "London", "state_province": "Hackney",
					"postal_code": "E8 1AA", "country": "GB"}}}}},
		"schedules": []any{map[string]any{"id": learnwell.DerivedID("fake-feed", "schedule", id),
			"service_at_location_id": learnwell.DerivedID("fake-feed", "sal", id),
			"freq":                   "WEEKLY", "byday": "WE", "valid_from": "2027-01-06", "valid_to": "2027-03-24",
			"opens_at": "18:00", "closes_at": "20:00"}},
	}
}

// fakeFeed is an ORUK feed of n services with knobs for the ways feeds go wrong.
type fakeFeed struct {
	n        int
	perPage  int
	broken   map[int]bool // services served as broken JSON
	slow     map[string]int32
	delay    time.Duration
	hits     sync.Map // path -> *atomic.Int32
	pageLoop bool     // every page past the first is page 1 again
	endless  bool     // total_pages never ends, new ids on every page
	queries  []string
	mu       sync.Mutex
}

func (f *fakeFeed) count(key string) int32 {
	v, _ := f.hits.LoadOrStore(key, new(atomic.Int32))
	return v.(*atomic.Int32).Add(1)
}

func (f *fakeFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path + "?" + r.URL.Query().Get("page")
	hit := f.count(key)
	if tries, ok := f.slow[key]; ok && hit <= tries {
		select { // slow until tried enough
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.URL.Path == "/oruk/services":
		f.mu.Lock()
		f.queries = append(f.queries, r.URL.RawQuery)
		f.mu.Unlock()
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if f.pageLoop && page > 1 {
			page = 1
		}
		total := f.n
		pages := (total + f.perPage - 1) / f.perPage
		var contents []any
		for i := (page-1)*f.perPage + 1; i <= min(page*f.perPage, total); i++ {
			contents = append(contents, map[string]any{"id": svcID(i), "name": "x"})
		}
		if f.endless {
			pages = 1_000_000
			contents = []any{map[string]any{"id": svcID(10_000 + page)}}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"total_items": total, "total_pages": pages, "page_number": page,
			"size": len(contents), "first_page": page == 1, "last_page": page >= pages, "empty": len(contents) == 0, "contents": contents})
	case strings.HasPrefix(r.URL.Path, "/oruk/services/"):
		id := strings.TrimPrefix(r.URL.Path, "/oruk/services/")
		for i := 1; i <= f.n+1_000_000; i++ {
			if svcID(i) == id {
				if f.broken[i] {
					_, _ = w.Write([]byte(`{"id": "` + id + `", "name": ["not", "a", "name"]`))
					return
				}
				_ = json.NewEncoder(w).Encode(fakeService(i))
				return
			}
			if i > f.n && !f.endless {
				break
			}
			if i > 10_100 {
				break
			}
		}
		http.NotFound(w, r)
	default:
		http.NotFound(w, r)
	}
}

func report(rep *importer.Report) string {
	var b bytes.Buffer
	rep.Write(&b)
	return b.String()
}

func TestFeedPagingAndABrokenRecord(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(now)}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		feed := &fakeFeed{n: 11, perPage: 4, broken: map[int]bool{6: true}}
		srv := httptest.NewServer(feed)
		defer srv.Close()
		opts := orukOpts(db)
		opts.PerPage = 4
		var progress bytes.Buffer
		opts.Progress, opts.ProgressEvery = &progress, time.Nanosecond
		rep, err := importer.ImportORUK(ctx, srv.URL+"/oruk/services", opts)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 10 || rep.Rejected != 1 || rep.OK() || rep.Source != srv.URL+"/oruk" {
			t.Fatalf("report:\n%s", report(rep))
		}
		if r := rep.Rejections[0]; !strings.HasPrefix(r.Where, "record 6 (service "+svcID(6)) || !strings.Contains(r.Reason, "not valid HSDS JSON") {
			t.Errorf("rejection = %+v", r)
		}
		if !strings.Contains(progress.String(), "progress: ") || !strings.Contains(progress.String(), "of 11 services") {
			t.Errorf("progress = %q", progress.String())
		}
		l, err := db.FindListing(ctx, svcID(3))
		if err != nil {
			t.Fatal(err)
		}
		if l.Course.Source != (directory.Source{System: srv.URL + "/oruk", ID: svcID(3)}) || len(l.Runs) != 1 || len(l.Course.OtherTerms) != 1 {
			t.Errorf("listing = %+v", l.Course)
		}
		if loc := l.Locations[l.Runs[0].LocationID]; loc.Borough != "E09000012" || loc.Point == nil || loc.Postcode != "E8 1AA" {
			t.Errorf("venue = %+v", loc)
		}
		if l.Course.JoinURL != "https://elsewhere.example.org/pottery/3" || l.Course.Summary != "Make pots on the wheel." {
			t.Errorf("course = %+v", l.Course)
		}

		// Fixed, the broken record lands and the rest are unchanged.
		feed.broken = nil
		rep, err = importer.ImportORUK(ctx, srv.URL+"/oruk", opts)
		if err != nil || rep.Created != 1 || rep.Unchanged != 10 || !rep.OK() {
			t.Fatalf("second run: %v\n%s", err, report(rep))
		}
		counts, _ := db.CountDirectory(ctx)
		if counts != (store.DirectoryCounts{Organisations: 1, Locations: 1, Courses: 11, Runs: 11}) {
			t.Errorf("counts = %+v", counts)
		}
	})
}

func TestFeedSlowPageIsRetried(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(now)})
	feed := &fakeFeed{n: 3, perPage: 2, delay: 2 * time.Second, slow: map[string]int32{"/oruk/services?2": 1}}
	srv := httptest.NewServer(feed)
	defer srv.Close()
	opts := orukOpts(db)
	opts.PerPage, opts.Timeout = 2, 200*time.Millisecond
	rep, err := importer.ImportORUK(context.Background(), srv.URL+"/oruk", opts)
	if err != nil || rep.Created != 3 || !rep.OK() {
		t.Fatalf("%v\n%s", err, report(rep))
	}

	// A service that stays slow is rejected with the reason; the rest land.
	db = storetest.Open(t, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(now)})
	feed = &fakeFeed{n: 3, perPage: 2, delay: 2 * time.Second, slow: map[string]int32{"/oruk/services/" + svcID(2) + "?": 100}}
	srv2 := httptest.NewServer(feed)
	defer srv2.Close()
	opts = orukOpts(db)
	opts.Timeout, opts.Retries = 200*time.Millisecond, 1
	rep, err = importer.ImportORUK(context.Background(), srv2.URL+"/oruk", opts)
	if err != nil || rep.Created != 2 || rep.Rejected != 1 {
		t.Fatalf("%v\n%s", err, report(rep))
	}
	if r := rep.Rejections[0].Reason; !strings.Contains(r, "no answer within 200ms") || !strings.Contains(r, "after 2 tries") {
		t.Errorf("reason = %q", r)
	}
}

func TestFeedLoopsAreStopped(t *testing.T) {
	tests := []struct {
		name string
		feed http.Handler
		want string
	}{
		{"page loop", &fakeFeed{n: 9, perPage: 3, pageLoop: true}, "page 2 repeats page 1"},
		{"paging without end", &fakeFeed{n: 3, perPage: 3, endless: true}, "more services"},
		{"redirect loop", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/a" {
				http.Redirect(w, r, "/b", http.StatusFound)
			} else {
				http.Redirect(w, r, "/a", http.StatusFound)
			}
		}), "redirects go round in a loop"},
		{"next page loop", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			page := r.URL.Query().Get("page")
			fmt.Fprintf(w, `{"total_items": 2, "last_page": false, "contents": [{"id": %q}], "next": "/oruk/services?page=%s"}`,
				svcID(1), map[string]string{"1": "2", "2": "1"}[page])
		}), "loop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.Open(t, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(now)})
			srv := httptest.NewServer(tt.feed)
			defer srv.Close()
			u := srv.URL + "/oruk"
			if tt.name == "redirect loop" {
				u = srv.URL + "/a"
			}
			done := make(chan struct{})
			var rep *importer.Report
			var err error
			go func() {
				defer close(done)
				rep, err = importer.ImportORUK(context.Background(), u, orukOpts(db))
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("the import did not stop")
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || !strings.Contains(rep.Failed, tt.want) {
				t.Fatalf("failed = %q, want %q\n%s", rep.Failed, tt.want, report(rep))
			}
		})
	}
}

func TestFeedModifiedAfterAndInterrupt(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(now)})
	feed := &fakeFeed{n: 40, perPage: 5}
	srv := httptest.NewServer(feed)
	defer srv.Close()
	opts := orukOpts(db)
	opts.ModifiedAfter = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ctx, cancel := context.WithCancel(context.Background())
	var progress countingWriter
	progress.after, progress.cancel = 3, cancel
	opts.Progress, opts.ProgressEvery = &progress, time.Nanosecond
	rep, err := importer.ImportORUK(ctx, srv.URL+"/oruk", opts)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Interrupted || rep.OK() || rep.Created == 0 || rep.Created >= 40 {
		t.Fatalf("interrupted import:\n%s", report(rep))
	}
	if q := feed.queries[0]; !strings.Contains(q, "modified_after=2026-11-01T00%3A00%3A00Z") {
		t.Errorf("query = %q", q)
	}
	// What was written is whole, and running again carries on.
	first := rep.Created
	rep, err = importer.ImportORUK(context.Background(), srv.URL+"/oruk", orukOpts(db))
	if err != nil || rep.Created != 40-first || rep.Unchanged != first || !rep.OK() {
		t.Fatalf("resumed: %v\n%s", err, report(rep))
	}
}

// countingWriter cancels after some writes: an interrupt part way through.
type countingWriter struct {
	n, after int
	cancel   func()
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n++
	if c.n == c.after {
		c.cancel()
	}
	return len(p), nil
}
