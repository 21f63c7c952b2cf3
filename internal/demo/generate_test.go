package demo_test

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"learnwell"
	"learnwell/internal/demo"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
)

var tax = directory.BuiltinTaxonomies()

// defaultDataset is the default demo, made once for the pure tests.
var defaultDataset = sync.OnceValue(func() demo.Dataset {
	return demo.Generate(demo.Options{Seed: demo.DefaultSeed, Today: refDay})
})

// index holds a dataset's records by id.
type index struct {
	orgs map[string]directory.Organisation
	locs map[string]directory.Location
}

func indexOf(ds demo.Dataset) index {
	ix := index{orgs: map[string]directory.Organisation{}, locs: map[string]directory.Location{}}
	for _, o := range ds.Organisations {
		ix.orgs[o.ID] = o
	}
	for _, l := range ds.Locations {
		ix.locs[l.ID] = l
	}
	return ix
}

// venues returns the distinct venues a course's runs use.
func (ix index) venues(c demo.CourseWithRuns) []directory.Location {
	var out []directory.Location
	for _, r := range c.Runs {
		if l, ok := ix.locs[r.LocationID]; ok && !slices.ContainsFunc(out, func(x directory.Location) bool { return x.ID == l.ID }) {
			out = append(out, l)
		}
	}
	return out
}

func TestGenerateIsDeterministic(t *testing.T) {
	a := defaultDataset()
	b := demo.Generate(demo.Options{Seed: demo.DefaultSeed, Services: demo.DefaultServices, Today: refDay})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two generations with the same seed differ")
	}
	c := demo.Generate(demo.Options{Seed: 2, Services: 300})
	if c.Organisations[0].ID == a.Organisations[0].ID || c.Courses[0].Course.ID == a.Courses[0].Course.ID {
		t.Error("another seed gives the same ids")
	}
	same := 0
	for i := range c.Courses {
		if c.Courses[i].Course.Title == a.Courses[i].Course.Title && c.Courses[i].Course.OrganisationID == a.Courses[i].Course.OrganisationID {
			same++
		}
	}
	if same > 0 || c.Organisations[40].Name == a.Organisations[40].Name && c.Organisations[41].Name == a.Organisations[41].Name {
		t.Errorf("another seed gives much the same data (%d courses alike)", same)
	}
}

func TestEachCourseMatchesGenerate(t *testing.T) {
	opts := demo.Options{Seed: 7, Services: 250, Today: refDay}
	want := demo.Generate(opts)
	orgs, locs := demo.Providers(opts)
	if !reflect.DeepEqual(orgs, want.Organisations) || !reflect.DeepEqual(locs, want.Locations) {
		t.Error("Providers differs from Generate")
	}
	var got []demo.CourseWithRuns
	stop := errors.New("stop")
	err := demo.EachCourse(opts, func(c demo.CourseWithRuns) error {
		got = append(got, c)
		if len(got) == 100 {
			return stop
		}
		return nil
	})
	if err != stop || len(got) != 100 {
		t.Fatalf("EachCourse = %v after %d courses, want stop after 100", err, len(got))
	}
	if !reflect.DeepEqual(got, want.Courses[:100]) {
		t.Error("EachCourse differs from Generate")
	}
}

func TestEveryRecordIsValid(t *testing.T) {
	ds := defaultDataset()
	ix := indexOf(ds)
	for _, o := range ds.Organisations {
		if err := o.Validate(); err != nil {
			t.Errorf("organisation %q: %v", o.Name, learnwell.ErrorFields(err))
		}
	}
	for _, l := range ds.Locations {
		if err := l.Validate(); err != nil {
			t.Errorf("venue %q: %v", l.Name, learnwell.ErrorFields(err))
		}
	}
	for _, c := range ds.Courses {
		err := directory.ValidateListing(ix.orgs[c.Course.OrganisationID], c.Course, ix.venues(c), c.Runs, tax)
		if err != nil {
			t.Errorf("course %q: %v", c.Course.Title, learnwell.ErrorFields(err))
		}
	}
}

