package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"learnwell"
)

// TLSPolicy says how the SMTP transport protects its connection.
type TLSPolicy string

// The TLS policies.
const (
	// TLSMandatory requires STARTTLS; the default. Usually port 587.
	TLSMandatory TLSPolicy = "mandatory"
	// TLSOpportunistic uses STARTTLS when the server offers it. Passwords are
	// still never sent in clear to a server other than localhost.
	TLSOpportunistic TLSPolicy = "opportunistic"
	// TLSImplicit connects with TLS from the start (SMTPS). Usually port 465.
	TLSImplicit TLSPolicy = "implicit"
	// TLSNone never encrypts: only for a local test server such as Mailpit.
	TLSNone TLSPolicy = "none"
)

// Valid reports whether p is a known policy.
func (p TLSPolicy) Valid() bool {
	switch p {
	case TLSMandatory, TLSOpportunistic, TLSImplicit, TLSNone:
		return true
	}
	return false
}

// DefaultPort returns the usual port for the policy: 465 for implicit TLS,
// 25 for none and 587 otherwise.
func (p TLSPolicy) DefaultPort() int {
	switch p {
	case TLSImplicit:
		return 465
	case TLSNone:
		return 25
	}
	return 587
}

// DefaultSMTPTimeout bounds a whole SMTP conversation when none is given.
const DefaultSMTPTimeout = 30 * time.Second

// SMTPConfig configures an SMTP transport.
type SMTPConfig struct {
	Host     string    // the relay's host name; required
	Port     int       // TLS.DefaultPort() if 0
	Username string    // empty for no authentication
	Password string    // required with Username
	From     string    // "noreply@example.org" or "Learnwell <noreply@example.org>"
	TLS      TLSPolicy // TLSMandatory if empty
	// Timeout bounds connecting and each exchange; DefaultSMTPTimeout if 0.
	Timeout time.Duration
	// Clock sets the Date header; learnwell.SystemClock if nil.
	Clock learnwell.Clock
	// TLSConfig is for a relay whose certificate the system does not trust
	// (a private CA, or a test server); nil uses the system's roots. Its
	// ServerName defaults to Host and its MinVersion to TLS 1.2.
	TLSConfig *tls.Config
}

// SMTP sends email through an SMTP relay, one connection per message. It
// cannot send text messages: an SMS message fails permanently. Each email's
// Message-ID is <Message.ID@from-domain>, so a duplicate delivery of the same
// outbox row carries the same Message-ID. It is safe for concurrent use.
type SMTP struct {
	cfg    SMTPConfig
	from   *netmail.Address
	domain string
}

// NewSMTP checks the configuration and returns the transport. Problems are an
// EINVALID error with a message for each field.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.TLS == "" {
		cfg.TLS = TLSMandatory
	}
	if cfg.Port == 0 {
		cfg.Port = cfg.TLS.DefaultPort()
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultSMTPTimeout
	}
	if cfg.Clock == nil {
		cfg.Clock = learnwell.SystemClock{}
	}
	var v learnwell.Validation
	if strings.TrimSpace(cfg.Host) == "" {
		v.Add("Host", "Enter the SMTP server's host name")
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		v.Add("Port", "SMTP port must be a number from 1 to 65535")
	}
	if cfg.Username != "" && cfg.Password == "" {
		v.Add("Password", "Enter the SMTP password for the username")
	}
	if cfg.Username == "" && cfg.Password != "" {
		v.Add("Username", "Enter the SMTP username for the password")
	}
	from, err := parseFrom(cfg.From)
	if err != nil {
		v.Add("From", learnwell.ErrorMessage(err))
	}
	if !cfg.TLS.Valid() {
		v.Add("TLS", "SMTP TLS must be mandatory, opportunistic, implicit or none")
	}
	if cfg.Timeout < 0 {
		v.Add("Timeout", "SMTP timeout must be positive")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	cfg.TLSConfig = tlsConfig(cfg.TLSConfig, cfg.Host)
	return &SMTP{cfg: cfg, from: from, domain: from.Address[strings.LastIndexByte(from.Address, '@')+1:]}, nil
}

// tlsConfig returns a copy of c (or a new config) with a server name and a
// minimum version of TLS 1.2.
func tlsConfig(c *tls.Config, host string) *tls.Config {
	if c == nil {
		c = &tls.Config{}
	}
	c = c.Clone()
	if c.ServerName == "" {
		c.ServerName = host
	}
	if c.MinVersion == 0 {
		c.MinVersion = tls.VersionTLS12
	}
	return c
}

// parseFrom reads a From address, with or without a display name.
func parseFrom(s string) (*netmail.Address, error) {
	if s == "" {
		return nil, invalid("Enter the address emails are sent from, like noreply@example.org")
	}
	a, err := netmail.ParseAddress(s)
	if err != nil || ValidEmail(a.Address) != nil {
		return nil, invalid("Enter the address emails are sent from in the correct format, like noreply@example.org or Learnwell <noreply@example.org>")
	}
	return a, nil
}

