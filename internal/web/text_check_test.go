package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// badBytes are the inputs that SQLite stored and PostgreSQL refused with a
// 500 (SQLSTATE 22021): a NUL byte, a control character, and bytes that are
// not UTF-8.
var badBytes = map[string]string{"NUL": "\x00", "control": "\x1b", "not UTF-8": "\xff"}

// tablesThatKeepInput are counted before and after a refused request:
// nothing may be stored (sessions are left out: showing a page may touch one).
var tablesThatKeepInput = []string{"account_organisations", "users", "user_roles", "api_tokens", "sharing_agreements",
	"sharing_agreement_parties", "sign_in_failures", "secure_links", "messages", "audit_entries", "audit_records"}

func (s *site) rowCounts() map[string]int {
	s.t.Helper()
	out := map[string]int{}
	for _, table := range tablesThatKeepInput {
		var n int
		if err := s.db.SQL().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			s.t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// TestUnusualTextInFormsIsRefused posts each form that stored a NUL on
// SQLite and failed on PostgreSQL with a NUL, a control character and bytes
// that are not UTF-8 in a text field: each engine shows the form again with
// status 400 and an error summary linking to the field, and stores nothing.
func TestUnusualTextInFormsIsRefused(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ops := s.org("learnwell operations", account.PlatformOperator)
		admin := s.user(ops, "ops@example.org", account.PlatformAdmin)
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		college := s.org("Camden College", account.LearningProvider, "E09000007")
		spsAdmin := s.user(sps, "admin@example.com", account.OrgAdmin)
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		platform, orgAdmin, worker := s.client(), s.client(), s.client()
		platform.signIn(admin)
		orgAdmin.signIn(spsAdmin)
		worker.signIn(lw)
		agreement := url.Values{"title": {"Islington referrals to Camden College"}, "purpose": {"Referrals for wellbeing."},
			"parties": {sps.ID, college.ID}, "categories": {"referral-details"},
			"starts_on[day]": {"1"}, "starts_on[month]": {"12"}, "starts_on[year]": {"2026"},
			"ends_on[day]": {"1"}, "ends_on[month]": {"11"}, "ends_on[year]": {"2027"}}
		res := platform.post("/agreements", agreement)
		if res.Code != http.StatusSeeOther {
			t.Fatalf("create agreement: %d\n%s", res.Code, errorSummary(res.body))
		}
		agPath := res.location()

		cases := []struct {
			name   string
			c      *client
			path   string
			form   url.Values
			field  string // the field given bad bytes
			label  string // as the message names it
			anchor string // the id the message links to
			title  string
		}{
			{"sign-in email", s.client(), "/sign-in", url.Values{"email": {"a@example.com"}, "password": {testPassword}}, "email", "the email address", "email", "Sign in"},
			{"sign-in password", s.client(), "/sign-in", url.Values{"email": {"a@example.com"}, "password": {testPassword}}, "password", "the password", "password", "Sign in"},
			{"forgotten password", s.client(), "/sign-in/forgot-password", url.Values{"email": {lw.Email}}, "email", "the email address", "email", ""},
			{"token name", worker, "/account/tokens", url.Values{"name": {"Case system"}, "days": {"30"}}, "name", "the name", "name", ""},
			{"agreement title", platform, "/agreements", agreement, "title", "the title", "title", ""},
			{"agreement purpose", platform, "/agreements", agreement, "purpose", "the purpose", "purpose", ""},
			{"agreement date", platform, "/agreements", agreement, "starts_on[day]", "the date", "starts_on-day", ""},
			{"agreement edit title", platform, agPath + "/edit", agreement, "title", "the title", "title", ""},
			{"agreement edit purpose", platform, agPath + "/edit", agreement, "purpose", "the purpose", "purpose", ""},
			{"new organisation name", platform, "/organisations", url.Values{"name": {"Hackney Commissioning"}, "kind": {"commissioner"}, "all_london": {"yes"}}, "name", "the name", "name", ""},
			{"organisation edit name", platform, "/organisations/" + sps.ID + "/edit", url.Values{"name": {"Islington SP"}, "all_london": {"yes"}}, "name", "the name", "name", ""},
			{"invite name", orgAdmin, "/organisations/" + sps.ID + "/users/invite", url.Values{"name": {"Ann New"}, "email": {"ann@example.com"}, "roles": {"link-worker"}}, "name", "the name", "name", ""},
			{"invite email", orgAdmin, "/organisations/" + sps.ID + "/users/invite", url.Values{"name": {"Ann New"}, "email": {"ann@example.com"}, "roles": {"link-worker"}}, "email", "the email address", "email", ""},
			{"a field no page has", orgAdmin, "/organisations/" + sps.ID + "/users/invite", url.Values{"name": {"Ann New"}, "email": {"ann@example.com"}, "roles": {"link-worker"}, "extra": {"x"}}, "extra", "this answer", "extra", ""},
		}
		for _, tc := range cases {
			for kind, bad := range badBytes {
				form := url.Values{}
				for k, v := range tc.form {
					form[k] = append([]string(nil), v...)
				}
				form.Set(tc.field, form.Get(tc.field)[:1]+bad+form.Get(tc.field)[1:])
				before := s.rowCounts()
				res := tc.c.post(tc.path, form)
				if res.Code != http.StatusBadRequest {
					t.Errorf("%s, %s: status %d, want 400\n%s", tc.name, kind, res.Code, errorSummary(res.body))
					continue
				}
				want := `<a href="#` + tc.anchor + `">Remove the unusual characters from ` + tc.label + `</a>`
				if !strings.Contains(res.body, want) {
					t.Errorf("%s, %s: no %s in the error summary:\n%s", tc.name, kind, want, errorSummary(res.body))
				}
				if !strings.Contains(res.body, `<title>Error: `+tc.title) {
					t.Errorf("%s, %s: the title does not start with Error: %s", tc.name, kind, tc.title)
				}
				if !strings.Contains(res.body, `id="`+tc.anchor+`"`) && tc.field != "extra" {
					t.Errorf("%s, %s: the page has no control #%s for the message to link to", tc.name, kind, tc.anchor)
				}
				if after := s.rowCounts(); !reflect.DeepEqual(before, after) {
					t.Errorf("%s, %s: stored something: %v, then %v", tc.name, kind, before, after)
				}
			}
		}
		if o, _ := s.db.FindAccountOrganisationByID(context.Background(), sps.ID); o.Name != sps.Name {
			t.Errorf("the organisation was renamed %q", o.Name)
		}
	})
}

