package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"learnwell/internal/account"
	"learnwell/internal/audit"
	"learnwell/internal/store"
)

func TestOrgAdminManagesUsers(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		hackney := s.org("Hackney Social Prescribing", account.SocialPrescribingService, "E09000012")
		admin := s.user(sps, "admin@example.com", account.OrgAdmin)
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		stranger := s.user(hackney, "stranger@example.com", account.LinkWorker)
		c := s.client()
		c.signIn(admin)
		home := c.get("/account").body
		mustContain(t, "admin's header", home, `href="/organisations/`+sps.ID+`/users"`, `href="/audit"`)

		// The users page, its view in the audit trail.
		res := c.get("/organisations/" + sps.ID + "/users")
		if res.Code != 200 {
			t.Fatalf("users: %d", res.Code)
		}
		mustContain(t, "users page", res.body, "Person lw", "lw@example.com", "Link worker", "Invite someone", `href="/users/`+lw.ID+`"`)
		if strings.Contains(res.body, "stranger@example.com") {
			t.Error("another organisation's user is listed")
		}
		if acts := s.auditActions(sps.ID); acts[0] != "user.list" {
			t.Errorf("the list's view is not audited: %v", acts)
		}
		if res := c.get("/organisations/" + hackney.ID + "/users"); res.Code != 403 {
			t.Errorf("another organisation's users: %d", res.Code)
		}
		if res := c.get("/users/" + stranger.ID); res.Code != 403 {
			t.Errorf("another organisation's user: %d", res.Code)
		}

		// Invite: every problem at once, then an email through the outbox.
		res = c.post("/organisations/"+sps.ID+"/users/invite", url.Values{"email": {"not an email"}})
		if res.Code != http.StatusBadRequest {
			t.Fatalf("bad invitation: %d", res.Code)
		}
		mustContain(t, "bad invitation", res.body, `href="#name"`, `href="#email"`, `<a href="#roles">Select at least one role</a>`, `value="not an email"`)
		// The summary lists the problems in the order of the form's fields.
		if n, e, r := strings.Index(res.body, `href="#name"`), strings.Index(res.body, `href="#email"`), strings.Index(res.body, `href="#roles"`); !(n < e && e < r) {
			t.Errorf("the error summary is not in the form's order: name %d, email %d, roles %d", n, e, r)
		}
		res = c.post("/organisations/"+sps.ID+"/users/invite", url.Values{"name": {"Ann New"}, "email": {"ann@example.com"}, "roles": {"platform-admin"}})
		mustContain(t, "a role the organisation cannot give", errorSummary(res.body), "Select roles that this kind of organisation can give")
		res = c.post("/organisations/"+sps.ID+"/users/invite", url.Values{"name": {"Ann New"}, "email": {"lw@example.com"}, "roles": {"link-worker"}})
		if res.Code == http.StatusSeeOther {
			t.Fatal("an address already in use was invited again")
		}
		res = c.post("/organisations/"+sps.ID+"/users/invite", url.Values{"name": {"Ann New"}, "email": {"ann@example.com"}, "roles": {"link-worker"}})
		if res.Code != http.StatusSeeOther || res.location() != "/organisations/"+sps.ID+"/users" {
			t.Fatalf("invite: %d %s\n%s", res.Code, res.location(), errorSummary(res.body))
		}
		mustContain(t, "the users page after inviting", c.get(res.location()).body, "We have emailed ann@example.com")
		var annID string
		s.write(func(tx *store.Tx) error {
			u, err := tx.FindUserByEmail(ctx, "ann@example.com")
			annID = u.ID
			return err
		})
		page := c.get("/users/" + annID).body
		mustContain(t, "the invited user's page", page, "Invited", "Send a new invitation")
		msgs, _, _ := s.db.FindMessages(ctx, store.MessageFilter{})
		if len(msgs) != 1 || msgs[0].Recipient != "ann@example.com" || !strings.Contains(msgs[0].Body, s.cfg.BaseURL+"/sign-in/invitation/") {
			t.Fatalf("invitation email: %+v", msgs)
		}
		// An address of another organisation's user gets the answer a new one
		// gets: the admin learns nothing about accounts outside their
		// organisation. Nothing changes, and the address's owner is told.
		for _, bad := range []url.Values{{"email": {"STRANGER@example.com"}}, {"name": {"Sam"}, "email": {"stranger@example.com"}}} {
			res = c.post("/organisations/"+sps.ID+"/users/invite", bad)
			if res.Code != http.StatusBadRequest || strings.Contains(res.body, "already exists") || strings.Contains(errorSummary(res.body), "email") {
				t.Errorf("an invalid invitation of another organisation's address: %d %s", res.Code, errorSummary(res.body))
			}
		}
		res = c.post("/organisations/"+sps.ID+"/users/invite", url.Values{"name": {"Sam"}, "email": {"stranger@example.com"}, "roles": {"link-worker"}})
		if res.Code != http.StatusSeeOther || res.location() != "/organisations/"+sps.ID+"/users" {
			t.Fatalf("inviting another organisation's user: %d %s\n%s", res.Code, res.location(), errorSummary(res.body))
		}
		mustContain(t, "the users page after inviting a stranger", c.get(res.location()).body, "We have emailed stranger@example.com")
		if u, _ := s.db.FindUserByID(ctx, stranger.ID); u.OrganisationID != hackney.ID || u.Name != stranger.Name {
			t.Errorf("the stranger changed: %+v", u)
		}
		msgs, _, _ = s.db.FindMessages(ctx, store.MessageFilter{})
		if len(msgs) != 2 || msgs[0].Recipient != "stranger@example.com" || msgs[0].Kind != "invitation-refused" ||
			strings.Contains(msgs[0].Body, "/sign-in/") {
			t.Fatalf("the stranger's email: %+v", msgs)
		}
		if res := c.post("/users/"+annID+"/resend-invitation", nil); res.Code != http.StatusSeeOther {
			t.Errorf("resend: %d", res.Code)
		}

		// Roles.
		mustContain(t, "roles form", c.get("/users/"+lw.ID+"/roles").body, `name="roles"`, `value="link-worker"`, `value="org-admin"`)
		res = c.post("/users/"+lw.ID+"/roles", url.Values{})
		mustContain(t, "no roles", errorSummary(res.body), "Select at least one role")
		res = c.post("/users/"+lw.ID+"/roles", url.Values{"roles": {"link-worker", "org-admin"}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("roles: %d\n%s", res.Code, errorSummary(res.body))
		}
		if u, _ := s.db.FindUserByID(ctx, lw.ID); !u.HasRole(account.OrgAdmin) {
			t.Error("roles not changed")
		}
		// Not their own.
		if res := c.post("/users/"+admin.ID+"/deactivate", nil); res.Code != 403 {
			t.Errorf("deactivating oneself: %d", res.Code)
		}

		// Deactivate, with a confirmation page, and reactivate.
		mustContain(t, "confirm", c.get("/users/"+lw.ID+"/deactivate").body, "Deactivate Person lw?", `action="/users/`+lw.ID+`/deactivate"`)
		if res := c.post("/users/"+lw.ID+"/deactivate", nil); res.Code != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", res.Code)
		}
		mustContain(t, "deactivated", c.get("/users/"+lw.ID).body, "has been deactivated", "Reactivate")
		if res := c.post("/users/"+lw.ID+"/deactivate", nil); res.Code != http.StatusConflict {
			t.Errorf("deactivate twice: %d", res.Code)
		}
		if res := c.post("/users/"+lw.ID+"/reactivate", nil); res.Code != http.StatusSeeOther {
			t.Errorf("reactivate: %d", res.Code)
		}
		mustContain(t, "reset confirm", c.get("/users/"+lw.ID+"/reset-two-factor").body, "lost their phone")
		if res := c.post("/users/"+lw.ID+"/reset-two-factor", nil); res.Code != http.StatusSeeOther {
			t.Errorf("reset: %d", res.Code)
		}

		// Every change is in the trail, by the admin as org admin, from their network.
		entries, _, err := s.db.FindAuditEntries(ctx, audit.Filter{OrganisationID: sps.ID, ActorUserID: admin.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			seen[e.Action] = true
			if e.Action != "sign-in.succeeded" && (e.Actor.Role != "org-admin" || e.Origin.Network != c.ip[:strings.LastIndex(c.ip, ".")]+".0/24") {
				t.Errorf("entry %s: role %q, network %q", e.Action, e.Actor.Role, e.Origin.Network)
			}
		}
		for _, want := range []string{"user.invited", "user.roles-changed", "user.deactivated", "user.reactivated", "second-factor.reset", "user.view", "user.list"} {
			if !seen[want] {
				t.Errorf("no %s in the trail", want)
			}
		}

		// A link worker gets 403 on admin pages; someone signed out is sent to sign in.
		c2 := s.client()
		c2.signIn(stranger)
		if res := c2.get("/organisations/" + hackney.ID + "/users"); res.Code != 403 {
			t.Errorf("a link worker on the users page: %d", res.Code)
		}
		mustContain(t, "403 page", c2.get("/organisations/"+hackney.ID+"/users").body, "You cannot see this page")
		if res := s.client().get("/organisations/" + sps.ID + "/users"); res.Code != http.StatusSeeOther || res.location() != "/sign-in" {
			t.Errorf("signed out: %d %s", res.Code, res.location())
		}
		if res := c.get("/users/not-an-id"); res.Code != 404 {
			t.Errorf("a bad id: %d", res.Code)
		}
	})
}

