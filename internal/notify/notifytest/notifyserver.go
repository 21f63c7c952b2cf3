// Package notifytest provides fakes of the services notify talks to, for
// tests: a GOV.UK Notify API server and an SMTP server, both on loopback,
// both recording what they receive and able to fail on demand. Both are safe
// for concurrent use.
package notifytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"learnwell"
)

// The fake Notify service's identity and templates. APIKey combines the
// first two; configure a transport with the template ids.
const (
	ServiceID       = "1b9f3a4e-2c5d-4e6f-8a7b-9c0d1e2f3a4b"
	SecretKey       = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"
	EmailTemplateID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
	SMSTemplateID   = "d5c4b3a2-f6e5-4b7a-9d8c-5c4b3a2f1e0d"
	// KeyName is the key's name; it has hyphens, as real names may.
	KeyName = "learnwell-test-key"
)

// MaxClockSkew is how far a token's iat may be from the server's clock, as
// on the real Notify.
const MaxClockSkew = 30 * time.Second

// Notification is one message the fake accepted.
type Notification struct {
	ID              string            // the id the fake gave it
	Type            string            // "email" or "sms"
	EmailAddress    string            // for email
	PhoneNumber     string            // for sms, as sent
	TemplateID      string            // the template used
	Personalisation map[string]string // as sent
	Reference       string            // the client's reference
	Issuer          string            // the JWT's iss claim
	Subject         string            // the email template filled in: ((subject))
	Body            string            // the template's body filled in: ((body))
}

// NotifyServer is a fake GOV.UK Notify API. It checks each request's JWT
// (HS256 with SecretKey, iss ServiceID, iat within MaxClockSkew of its clock)
// and its JSON body the way Notify does, and answers with Notify's status
// codes and error bodies.
type NotifyServer struct {
	srv *httptest.Server

	mu        sync.Mutex
	clock     learnwell.Clock
	received  []Notification
	requests  int
	failLeft  int
	failCode  int
	delay     time.Duration
	templates map[string]template
}

type template struct {
	kind, subject, body string
}

// NewNotifyServer starts a fake on 127.0.0.1 and closes it when the test ends.
// Its clock is the system clock until SetClock. It knows two templates:
// EmailTemplateID (subject "((subject))", body "((body))") and SMSTemplateID
// (body "((body))").
func NewNotifyServer(t testing.TB) *NotifyServer {
	t.Helper()
	s := &NotifyServer{clock: learnwell.SystemClock{}, templates: map[string]template{
		EmailTemplateID: {kind: "email", subject: "((subject))", body: "((body))"},
		SMSTemplateID:   {kind: "sms", body: "((body))"},
	}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the fake's base URL, for the transport's BaseURL.
func (s *NotifyServer) URL() string { return s.srv.URL }

// Client returns an HTTP client for the fake, with a 5-second timeout.
func (s *NotifyServer) Client() *http.Client {
	c := *s.srv.Client()
	c.Timeout = 5 * time.Second
	return &c
}

// APIKey returns a well-formed API key for the fake's service.
func (s *NotifyServer) APIKey() string { return KeyName + "-" + ServiceID + "-" + SecretKey }

// SetClock sets the clock the fake checks tokens' iat against.
func (s *NotifyServer) SetClock(c learnwell.Clock) {
	s.mu.Lock()
	s.clock = c
	s.mu.Unlock()
}

// FailNext makes the next n requests fail with the HTTP status (such as 500,
// 429 or 400) and a Notify-style error body, before any checks.
func (s *NotifyServer) FailNext(n, status int) {
	s.mu.Lock()
	s.failLeft, s.failCode = n, status
	s.mu.Unlock()
}

// SetDelay makes every later request wait d before it is answered (or until
// the client gives up); 0 answers at once.
func (s *NotifyServer) SetDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Received returns a copy of the notifications accepted so far, in order.
func (s *NotifyServer) Received() []Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Notification, len(s.received))
	copy(out, s.received)
	return out
}

// Requests returns how many requests reached the fake, accepted or not.
func (s *NotifyServer) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Reset forgets received notifications and any pending failures and delay.
func (s *NotifyServer) Reset() {
	s.mu.Lock()
	s.received, s.requests, s.failLeft, s.delay = nil, 0, 0, 0
	s.mu.Unlock()
}

func (s *NotifyServer) serve(w http.ResponseWriter, r *http.Request) {
	// Read the body first: only then does net/http notice a client that
	// hangs up, and end r.Context() to cut a delay short.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, "BadRequestError", "Invalid request body")
		return
	}
	s.mu.Lock()
	s.requests++
	delay, fail := s.delay, 0
	if s.failLeft > 0 {
		s.failLeft--
		fail = s.failCode
	}
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if fail != 0 {
		writeError(w, fail, errorName(fail), "Failing as told by FailNext")
		return
	}
	kind, ok := strings.CutPrefix(r.URL.Path, "/v2/notifications/")
	if !ok || r.Method != http.MethodPost || (kind != "email" && kind != "sms") {
		writeError(w, http.StatusNotFound, "ResourceNotFound", "The requested URL was not found on the server.")
		return
	}
	iss, problem := s.checkToken(r.Header.Get("Authorization"))
	if problem != "" {
		writeError(w, http.StatusForbidden, "AuthError", problem)
		return
	}
	n, status, problem := s.checkBody(r.Header.Get("Content-Type"), body, kind)
	if problem != "" {
		writeError(w, status, errorName(status), problem)
		return
	}
	n.Issuer = iss
	s.mu.Lock()
	n.ID = learnwell.NewID()
	s.received = append(s.received, n)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{
		"id": n.ID, "reference": n.Reference,
		"content":  map[string]string{"subject": n.Subject, "body": n.Body},
		"template": map[string]any{"id": n.TemplateID, "version": 1},
		"uri":      s.srv.URL + "/v2/notifications/" + n.ID,
	})
}