// TestUnusualTextInQueriesIsRefused: a query string with bad bytes shows the
// page again without them, with an error summary and status 400.
func TestUnusualTextInQueriesIsRefused(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		spsAdmin := s.user(sps, "admin@example.com", account.OrgAdmin)
		orgAdmin := s.client()
		orgAdmin.signIn(spsAdmin)
		for _, tc := range []struct {
			c           *client
			path, field string
			label       string
		}{
			{s.client(), "/courses?q=", "q", "what you would like to learn"},
			{s.client(), "/courses?postcode=", "postcode", "the postcode"},
			{orgAdmin, "/audit?record_id=", "record_id", "the record id"},
		} {
			for _, bad := range []string{"%00", "a%00b", "%FF", "%1B"} {
				res := tc.c.get(tc.path + bad)
				if res.Code != http.StatusBadRequest {
					t.Errorf("GET %s%s: %d, want 400", tc.path, bad, res.Code)
					continue
				}
				mustContain(t, "GET "+tc.path+bad, res.body, `<a href="#`+tc.field+`">Remove the unusual characters from `+tc.label+`</a>`, `<title>Error: `)
			}
		}
		if res := s.client().get("/courses/%00"); res.Code != http.StatusNotFound {
			t.Errorf("a NUL in the path: %d, want 404", res.Code)
		}
	})
}