func TestPlatformAdminManagesOrganisationsAndAgreements(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		ops := s.org("learnwell operations", account.PlatformOperator)
		admin := s.user(ops, "ops@example.org", account.PlatformAdmin)
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		college := s.org("Camden College", account.LearningProvider, "E09000007")
		spsAdmin := s.user(sps, "admin@example.com", account.OrgAdmin)
		c := s.client()
		c.signIn(admin)

		// Organisations.
		mustContain(t, "organisations", c.get("/organisations").body, "Islington Social Prescribing", "Camden College", "Add an organisation")
		res := c.post("/organisations", url.Values{"name": {""}, "ods_code": {"not a code"}})
		if res.Code != http.StatusBadRequest {
			t.Fatalf("bad organisation: %d", res.Code)
		}
		mustContain(t, "bad organisation", res.body, `href="#name"`, `href="#kind"`, `href="#ods_code"`, `value="NOT A CODE"`)
		res = c.post("/organisations", url.Values{"name": {"Hackney Council Commissioning"}, "kind": {"commissioner"}, "boroughs": {"E09000012"}, "ods_code": {"abc"}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("create organisation: %d\n%s", res.Code, errorSummary(res.body))
		}
		page := c.get(res.location()).body
		mustContain(t, "organisation page", page, "Hackney Council Commissioning", "Commissioner", "Hackney", "ABC")
		orgID := strings.TrimPrefix(res.location(), "/organisations/")
		res = c.post("/organisations/"+orgID+"/edit", url.Values{"name": {"Hackney Commissioning"}, "all_london": {"yes"}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("edit organisation: %d\n%s", res.Code, errorSummary(res.body))
		}
		if o, _ := s.db.FindAccountOrganisationByID(ctx, orgID); o.Name != "Hackney Commissioning" || !o.AllLondon || o.Kind != account.Commissioner {
			t.Errorf("edited %+v", o)
		}
		// The platform admin invites an organisation's first admin.
		res = c.post("/organisations/"+orgID+"/users/invite", url.Values{"name": {"First Admin"}, "email": {"first@example.com"}, "roles": {"org-admin"}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("platform admin invites: %d\n%s", res.Code, errorSummary(res.body))
		}

		// Agreements: bad input, then a draft, activated, ended.
		mustContain(t, "agreement form", c.get("/agreements/new").body, `name="starts_on[day]"`, `name="parties"`, `name="categories"`)
		res = c.post("/agreements", url.Values{"starts_on[day]": {"31"}, "starts_on[month]": {"2"}, "starts_on[year]": {"2027"}})
		if res.Code != http.StatusBadRequest {
			t.Fatalf("bad agreement: %d", res.Code)
		}
		mustContain(t, "bad agreement", res.body, `href="#title"`, `href="#purpose"`, `href="#parties"`, `href="#categories"`,
			`<a href="#starts_on-day">The start date must be a real date`, `value="31"`)
		form := url.Values{"title": {"Islington referrals to Camden College"}, "purpose": {"Referrals for wellbeing."},
			"parties": {sps.ID, college.ID}, "categories": {"referral-details", "attendance-and-outcomes"},
			"starts_on[day]": {"1"}, "starts_on[month]": {"12"}, "starts_on[year]": {"2026"},
			"ends_on[day]": {"1"}, "ends_on[month]": {"11"}, "ends_on[year]": {"2026"}}
		res = c.post("/agreements", form)
		mustContain(t, "end before start", res.body, `href="#ends_on-day"`)
		form.Set("ends_on[year]", "2027")
		res = c.post("/agreements", form)
		if res.Code != http.StatusSeeOther {
			t.Fatalf("create agreement: %d\n%s", res.Code, errorSummary(res.body))
		}
		agPath := res.location()
		agID := strings.TrimPrefix(agPath, "/agreements/")
		mustContain(t, "draft", c.get(agPath).body, "Draft", "Referral details", "1 December 2026 to 1 November 2027", "Activate the agreement")
		form.Set("title", "Islington to Camden College")
		if res := c.post(agPath+"/edit", form); res.Code != http.StatusSeeOther {
			t.Fatalf("edit draft: %d\n%s", res.Code, errorSummary(res.body))
		}
		if ok, _, _ := s.db.CanShare(ctx, sps.ID, college.ID, account.ReferralDetails, time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)); ok {
			t.Error("a draft covers sharing")
		}
		if res := c.post(agPath+"/status", url.Values{"status": {"active"}}); res.Code != http.StatusSeeOther {
			t.Fatalf("activate: %d", res.Code)
		}
		if ok, _, _ := s.db.CanShare(ctx, sps.ID, college.ID, account.ReferralDetails, time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)); !ok {
			t.Error("an active agreement does not cover sharing")
		}
		if res := c.post(agPath+"/edit", form); res.Code != http.StatusConflict {
			t.Errorf("editing an active agreement: %d", res.Code)
		}
		if res := c.post(agPath+"/status", url.Values{"status": {"nonsense"}}); res.Code != http.StatusBadRequest {
			t.Errorf("a bad status: %d", res.Code)
		}

		// The service's org admin sees it, cannot manage it.
		a := s.client()
		a.signIn(spsAdmin)
		mustContain(t, "org admin's agreements", a.get("/agreements").body, "Islington to Camden College")
		page = a.get(agPath).body
		if strings.Contains(page, "End the agreement now") {
			t.Error("an org admin is offered to end an agreement")
		}
		if res := a.post(agPath+"/status", url.Values{"status": {"ended"}}); res.Code != 403 {
			t.Errorf("an org admin ends an agreement: %d", res.Code)
		}
		if res := a.get("/agreements/new"); res.Code != 403 {
			t.Errorf("an org admin drafts an agreement: %d", res.Code)
		}
		if res := c.post(agPath+"/status", url.Values{"status": {"ended"}}); res.Code != http.StatusSeeOther {
			t.Fatalf("end: %d", res.Code)
		}
		mustContain(t, "ended", c.get(agPath).body, "Ended")
		if !strings.Contains(c.get("/agreements").body, agID) {
			t.Error("the agreement is not listed")
		}

		acts := strings.Join(s.auditActions(ops.ID), " ") // by the platform admin
		for _, want := range []string{"organisation.created", "organisation.updated", "user.invited", "agreement.created", "agreement.updated", "agreement.activated", "agreement.ended"} {
			if !strings.Contains(acts, want) {
				t.Errorf("no %s in the trail: %s", want, acts)
			}
		}
	})
}

