package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/store"
)

// One access policy, declared per route: every route names a permission of
// internal/account, and authorize, the one middleware that enforces it, asks
// account.Allow whether the person signed in holds it for the record the
// route is about. Someone not signed in is sent to /sign-in (pages) or gets
// 401 (the API, /metrics); someone signed in without the permission gets 403.
// The service methods the handlers call check the policy again.

// RecordKind is the kind of record a route's wildcard names; lookupResource
// finds each and describes whose it is.
type RecordKind string

// The kinds of record a route can be about.
const (
	RecordUser         RecordKind = "user"              // {user}: a user
	RecordOrgUsers     RecordKind = "organisation-user" // {org}: the users of an organisation
	RecordOrganisation RecordKind = "organisation"      // {org}: an organisation
	RecordAgreement    RecordKind = "agreement"         // {agreement}: a data sharing agreement
	RecordToken        RecordKind = "token"             // {token}: an API token
)

// param is the wildcard that names a record of the kind.
func (k RecordKind) param() string {
	switch k {
	case RecordOrgUsers, RecordOrganisation:
		return "org"
	}
	return string(k)
}

// recordKinds lists every kind.
func recordKinds() []RecordKind {
	return []RecordKind{RecordUser, RecordOrgUsers, RecordOrganisation, RecordAgreement, RecordToken}
}

// Record says which wildcard of a route's pattern names the record its
// permission is about.
type Record struct {
	Param string
	Kind  RecordKind
}

var (
	errForbidden   = learnwell.Errorf(learnwell.EFORBIDDEN, "You do not have permission to see this page. If you think you should, ask your organisation's admin.")
	errSignInFirst = learnwell.Errorf(learnwell.EUNAUTHORISED, "Sign in to continue.")
)

// authorize wraps a route's handler with its permission check.
func (s *Server) authorize(rt Route) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if rt.Permission == account.Public || (rt.Alt != nil && rt.Alt(r)) {
			return rt.Handler(w, r)
		}
		v := viewerOf(r.Context())
		if v == nil {
			return s.needSignIn(w, r)
		}
		res, err := s.resourceFor(r, rt, v.Actor)
		if err != nil {
			return err
		}
		if !account.Allow(v.Actor, rt.Permission, res) {
			return errForbidden
		}
		return rt.Handler(w, r)
	}
}

// needSignIn answers a request that needs someone signed in: 401 for the API
// and /metrics, otherwise a redirect to the sign-in page, which brings them
// back here afterwards (for a GET).
func (s *Server) needSignIn(w http.ResponseWriter, r *http.Request) error {
	if !usesSession(r.URL.Path) || r.URL.Path == "/metrics" || wantsJSON(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="learnwell"`)
		return errSignInFirst
	}
	if r.Method == http.MethodGet && hasSession(r.Context()) {
		s.sessions.Put(r.Context(), keyReturnTo, r.URL.RequestURI())
	}
	http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
	return nil
}

// safeReturn keeps a return address only if it is a path on this site.
func safeReturn(to string) string {
	u, err := url.Parse(to)
	if err != nil || to == "" || !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") || strings.HasPrefix(to, "/\\") ||
		u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/sign-in") || strings.HasPrefix(u.Path, "/sign-out") {
		return ""
	}
	return to
}

// resourceFor describes the record the route is about, for the policy: the
// one its wildcard names, or else the actor's own.
func (s *Server) resourceFor(r *http.Request, rt Route, a account.Actor) (account.Resource, error) {
	if rt.Record.Kind == "" {
		return ownResource(rt.Permission, a), nil
	}
	id := r.PathValue(rt.Record.Param)
	if !learnwell.ValidID(id) {
		return account.Resource{}, errNotFound
	}
	return s.lookupResource(r.Context(), rt.Record.Kind, id, a)
}

// ownResource is the actor's own record of the permission's kind: for routes
// that are about no record in particular (a list, a form for a new one).
func ownResource(p account.Permission, a account.Actor) account.Resource {
	switch p.ResourceKind() {
	case account.UserResource:
		return account.UsersOf(a.OrgID)
	case account.OrganisationResource:
		return account.OrganisationOf(a.OrgID)
	case account.AgreementResource:
		return account.AgreementOf(a.OrgID)
	case account.TokenResource:
		return account.TokenOf(a.UserID, a.OrgID)
	case account.AuditResource:
		return account.AuditOf(a.OrgID)
	case account.MessageResource:
		return account.MessagesTo(a.OrgID)
	}
	return account.NoRecord()
}

// lookupResource finds the record and describes whose it is. A record that
// does not exist is ENOTFOUND, whoever asks.
func (s *Server) lookupResource(ctx context.Context, kind RecordKind, id string, a account.Actor) (account.Resource, error) {
	var res account.Resource
	err := s.db.ReadTx(ctx, func(tx *store.Tx) error {
		switch kind {
		case RecordUser:
			u, err := tx.FindUserByID(ctx, id)
			res = account.UserOf(u)
			return err
		case RecordOrgUsers, RecordOrganisation:
			if _, err := tx.FindAccountOrganisationByID(ctx, id); err != nil {
				return err
			}
			res = account.OrganisationOf(id)
			if kind == RecordOrgUsers {
				res = account.UsersOf(id)
			}
			return nil
		case RecordAgreement:
			ag, err := tx.FindAgreementByID(ctx, id)
			if err != nil {
				return err
			}
			parties := append([]string(nil), ag.Parties...)
			if ag.AreaWide && a.OrgID != "" { // an area-wide agreement is the actor's when it covers them
				if org, err := tx.FindAccountOrganisationByID(ctx, a.OrgID); err == nil && ag.Involves(org) {
					parties = append(parties, a.OrgID)
				}
			}
			res = account.AgreementOf(parties...)
			return nil
		case RecordToken:
			t, err := tx.FindAPITokenByID(ctx, id)
			if err != nil {
				return err
			}
			owner, err := tx.FindUserByID(ctx, t.UserID)
			res = account.TokenOf(owner.ID, owner.OrganisationID)
			return err
		}
		return learnwell.Errorf(learnwell.EINTERNAL, "web: no lookup for records of kind %q", kind)
	})
	if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
		return account.Resource{}, errNotFound
	}
	return res, err
}

// can reports whether the signed-in person holds the permission for the
// resource: for links and buttons, so that pages offer only what they may do.
func can(r *http.Request, p account.Permission, res account.Resource) bool {
	return account.Allow(actorOf(r), p, res)
}
