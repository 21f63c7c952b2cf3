package web

import (
	"bytes"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"learnwell"
)

// The integration API, under /api/v1/. Its front door (apiFrontDoor) checks
// the bearer token of every request before any routing or lookup: without a
// valid one the answer is 401 with WWW-Authenticate: Bearer and a problem
// document, whatever the path. Only its OpenAPI document is public. A valid
// token acts as its user, with their roles, through the same route table
// and policy as the pages. See docs/sign-in.md.

// apiPrefix is the path every API route starts with.
const apiPrefix = "/api/v1/"

// openAPIPath is the one public path under apiPrefix.
const openAPIPath = "/api/v1/openapi.json"

//go:embed openapi-v1.json
var openAPITemplate []byte

// openAPIDocument returns the OpenAPI document with the server's base URL.
func openAPIDocument(baseURL string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openAPITemplate, &doc); err != nil {
		return nil, fmt.Errorf("web: openapi-v1.json: %w", err)
	}
	doc["servers"] = []any{map[string]any{"url": strings.TrimRight(baseURL, "/") + "/api/v1"}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// underAPI reports whether a path is behind the API's front door.
func underAPI(path string) bool {
	return (strings.HasPrefix(path, apiPrefix) || path == strings.TrimSuffix(apiPrefix, "/")) && path != openAPIPath
}

// apiFrontDoor authenticates every request under /api/v1/ by its bearer
// token before anything else sees it.
func (s *Server) apiFrontDoor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !underAPI(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		token, given := bearerToken(r)
		if !given {
			w.Header().Set("WWW-Authenticate", `Bearer realm="learnwell"`)
			WriteProblem(w, r, learnwell.Errorf(learnwell.EUNAUTHORISED, "Send an API token: Authorization: Bearer lw_..."))
			return
		}
		p, t, err := s.accounts.AuthenticateToken(r.Context(), token)
		if learnwell.ErrorCode(err) == learnwell.EUNAUTHORISED {
			w.Header().Set("WWW-Authenticate", `Bearer realm="learnwell", error="invalid_token"`)
			WriteProblem(w, r, err)
			return
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v := &viewer{Principal: p, Actor: p.Actor(), TokenID: t.ID}
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r.WithContext(withViewer(r.Context(), v)))
	})
}

// bearerToken returns the token of an "Authorization: Bearer ..." header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// apiOpenAPI serves the OpenAPI document of /api/v1.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, err := w.Write(s.openAPI)
	return err
}

// meResponse is what GET /api/v1/me says: who the token acts as. No secrets,
// and nothing about the person beyond their id and roles.
type meResponse struct {
	UserID       string      `json:"user_id"`
	Organisation meOrg       `json:"organisation"`
	Roles        []string    `json:"roles"`
	Token        meTokenInfo `json:"token"`
}

type meOrg struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type meTokenInfo struct {
	ID        string `json:"id"`
	ExpiresAt string `json:"expires_at"`
}

// apiMe says who the request's token belongs to.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	if v == nil || v.TokenID == "" {
		return errSignInFirst
	}
	tokens, err := s.db.FindAPITokens(r.Context(), v.User.ID)
	if err != nil {
		return err
	}
	out := meResponse{UserID: v.User.ID, Roles: []string{},
		Organisation: meOrg{ID: v.Organisation.ID, Name: v.Organisation.Name, Kind: string(v.Organisation.Kind)},
		Token:        meTokenInfo{ID: v.TokenID}}
	for _, role := range v.User.Roles {
		out.Roles = append(out.Roles, string(role))
	}
	for _, t := range tokens {
		if t.ID == v.TokenID {
			out.Token.ExpiresAt = t.ExpiresAt.UTC().Format(time.RFC3339)
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// metricsTokenGiven reports whether the request carries the metrics token
// (--metrics-token), which lets a scraper read /metrics.
func (s *Server) metricsTokenGiven(r *http.Request) bool {
	want := s.cfg.MetricsToken
	got, ok := bearerToken(r)
	return want != "" && ok && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