func TestAuditSearchPage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		hackney := s.org("Hackney Social Prescribing", account.SocialPrescribingService, "E09000012")
		admin := s.user(sps, "admin@example.com", account.OrgAdmin)
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		other := s.user(hackney, "other@example.com", account.LinkWorker)
		for range 3 {
			s.client().signIn(lw)
		}
		s.client().signIn(other)
		s.clock.Advance(48 * time.Hour)
		c := s.client()
		c.signIn(admin)

		res := c.get("/audit")
		if res.Code != 200 {
			t.Fatalf("audit: %d", res.Code)
		}
		mustContain(t, "audit page", res.body, "Audit trail", `name="user_id"`, `name="action"`, `name="record_id"`, `name="from[day]"`, "sign-in.succeeded", "192.0.2.0/24")
		if strings.Contains(res.body, other.ID) {
			t.Error("another organisation's entry is shown")
		}
		res = c.get("/audit?user_id=" + lw.ID + "&action=sign-in.succeeded")
		mustContain(t, "by user and action", res.body, "3 entries", "Person lw")
		day := testNow.Format("2")
		res = c.get("/audit?action=sign-in.succeeded&from[day]=" + day + "&from[month]=11&from[year]=2026&to[day]=" + day + "&to[month]=11&to[year]=2026")
		mustContain(t, "by date", res.body, "3 entries")
		res = c.get("/audit?action=sign-in.succeeded&from[day]=" + "26" + "&from[month]=11&from[year]=2026")
		mustContain(t, "from a later day", res.body, "1 entry")
		res = c.get("/audit?record_id=" + lw.ID)
		mustContain(t, "by record", res.body, "3 entries")

		// Bad input: an error summary, no results.
		res = c.get("/audit?user_id=" + other.ID + "&action=Not+An+Action&record_id=x&from[day]=31&from[month]=2&from[year]=2026&page=0")
		if res.Code != http.StatusBadRequest {
			t.Fatalf("bad search: %d", res.Code)
		}
		mustContain(t, "bad search", res.body, `href="#user_id"`, `href="#action"`, `href="#record_id"`, `href="#from-day"`, `href="#page"`)
		if strings.Contains(res.body, `id="audit-entries"`) {
			t.Error("results shown with errors")
		}
		res = c.get("/audit?from[day]=2&from[month]=11&from[year]=2026&to[day]=1&to[month]=11&to[year]=2026")
		mustContain(t, "backwards range", res.body, `href="#to-day"`)

		// Pages of 50.
		for range 60 {
			c.get("/organisations/" + sps.ID + "/users")
		}
		res = c.get("/audit?action=user.list")
		mustContain(t, "page 1", res.body, "60 entries", "page 1 of 2", `rel="next"`)
		res = c.get("/audit?action=user.list&page=2")
		mustContain(t, "page 2", res.body, "page 2 of 2", `rel="prev"`)
		if n := strings.Count(between(res.body, `<tbody class="nhsuk-table__body">`, "</tbody>"), "<tr"); n != 10 {
			t.Errorf("page 2 has %d rows, want 10", n)
		}

		// Only admins.
		l := s.client()
		l.signIn(lw)
		if res := l.get("/audit"); res.Code != 403 {
			t.Errorf("a link worker searches the trail: %d", res.Code)
		}
	})
}