func TestIdsAreUnique(t *testing.T) {
	ds := defaultDataset()
	seen := map[string]bool{}
	check := func(what, id string) {
		if !learnwell.ValidID(id) || seen[id] {
			t.Errorf("%s id %q is not a new UUID", what, id)
		}
		seen[id] = true
	}
	for _, o := range ds.Organisations {
		check("organisation", o.ID)
	}
	for _, l := range ds.Locations {
		check("venue", l.ID)
	}
	for _, c := range ds.Courses {
		check("course", c.Course.ID)
		for _, o := range c.Course.CostOptions {
			check("cost option", o.ID)
		}
		for _, ct := range c.Course.Contacts {
			check("contact", ct.ID)
		}
		for _, r := range c.Runs {
			check("run", r.ID)
		}
	}
}

func TestSizes(t *testing.T) {
	ds := defaultDataset()
	if n := len(ds.Organisations); n < 160 {
		t.Errorf("%d providers, want at least 160", n)
	}
	if n := len(ds.Courses); n != demo.DefaultServices || n < 3000 {
		t.Errorf("%d courses, want %d", n, demo.DefaultServices)
	}
	perOrg := map[string]int{}
	for _, c := range ds.Courses {
		perOrg[c.Course.OrganisationID]++
		if n := len(c.Runs); n < 1 || n > 4 {
			t.Errorf("course %q has %d runs", c.Course.Title, n)
		}
	}
	if len(perOrg) != len(ds.Organisations) {
		t.Errorf("%d of %d providers have courses", len(perOrg), len(ds.Organisations))
	}
	for _, tc := range []struct{ services, providers int }{{200, 160}, {3200, 160}, {10_000, 500}, {200_000, 10_000}} {
		orgs, locs := demo.Providers(demo.Options{Seed: 1, Services: tc.services})
		if len(orgs) != tc.providers || len(locs) < len(orgs) || len(locs) > 4*len(orgs) {
			t.Errorf("services %d: %d providers and %d venues, want %d providers with 1 to 4 venues each", tc.services, len(orgs), len(locs), tc.providers)
		}
	}
	small := demo.Generate(demo.Options{Seed: 1, Services: 200})
	smallOrgs := map[string]bool{}
	for _, c := range small.Courses {
		smallOrgs[c.Course.OrganisationID] = true
	}
	if len(small.Courses) != 200 || len(smallOrgs) != len(small.Organisations) {
		t.Errorf("services 200 gave %d courses from %d of %d providers, want 200 from all", len(small.Courses), len(smallOrgs), len(small.Organisations))
	}
}

func TestCoversTheTaxonomyAndLondon(t *testing.T) {
	for _, services := range []int{0, 40} {
		t.Run(fmt.Sprint(services), func(t *testing.T) {
			ds := defaultDataset()
			if services != 0 {
				ds = demo.Generate(demo.Options{Seed: 3, Services: services})
			}
			used := map[string]int{}
			for _, c := range ds.Courses {
				for _, id := range slices.Concat(c.Course.Subjects, c.Course.Wellbeing, []string{c.Course.Level}) {
					used[id]++
				}
			}
			for _, scheme := range []string{directory.SchemeSubject, directory.SchemeWellbeing, directory.SchemeLevel} {
				for _, term := range tax.Terms(scheme) {
					if used[term.ID] == 0 {
						t.Errorf("no course has %s %q", scheme, term.Code)
					}
				}
			}
			orgsIn, venuesIn := map[string]int{}, map[string]int{}
			for _, o := range ds.Organisations {
				orgsIn[o.Boroughs[0]]++
			}
			for _, l := range ds.Locations {
				venuesIn[l.Borough]++
			}
			for _, b := range geo.Boroughs() {
				if orgsIn[b.Code] < 4 || venuesIn[b.Code] < 4 {
					t.Errorf("%s has %d providers and %d venues, want several", b.Name, orgsIn[b.Code], venuesIn[b.Code])
				}
			}
		})
	}
}

