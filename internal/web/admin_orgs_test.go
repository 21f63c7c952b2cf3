package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"learnwell/internal/account"
	"learnwell/internal/directory"
	"learnwell/internal/store"
)

var (
	uuidRE = regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	tagRE  = regexp.MustCompile(`(?s)<[^>]*>`)
)

// mustShowNoIDs fails if a UUID appears in the page's text, outside its tags
// (an id in an href or a form's action is fine; one a person reads is not).
func mustShowNoIDs(t testing.TB, what, body string) {
	t.Helper()
	if id := uuidRE.FindString(tagRE.ReplaceAllString(body, " ")); id != "" {
		t.Errorf("%s shows the id %s as text", what, id)
	}
}

func TestMustShowNoIDsCanFail(t *testing.T) {
	mustShowNoIDs(t, "an id in an attribute", `<a href="/organisations/fb86be4d-fcb0-8669-b5da-8cc838961437">Aspen</a>`)
	ft := &testing.T{}
	mustShowNoIDs(ft, "an id as text", `<dd>fb86be4d-fcb0-8669-b5da-8cc838961437</dd>`)
	if !ft.Failed() {
		t.Error("an id in the text was not caught")
	}
}

// directoryOrg adds an organisation to the directory only.
func (s *site) directoryOrg(name string) string {
	s.t.Helper()
	d := directory.Organisation{Name: name, Description: "Adult learning.", Kind: directory.College}
	s.write(func(tx *store.Tx) error { return tx.PutOrganisation(context.Background(), &d) })
	return d.ID
}

func TestOrganisationPagesShowNamesNotIDs(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ops := s.org("learnwell operations", account.PlatformOperator)
		admin := s.user(ops, "ops@example.org", account.PlatformAdmin)
		college := s.org("Camden College", account.LearningProvider, "E09000007")
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		s.directoryOrg("Hackney Adult Learning")
		c := s.client()
		c.signIn(admin)

		list := c.get("/organisations").body
		mustContain(t, "the list", list, `class="nhsuk-table nhsuk-table--responsive"`, `<span class="nhsuk-table__heading" aria-hidden="true">Kind </span>Learning provider`, "Camden College")
		mustShowNoIDs(t, "the list", list)

		page := c.get("/organisations/" + college.ID).body
		mustContain(t, "the provider's page", page, "Organisation in the directory", `<a href="/courses?q=Camden+College">Camden College<span class="nhsuk-u-visually-hidden">: its courses</span></a>`,
			`<dt class="nhsuk-summary-list__key">ODS code</dt>
    <dd class="nhsuk-summary-list__value">Not recorded</dd>`)
		mustLack(t, "the provider's page", page, "None")
		mustShowNoIDs(t, "the provider's page", page)

		page = c.get("/organisations/" + ops.ID).body
		mustContain(t, "the operator's page", page, `<dt class="nhsuk-summary-list__key">Serves</dt>
    <dd class="nhsuk-summary-list__value">Not recorded</dd>`)
		mustLack(t, "the operator's page", page, "None", "Organisation in the directory")
		mustShowNoIDs(t, "the operator's page", page)
		mustShowNoIDs(t, "another organisation's page", c.get("/organisations/"+sps.ID).body)

		form := c.get("/organisations/new").body
		mustContain(t, "the new form", form, `list="directory-organisations"`, `<datalist id="directory-organisations">`,
			`<option value="Camden College"></option>`, `<option value="Hackney Adult Learning"></option>`)
		mustShowNoIDs(t, "the new form", form)
		edit := c.get("/organisations/" + college.ID + "/edit").body
		mustContain(t, "the provider's form", edit, `id="directory_organisation" name="directory_organisation" type="text" spellcheck="false" value="Camden College"`)
		mustShowNoIDs(t, "the provider's form", edit)
		mustLack(t, "a commissioner's form", c.get("/organisations/"+sps.ID+"/edit").body, "directory_organisation", "directory-organisations")
	})
}

