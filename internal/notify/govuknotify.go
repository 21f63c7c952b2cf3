package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"learnwell"
)

// DefaultNotifyBaseURL is the GOV.UK Notify API.
const DefaultNotifyBaseURL = "https://api.notifications.service.gov.uk"

// DefaultHTTPTimeout bounds a call to Notify when no HTTP client is given.
const DefaultHTTPTimeout = 30 * time.Second

// GovUKNotifyConfig configures a GovUKNotify transport.
type GovUKNotifyConfig struct {
	// APIKey is the key from Notify's API integration page (see ParseAPIKey).
	APIKey string
	// EmailTemplateID is an email template whose subject is ((subject)) and
	// whose body is ((body)).
	EmailTemplateID string
	// SMSTemplateID is a text message template whose body is ((body)). If it is
	// empty, text messages fail permanently.
	SMSTemplateID string
	// BaseURL is the API's address; DefaultNotifyBaseURL if empty.
	BaseURL string
	// HTTPClient makes the calls; if nil, a client with DefaultHTTPTimeout.
	// Give it a timeout: a call that hangs holds up the outbox.
	HTTPClient *http.Client
	// Clock gives the JWT's issued-at time; learnwell.SystemClock if nil.
	Clock learnwell.Clock
}

// GovUKNotify sends email and text messages through the GOV.UK Notify REST
// API, filling one email template and one SMS template with the message's
// subject and body. It is safe for concurrent use.
type GovUKNotify struct {
	key           APIKey
	emailTemplate string
	smsTemplate   string
	base          string
	client        *http.Client
	clock         learnwell.Clock
}

