package web

import (
	"context"
	"net/http"

	"learnwell/internal/accounts"
)

// SessionCookie signs the principal in as the sign-in pages do (startSession:
// a new session, bound to them) without the pages, and returns its cookie:
// for tests that need many fresh sessions, such as the authorisation matrix.
func (s *Server) SessionCookie(p accounts.Principal) (*http.Cookie, error) {
	ctx, err := s.sessions.Load(context.Background(), "")
	if err != nil {
		return nil, err
	}
	ctx = context.WithValue(ctx, sessionLoadedKey{}, true)
	if err := s.startSession(ctx, p); err != nil {
		return nil, err
	}
	token, _, err := s.sessions.Commit(ctx)
	if err != nil {
		return nil, err
	}
	return &http.Cookie{Name: s.sessions.Cookie.Name, Value: token}, nil
}

// RecordKinds lists the kinds of record a route can be about, with the
// wildcard that names each, for the authorisation matrix.
func RecordKinds() map[string]string {
	out := map[string]string{}
	for _, k := range recordKinds() {
		out[string(k)] = k.param()
	}
	return out
}
