package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"learnwell"
	"learnwell/internal/logging"
)

var (
	errNotFound         = learnwell.Errorf(learnwell.ENOTFOUND, "Page not found")
	errMethodNotAllowed = &learnwell.Error{Code: codeMethodNotAllowed, Message: "That action is not allowed on this page."}
)

// codeMethodNotAllowed is web-only: the path exists but not for this method.
const codeMethodNotAllowed = "method_not_allowed"

// StatusFor maps an error code to its HTTP status. It is the one place the
// mapping lives; pages and APIs both use it.
func StatusFor(code string) int {
	switch code {
	case learnwell.EINVALID:
		return http.StatusBadRequest
	case learnwell.ENOTFOUND:
		return http.StatusNotFound
	case learnwell.ECONFLICT:
		return http.StatusConflict
	case learnwell.EFORBIDDEN:
		return http.StatusForbidden
	case learnwell.EUNAUTHORISED:
		return http.StatusUnauthorized
	case learnwell.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	case codeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	default:
		return http.StatusInternalServerError
	}
}

// Problem is an RFC 9457 problem document, with learnwell's per-field errors.
type Problem struct {
	Type     string                 `json:"type"`
	Title    string                 `json:"title"`
	Status   int                    `json:"status"`
	Detail   string                 `json:"detail,omitempty"`
	Instance string                 `json:"instance,omitempty"`
	Code     string                 `json:"code"`
	Errors   []learnwell.FieldError `json:"errors,omitempty"`
}

// ProblemFor builds the problem document for an error.
func ProblemFor(err error, instance string) Problem {
	code := learnwell.ErrorCode(err)
	status := StatusFor(code)
	return Problem{
		Type:     "about:blank",
		Title:    http.StatusText(status),
		Status:   status,
		Detail:   learnwell.ErrorMessage(err),
		Instance: instance,
		Code:     code,
		Errors:   learnwell.ErrorFields(err),
	}
}

// WriteProblem writes err as application/problem+json.
func WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := ProblemFor(err, r.URL.Path)
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// wantsJSON reports whether the client asked for JSON: API paths, or an Accept
// header preferring JSON to HTML. /metrics answers a scraper, which asks for
// no HTML, with a problem, and a browser, which does, with a page.
func wantsJSON(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/oruk") {
		return true
	}
	accept := r.Header.Get("Accept")
	if r.URL.Path == "/metrics" {
		return !strings.Contains(accept, "text/html")
	}
	return (strings.Contains(accept, "application/json") || strings.Contains(accept, "application/problem+json")) &&
		!strings.Contains(accept, "text/html")
}

// renderError logs internal errors (with their cause) and writes the error as
// a page or a problem. Only internal errors are logged as errors.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return // the client went away
	}
	code := learnwell.ErrorCode(err)
	status := StatusFor(code)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "route", r.Pattern, "error", err.Error())
	}
	if wantsJSON(r) {
		WriteProblem(w, r, err)
		return
	}
	page := errorPage{Status: status, Message: learnwell.ErrorMessage(err), RequestID: logging.RequestID(r.Context())}
	switch status {
	case http.StatusNotFound:
		page.Heading = "Page not found"
	case http.StatusServiceUnavailable:
		page.Heading = "Sorry, the service is unavailable"
	case http.StatusInternalServerError:
		page.Heading = "Sorry, there is a problem with the service"
	case http.StatusForbidden:
		page.Heading = "You cannot see this page"
	case http.StatusUnauthorized:
		page.Heading = "Sign in to see this page"
	case http.StatusMethodNotAllowed:
		page.Heading = "That action is not allowed"
	default:
		page.Heading = "There is a problem"
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "error", page.Heading, page)
}

// errorPage is the data of templates/pages/error.html.
type errorPage struct {
	Status    int
	Heading   string
	Message   string
	RequestID string
}