// NewGovUKNotify checks the configuration and returns the transport. A
// malformed API key, template id or base URL is an EINVALID error.
func NewGovUKNotify(cfg GovUKNotifyConfig) (*GovUKNotify, error) {
	var v learnwell.Validation
	key, err := ParseAPIKey(cfg.APIKey)
	if err != nil {
		v.Add("APIKey", learnwell.ErrorMessage(err))
	}
	if !learnwell.ValidID(cfg.EmailTemplateID) {
		v.Add("EmailTemplateID", "Enter the id of the Notify email template, a UUID")
	}
	if cfg.SMSTemplateID != "" && !learnwell.ValidID(cfg.SMSTemplateID) {
		v.Add("SMSTemplateID", "The id of the Notify text message template must be a UUID")
	}
	base, err := baseURL(cfg.BaseURL)
	if err != nil {
		v.Add("BaseURL", learnwell.ErrorMessage(err))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	n := &GovUKNotify{key: key, emailTemplate: cfg.EmailTemplateID, smsTemplate: cfg.SMSTemplateID,
		base: base, client: cfg.HTTPClient, clock: cfg.Clock}
	if n.client == nil {
		n.client = &http.Client{Timeout: DefaultHTTPTimeout}
	}
	if n.clock == nil {
		n.clock = learnwell.SystemClock{}
	}
	return n, nil
}

// baseURL checks an API base URL and returns it without a trailing slash.
func baseURL(s string) (string, error) {
	if s == "" {
		return DefaultNotifyBaseURL, nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", learnwell.Errorf(learnwell.EINVALID, "Enter the Notify API address as a URL, like %s", DefaultNotifyBaseURL)
	}
	return strings.TrimRight(s, "/"), nil
}

// Name returns "notify".
func (n *GovUKNotify) Name() string { return TransportGovUKNotify }

// ServiceID returns the Notify service id taken from the API key.
func (n *GovUKNotify) ServiceID() string { return n.key.ServiceID }

type notifyRequest struct {
	EmailAddress    string            `json:"email_address,omitempty"`
	PhoneNumber     string            `json:"phone_number,omitempty"`
	TemplateID      string            `json:"template_id"`
	Personalisation map[string]string `json:"personalisation"`
	Reference       string            `json:"reference,omitempty"`
}

// Send posts the message to Notify. Notify's reply of 201 gives the
// notification id as the receipt's Reference. HTTP 400, 401, 403 and other
// 4xx replies (bar 408 and 429) are permanent failures; 429, 5xx, timeouts
// and connection failures are temporary.
func (n *GovUKNotify) Send(ctx context.Context, m Message) (Receipt, error) {
	if err := m.Validate(); err != nil {
		return Receipt{}, err
	}
	req := notifyRequest{Reference: m.ID}
	var path string
	switch m.Channel {
	case Email:
		path = "/v2/notifications/email"
		req.EmailAddress, req.TemplateID = m.To, n.emailTemplate
		req.Personalisation = map[string]string{"subject": m.Subject, "body": m.Body}
	case SMS:
		if n.smsTemplate == "" {
			return Receipt{}, permanent(n.Name(),
				"Text messages cannot be sent: no GOV.UK Notify text message template is set (LEARNWELL_NOTIFY_SMS_TEMPLATE_ID).",
				0, "no SMS template id configured", nil)
		}
		path = "/v2/notifications/sms"
		req.PhoneNumber, _ = NormaliseUKPhone(m.To) // Validate has checked it
		req.TemplateID = n.smsTemplate
		req.Personalisation = map[string]string{"body": m.Body}
	}
	body, err := json.Marshal(req)
	if err != nil {
		return Receipt{}, learnwell.Internal(err)
	}
	return n.post(ctx, path, body)
}

func (n *GovUKNotify) post(ctx context.Context, path string, body []byte) (Receipt, error) {
	token, err := n.token()
	if err != nil {
		return Receipt{}, learnwell.Internal(fmt.Errorf("notify: signing token: %w", err))
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, n.base+path, bytes.NewReader(body))
	if err != nil {
		return Receipt{}, permanent(n.Name(), msgConfig, 0, "building request", err)
	}
	hreq.Header.Set("Authorization", "Bearer "+token)
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("User-Agent", "learnwell/"+learnwell.Version)
	resp, err := n.client.Do(hreq)
	if err != nil {
		return Receipt{}, temporary(n.Name(), 0, "calling the Notify API", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		// Notify has accepted the message: report success even if the reply
		// cannot be read, as a retry would send it twice.
		var ok struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(data, &ok)
		return Receipt{Transport: n.Name(), Reference: ok.ID, At: n.clock.Now()}, nil
	}
	if err != nil {
		return Receipt{}, temporary(n.Name(), resp.StatusCode, "reading the Notify API's reply", err)
	}
	return Receipt{}, notifyFailure(n.Name(), resp.StatusCode, data)
}

// token returns a fresh JWT: Notify refuses tokens issued more than 30 seconds
// from its own clock, so every request gets its own.
func (n *GovUKNotify) token() (string, error) {
	claims := jwt.MapClaims{"iss": n.key.ServiceID, "iat": n.clock.Now().Unix()}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(n.key.SecretKey))
}

// notifyFailure classifies an error reply from Notify.
func notifyFailure(name string, status int, data []byte) error {
	detail := notifyErrorDetail(data)
	switch {
	case status == http.StatusRequestTimeout, status == http.StatusTooEarly, status == http.StatusTooManyRequests, status >= 500:
		return temporary(name, status, detail, nil)
	case status == http.StatusBadRequest:
		return permanent(name, msgRejected, status, detail, nil)
	default: // 401, 403 (a bad key), 404, 405 (a bad base URL), 3xx and the rest
		return permanent(name, msgConfig, status, detail, nil)
	}
}

// notifyErrorDetail summarises Notify's error body,
// {"status_code":400,"errors":[{"error":"BadRequestError","message":"..."}]}.
// Notify's messages name the field at fault, not its value.
func notifyErrorDetail(data []byte) string {
	var reply struct {
		Errors []struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(data, &reply) != nil || len(reply.Errors) == 0 {
		return "no error description in the reply"
	}
	parts := make([]string, 0, len(reply.Errors))
	for _, e := range reply.Errors {
		parts = append(parts, e.Error+": "+e.Message)
	}
	s := strings.Join(parts, "; ")
	if len(s) > 500 {
		s = strings.ToValidUTF8(s[:500], "") + "..."
	}
	return s
}