// TestUnusualTextInAPIsIsRefused: the APIs answer a query or a JSON body
// with bad bytes with a problem naming the field.
func TestUnusualTextInAPIsIsRefused(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		token, _, err := s.svc.CreateToken(context.Background(), lw.principal().Actor(), "Case system", 30*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		c := s.client()
		check := func(name string, res response, field string) {
			t.Helper()
			var p struct {
				Status int                    `json:"status"`
				Code   string                 `json:"code"`
				Errors []learnwell.FieldError `json:"errors"`
			}
			if res.Code != http.StatusBadRequest || res.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: %d %s\n%s", name, res.Code, res.Header().Get("Content-Type"), res.body)
				return
			}
			if err := json.Unmarshal([]byte(res.body), &p); err != nil || p.Code != learnwell.EINVALID || len(p.Errors) != 1 ||
				p.Errors[0].Field != field || !strings.HasPrefix(p.Errors[0].Message, "Remove the unusual characters from ") {
				t.Errorf("%s: problem %+v (%v)", name, p, err)
			}
		}
		check("v1 query", c.do(http.MethodGet, "/api/v1/me?name=a%00", nil, "Authorization", "Bearer "+token), "name")
		res := c.get("/oruk/services?search=%FF")
		check("ORUK query", res, "search")
		if res.Header().Get("Access-Control-Allow-Origin") != "*" {
			t.Error("the ORUK problem lacks its CORS header")
		}
		check("ORUK taxonomy term", c.get("/oruk/services?taxonomy_term_id=%00"), "taxonomy_term_id")
		check("ORUK postcode", c.get("/oruk/service_at_locations?postcode=%00"), "postcode")
		for name, body := range map[string]string{"escaped NUL": `{"name": "a\u0000b"}`, "not UTF-8": "{\"name\": \"caf\xe9\"}", "lone surrogate": `{"name": "\ud800"}`} {
			res := c.doBody(http.MethodPost, "/oruk/services", "application/json", body)
			check("JSON body, "+name, res, "name")
		}
	})
}

// doBody sends a request with a raw body, such as JSON.
func (c *client) doBody(method, path, contentType, body string) response {
	c.s.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = c.ip + ":51234"
	req.Header.Set("Content-Type", contentType)
	rec := httptest.NewRecorder()
	c.s.app.ServeHTTP(rec, req)
	return response{ResponseRecorder: rec, body: rec.Body.String()}
}

// FuzzSignInForm posts any body to the anonymous sign-in form on each engine:
// never a 5xx, the same status on both, and a 400 whenever the form holds
// unusual text.
func FuzzSignInForm(f *testing.F) {
	for _, s := range []string{"email=a%40example.com&password=x", "email=a%00%40example.com&password=x", "email=a%40example.com&password=%FF",
		"email=%1B%5B31m&password=x", "%00=x", "email=%C0%80", "email=%ED%A0%80", "email=caf%E9%40example.com", "email=a&email=%00", "%zz", ""} {
		f.Add(s)
	}
	engines := []string{store.SQLite}
	if os.Getenv(storetest.PostgresEnv) != "" || os.Getenv("CI") == "true" {
		engines = append(engines, store.Postgres)
	}
	var sites []*site
	for _, engine := range engines {
		clock := learnwell.NewFixedClock(testNow)
		sites = append(sites, newSite(f, storetest.Open(f, engine, storetest.Options{Clock: clock}), clock))
	}
	f.Fuzz(func(t *testing.T, body string) {
		var statuses []int
		for _, s := range sites {
			req := httptest.NewRequest(http.MethodPost, "/sign-in", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			s.app.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s: %d for %q", s.db.Engine(), rec.Code, body)
			}
			statuses = append(statuses, rec.Code)
		}
		for _, st := range statuses[1:] {
			if st != statuses[0] {
				t.Fatalf("statuses %v for %q", statuses, body)
			}
		}
		if v, err := url.ParseQuery(body); err == nil && learnwell.CheckText(v, nil) != nil && statuses[0] != http.StatusBadRequest {
			t.Fatalf("unusual text got %d: %q", statuses[0], body)
		}
	})
}
