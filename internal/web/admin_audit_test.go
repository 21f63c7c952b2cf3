package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"learnwell/internal/account"
	"learnwell/internal/audit"
)

// visibleText is what a person reads on the page before opening any
// technical details: the body without the details elements, tags and
// attributes (select options' values included).
func visibleText(body string) string {
	body = regexp.MustCompile(`(?s)<details.*?</details>`).ReplaceAllString(body, " ")
	body = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`).ReplaceAllString(body, " ")
	body = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(body, " ")
	return strings.Join(strings.Fields(html.UnescapeString(body)), " ")
}

var uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// TestAuditPageInPlainWords: entries read as sentences with names, role
// labels and an origin in words; no action code, id, network prefix or role
// code outside the technical details, which keep them all.
func TestAuditPageInPlainWords(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		ops := s.org("learnwell operations", account.PlatformOperator)
		admin := s.user(sps, "admin@example.com", account.OrgAdmin)
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		platform := s.user(ops, "ops@example.org", account.PlatformAdmin)
		s.client().signIn(lw)
		c := s.client()
		c.signIn(admin)
		if res := c.post("/users/"+lw.ID+"/roles", url.Values{"roles": {"link-worker", "org-admin"}}); res.Code != http.StatusSeeOther {
			t.Fatalf("roles: %d", res.Code)
		}
		if res := c.post("/organisations/"+sps.ID+"/users/invite", url.Values{"name": {"Sam Jones"}, "email": {"sam@example.com"}, "roles": {"link-worker"}}); res.Code != http.StatusSeeOther {
			t.Fatalf("invite: %d\n%s", res.Code, errorSummary(res.body))
		}
		c.get("/users/" + lw.ID)
		p := s.client()
		p.signIn(platform) // about the organisation's records, by someone outside it
		if res := p.post("/users/"+lw.ID+"/roles", url.Values{"roles": {"link-worker"}}); res.Code != http.StatusSeeOther {
			t.Fatalf("platform admin's roles change: %d", res.Code)
		}

		res := c.get("/audit")
		if res.Code != http.StatusOK {
			t.Fatalf("audit: %d", res.Code)
		}
		text := visibleText(res.body)
		mustContain(t, "entries in words", text, "Signed in", "Person admin", "as organisation admin",
			"Changed Person lw's roles", "From link worker to link worker and organisation admin.",
			"Invited Sam Jones", "Roles: link worker.", "Viewed Person lw's details",
			"A user of another organisation", "Web browser, from a network near 192.0.2.0")
		for _, code := range []string{"sign-in.succeeded", "user.roles-changed", "user.invited", "user.view",
			"org-admin", "link-worker", "/24", "_browser", "totp"} {
			if strings.Contains(text, code) {
				t.Errorf("the page shows the code %q outside the technical details", code)
			}
		}
		if id := uuidPattern.FindString(text); id != "" {
			t.Errorf("the page shows the id %s outside the technical details", id)
		}
		if strings.Contains(text, "Person ops") {
			t.Error("an organisation admin sees the name of a platform admin, a user of another organisation")
		}
		// The technical details keep the codes and ids.
		details := strings.Join(regexp.MustCompile(`(?s)<details.*?</details>`).FindAllString(res.body, -1), "\n")
		mustContain(t, "technical details", details, "Technical details", "sign-in.succeeded", "user.roles-changed",
			"from=link-worker", "to=link-worker/org-admin", lw.ID, sps.ID, "org-admin", "192.0.2.0/24", "browser")
		// The search form offers actions by their labels.
		mustContain(t, "action labels", res.body, `<option value="user.roles-changed">Changed a user&#39;s roles</option>`)
		if strings.Contains(res.body, `name="organisation_id"`) {
			t.Error("an organisation admin is offered the organisation filter")
		}
	})
}

