package web

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"learnwell"
)

// Text that learnwell refuses (learnwell.UnusualText: a NUL byte, another
// C0 control, bytes that are not UTF-8) is refused here, once, for every
// route: in the path, the query string, a posted form and a JSON body,
// before any handler or database sees it. SQLite would store it and
// PostgreSQL refuse it (SQLSTATE 22021), so without this one place the same
// input got a 400 on one engine and a 500 on the other.

// fieldLabels name the text fields of learnwell's forms and query strings as
// they read in "Remove the unusual characters from ...". A field not listed
// is "this answer": the message still links to it.
var fieldLabels = map[string]string{
	"email":                     "the email address",
	"password":                  "the password",
	"current_password":          "your current password",
	"name":                      "the name",
	"days":                      "the number of days",
	"title":                     "the title",
	"purpose":                   "the purpose",
	"ods_code":                  "the ODS code",
	"directory_organisation_id": "the directory organisation",
	"directory_organisation":    "the organisation in the directory",
	"code":                      "the code",
	"recovery_code":             "the recovery code",
	"q":                         "what you would like to learn",
	"postcode":                  "the postcode",
	"miles":                     "the distance",
	"age":                       "your age",
	"record_id":                 "the record id",
	"user_id":                   "the user",
	"action":                    "the action",
}

// fieldLabel is the label of a form field or JSON member; a date input's
// parts ("starts_on[day]") are "the date".
func fieldLabel(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	if _, part, ok := strings.Cut(field, "-"); ok && (part == "day" || part == "month" || part == "year") {
		return "the date"
	}
	return ""
}

// fieldID is the id of the control a form field's message links to: the
// field's name, or for a date input's part "starts_on[day]" the box
// "starts_on-day".
func fieldID(name string) string {
	if i := strings.IndexByte(name, '['); i > 0 && strings.HasSuffix(name, "]") {
		return name[:i] + "-" + name[i+1:len(name)-1]
	}
	return name
}

// checkFields checks named values (a form, a query string) for unusual text,
// with messages that link to the fields' controls.
func checkFields(values url.Values) error {
	byID := make(map[string][]string, len(values))
	for name, vals := range values {
		id := name
		if !learnwell.UnusualText(name) {
			id = fieldID(name)
		}
		byID[id] = append(byID[id], vals...)
	}
	return learnwell.CheckText(byID, fieldLabel)
}

// textErrorsKey holds, for a page shown again because its input held unusual
// text, the messages to add to its error summary (see renderWithErrors).
type textErrorsKey struct{}

func textErrorsOf(ctx context.Context) []learnwell.FieldError {
	f, _ := ctx.Value(textErrorsKey{}).([]learnwell.FieldError)
	return f
}

// refuseUnusualText checks every request that the route table serves. A
// path with unusual text is not found. Unusual text in the query, the form
// or a JSON body is a 400: a problem (RFC 9457) with a message per field for
// the APIs, and for pages the form the person was filling in shown again,
// with its error summary linking to the fields (see formPage).
func (s *Server) refuseUnusualText(next http.Handler, mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if learnwell.UnusualText(r.URL.Path) {
			s.renderError(w, r, errNotFound)
			return
		}
		if _, pattern := mux.Handler(r); pattern == "" {
			next.ServeHTTP(w, r) // a 404 or 405, whatever it holds
			return
		}
		err, refused := s.checkRequestText(r)
		if err == nil {
			next.ServeHTTP(w, r)
			return
		}
		switch {
		case !refused:
			s.renderError(w, r, err)
		case wantsJSON(r):
			if strings.HasPrefix(r.URL.Path, "/oruk") {
				w.Header().Set("Access-Control-Allow-Origin", "*") // as every ORUK answer
			}
			WriteProblem(w, r, err)
		default:
			s.showTextErrors(w, r, next, mux, err)
		}
	})
}

// checkRequestText checks the query, a form body and a JSON body. refused
// says the error is unusual text; otherwise the body could not be read.
func (s *Server) checkRequestText(r *http.Request) (err error, refused bool) {
	values := r.URL.Query()
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		if err := r.ParseForm(); err != nil {
			return learnwell.Wrap(err, learnwell.EINVALID, "The form could not be read. Go back and try again."), false
		}
		values = r.Form // the query and the form
		if isJSON(r.Header.Get("Content-Type")) && r.Body != nil {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				return learnwell.Wrap(err, learnwell.EINVALID, "The request body could not be read."), false
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			if err := learnwell.CheckJSONText(body, fieldLabel); err != nil {
				return err, true
			}
		}
	}
	if err := checkFields(values); err != nil {
		return err, true
	}
	return nil, false
}

// isJSON reports whether a Content-Type is JSON (application/json or +json).
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// showTextErrors shows the page the person was on again, with the messages
// in its error summary and status 400: the form page for a posted form, or
// the same page without the refused values for a query string. Where there
// is no such page, it shows the error page.
func (s *Server) showTextErrors(w http.ResponseWriter, r *http.Request, next http.Handler, mux *http.ServeMux, err error) {
	page := formPage(r, mux)
	if page == nil {
		s.renderError(w, r, &learnwell.Error{Code: learnwell.EINVALID,
			Message: "Remove the unusual characters from your answers, then try again.", Fields: learnwell.ErrorFields(err), Err: err})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	ctx := context.WithValue(page.Context(), textErrorsKey{}, learnwell.ErrorFields(err))
	next.ServeHTTP(w, page.WithContext(ctx))
}

// formPage is the GET request for the page that shows the form a request
// came from: for a GET, the same page without the query values holding
// unusual text; for a POST, the form at the path + "/new" (POST /agreements
// comes from /agreements/new), or else at the same path (POST /sign-in comes
// from /sign-in). It is nil where the route table has no such page.
func formPage(r *http.Request, mux *http.ServeMux) *http.Request {
	get := func(path, query string) *http.Request {
		p := r.Clone(r.Context())
		p.Method = http.MethodGet
		p.URL = &url.URL{Path: path, RawQuery: query}
		p.RequestURI = p.URL.RequestURI()
		p.Body, p.ContentLength, p.Form, p.PostForm = http.NoBody, 0, nil, nil
		p.Header.Del("Content-Type")
		return p
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		q := r.URL.Query()
		for name, vals := range q {
			if learnwell.UnusualText(name) || checkFields(url.Values{name: vals}) != nil {
				q.Del(name)
			}
		}
		return get(r.URL.Path, q.Encode())
	}
	if p := get(strings.TrimSuffix(r.URL.Path, "/")+"/new", ""); routed(mux, p, "/new") {
		return p
	}
	if p := get(r.URL.Path, ""); routed(mux, p, "") {
		return p
	}
	return nil
}

// routed reports whether the route table serves the GET request with a
// pattern that ends with suffix.
func routed(mux *http.ServeMux, r *http.Request, suffix string) bool {
	_, pattern := mux.Handler(r)
	return strings.HasPrefix(pattern, http.MethodGet+" ") && strings.HasSuffix(pattern, suffix)
}
