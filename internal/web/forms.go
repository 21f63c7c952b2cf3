package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/audit"
)

// Helpers for the forms of the sign-in and admin pages.

// parseForm reads a posted form. A body too large or malformed is EINVALID.
// By the time a handler calls it, refuseUnusualText has read the form and
// refused any unusual text in it (text_check.go), for every route at once.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return learnwell.Wrap(err, learnwell.EINVALID, "The form could not be read. Go back and try again.")
	}
	return nil
}

// formErrors returns the messages to show in a form's error summary: the
// error's per-field messages, or its message alone.
func formErrors(err error) []learnwell.FieldError {
	if f := learnwell.ErrorFields(err); len(f) > 0 {
		return f
	}
	return []learnwell.FieldError{{Message: learnwell.ErrorMessage(err)}}
}

// showForm shows a form again with the error in its error summary, when the
// error is the person's to fix (invalid input, a failed sign-in, a conflict);
// any other error is returned for the error page. A throttled sign-in is 429
// with Retry-After.
func (s *Server) showForm(w http.ResponseWriter, r *http.Request, name, title string, data any, err error) error {
	status := http.StatusBadRequest
	switch learnwell.ErrorCode(err) {
	case learnwell.EINVALID, learnwell.EUNAUTHORISED:
	case learnwell.ECONFLICT:
		status = http.StatusConflict
	default:
		return err
	}
	var th *account.Throttled
	if errors.As(err, &th) {
		status = http.StatusTooManyRequests
		wait := max(time.Second, th.Until.Sub(s.clock.Now()))
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderWithErrors(w, r, status, name, title, data, formErrors(err))
	return nil
}

// seeOther redirects after a successful POST (or to a page that must not keep
// a token in its URL).
func seeOther(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// values returns a form's values for a field, trimmed, without empties.
func values(r *http.Request, field string) []string {
	var out []string
	for _, v := range r.PostForm[field] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// roleFor returns the role in which the actor holds the permission for the
// resource, for the audit trail.
func roleFor(a account.Actor, p account.Permission, res account.Resource) string {
	for _, role := range a.Roles {
		one := a
		one.Roles = []account.Role{role}
		if account.Allow(one, p, res) {
			return string(role)
		}
	}
	if len(a.Roles) > 0 {
		return string(a.Roles[0])
	}
	return ""
}

// auditView records, before a page is shown, that the signed-in person viewed
// the records (views of personal data change nothing else, so they are an
// audit entry of their own).
func (s *Server) auditView(r *http.Request, p account.Permission, res account.Resource, action, subjectType string, ids []string, orgID string) error {
	v := viewerOf(r.Context())
	if v == nil {
		return errSignInFirst
	}
	if len(ids) > audit.MaxRecordIDs {
		ids = ids[:audit.MaxRecordIDs]
	}
	e := audit.Entry{
		Actor:   audit.User(v.User.ID, v.Organisation.ID, roleFor(v.Actor, p, res)),
		Action:  action,
		Subject: audit.Subject{Type: subjectType, IDs: ids, OrganisationID: orgID},
		Origin:  accounts.OriginOf(r.Context()),
	}
	if v.TokenID != "" {
		e.Codes = map[string]string{"via": "api-token"}
	}
	return s.db.Audit(r.Context(), e)
}
