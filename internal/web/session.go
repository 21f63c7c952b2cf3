package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/audit"
	"learnwell/internal/logging"
	"learnwell/internal/store"
)

// Web sign-in sessions live in the database (store.SessionStore, on either
// engine) through alexedwards/scs. A session holds only ids, times and, for a
// moment, sealed values: never a password, a code or a name.
//
// The cookie is HttpOnly and SameSite=Lax, Secure with the __Host- prefix
// when the base URL is https, and lasts until the browser closes (staff share
// computers). Lax rather than Strict: every change is a POST, which Lax keeps
// from other sites and http.CrossOriginProtection refuses anyway, while a link
// to a learnwell page from a case management system or an email still finds
// the person signed in. A session ends after --session-idle-timeout without
// a request and --session-lifetime after sign-in, and at once when the user
// is deactivated, signed out everywhere, or has their password or second
// factor reset (accounts.SessionValid, checked on every request).

// Session keys.
const (
	keyUser        = "user"         // the signed-in user's id
	keyIssued      = "issued"       // when they signed in (Unix microseconds, the store's clock)
	keySeen        = "seen"         // their latest request (Unix microseconds)
	keyPending     = "pending"      // a user whose password was accepted, before the second factor
	keyPendingAt   = "pending_at"   // when (Unix microseconds)
	keyPendingNext = "pending_next" // accounts.Next: enter a code or set up an app
	keySetup       = "setup"        // a new authenticator secret, sealed, while it is being set up
	keyLink        = "link"         // a secure link's token, sealed, once taken out of the URL
	keyLinkFor     = "link_for"     // the link's purpose
	keyReturnTo    = "return_to"    // the page to go back to after signing in
	keyFlash       = "flash"        // a message for the next page
	keyNotice      = "notice"       // why a session ended, for the sign-in page
)

// sessionGrace is how much longer than its timeouts the store keeps a
// session, so that identify, not the store, ends it and can say so.
const sessionGrace = 10 * time.Minute

// pendingTimeout is how long someone has between their password and their
// second factor.
const pendingTimeout = 10 * time.Minute

// sessionCookieName is the cookie's name: with the __Host- prefix when Secure,
// so that it is only ever set by this host, over https, for every path.
func sessionCookieName(secure bool) string {
	if secure {
		return "__Host-learnwell-session"
	}
	return "learnwell-session"
}

func (s *Server) newSessionManager() *scs.SessionManager {
	sm := scs.New()
	sm.Store = clockStore{inner: s.db.Sessions(), clock: s.clock}
	// identify ends sessions at the idle timeout and lifetime (and says why);
	// the store keeps them a little longer, then forgets them.
	sm.IdleTimeout = s.cfg.Sessions.IdleTimeout + sessionGrace
	sm.Lifetime = s.cfg.Sessions.Lifetime + sessionGrace
	secure := s.cfg.SecureCookies()
	sm.Cookie.Name = sessionCookieName(secure)
	sm.Cookie.Secure = secure
	sm.Cookie.HttpOnly = true
	sm.Cookie.Path = "/"
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Persist = false
	sm.HashTokenInStore = false // the store keeps only SHA-256 of each token itself
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.renderError(w, r, learnwell.Internal(err)) }
	return sm
}

// clockStore is the session store with expiry times moved onto the store's
// clock: scs works them out from time.Now, the store compares them with its
// own clock (the same, but for tests with a fixed clock).
type clockStore struct {
	inner *store.SessionStore
	clock learnwell.Clock
}

func (c clockStore) shift(expiry time.Time) time.Time { return c.clock.Now().Add(time.Until(expiry)) }

func (c clockStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return c.inner.FindCtx(ctx, token)
}
func (c clockStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return c.inner.CommitCtx(ctx, token, b, c.shift(expiry))
}
func (c clockStore) DeleteCtx(ctx context.Context, token string) error {
	return c.inner.DeleteCtx(ctx, token)
}
func (c clockStore) Find(token string) ([]byte, bool, error) { return c.inner.Find(token) }
func (c clockStore) Commit(token string, b []byte, expiry time.Time) error {
	return c.inner.Commit(token, b, c.shift(expiry))
}
func (c clockStore) Delete(token string) error { return c.inner.Delete(token) }

// usesSession reports whether a path takes part in sessions: pages and
// /metrics (a platform admin may read it in their browser) do; static files,
// probes, the Open Referral feed and the API (bearer tokens only) do not, so
// they never read or write one.
func usesSession(path string) bool {
	for _, p := range []string{"/static/", "/assets/", "/oruk", "/api/"} {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	switch path {
	case "/healthz", "/readyz":
		return false
	}
	return true
}

type sessionLoadedKey struct{}

// hasSession reports whether the request's context holds a session.
func hasSession(ctx context.Context) bool { return ctx.Value(sessionLoadedKey{}) != nil }

// withSession loads the session of page requests and, when it is a signed-in
// session that is still good, puts who is signed in into the context.
func (s *Server) withSession(next http.Handler) http.Handler {
	loaded := s.sessions.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), sessionLoadedKey{}, true)
		if ck, err := r.Cookie(s.sessions.Cookie.Name); err == nil && ck.Value != "" && s.sessions.Token(ctx) == "" {
			// The browser's session is gone from the store: it ended.
			s.sessions.Put(ctx, keyNotice, "ended")
		}
		v, err := s.identify(ctx)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if v != nil {
			ctx = withViewer(ctx, v)
			w.Header().Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !usesSession(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		loaded.ServeHTTP(w, r)
	})
}