// TestAuditAcrossOrganisations: a platform admin searches every
// organisation's entries, or one's; an organisation admin gets only their
// own and is refused another's, on the page and in the exports.
func TestAuditAcrossOrganisations(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		hackney := s.org("Hackney Social Prescribing", account.SocialPrescribingService, "E09000012")
		ops := s.org("learnwell operations", account.PlatformOperator)
		admin := s.user(sps, "admin@example.com", account.OrgAdmin)
		s.user(sps, "lw@example.com", account.LinkWorker)
		other := s.user(hackney, "other@example.com", account.LinkWorker)
		platform := s.user(ops, "ops@example.org", account.PlatformAdmin)
		s.client().signIn(other)
		c := s.client()
		c.signIn(admin)
		p := s.client()
		p.signIn(platform)

		res := p.get("/audit")
		if res.Code != http.StatusOK {
			t.Fatalf("platform admin's audit: %d", res.Code)
		}
		mustContain(t, "every organisation", res.body, `name="organisation_id"`, "Every organisation", "entries in every organisation",
			"Person other", "Person admin", "Person ops", `value="`+hackney.ID+`"`)
		res = p.get("/audit?organisation_id=" + hackney.ID)
		mustContain(t, "one organisation", res.body, "for Hackney Social Prescribing", "Person other", "1 entry")
		if strings.Contains(visibleText(res.body), "Person admin") {
			t.Error("another organisation's entry in a search of Hackney's")
		}
		res = p.get("/audit?organisation_id=" + hackney.ID + "&user_id=" + other.ID)
		mustContain(t, "a user of that organisation", res.body, "1 entry")
		res = p.get("/audit?organisation_id=" + strings.Repeat("0", 8) + "-0000-7000-8000-000000000000")
		if res.Code != http.StatusBadRequest || !strings.Contains(res.body, `href="#organisation_id"`) {
			t.Errorf("an organisation that does not exist: %d %s", res.Code, errorSummary(res.body))
		}

		// The organisation admin: their own organisation only.
		res = c.get("/audit")
		if strings.Contains(res.body, "Person other") || strings.Contains(res.body, other.ID) {
			t.Error("an organisation admin sees another organisation's entry")
		}
		if res := c.get("/audit?organisation_id=" + sps.ID); res.Code != http.StatusOK {
			t.Errorf("own organisation by id: %d", res.Code)
		}
		for _, path := range []string{"/audit", "/audit/entries.csv", "/audit/entries.json"} {
			if res := c.get(path + "?organisation_id=" + hackney.ID); res.Code != http.StatusForbidden {
				t.Errorf("an organisation admin asks for another organisation's %s: %d", path, res.Code)
			}
		}
		l := s.client()
		l.signIn(other)
		for _, path := range []string{"/audit", "/audit/entries.csv", "/audit/entries.json"} {
			if res := l.get(path); res.Code != http.StatusForbidden {
				t.Errorf("a link worker asks for %s: %d", path, res.Code)
			}
		}
	})
}

// TestAuditExports: the CSV and JSON exports hold every matching entry (not
// one page), with every field as codes and ids.
func TestAuditExports(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		hackney := s.org("Hackney Social Prescribing", account.SocialPrescribingService, "E09000012")
		admin := s.user(sps, "admin@example.com", account.OrgAdmin)
		s.client().signIn(s.user(hackney, "other@example.com", account.LinkWorker))
		c := s.client()
		c.signIn(admin)
		for range 60 {
			c.get("/organisations/" + sps.ID + "/users")
		}
		res := c.get("/audit?action=user.list")
		mustContain(t, "the page links to the exports", res.body, "60 entries",
			`href="/audit/entries.csv?action=user.list"`, `href="/audit/entries.json?action=user.list"`)

		// More than one page of the store's largest page (500).
		for range 460 {
			e := audit.Entry{Actor: audit.User(admin.ID, sps.ID, "org-admin"), Action: "user.list",
				Subject: audit.Subject{Type: "user", IDs: []string{admin.ID}, OrganisationID: sps.ID},
				Origin:  audit.OriginFrom("192.0.2.1:4000", "0123456789abcdef", "Mozilla/5.0 (X11; Linux x86_64)")}
			if err := s.db.Audit(context.Background(), e); err != nil {
				t.Fatal(err)
			}
		}
		res = c.get("/audit/entries.csv?action=user.list")
		if res.Code != http.StatusOK || !strings.HasPrefix(res.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %s", res.Code, res.Header().Get("Content-Type"))
		}
		rows, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 521 {
			t.Fatalf("csv has %d rows, want a header and 520 entries", len(rows))
		}
		head := strings.Join(rows[0], ",")
		if head != "seq,at,action,action_label,actor_kind,actor_user_id,actor_organisation_id,actor_role,actor_system,subject_type,subject_ids,subject_organisation_id,codes,origin_network,origin_request_id,origin_client,reason_code,reason_note,prev_hash,hash" {
			t.Errorf("csv columns %s", head)
		}
		row := strings.Join(rows[len(rows)-1], ",") // the oldest: a view by the page
		for _, want := range []string{"user.list", "Viewed a list of users", admin.ID, sps.ID, "org-admin", "192.0.2.0/24", "browser"} {
			if !strings.Contains(row, want) {
				t.Errorf("csv row %s lacks %q", row, want)
			}
		}

		res = c.get("/audit/entries.json")
		var doc struct {
			Entries []map[string]any `json:"entries"`
		}
		if err := json.Unmarshal([]byte(res.body), &doc); err != nil {
			t.Fatalf("json: %v\n%s", err, res.body)
		}
		// 520 views and the admin's sign-in; not the other organisation's sign-in.
		if len(doc.Entries) != 521 {
			t.Fatalf("json has %d entries, want 521", len(doc.Entries))
		}
		first := doc.Entries[0]
		if first["action"] != "user.list" || first["actor_user_id"] != admin.ID || first["hash"] == "" || len(first["subject_ids"].([]any)) != 1 {
			t.Errorf("json entry %v", first)
		}
		if res := c.get("/audit/entries.csv?from[day]=31&from[month]=2&from[year]=2026"); res.Code != http.StatusBadRequest {
			t.Errorf("an export with a bad date: %d", res.Code)
		}
	})
}
