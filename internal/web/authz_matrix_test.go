package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"learnwell/internal/account"
	"learnwell/internal/directory"
	"learnwell/internal/store"
	"learnwell/internal/web"
)

// TestAuthorisationMatrix is generated from the route table: for every route,
// every role, and a record of the actor's own organisation and of another,
// the request is allowed or refused exactly as the access policy's table
// says (account.Allow on account.OwnRecord and account.OtherRecord). Someone
// not signed in may use only the public routes. A route without a
// permission, or whose record the test cannot address, fails it. On both
// engines.
func TestAuthorisationMatrix(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		m := newMatrix(t, s)
		routes := s.app.Routes()
		kinds := web.RecordKinds()
		checked := 0
		seen := map[string]bool{}
		for _, rt := range routes {
			seen[rt.Pattern] = true
			if want, ok := routePermissions[rt.Pattern]; !ok {
				t.Errorf("route %q is not in routePermissions: add it there with the permission it should need", rt.Pattern)
			} else if rt.Permission != want {
				t.Errorf("route %q needs %q, want %q", rt.Pattern, rt.Permission, want)
			}
			if rt.Permission == "" || !rt.Permission.Known() {
				t.Errorf("route %q declares no permission of the policy (%q)", rt.Pattern, rt.Permission)
				continue
			}
			if rt.Record.Kind != "" && kinds[string(rt.Record.Kind)] != rt.Record.Param {
				t.Errorf("route %q: record %+v is not one the policy knows", rt.Pattern, rt.Record)
				continue
			}
			method, path := splitPattern(rt.Pattern)
			for _, w := range wildcards(path) {
				if rt.Permission != account.Public && w != rt.Record.Param {
					t.Errorf("route %q: wildcard {%s} does not name the record of its permission", rt.Pattern, w)
				}
			}

			// Not signed in: public routes only.
			res := m.request(nil, rt, method, fill(path, rt.Record.Param, m.actors[account.LinkWorker].own[rt.Record.Kind]))
			if rt.Permission == account.Public && !allowed(res, true) {
				t.Errorf("%s, not signed in: status %d, want allowed", rt.Pattern, res.Code)
			}
			if rt.Permission != account.Public && !refusedAsAnonymous(path, res) {
				t.Errorf("%s, not signed in: %d %s, want a redirect to /sign-in or 401", rt.Pattern, res.Code, res.location())
			}

			for _, role := range account.Roles() {
				a := m.actors[role]
				variants := []struct {
					name string
					ids  map[web.RecordKind]string
					res  account.Resource
				}{{"own", a.own, account.OwnRecord(rt.Permission, a.actor)}}
				if rt.Record.Kind != "" {
					variants = append(variants, struct {
						name string
						ids  map[web.RecordKind]string
						res  account.Resource
					}{"other", m.other, account.OtherRecord(rt.Permission, a.actor)})
				}
				for _, v := range variants {
					want := account.Allow(a.actor, rt.Permission, v.res)
					res := m.request(a, rt, method, fill(path, rt.Record.Param, v.ids[rt.Record.Kind]))
					checked++
					if res.Code >= 500 {
						t.Errorf("%s as %s, %s record: %d\n%s", rt.Pattern, role, v.name, res.Code, res.body)
					}
					if got := allowed(res, rt.Permission == account.Public); got != want {
						t.Errorf("%s as %s, %s record: status %d %s, want allowed=%v", rt.Pattern, role, v.name, res.Code, res.location(), want)
					}
					if !want && res.Code != http.StatusForbidden {
						t.Errorf("%s as %s, %s record: refused with %d, want 403", rt.Pattern, role, v.name, res.Code)
					}
				}
			}
		}
		for pattern := range routePermissions {
			if !seen[pattern] {
				t.Errorf("routePermissions has %q, which the route table does not", pattern)
			}
		}
		if checked < 5*len(routes) {
			t.Fatalf("only %d cells checked for %d routes", checked, len(routes))
		}
	})
}

