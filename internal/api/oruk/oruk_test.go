package oruk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"learnwell"
	"learnwell/internal/api/oruk"
	"learnwell/internal/directory"
	"learnwell/internal/finder"
	"learnwell/internal/finder/findertest"
	"learnwell/internal/geo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

const base = "https://learnwell.example"

// schemas compiles the ORUK 3.0 schemas in testdata once, by file URL so
// their relative $refs resolve, with format assertions on.
var schemas = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	dir, err := filepath.Abs("testdata/oruk-3.0")
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	out := map[string]*jsonschema.Schema{}
	for _, name := range []string{"compiled/service_list.json", "compiled/service_with_definitions.json", "compiled/service.json",
		"compiled/service_at_location_list.json", "compiled/organization_list.json", "compiled/organization.json",
		"taxonomy.json", "taxonomy_term.json"} {
		u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, name))}).String()
		s, err := c.Compile(u)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = s
	}
	return out, nil
})

func validate(t *testing.T, schema string, v any) {
	t.Helper()
	all, err := schemas()
	if err != nil {
		t.Fatal(err)
	}
	if err := all[schema].Validate(v); err != nil {
		b, _ := json.Marshal(v)
		t.Errorf("against %s: %v\n%s", schema, err, b)
	}
}

// feed loads the fixed directory on db and returns the feed's handler.
func feed(t *testing.T, db *store.DB) (http.Handler, []string) {
	t.Helper()
	ids := findertest.Load(t, db)
	f := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
	if err := f.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	return oruk.New(oruk.Options{DB: db, Finder: f, BaseURL: base + "/", Clock: learnwell.NewFixedClock(findertest.Now)}), ids
}

func do(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

// get fetches target, checks the status and decodes the JSON body
// (with numbers kept as json.Number, as the schema library wants).
func get(t *testing.T, h http.Handler, target string, status int) map[string]any {
	t.Helper()
	rec := do(t, h, http.MethodGet, target)
	if rec.Code != status {
		t.Fatalf("GET %s: status %d, want %d: %s", target, rec.Code, status, rec.Body)
	}
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("GET %s: Access-Control-Allow-Origin %q", target, got)
	}
	if strings.Contains(rec.Body.String(), "null") {
		t.Errorf("GET %s: body has a null: %s", target, rec.Body)
	}
	v, err := jsonschema.UnmarshalJSON(rec.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	return v.(map[string]any)
}

func contents(t *testing.T, page map[string]any) []map[string]any {
	t.Helper()
	for _, k := range []string{"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"} {
		if _, ok := page[k]; !ok {
			t.Errorf("page wrapper lacks %s", k)
		}
	}
	var out []map[string]any
	for _, c := range page["contents"].([]any) {
		out = append(out, c.(map[string]any))
	}
	if n := fmt.Sprint(page["size"]); n != fmt.Sprint(len(out)) {
		t.Errorf("size %s, %d items", n, len(out))
	}
	return out
}

func ids(items []map[string]any) []string {
	var out []string
	for _, it := range items {
		out = append(out, it["id"].(string))
	}
	return out
}

func TestSchemas(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		h, courseIDs := feed(t, db)

		root := get(t, h, "/oruk", 200)
		if root["version"] != "3.0" || root["openapi_url"] != base+"/oruk/openapi.json" || root["profile"] == nil {
			t.Errorf("root: %v", root)
		}
		get(t, h, "/oruk/", 200)

		services := contents(t, get(t, h, "/oruk/services", 200))
		if !slices.Equal(sorted(ids(services)), sorted(courseIDs)) {
			t.Errorf("services %v, want %v", ids(services), courseIDs)
		}
		for _, s := range services {
			validate(t, "compiled/service_list.json", s)
		}
		for _, id := range courseIDs {
			s := get(t, h, "/oruk/services/"+id, 200)
			validate(t, "compiled/service_with_definitions.json", s)
			validate(t, "compiled/service.json", s)
			if len(s["schedules"].([]any)) == 0 || len(s["service_at_locations"].([]any)) != 1 || len(s["attributes"].([]any)) == 0 {
				t.Errorf("service %s is not fully nested: %v", id, s)
			}
			sch := s["schedules"].([]any)[0].(map[string]any)
			if !strings.HasSuffix(sch["opens_at"].(string), "+00:00") || sch["service_at_location_id"] == nil {
				t.Errorf("schedule %v", sch)
			}
		}

		sals := contents(t, get(t, h, "/oruk/service_at_locations", 200))
		if len(sals) != len(courseIDs) {
			t.Errorf("%d service_at_locations, want %d", len(sals), len(courseIDs))
		}
		for _, s := range sals {
			validate(t, "compiled/service_at_location_list.json", s)
			one := get(t, h, "/oruk/service_at_locations/"+s["id"].(string), 200)
			validate(t, "compiled/service_at_location_list.json", one)
		}

		orgs := contents(t, get(t, h, "/oruk/organizations", 200))
		if len(orgs) != 1 {
			t.Errorf("%d organizations", len(orgs))
		}
		for _, o := range orgs {
			validate(t, "compiled/organization_list.json", o)
			validate(t, "compiled/organization.json", get(t, h, "/oruk/organizations/"+o["id"].(string), 200))
		}

		taxes := contents(t, get(t, h, "/oruk/taxonomies?per_page=500", 200))
		if len(taxes) < 8 {
			t.Errorf("%d taxonomies", len(taxes))
		}
		for _, tx := range taxes {
			validate(t, "taxonomy.json", tx)
			one := get(t, h, "/oruk/taxonomies/"+tx["id"].(string), 200)
			validate(t, "taxonomy.json", one)
			if len(one["taxonomy_terms"].([]any)) == 0 {
				t.Errorf("taxonomy %s has no terms", tx["name"])
			}
		}
		terms := contents(t, get(t, h, "/oruk/taxonomy_terms?per_page=500", 200))
		if len(terms) < 20 {
			t.Errorf("%d terms", len(terms))
		}
		for _, term := range terms {
			validate(t, "taxonomy_term.json", term)
		}
		validate(t, "taxonomy_term.json", get(t, h, "/oruk/taxonomy_terms/"+terms[0]["id"].(string), 200))

		// The schemas can fail: a service without its required name does.
		all, _ := schemas()
		if err := all["compiled/service_with_definitions.json"].Validate(map[string]any{"id": courseIDs[0], "status": "active"}); err == nil {
			t.Error("a service without a name validated")
		}
	})
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