func TestAdminPicksTheDirectoryOrganisationByName(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		ops := s.org("learnwell operations", account.PlatformOperator)
		admin := s.user(ops, "ops@example.org", account.PlatformAdmin)
		college := s.org("Camden College", account.LearningProvider, "E09000007")
		hackney := s.directoryOrg("Hackney Adult Learning")
		s.directoryOrg("Twin Arts")
		s.directoryOrg("twin arts")
		c := s.client()
		c.signIn(admin)
		provider := func(name, dir string) url.Values {
			return url.Values{"name": {name}, "kind": {"learning-provider"}, "boroughs": {"E09000012"}, "directory_organisation": {dir}}
		}

		for _, tt := range []struct {
			what string
			form url.Values
			want []string
		}{
			{"no such name", provider("", "No Such Place"), []string{"Enter the organisation's name", "There is no organisation called No Such Place in the directory"}},
			{"a shared name", provider("Twins", "Twin Arts"), []string{"There are 2 organisations called Twin Arts in the directory"}},
			{"no name", provider("Nameless", " "), []string{"Select the learning provider's organisation in the directory"}},
			{"linked already", provider("Camden Again", "camden college"), []string{"already linked to another learning provider"}},
			{"not a provider", url.Values{"name": {"Hackney Commissioning"}, "kind": {"commissioner"}, "all_london": {"yes"}, "directory_organisation": {"Hackney Adult Learning"}},
				[]string{"Only a learning provider is linked to an organisation in the directory"}},
		} {
			res := c.post("/organisations", tt.form)
			if res.Code != http.StatusBadRequest {
				t.Fatalf("%s: %d", tt.what, res.Code)
			}
			summary := html.UnescapeString(errorSummary(res.body))
			mustContain(t, tt.what, summary, tt.want...)
			if last := tt.want[len(tt.want)-1]; strings.Index(summary, tt.want[0]) > strings.Index(summary, last) {
				t.Errorf("%s: the summary is not in the form's order: %s", tt.what, summary)
			}
			mustContain(t, tt.what, res.body, `href="#directory_organisation"`, `id="directory_organisation-error"`, `<datalist id="directory-organisations">`)
			if typed := strings.TrimSpace(tt.form.Get("directory_organisation")); typed != "" {
				mustContain(t, tt.what, res.body, `value="`+typed+`"`)
			}
			mustShowNoIDs(t, tt.what, res.body)
		}

		res := c.post("/organisations", provider("Hackney Learning", "  hackney ADULT   learning "))
		if res.Code != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", res.Code, errorSummary(res.body))
		}
		id := strings.TrimPrefix(res.location(), "/organisations/")
		if o, err := s.db.FindAccountOrganisationByID(ctx, id); err != nil || o.DirectoryOrganisationID != hackney {
			t.Fatalf("created %+v, %v; want linked to %s", o, err, hackney)
		}
		mustContain(t, "the new provider", c.get(res.location()).body, `<a href="/courses?q=Hackney+Adult+Learning">Hackney Adult Learning`)

		// Changing the link: errors on the edit form too, then a change.
		res = c.post("/organisations/"+college.ID+"/edit", url.Values{"name": {"Camden College"}, "boroughs": {"E09000007"}, "directory_organisation": {"Twin Arts"}})
		if res.Code != http.StatusBadRequest {
			t.Fatalf("edit to a shared name: %d", res.Code)
		}
		mustContain(t, "edit to a shared name", errorSummary(res.body), "There are 2 organisations called Twin Arts")
		res = c.post("/organisations/"+college.ID+"/edit", url.Values{"name": {"Camden College"}, "boroughs": {"E09000007"}, "directory_organisation": {"Hackney Adult Learning"}})
		mustContain(t, "edit to a linked one", errorSummary(res.body), "already linked")
		s.directoryOrg("Camden Community College")
		res = c.post("/organisations/"+college.ID+"/edit", url.Values{"name": {"Camden College"}, "boroughs": {"E09000007"}, "directory_organisation": {"Camden Community College"}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("edit: %d\n%s", res.Code, errorSummary(res.body))
		}
		if o, _ := s.db.FindAccountOrganisationByID(ctx, college.ID); o.DirectoryOrganisationID == college.DirectoryOrganisationID || o.DirectoryOrganisationID == "" {
			t.Errorf("the link did not change: %+v", o)
		}
	})
}