// routePermissions is the route table's permissions written out again, so
// that a change to what a route needs is a change made twice, on purpose; the
// matrix then checks that each is enforced as the policy says.
var routePermissions = map[string]account.Permission{
	"GET /{$}": account.Public, "/oruk": account.Public, "/oruk/": account.Public,
	"GET /courses": account.Public, "GET /courses/template.csv": account.Public, "GET /courses/{id}": account.Public,
	"GET /accessibility": account.Public, "GET /privacy": account.Public, "GET /about-the-data": account.Public,
	"GET /outbox": account.ViewOutbox, "GET /healthz": account.Public, "GET /readyz": account.Public,
	"GET /metrics": account.ViewMetrics, "GET /static/{hash}/{path...}": account.Public, "GET /assets/images/{name...}": account.Public,

	"GET /sign-in": account.Public, "POST /sign-in": account.Public,
	"GET /sign-in/two-factor": account.Public, "POST /sign-in/two-factor": account.Public,
	"GET /sign-in/recovery-code": account.Public, "POST /sign-in/recovery-code": account.Public,
	"GET /sign-in/set-up-two-factor": account.Public, "POST /sign-in/set-up-two-factor": account.Public,
	"GET /sign-in/invitation/{token}": account.Public, "GET /sign-in/invitation": account.Public, "POST /sign-in/invitation": account.Public,
	"GET /sign-in/forgot-password": account.Public, "POST /sign-in/forgot-password": account.Public,
	"GET /sign-in/reset-password/{token}": account.Public, "GET /sign-in/reset-password": account.Public, "POST /sign-in/reset-password": account.Public,
	"GET /sign-out": account.Public, "POST /sign-out": account.Public,
	"GET /sign-out-everywhere": account.SignedIn, "POST /sign-out-everywhere": account.SignedIn,
	"GET /account": account.SignedIn, "GET /account/password": account.SignedIn, "POST /account/password": account.SignedIn,
	"POST /account/recovery-codes": account.SignedIn,

	"GET /organisations/{org}/users":        account.ViewUsers,
	"GET /organisations/{org}/users/invite": account.ManageUsers, "POST /organisations/{org}/users/invite": account.ManageUsers,
	"GET /users/{user}":       account.ViewUsers,
	"GET /users/{user}/roles": account.ManageUsers, "POST /users/{user}/roles": account.ManageUsers,
	"GET /users/{user}/deactivate": account.ManageUsers, "POST /users/{user}/deactivate": account.ManageUsers,
	"POST /users/{user}/reactivate":      account.ManageUsers,
	"GET /users/{user}/reset-two-factor": account.ManageUsers, "POST /users/{user}/reset-two-factor": account.ManageUsers,
	"POST /users/{user}/resend-invitation": account.ManageUsers, "POST /users/{user}/sign-out-everywhere": account.ManageUsers,

	"GET /organisations":     account.ViewOrganisation,
	"GET /organisations/new": account.ManageOrganisations, "POST /organisations": account.ManageOrganisations,
	"GET /organisations/{org}":      account.ViewOrganisation,
	"GET /organisations/{org}/edit": account.ManageOrganisations, "POST /organisations/{org}/edit": account.ManageOrganisations,

	"GET /agreements": account.ViewAgreements, "GET /agreements/new": account.ManageAgreements, "POST /agreements": account.ManageAgreements,
	"GET /agreements/{agreement}":      account.ViewAgreements,
	"GET /agreements/{agreement}/edit": account.ManageAgreements, "POST /agreements/{agreement}/edit": account.ManageAgreements,
	"POST /agreements/{agreement}/status": account.ManageAgreements,

	"GET /audit": account.ViewAudit, "GET /audit/entries.csv": account.ViewAudit, "GET /audit/entries.json": account.ViewAudit,

	"GET /account/tokens": account.ManageTokens, "GET /account/tokens/new": account.ManageTokens, "POST /account/tokens": account.ManageTokens,
	"GET /tokens/{token}/revoke": account.ManageTokens, "POST /tokens/{token}/revoke": account.ManageTokens,

	"GET /api/v1/openapi.json": account.Public, "GET /api/v1/me": account.SignedIn,
}

// matrixActor is one role's person, their records and their API token.
type matrixActor struct {
	user  testUser
	actor account.Actor
	own   map[web.RecordKind]string
}

type matrix struct {
	t      *testing.T
	s      *site
	actors map[account.Role]*matrixActor
	other  map[web.RecordKind]string
}

