package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"

	"learnwell"
	"learnwell/internal/api/oruk"
	"learnwell/internal/demo"
	"learnwell/internal/finder"
	"learnwell/internal/importer"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// serveFeed serves db's ORUK feed at an httptest server whose URL is also
// the feed's base URL, and returns that URL.
func serveFeed(t *testing.T, db *store.DB, clock learnwell.Clock) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	t.Cleanup(srv.Close)
	setFeed(t, srv, db, clock, srv.URL)
	return srv.URL
}

func setFeed(t *testing.T, srv *httptest.Server, db *store.DB, clock learnwell.Clock, base string) {
	t.Helper()
	tax, err := db.Taxonomies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f := finder.New(db, finder.Options{Logger: storetest.QuietLogger(), Clock: clock, Taxonomies: tax})
	if err := f.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = oruk.New(oruk.Options{DB: db, Finder: f, BaseURL: base, Clock: clock})
}

func getJSON(t *testing.T, url string) any {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d %s", url, resp.StatusCode, body)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// normalise makes a feed document comparable across a round trip: schedule
// ids are derived from run ids, which ORUK does not carry, so they are left
// out; schedules and service_at_locations are sorted, since runs that start
// the same day are listed in the order of their (new) ids.
func normalise(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalise(e)
		}
		if s, ok := x["schedules"].([]any); ok {
			for _, e := range s {
				delete(e.(map[string]any), "id")
			}
			sortByJSON(s)
		}
		if s, ok := x["service_at_locations"].([]any); ok {
			sortByJSON(s)
		}
		if s, ok := x["contents"].([]any); ok && len(s) > 0 {
			if _, sal := s[0].(map[string]any)["location_id"]; sal {
				sortByJSON(s) // a page of service_at_locations, in run order
			}
		}
		return x
	case []any:
		for i := range x {
			x[i] = normalise(x[i])
		}
	}
	return v
}

func sortByJSON(list []any) {
	sort.SliceStable(list, func(i, j int) bool {
		a, _ := json.Marshal(list[i])
		b, _ := json.Marshal(list[j])
		return string(a) < string(b)
	})
}

func sameJSON(t *testing.T, what string, a, b any) {
	t.Helper()
	ja, _ := json.MarshalIndent(normalise(a), "", " ")
	jb, _ := json.MarshalIndent(normalise(b), "", " ")
	if !bytes.Equal(ja, jb) {
		la, lb := bytes.Split(ja, []byte("\n")), bytes.Split(jb, []byte("\n"))
		for i := range min(len(la), len(lb)) {
			if !bytes.Equal(la[i], lb[i]) {
				t.Fatalf("%s differs after the round trip, at line %d:\n original: %s\n imported: %s", what, i+1, la[i], lb[i])
			}
		}
		t.Fatalf("%s differs after the round trip in length: %d and %d lines", what, len(la), len(lb))
	}
}

// TestRoundTrip loads a small demo directory, serves its feed, imports the
// feed into an empty database through the same code as `learnwell import
// oruk URL`, serves the new database's feed at the same base URL, and
// compares every endpoint: the directory is the same as far as ORUK carries
// it.
func TestRoundTrip(t *testing.T) {
	clock := learnwell.NewFixedClock(now)
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, original *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, original, demo.Options{Seed: 7, Services: 60}); err != nil {
			t.Fatal(err)
		}
		base := serveFeed(t, original, clock)

		imported := storetest.Open(t, original.Engine(), storetest.Options{Clock: clock})
		opts := orukOpts(imported)
		opts.PerPage = 7 // several pages
		rep, err := importer.ImportORUK(ctx, base+"/oruk", opts)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		rep.Write(&out)
		if !rep.OK() || rep.Created != 60 || len(rep.Warnings) != 0 {
			t.Fatalf("import:\n%s", out.String())
		}

		// Serve the imported directory at the same base URL.
		copySrv := httptest.NewUnstartedServer(nil)
		copySrv.Start()
		defer copySrv.Close()
		setFeed(t, copySrv, imported, clock, base)

		services := getJSON(t, base+"/oruk/services?per_page=500").(map[string]any)
		sameJSON(t, "/oruk/services", services, getJSON(t, copySrv.URL+"/oruk/services?per_page=500"))
		if n := services["total_items"].(float64); n != 60 {
			t.Fatalf("the original feed has %v services, want 60", n)
		}
		for _, s := range services["contents"].([]any) {
			id := s.(map[string]any)["id"].(string)
			sameJSON(t, "/oruk/services/"+id, getJSON(t, base+"/oruk/services/"+id), getJSON(t, copySrv.URL+"/oruk/services/"+id))
		}
		orgs := getJSON(t, base+"/oruk/organizations?per_page=500").(map[string]any)
		sameJSON(t, "/oruk/organizations", orgs, getJSON(t, copySrv.URL+"/oruk/organizations?per_page=500"))
		for _, o := range orgs["contents"].([]any) {
			id := o.(map[string]any)["id"].(string)
			sameJSON(t, "/oruk/organizations/"+id, getJSON(t, base+"/oruk/organizations/"+id), getJSON(t, copySrv.URL+"/oruk/organizations/"+id))
		}
		for _, path := range []string{"/oruk/service_at_locations?per_page=500", "/oruk/taxonomies?per_page=500", "/oruk/taxonomy_terms?per_page=500"} {
			sameJSON(t, path, getJSON(t, base+path), getJSON(t, copySrv.URL+path))
		}

		// The same feed again changes nothing.
		again, err := importer.ImportORUK(ctx, base+"/oruk", opts)
		if err != nil || again.Unchanged != 60 || !again.OK() {
			out.Reset()
			again.Write(&out)
			t.Fatalf("second import: %v\n%s", err, out.String())
		}
		counts, _ := imported.CountDirectory(ctx)
		if counts.Courses != 60 {
			t.Errorf("courses after two imports = %d", counts.Courses)
		}
	})
}