// identify returns who the session is signed in as, or nil. A session past
// its idle timeout or lifetime, or one that SessionValid refuses, ends here.
func (s *Server) identify(ctx context.Context) (*viewer, error) {
	uid := s.sessions.GetString(ctx, keyUser)
	if uid == "" {
		return nil, nil
	}
	now := s.clock.Now()
	issued := time.UnixMicro(s.sessions.GetInt64(ctx, keyIssued)).UTC()
	seen := time.UnixMicro(s.sessions.GetInt64(ctx, keySeen)).UTC()
	if now.Sub(issued) >= s.cfg.Sessions.Lifetime || now.Sub(seen) >= s.cfg.Sessions.IdleTimeout {
		return nil, s.endSession(ctx, "timeout")
	}
	p, err := s.accounts.SessionValid(ctx, uid, issued)
	if learnwell.ErrorCode(err) == learnwell.EUNAUTHORISED {
		return nil, s.endSession(ctx, "ended")
	}
	if err != nil {
		return nil, err
	}
	s.sessions.Put(ctx, keySeen, now.UnixMicro())
	return &viewer{Principal: p, Actor: p.Actor()}, nil
}

// endSession destroys the session and leaves a note of why for the sign-in page.
func (s *Server) endSession(ctx context.Context, why string) error {
	if err := s.sessions.Destroy(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, keyNotice, why)
	return nil
}

// startSession signs the principal in: a new session id (RenewToken, so a
// session id known before sign-in is worth nothing after it), holding only
// their id and the time, bound to them in the store so that it can be ended
// with their other sessions.
func (s *Server) startSession(ctx context.Context, p accounts.Principal) error {
	returnTo := s.sessions.GetString(ctx, keyReturnTo)
	if err := s.sessions.Clear(ctx); err != nil {
		return err
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	now := s.clock.Now().Truncate(time.Microsecond)
	s.sessions.Put(ctx, keyUser, p.User.ID)
	s.sessions.Put(ctx, keyIssued, now.UnixMicro())
	s.sessions.Put(ctx, keySeen, now.UnixMicro())
	if returnTo != "" {
		s.sessions.Put(ctx, keyReturnTo, returnTo)
	}
	token, _, err := s.sessions.Commit(ctx)
	if err != nil {
		return err
	}
	return s.db.Sessions().BindUser(ctx, token, p.User.ID)
}

// renewSession gives the session a new id and keeps its data: at each step
// of signing in.
func (s *Server) renewSession(ctx context.Context) error { return s.sessions.RenewToken(ctx) }

// flash leaves a message for the next page the person sees.
func (s *Server) flash(ctx context.Context, msg string) {
	if hasSession(ctx) {
		s.sessions.Put(ctx, keyFlash, msg)
	}
}

// viewer is who a request is made by: a signed-in person (by session) or an
// API token's user.
type viewer struct {
	accounts.Principal
	Actor   account.Actor
	TokenID string // the API token used, if the request came with one
}

type viewerKey struct{}

func withViewer(ctx context.Context, v *viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// viewerOf returns who is signed in, or nil.
func viewerOf(ctx context.Context) *viewer {
	v, _ := ctx.Value(viewerKey{}).(*viewer)
	return v
}

// actorOf returns the access policy's actor for the request: the zero Actor
// when nobody is signed in.
func actorOf(r *http.Request) account.Actor {
	if v := viewerOf(r.Context()); v != nil {
		return v.Actor
	}
	return account.Actor{}
}

// withOrigin puts where the request came from into its context, for the audit
// trail: the client's network (never its whole address), the request id and
// the class of its user agent.
func (s *Server) withOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o := audit.OriginFrom(s.clientIP(r), logging.RequestID(r.Context()), r.UserAgent())
		next.ServeHTTP(w, r.WithContext(accounts.WithOrigin(r.Context(), o)))
	})
}

// clientIP is the address a request came from, for throttling (counted only
// as a keyed hash, see docs/accounts.md) and the audit trail (its network
// only): the connection's address or, when that is a trusted proxy
// (--trusted-proxies), the nearest address in X-Forwarded-For that is not.
func (s *Server) clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !s.trustedProxy(ip) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return host // not an address: trust nothing further along
		}
		host = a.Unmap().String()
		if !s.trustedProxy(a) {
			return host
		}
	}
	return host
}

func (s *Server) trustedProxy(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