// Name returns "smtp".
func (s *SMTP) Name() string { return TransportSMTP }

// MessageID returns the Message-ID header value the transport gives the
// message with this outbox id, angle brackets included.
func (s *SMTP) MessageID(id string) string { return "<" + id + "@" + s.domain + ">" }

// Send delivers the email to the relay. SMTP 5xx replies are permanent
// failures; 4xx replies, timeouts and connection failures are temporary.
func (s *SMTP) Send(ctx context.Context, m Message) (Receipt, error) {
	if err := m.Validate(); err != nil {
		return Receipt{}, err
	}
	if m.Channel != Email {
		return Receipt{}, permanent(s.Name(),
			"Text messages cannot be sent by the smtp transport. Set LEARNWELL_MESSAGE_TRANSPORT to notify to send them.",
			0, "SMS over SMTP", nil)
	}
	msg, err := s.build(m)
	if err != nil {
		return Receipt{}, permanent(s.Name(), msgRejected, 0, "building the email", err)
	}
	client, err := mail.NewClient(s.cfg.Host, s.options(ctx)...)
	if err != nil {
		return Receipt{}, permanent(s.Name(), msgConfig, 0, "configuring the SMTP client", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return Receipt{}, smtpFailure(s.Name(), err)
	}
	return Receipt{Transport: s.Name(), Reference: s.MessageID(m.ID), At: s.cfg.Clock.Now()}, nil
}

func (s *SMTP) build(m Message) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To); err != nil {
		return nil, err
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.ID + "@" + s.domain)
	msg.SetDateWithValue(s.cfg.Clock.Now())
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetUserAgent("learnwell/" + learnwell.Version)
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	return msg, nil
}

func (s *SMTP) options(ctx context.Context) []mail.Option {
	opts := []mail.Option{
		mail.WithPort(s.cfg.Port),
		mail.WithTimeout(s.cfg.Timeout),
		mail.WithDialContextFunc(s.dialUntilDone(ctx)),
		mail.WithTLSConfig(s.cfg.TLSConfig),
	}
	switch s.cfg.TLS {
	case TLSImplicit:
		// The dialer does the TLS: go-mail's WithSSL is ignored with a custom
		// dialer, but it also turns off STARTTLS, which is wanted here.
		opts = append(opts, mail.WithSSL())
	case TLSOpportunistic:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		// PLAIN and LOGIN are refused over an unencrypted connection to
		// anything but localhost, whatever the TLS policy.
		opts = append(opts, mail.WithUsername(s.cfg.Username), mail.WithPassword(s.cfg.Password),
			mail.WithOpportunisticSMTPAuth(mail.SMTPAuthSCRAMSHA256, mail.SMTPAuthPlain, mail.SMTPAuthLogin))
	}
	return opts
}

// dialUntilDone returns a dialer whose connections close when ctx ends, so
// that cancelling Send stops the SMTP conversation and not only the dial.
// go-mail passes the dialer a context that ends once the dial is done, so the
// outer ctx is captured here instead. With implicit TLS it dials TLS.
func (s *SMTP) dialUntilDone(ctx context.Context) mail.DialContextFunc {
	return func(dialCtx context.Context, network, addr string) (net.Conn, error) {
		var conn net.Conn
		var err error
		if s.cfg.TLS == TLSImplicit {
			d := tls.Dialer{Config: s.cfg.TLSConfig}
			conn, err = d.DialContext(dialCtx, network, addr)
		} else {
			var d net.Dialer
			conn, err = d.DialContext(dialCtx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		context.AfterFunc(ctx, func() { _ = conn.Close() })
		return conn, nil
	}
}

// smtpFailure classifies a go-mail error by its SMTP reply code: 5xx is
// permanent, anything else (4xx, network, TLS) temporary. Replies to MAIL,
// RCPT and DATA are reduced to their codes, because servers often repeat
// the recipient's address in the text (and go-mail adds it too).
func smtpFailure(name string, err error) error {
	var se *mail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		if se.IsTemp() && (code < 400 || code >= 500) {
			code = 400 // a 4xx reply without a parsable code
		}
		detail := fmt.Sprintf("%s: SMTP %d", se.Reason, code)
		if esc := se.EnhancedStatusCode(); esc != "" {
			detail += " " + esc
		}
		if code >= 500 {
			if se.Reason == mail.ErrSMTPMailFrom {
				// The sender was refused, or the relay wants authentication.
				return permanent(name, msgConfig, code, detail, nil)
			}
			return permanent(name, msgRejected, code, detail, nil)
		}
		return temporary(name, code, detail, nil)
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		// A reply while connecting: to EHLO, STARTTLS or AUTH.
		detail := fmt.Sprintf("connecting: SMTP %d", te.Code)
		if te.Code >= 500 && te.Code < 600 {
			return permanent(name, msgConfig, te.Code, detail, nil)
		}
		return temporary(name, te.Code, detail, nil)
	}
	return temporary(name, 0, "", err)
}