func TestParameters(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		h, courseIDs := feed(t, db)
		title := func(target string) []string {
			t.Helper()
			var out []string
			for _, it := range contents(t, get(t, h, target, 200)) {
				if svc, ok := it["service"].(map[string]any); ok {
					it = svc
				}
				out = append(out, it["name"].(string))
			}
			return out
		}

		t.Run("bad values", func(t *testing.T) {
			for _, tc := range []struct{ target, param string }{
				{"/oruk/services?page=0", "page"},
				{"/oruk/services?page=x", "page"},
				{"/oruk/services?per_page=0", "per_page"},
				{"/oruk/services?per_page=501", "per_page"},
				{"/oruk/services?per_page=", "per_page"},
				{"/oruk/services?minimum_age=-1", "minimum_age"},
				{"/oruk/services?maximum_age=abc", "maximum_age"},
				{"/oruk/services?minimum_age=40&maximum_age=30", "maximum_age"},
				{"/oruk/services?day=XX", "day"},
				{"/oruk/services?day=MO,", "day"},
				{"/oruk/services?start_time=9:00", "start_time"},
				{"/oruk/services?end_time=24:00", "end_time"},
				{"/oruk/services?start_time=12:00&end_time=10:00", "end_time"},
				{"/oruk/services?taxonomy_term_id=" + courseIDs[0], "taxonomy_term_id"},
				{"/oruk/services?taxonomy_id=nope", "taxonomy_id"},
				{"/oruk/services?modified_after=yesterday", "modified_after"},
				{"/oruk/services?organization_id=1", "organization_id"},
				{"/oruk/services?postcode=N7", "postcode"}, // a parameter of service_at_locations only
				{"/oruk/services?format=json", "format"},
				{"/oruk/services?page=1&page=2", "page"},
				{"/oruk/service_at_locations?postcode=XX1", "postcode"},
				{"/oruk/service_at_locations?postcode=N99+9ZZ", "postcode"}, // well formed, unknown
				{"/oruk/service_at_locations?proximity=500", "proximity"},
				{"/oruk/service_at_locations?postcode=N7&proximity=0", "proximity"},
				{"/oruk/service_at_locations?postcode=N7&proximity=100001", "proximity"},
				{"/oruk/service_at_locations?modified_after=2026-01-01T00:00:00Z", "modified_after"},
				{"/oruk/taxonomies?day=MO", "day"},
				{"/oruk/taxonomy_terms?taxonomy_id=x", "taxonomy_id"},
				{"/oruk/services/" + courseIDs[0] + "?page=1", "page"},
				{"/oruk?x=1", "x"},
			} {
				p := get(t, h, tc.target, 400)
				errs, _ := p["errors"].([]any)
				var named bool
				for _, e := range errs {
					named = named || e.(map[string]any)["field"] == tc.param
				}
				if !named || p["status"] != json.Number("400") || p["title"] == nil || p["type"] == nil || !strings.Contains(p["detail"].(string), tc.param) {
					t.Errorf("%s: problem does not name %s: %v", tc.target, tc.param, p)
				}
			}
		})

		t.Run("not found", func(t *testing.T) {
			for _, target := range []string{"/oruk/services/" + learnwell.DerivedID("none"), "/oruk/services/x", "/oruk/nothing",
				"/oruk/taxonomies/" + courseIDs[0], "/oruk/taxonomy_terms/" + courseIDs[0], "/oruk/organizations/" + courseIDs[0],
				"/oruk/service_at_locations/" + courseIDs[0], "/oruk/services/a/b", "/orukservices"} {
				rec := do(t, h, http.MethodGet, target)
				if rec.Code != 404 || rec.Header().Get("Content-Type") != "application/problem+json" || rec.Header().Get("Access-Control-Allow-Origin") != "*" {
					t.Errorf("%s: %d %v", target, rec.Code, rec.Header())
				}
			}
		})

		t.Run("CORS, HEAD and OPTIONS", func(t *testing.T) {
			for _, target := range []string{"/oruk", "/oruk/services", "/oruk/services?page=0", "/oruk/openapi.json"} {
				get := do(t, h, http.MethodGet, target)
				head := do(t, h, http.MethodHead, target)
				if head.Code != get.Code || head.Body.Len() != 0 || head.Header().Get("Access-Control-Allow-Origin") != "*" ||
					head.Header().Get("Content-Type") != get.Header().Get("Content-Type") {
					t.Errorf("HEAD %s: %d %v, body %d bytes", target, head.Code, head.Header(), head.Body.Len())
				}
				opt := do(t, h, http.MethodOptions, target)
				if opt.Code != 204 || opt.Header().Get("Access-Control-Allow-Origin") != "*" ||
					opt.Header().Get("Access-Control-Allow-Methods") != "GET, HEAD, OPTIONS" {
					t.Errorf("OPTIONS %s: %d %v", target, opt.Code, opt.Header())
				}
			}
			if rec := do(t, h, http.MethodPost, "/oruk/services"); rec.Code != 405 || rec.Header().Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("POST: %d", rec.Code)
			}
		})

		t.Run("paging", func(t *testing.T) {
			p := get(t, h, "/oruk/services?per_page=4&page=2", 200)
			if got := contents(t, p); len(got) != 2 || p["total_items"] != json.Number("6") || p["total_pages"] != json.Number("2") ||
				p["first_page"] != false || p["last_page"] != true || p["empty"] != false {
				t.Errorf("page 2 of 4: %v", p)
			}
			p = get(t, h, "/oruk/services?per_page=4&page=9", 200)
			if got := contents(t, p); len(got) != 0 || p["empty"] != true || p["page_number"] != json.Number("9") {
				t.Errorf("past the end: %v", p)
			}
			if got := contents(t, get(t, h, "/oruk/services?per_page=500", 200)); len(got) != 6 {
				t.Errorf("per_page=500: %d", len(got))
			}
			if got := contents(t, get(t, h, "/oruk/services?per_page=1", 200)); len(got) != 1 {
				t.Errorf("per_page=1: %d", len(got))
			}
		})

		t.Run("filters", func(t *testing.T) {
			subject := directory.TermID(directory.SchemeSubject, "arts-and-crafts")
			for _, tc := range []struct {
				target string
				want   []string
			}{
				{"/oruk/services?search=painting", []string{"Watercolour painting for beginners", "Painting portraits", "Mindful painting in the park"}},
				{"/oruk/services?search=painting&taxonomy_term_id=" + subject, []string{"Watercolour painting for beginners", "Painting portraits"}},
				{"/oruk/services?day=TU", []string{"Watercolour painting for beginners"}},
				{"/oruk/services?day=mo,TU", []string{"Watercolour painting for beginners", "Spanish for travel"}},
				{"/oruk/services?day=TU&start_time=11:00", nil},
				{"/oruk/services?start_time=18:00", []string{"Painting portraits", "Spanish for travel"}},
				{"/oruk/services?end_time=12:00", []string{"Watercolour painting for beginners", "Digital skills: using your smartphone"}},
				{"/oruk/services?start_time=10:00&end_time=13:00&day=SA", []string{"Mindful painting in the park"}},
				{"/oruk/services?taxonomy_id=" + directory.TaxonomyID(directory.SchemeWellbeing), nil},
				{"/oruk/services?modified_after=2099-01-01T00:00:00Z", nil},
				{"/oruk/services?organization_id=" + learnwell.DerivedID("none"), nil},
				{"/oruk/service_at_locations?day=FR", []string{"Digital skills: using your smartphone"}},
				{"/oruk/service_at_locations?search=spanish", []string{"Spanish for travel"}},
				{"/oruk/service_at_locations?search=painting&day=SA", []string{"Mindful painting in the park"}},
			} {
				if got := title(tc.target); !slices.Equal(sorted(got), sorted(tc.want)) {
					t.Errorf("%s: %q, want %q", tc.target, got, tc.want)
				}
			}
			if n := len(title("/oruk/services?taxonomy_id=" + directory.TaxonomyID(directory.SchemeSubject) + "&minimum_age=19&maximum_age=65")); n != 6 {
				t.Errorf("subject taxonomy and ages: %d", n)
			}
		})

		t.Run("postcode and proximity", func(t *testing.T) {
			_, from, err := geo.LocateString("N7")
			if err != nil {
				t.Fatal(err)
			}
			dist := map[string]float64{}
			for _, f := range findertest.Fixtures {
				d, _ := geo.DistrictByCode(f.Outcode)
				dist[f.Title] = geo.DistanceKm(from, d.Point)
			}
			near := title("/oruk/service_at_locations?postcode=n7")
			if len(near) != 6 || near[0] != "Watercolour painting for beginners" ||
				!slices.IsSortedFunc(near, func(a, b string) int { return compare(dist[a], dist[b]) }) {
				t.Errorf("nearest first: %q", near)
			}
			within := title("/oruk/service_at_locations?postcode=N7&proximity=6000")
			var want []string
			for _, name := range near {
				if dist[name] <= 6 {
					want = append(want, name)
				}
			}
			if !slices.Equal(within, want) || len(want) == 0 || len(want) == 6 {
				t.Errorf("within 6km: %q, want %q", within, want)
			}
		})
	})
}

func compare(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestOpenAPI(t *testing.T) {
	h := oruk.New(oruk.Options{BaseURL: base})
	rec := do(t, h, http.MethodGet, "/oruk/openapi.json")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || rec.Code != 200 {
		t.Fatalf("%d %v", rec.Code, err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	for _, p := range []string{"/", "/services", "/services/{id}", "/service_at_locations", "/service_at_locations/{id}",
		"/taxonomies", "/taxonomies/{id}", "/taxonomy_terms", "/taxonomy_terms/{id}", "/organizations", "/organizations/{id}"} {
		if doc.Paths[p]["get"] == nil {
			t.Errorf("openapi.json does not describe GET %s", p)
		}
	}
	// The document must name every parameter the feed accepts, and no other.
	b, _ := os.ReadFile("openapi.json")
	for _, name := range []string{"page", "per_page", "search", "taxonomy_term_id", "taxonomy_id", "minimum_age", "maximum_age",
		"day", "start_time", "end_time", "postcode", "proximity", "modified_after", "organization_id"} {
		if !strings.Contains(string(b), `"name": "`+name+`"`) {
			t.Errorf("openapi.json lacks parameter %s", name)
		}
	}
}
