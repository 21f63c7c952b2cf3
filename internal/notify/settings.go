package notify

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"learnwell"
)

// The environment variables that fill Settings; New's error messages name
// the settings by them.
const (
	EnvTransport             = "LEARNWELL_MESSAGE_TRANSPORT"
	EnvNotifyAPIKey          = "LEARNWELL_NOTIFY_API_KEY"
	EnvNotifyEmailTemplateID = "LEARNWELL_NOTIFY_EMAIL_TEMPLATE_ID"
	EnvNotifySMSTemplateID   = "LEARNWELL_NOTIFY_SMS_TEMPLATE_ID"
	EnvNotifyBaseURL         = "LEARNWELL_NOTIFY_BASE_URL"
	EnvSMTPHost              = "LEARNWELL_SMTP_HOST"
	EnvSMTPPort              = "LEARNWELL_SMTP_PORT"
	EnvSMTPUsername          = "LEARNWELL_SMTP_USERNAME"
	EnvSMTPPassword          = "LEARNWELL_SMTP_PASSWORD"
	EnvSMTPFrom              = "LEARNWELL_SMTP_FROM"
	EnvSMTPTLS               = "LEARNWELL_SMTP_TLS"
	EnvSMTPTimeout           = "LEARNWELL_SMTP_TIMEOUT"
)

// The values of Settings.Transport, which are also the transports' Names.
const (
	TransportOutbox      = "outbox"
	TransportGovUKNotify = "notify"
	TransportSMTP        = "smtp"
)

// Settings chooses and configures the transport. The zero value is valid and
// chooses OutboxOnly. Each field's comment names its environment variable.
// String and LogValue hide the secrets.
type Settings struct {
	Transport string // LEARNWELL_MESSAGE_TRANSPORT: "outbox" (default), "notify" or "smtp"

	NotifyAPIKey          string // LEARNWELL_NOTIFY_API_KEY (secret)
	NotifyEmailTemplateID string // LEARNWELL_NOTIFY_EMAIL_TEMPLATE_ID
	NotifySMSTemplateID   string // LEARNWELL_NOTIFY_SMS_TEMPLATE_ID; optional, without it texts fail permanently
	NotifyBaseURL         string // LEARNWELL_NOTIFY_BASE_URL; DefaultNotifyBaseURL if empty

	SMTPHost     string        // LEARNWELL_SMTP_HOST
	SMTPPort     int           // LEARNWELL_SMTP_PORT; 0 for the TLS policy's usual port
	SMTPUsername string        // LEARNWELL_SMTP_USERNAME; empty for no authentication
	SMTPPassword string        // LEARNWELL_SMTP_PASSWORD (secret)
	SMTPFrom     string        // LEARNWELL_SMTP_FROM, like "Learnwell <noreply@example.org>"
	SMTPTLS      string        // LEARNWELL_SMTP_TLS: "mandatory" (default), "opportunistic", "implicit" or "none"
	SMTPTimeout  time.Duration // LEARNWELL_SMTP_TIMEOUT; DefaultSMTPTimeout if 0
}

// New checks the settings and builds the chosen transport. The clock stamps
// receipts and signs Notify tokens; httpClient (which should have a timeout)
// calls Notify, and may be nil for a client with DefaultHTTPTimeout. Wrong
// settings give an EINVALID error whose message names each wrong setting by
// its environment variable, such as "LEARNWELL_NOTIFY_API_KEY is required
// when LEARNWELL_MESSAGE_TRANSPORT is notify", joined by "; ".
func New(s Settings, clock learnwell.Clock, httpClient *http.Client) (Transport, error) {
	if clock == nil {
		clock = learnwell.SystemClock{}
	}
	switch s.Transport {
	case "", TransportOutbox:
		return OutboxOnly{Clock: clock}, nil
	case TransportGovUKNotify:
		return newNotifyFromSettings(s, clock, httpClient)
	case TransportSMTP:
		return newSMTPFromSettings(s, clock)
	}
	var p problems
	p.add("%s must be outbox, notify or smtp, not %q", EnvTransport, s.Transport)
	return nil, p.err()
}