// newMatrix makes, for each role, an organisation of a kind that can give it
// with a person in it, a colleague, a token and an agreement with another
// organisation; and another organisation with its own records.
func newMatrix(t *testing.T, s *site) *matrix {
	ctx := context.Background()
	m := &matrix{t: t, s: s, actors: map[account.Role]*matrixActor{}}
	other := s.org("Hackney Social Prescribing", account.SocialPrescribingService, "E09000012")
	third := s.org("Hackney Adult Learning", account.LearningProvider, "E09000012")
	stranger := s.user(other, "stranger@example.com", account.LinkWorker)
	agreement := func(parties ...string) string {
		ag := account.Agreement{Title: "Sharing", Purpose: "Referrals.", Parties: parties, Categories: account.Categories(),
			StartsOn: directory.NewDate(2026, time.January, 1), Status: account.InForce}
		s.write(func(tx *store.Tx) error { return tx.CreateAgreement(ctx, &ag) })
		return ag.ID
	}
	token := func(u testUser) (string, string) {
		plain, tok, err := s.svc.CreateToken(ctx, u.principal().Actor(), "Matrix", 30*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return plain, tok.ID
	}
	_, strangerToken := token(stranger)
	m.other = map[web.RecordKind]string{web.RecordUser: stranger.ID, web.RecordOrgUsers: other.ID, web.RecordOrganisation: other.ID,
		web.RecordAgreement: agreement(other.ID, third.ID), web.RecordToken: strangerToken}

	kinds := map[account.Role]account.OrgKind{account.LinkWorker: account.SocialPrescribingService, account.ProviderCoordinator: account.LearningProvider,
		account.CommissionerAnalyst: account.Commissioner, account.OrgAdmin: account.SocialPrescribingService, account.PlatformAdmin: account.PlatformOperator}
	for _, role := range account.Roles() {
		org := s.org("Organisation of the "+string(role), kinds[role], "E09000019")
		u := s.user(org, string(role)+"@example.com", role)
		colleague := s.user(org, string(role)+".colleague@example.com", role)
		_, ownToken := token(u)
		m.actors[role] = &matrixActor{user: u, actor: u.principal().Actor(),
			own: map[web.RecordKind]string{web.RecordUser: colleague.ID, web.RecordOrgUsers: org.ID, web.RecordOrganisation: org.ID,
				web.RecordAgreement: agreement(org.ID, other.ID), web.RecordToken: ownToken}}
	}
	return m
}

// request makes the route's request as the actor (nil: nobody), in a fresh
// session (or with their API token, under /api/v1/), so that what one
// request does (signing out everywhere) cannot change the next.
func (m *matrix) request(a *matrixActor, rt web.Route, method, path string) response {
	m.t.Helper()
	m.s.clock.Advance(time.Second)
	c := m.s.client()
	var header []string
	if a != nil {
		if strings.HasPrefix(path, "/api/v1/") && path != "/api/v1/openapi.json" {
			// A new token each time: signing out everywhere ends the ones before.
			plain, _, err := m.s.svc.CreateToken(context.Background(), a.actor, "Matrix", 24*time.Hour)
			if err != nil {
				m.t.Fatal(err)
			}
			header = []string{"Authorization", "Bearer " + plain}
		} else {
			fresh, err := m.s.db.FindUserByID(context.Background(), a.user.ID)
			if err != nil {
				m.t.Fatal(err)
			}
			p := a.user.principal()
			p.User = fresh
			ck, err := m.s.app.SessionCookie(p)
			if err != nil {
				m.t.Fatal(err)
			}
			c.jar[ck.Name] = ck
		}
	}
	var form url.Values
	if method == http.MethodPost {
		form = url.Values{}
	}
	return c.do(method, path, form, header...)
}

// allowed reports whether the request got past the access policy: it was
// neither refused (401, 403) nor, on a route that needs someone signed in,
// sent to sign in. (The public steps of signing in send people back to
// /sign-in when they skip a step: that is not the policy.)
func allowed(res response, public bool) bool {
	return res.Code != http.StatusUnauthorized && res.Code != http.StatusForbidden &&
		(public || !(res.Code == http.StatusSeeOther && res.location() == "/sign-in"))
}

// refusedAsAnonymous reports whether someone not signed in was refused the
// right way: pages send them to sign in, the API and /metrics answer 401.
func refusedAsAnonymous(path string, res response) bool {
	if strings.HasPrefix(path, "/api/") || path == "/metrics" {
		return res.Code == http.StatusUnauthorized && res.Header().Get("WWW-Authenticate") != ""
	}
	return res.Code == http.StatusSeeOther && res.location() == "/sign-in"
}

// splitPattern splits "GET /x/{id}" into its method and path (GET when the
// pattern has none).
func splitPattern(p string) (string, string) {
	if method, path, ok := strings.Cut(p, " "); ok {
		return method, path
	}
	return http.MethodGet, p
}

var wildcardRE = regexp.MustCompile(`\{([a-z_]*)(\.\.\.)?\}`)

// wildcards lists a path pattern's wildcards ({$} aside).
func wildcards(path string) []string {
	var out []string
	for _, m := range wildcardRE.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

// fill puts the record's id for its wildcard, and a harmless value for any
// other.
func fill(path, param, id string) string {
	path = strings.ReplaceAll(path, "{$}", "")
	return wildcardRE.ReplaceAllStringFunc(path, func(w string) string {
		if name := wildcardRE.FindStringSubmatch(w)[1]; name == param && id != "" {
			return id
		}
		return "x"
	})
}