func TestAPITokenPages(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		admin := s.user(sps, "admin@example.com", account.OrgAdmin)
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		c := s.client()
		c.signIn(lw)
		mustContain(t, "tokens page", c.get("/account/tokens").body, "You have no API tokens", `href="/account/tokens/new"`)
		mustContain(t, "new token form", c.get("/account/tokens/new").body, `name="name"`, `name="days"`, `value="90"`)

		res := c.post("/account/tokens", url.Values{"name": {""}, "days": {"400"}})
		if res.Code != http.StatusBadRequest {
			t.Fatalf("bad token: %d", res.Code)
		}
		mustContain(t, "bad token", res.body, `href="#name"`, `<a href="#days">Enter how many days the token lasts, from 1 to 366</a>`, `value="400"`)
		res = c.post("/account/tokens", url.Values{"name": {"Case system"}, "days": {"ninety"}})
		mustContain(t, "days in words", res.body, `href="#days"`)

		res = c.post("/account/tokens", url.Values{"name": {"Case system"}, "days": {"30"}})
		if res.Code != 200 || res.Header().Get("Cache-Control") != "no-store" {
			t.Fatalf("create: %d %q\n%s", res.Code, res.Header().Get("Cache-Control"), errorSummary(res.body))
		}
		token := between(res.body, `<p class="lw-code" id="new-token">`, "</p>")
		if !strings.HasPrefix(token, "lw_") || len(token) != 46 {
			t.Fatalf("token %q", token)
		}
		mustContain(t, "new token", res.body, "You will not see it again", "24 December 2026")

		list := c.get("/account/tokens").body
		if strings.Contains(list, token) {
			t.Fatal("the token is shown again")
		}
		mustContain(t, "token list", list, "Case system", token[:11]+"…", "Never", "Active")
		c.do(http.MethodGet, "/api/v1/me", nil, "Authorization", "Bearer "+token)
		mustContain(t, "last used", c.get("/account/tokens").body, "24 November 2026 at")

		tokens, _ := s.db.FindAPITokens(ctx, lw.ID)
		// The org admin sees and can revoke their user's token; the link worker
		// revokes their own.
		a := s.client()
		a.signIn(admin)
		mustContain(t, "user page with tokens", a.get("/users/"+lw.ID).body, "Case system", "/tokens/"+tokens[0].ID+"/revoke")
		mustContain(t, "revoke form", c.get("/tokens/"+tokens[0].ID+"/revoke").body, "Revoke the API token “Case system”?")
		if res := c.post("/tokens/"+tokens[0].ID+"/revoke", nil); res.Code != http.StatusSeeOther || res.location() != "/account/tokens" {
			t.Fatalf("revoke: %d %s", res.Code, res.location())
		}
		mustContain(t, "revoked", c.get("/account/tokens").body, "Revoked", "has been revoked")
		if res := c.do(http.MethodGet, "/api/v1/me", nil, "Authorization", "Bearer "+token); res.Code != 401 {
			t.Errorf("a revoked token works: %d", res.Code)
		}
		// Nobody revokes another's token outside their organisation, or an admin's as a link worker.
		_, adminTok, err := s.svc.CreateToken(ctx, admin.principal().Actor(), "Admin's", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if res := c.post("/tokens/"+adminTok.ID+"/revoke", nil); res.Code != 403 {
			t.Errorf("a link worker revokes an admin's token: %d", res.Code)
		}
		acts := strings.Join(s.auditActions(sps.ID), " ")
		if !strings.Contains(acts, "token.created") || !strings.Contains(acts, "token.revoked") {
			t.Errorf("token changes not audited: %s", acts)
		}
	})
}