func newNotifyFromSettings(s Settings, clock learnwell.Clock, httpClient *http.Client) (Transport, error) {
	var p problems
	required := func(env, value string) {
		if value == "" {
			p.add("%s is required when %s is notify", env, EnvTransport)
		}
	}
	required(EnvNotifyAPIKey, s.NotifyAPIKey)
	required(EnvNotifyEmailTemplateID, s.NotifyEmailTemplateID)
	if s.NotifyAPIKey != "" {
		if _, err := ParseAPIKey(s.NotifyAPIKey); err != nil {
			p.add("%s is not a GOV.UK Notify API key: it must look like {key_name}-{service_id}-{secret_key}, where the service id and secret key are 36-character UUIDs", EnvNotifyAPIKey)
		}
	}
	if s.NotifyEmailTemplateID != "" && !learnwell.ValidID(s.NotifyEmailTemplateID) {
		p.add("%s must be a template id from Notify, a UUID like %s", EnvNotifyEmailTemplateID, exampleUUID)
	}
	if s.NotifySMSTemplateID != "" && !learnwell.ValidID(s.NotifySMSTemplateID) {
		p.add("%s must be a template id from Notify, a UUID like %s", EnvNotifySMSTemplateID, exampleUUID)
	}
	if _, err := baseURL(s.NotifyBaseURL); err != nil {
		p.add("%s must be an http or https URL, like %s", EnvNotifyBaseURL, DefaultNotifyBaseURL)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return NewGovUKNotify(GovUKNotifyConfig{APIKey: s.NotifyAPIKey, EmailTemplateID: s.NotifyEmailTemplateID,
		SMSTemplateID: s.NotifySMSTemplateID, BaseURL: s.NotifyBaseURL, HTTPClient: httpClient, Clock: clock})
}

func newSMTPFromSettings(s Settings, clock learnwell.Clock) (Transport, error) {
	var p problems
	if s.SMTPHost == "" {
		p.add("%s is required when %s is smtp", EnvSMTPHost, EnvTransport)
	}
	if s.SMTPFrom == "" {
		p.add("%s is required when %s is smtp", EnvSMTPFrom, EnvTransport)
	} else if _, err := parseFrom(s.SMTPFrom); err != nil {
		p.add("%s must be an email address, like noreply@example.org or Learnwell <noreply@example.org>", EnvSMTPFrom)
	}
	if s.SMTPPort < 0 || s.SMTPPort > 65535 {
		p.add("%s must be a port number from 1 to 65535", EnvSMTPPort)
	}
	if s.SMTPUsername != "" && s.SMTPPassword == "" {
		p.add("%s is required when %s is set", EnvSMTPPassword, EnvSMTPUsername)
	}
	if s.SMTPUsername == "" && s.SMTPPassword != "" {
		p.add("%s is required when %s is set", EnvSMTPUsername, EnvSMTPPassword)
	}
	if s.SMTPTLS != "" && !TLSPolicy(s.SMTPTLS).Valid() {
		p.add("%s must be mandatory, opportunistic, implicit or none, not %q", EnvSMTPTLS, s.SMTPTLS)
	}
	if s.SMTPTimeout < 0 {
		p.add("%s must be a positive duration, like 30s", EnvSMTPTimeout)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return NewSMTP(SMTPConfig{Host: s.SMTPHost, Port: s.SMTPPort, Username: s.SMTPUsername, Password: s.SMTPPassword,
		From: s.SMTPFrom, TLS: TLSPolicy(s.SMTPTLS), Timeout: s.SMTPTimeout, Clock: clock})
}

const exampleUUID = "0f1e2d3c-4b5a-4968-8776-655443322110"

// problems collects what is wrong with the settings, one sentence each.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return learnwell.Errorf(learnwell.EINVALID, "%s", strings.Join(p, "; "))
}

func hidden(secret string) string {
	if secret == "" {
		return ""
	}
	return "[hidden]"
}

// String describes the settings with the API key and password hidden.
func (s Settings) String() string {
	return fmt.Sprintf("notify.Settings{Transport:%q NotifyAPIKey:%q NotifyEmailTemplateID:%q NotifySMSTemplateID:%q NotifyBaseURL:%q SMTPHost:%q SMTPPort:%d SMTPUsername:%q SMTPPassword:%q SMTPFrom:%q SMTPTLS:%q SMTPTimeout:%s}",
		s.Transport, hidden(s.NotifyAPIKey), s.NotifyEmailTemplateID, s.NotifySMSTemplateID, s.NotifyBaseURL,
		s.SMTPHost, s.SMTPPort, s.SMTPUsername, hidden(s.SMTPPassword), s.SMTPFrom, s.SMTPTLS, s.SMTPTimeout)
}

// GoString is String, for %#v.
func (s Settings) GoString() string { return s.String() }

// LogValue describes the settings for log/slog with the secrets hidden.
func (s Settings) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("transport", s.Transport),
		slog.String("notify_api_key", hidden(s.NotifyAPIKey)),
		slog.String("notify_email_template_id", s.NotifyEmailTemplateID),
		slog.String("notify_sms_template_id", s.NotifySMSTemplateID),
		slog.String("notify_base_url", s.NotifyBaseURL),
		slog.String("smtp_host", s.SMTPHost),
		slog.Int("smtp_port", s.SMTPPort),
		slog.String("smtp_username", s.SMTPUsername),
		slog.String("smtp_password", hidden(s.SMTPPassword)),
		slog.String("smtp_from", s.SMTPFrom),
		slog.String("smtp_tls", s.SMTPTLS),
		slog.Duration("smtp_timeout", s.SMTPTimeout),
	)
}