// checkToken verifies the bearer JWT and returns its issuer, or a problem.
func (s *NotifyServer) checkToken(header string) (string, string) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || raw == "" {
		return "", "Unauthorized: authentication token must be provided"
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return []byte(SecretKey), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation())
	if err != nil {
		return "", "Invalid token: signature, api token not found"
	}
	iss, _ := claims["iss"].(string)
	if iss != ServiceID {
		return "", "Invalid token: service not found"
	}
	iatf, ok := claims["iat"].(float64)
	if !ok {
		return "", "Invalid token: iat field not provided"
	}
	s.mu.Lock()
	now := s.clock.Now()
	s.mu.Unlock()
	if skew := now.Sub(time.Unix(int64(iatf), 0)); skew > MaxClockSkew || skew < -MaxClockSkew {
		return "", "Error: Your system clock must be accurate to within 30 seconds"
	}
	return iss, ""
}

type notifyBody struct {
	EmailAddress    *string            `json:"email_address"`
	PhoneNumber     *string            `json:"phone_number"`
	TemplateID      string             `json:"template_id"`
	Personalisation map[string]*string `json:"personalisation"`
	Reference       string             `json:"reference"`
}

var (
	uuidRE        = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	placeholderRE = regexp.MustCompile(`\(\(([^()]+)\)\)`)
	phoneRE       = regexp.MustCompile(`^(\+44|0)7\d{9}$`)
)

// checkBody reads and checks a send request as Notify would, and returns the
// notification with its template filled in, or a status and a problem.
func (s *NotifyServer) checkBody(contentType string, body []byte, kind string) (Notification, int, string) {
	if !strings.HasPrefix(contentType, "application/json") {
		return Notification{}, http.StatusBadRequest, "Content-Type must be application/json"
	}
	var b notifyBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return Notification{}, http.StatusBadRequest, "Invalid JSON: " + err.Error()
	}
	n := Notification{Type: kind, TemplateID: b.TemplateID, Reference: b.Reference, Personalisation: map[string]string{}}
	switch {
	case kind == "email" && (b.EmailAddress == nil || b.PhoneNumber != nil):
		return n, http.StatusBadRequest, "email_address is a required property"
	case kind == "sms" && (b.PhoneNumber == nil || b.EmailAddress != nil):
		return n, http.StatusBadRequest, "phone_number is a required property"
	case kind == "email" && (strings.Count(*b.EmailAddress, "@") != 1 || strings.ContainsAny(*b.EmailAddress, " \t\r\n")):
		return n, http.StatusBadRequest, "email_address Not a valid email address"
	case kind == "sms" && !phoneRE.MatchString(*b.PhoneNumber):
		return n, http.StatusBadRequest, "phone_number Not a UK mobile number"
	case !uuidRE.MatchString(b.TemplateID):
		return n, http.StatusBadRequest, "template_id is not a valid UUID"
	}
	if kind == "email" {
		n.EmailAddress = *b.EmailAddress
	} else {
		n.PhoneNumber = *b.PhoneNumber
	}
	for k, v := range b.Personalisation {
		if v == nil {
			return n, http.StatusBadRequest, "personalisation " + k + " must be a string"
		}
		n.Personalisation[k] = *v
	}
	tmpl, ok := s.templates[b.TemplateID]
	if !ok || tmpl.kind != kind {
		return n, http.StatusBadRequest, "Template not found"
	}
	var missing []string
	fill := func(text string) string {
		return placeholderRE.ReplaceAllStringFunc(text, func(p string) string {
			name := p[2 : len(p)-2]
			v, ok := n.Personalisation[name]
			if !ok {
				missing = append(missing, name)
			}
			return v
		})
	}
	n.Subject, n.Body = fill(tmpl.subject), fill(tmpl.body)
	if len(missing) > 0 {
		return n, http.StatusBadRequest, "Missing personalisation: " + strings.Join(missing, ", ")
	}
	return n, 0, ""
}

func errorName(status int) string {
	switch {
	case status == http.StatusBadRequest:
		return "BadRequestError"
	case status == http.StatusForbidden:
		return "AuthError"
	case status == http.StatusTooManyRequests:
		return "RateLimitError"
	case status >= 500:
		return "Exception"
	}
	return "Error"
}

func writeError(w http.ResponseWriter, status int, name, message string) {
	writeJSON(w, status, map[string]any{
		"status_code": status,
		"errors":      []map[string]string{{"error": name, "message": message}},
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		panic(fmt.Sprintf("notifytest: encoding reply: %v", err))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
