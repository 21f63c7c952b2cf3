package learnwell

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Each maps to one HTTP status in internal/web and internal/api;
// the mapping lives in one place (web.StatusFor).
const (
	EINVALID      = "invalid"      // the request is malformed or fails validation
	ENOTFOUND     = "not_found"    // the thing does not exist (or is hidden from the caller)
	ECONFLICT     = "conflict"     // the request conflicts with the current state
	EFORBIDDEN    = "forbidden"    // the caller may not do this
	EUNAUTHORISED = "unauthorised" // the caller is not signed in
	EUNAVAILABLE  = "unavailable"  // a dependency (such as the database) is not ready
	EINTERNAL     = "internal"     // a fault of ours; never shown to the user in detail
)

// FieldError is one message about one input field, written for a person
// ("Enter a postcode, like SE1 7PB"). Field is the name of the form field or
// JSON member it concerns, so pages can link the error summary to the input.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the one error type of learnwell. Code says what kind of failure it is,
// Message is safe to show to the user, Fields carries per-field validation
// messages, and Err is the wrapped cause, which is logged but never shown.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	Err     error
}

// Error implements the error interface. It includes the cause for logs.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error with the code, a safe message and a cause kept for the log.
func Wrap(err error, code, message string) *Error {
	return &Error{Code: code, Message: message, Err: err}
}

// Internal wraps an unexpected failure. Its message is generic: the cause is
// for the log only.
func Internal(err error) *Error {
	return &Error{Code: EINTERNAL, Message: "Sorry, there is a problem with the service. Try again later.", Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the safe message of err: an *Error's message, or a
// generic message for anything else, so a cause never reaches a user.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" && e.Code != EINTERNAL {
		return e.Message
	}
	return "Sorry, there is a problem with the service. Try again later."
}

// ErrorFields returns the per-field messages of err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validation collects per-field messages in the order they are found. Its Err
// method returns nil when nothing was wrong, so callers can write
//
//	var v learnwell.Validation
//	if name == "" { v.Add("name", "Enter a name") }
//	return v.Err()
type Validation struct {
	fields []FieldError
	seen   map[string]bool
}

// Add records a message for a field. Only the first message for a field is kept,
// as the NHS error summary shows one message per field.
func (v *Validation) Add(field, message string) {
	if v.seen == nil {
		v.seen = map[string]bool{}
	}
	if v.seen[field] {
		return
	}
	v.seen[field] = true
	v.fields = append(v.fields, FieldError{Field: field, Message: message})
}

// Has reports whether the field already has a message.
func (v *Validation) Has(field string) bool { return v.seen[field] }

// Fields returns the messages collected so far.
func (v *Validation) Fields() []FieldError { return v.fields }

// Err returns an EINVALID *Error carrying every message, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "There is a problem", Fields: append([]FieldError(nil), v.fields...)}
}

// FieldMap returns the messages keyed by field, for templates.
func FieldMap(fields []FieldError) map[string]string {
	m := make(map[string]string, len(fields))
	for _, f := range fields {
		if _, ok := m[f.Field]; !ok {
			m[f.Field] = f.Message
		}
	}
	return m
}

// SortedFieldNames returns the field names of a FieldError list, sorted; useful in tests.
func SortedFieldNames(fields []FieldError) []string {
	names := make([]string, 0, len(fields))
	for _, f := range fields {
		names = append(names, f.Field)
	}
	sort.Strings(names)
	return names
}