// The patterns of contact details: every email at example.com, every phone
// number in Ofcom's drama range for London, every web address at example.com.
var (
	emailPattern  = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+`)
	phonePattern  = regexp.MustCompile(`\+?\d[\d ()-]{7,}\d`)
	dramaPhone    = regexp.MustCompile(`^020 7946 0\d{3}$`)
	webPattern    = regexp.MustCompile(`(?i)(https?://|www\.)[^\s"]+`)
	exampleDomain = "example.com"
)

func TestNoContactDetailCanReachAnyone(t *testing.T) {
	ds := defaultDataset()
	for _, o := range ds.Organisations {
		checkEmail(t, o.Email)
		checkPhone(t, o.Phone)
		checkURL(t, o.Website)
		if !strings.Contains(o.Description, "made up for the learnwell demo") {
			t.Errorf("%q does not say it is a demo provider", o.Name)
		}
	}
	for _, c := range ds.Courses {
		checkURL(t, c.Course.JoinURL)
		for _, ct := range c.Course.Contacts {
			checkEmail(t, ct.Email)
			checkPhone(t, ct.Phone)
		}
	}
	// Then every email, phone number and web address anywhere in the data,
	// whatever text field it hides in.
	eachString(reflect.ValueOf(ds), "", func(field, text string) {
		if learnwell.ValidID(text) {
			return // ids and taxonomy terms are UUIDs, not contact details
		}
		if strings.Contains(text, "@") {
			for _, m := range emailPattern.FindAllString(text, -1) {
				if !strings.HasSuffix(m, "@"+exampleDomain) {
					t.Errorf("%s: email %q is not at %s", field, m, exampleDomain)
				}
			}
		}
		for _, m := range phonePattern.FindAllString(text, -1) {
			if !dramaPhone.MatchString(m) {
				t.Errorf("%s: number %q is not in 020 7946 0000 to 0999", field, m)
			}
		}
		if strings.Contains(text, "http") || strings.Contains(text, "www") {
			for _, m := range webPattern.FindAllString(text, -1) {
				checkURL(t, m)
			}
		}
	})
}

// eachString calls fn with every string in v, and the name of its field.
func eachString(v reflect.Value, field string, fn func(field, s string)) {
	switch v.Kind() {
	case reflect.String:
		fn(field, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			eachString(v.Elem(), field, fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			eachString(v.Index(i), field, fn)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			eachString(v.MapIndex(k), field, fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			eachString(v.Field(i), v.Type().Field(i).Name, fn)
		}
	}
}

func checkEmail(t *testing.T, email string) {
	t.Helper()
	if email != "" && (!strings.HasSuffix(email, "@"+exampleDomain) || !directory.ValidEmail(email)) {
		t.Errorf("email %q is not a valid address at %s", email, exampleDomain)
	}
}

func checkPhone(t *testing.T, phone string) {
	t.Helper()
	if phone != "" && !dramaPhone.MatchString(phone) {
		t.Errorf("phone %q is not in 020 7946 0000 to 0999", phone)
	}
}

func checkURL(t *testing.T, raw string) {
	t.Helper()
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Hostname() != exampleDomain {
		t.Errorf("web address %q is not at https://%s", raw, exampleDomain)
	}
}

func TestVenuesAreInTheirBorough(t *testing.T) {
	ds := defaultDataset()
	ix := indexOf(ds)
	for _, l := range ds.Locations {
		org := ix.orgs[l.OrganisationID]
		if l.Borough != org.Boroughs[0] {
			t.Errorf("%q is in %s, its provider in %s", l.Name, l.Borough, org.Boroughs[0])
		}
		p, err := geo.ParsePostcode(l.Postcode)
		if err != nil || p.IsDistrict() || p.String() != l.Postcode {
			t.Errorf("%q: postcode %q is not a full, normalised postcode", l.Name, l.Postcode)
			continue
		}
		if !slices.Contains(geo.DistrictsInBorough(l.Borough), p.Outward) {
			t.Errorf("%q: district %s is not in borough %s", l.Name, p.Outward, l.Borough)
		}
		if b, ok := geo.BoroughAt(*l.Point); !ok || b.Code != l.Borough {
			t.Errorf("%q: point %v is in %v, not %s", l.Name, *l.Point, b, l.Borough)
		}
		centre, err := geo.Locate(p)
		if err != nil || geo.DistanceKm(centre, *l.Point) >= 0.3 {
			t.Errorf("%q: point %v is 300 m or more from the centre of %s (%v)", l.Name, *l.Point, p.Outward, err)
		}
	}
}
