package notify_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/notify"
	"learnwell/internal/notify/notifytest"
)

var smtpNow = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

func newSMTP(t *testing.T, srv *notifytest.SMTPServer, edit func(*notify.SMTPConfig)) *notify.SMTP {
	t.Helper()
	cfg := notify.SMTPConfig{Host: srv.Host(), Port: srv.Port(), From: "Learnwell <noreply@learnwell.example>",
		TLS: notify.TLSNone, Timeout: 5 * time.Second, Clock: learnwell.NewFixedClock(smtpNow)}
	if edit != nil {
		edit(&cfg)
	}
	tr, err := notify.NewSMTP(cfg)
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	return tr
}

func TestSMTPDelivers(t *testing.T) {
	srv := notifytest.NewSMTPServer(t)
	tr := newSMTP(t, srv, nil)
	m := email()
	m.Subject = "Your course: Pottery – beginners (£5)"
	m.Body = "Hello Sam,\n\n.A line starting with a dot\nCafé at 10am. A long line " + strings.Repeat("word ", 40) + "\n"
	r, err := tr.Send(context.Background(), m)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	wantID := "<" + msgID + "@learnwell.example>"
	if r != (notify.Receipt{Transport: "smtp", Reference: wantID, At: smtpNow}) {
		t.Errorf("receipt = %+v", r)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("server has %d messages, want 1", len(got))
	}
	g := got[0]
	checks := []struct{ what, got, want string }{
		{"envelope from", g.From, "noreply@learnwell.example"},
		{"envelope to", strings.Join(g.To, ","), "sam@example.com"},
		{"Message-ID", g.MessageID, wantID},
		{"Subject", g.Subject, m.Subject},
		{"Body", g.Body, m.Body},
		{"From", g.Header.Get("From"), `"Learnwell" <noreply@learnwell.example>`},
		{"To", g.Header.Get("To"), "<sam@example.com>"},
		{"Auto-Submitted", g.Header.Get("Auto-Submitted"), "auto-generated"},
		{"Content-Type", g.Header.Get("Content-Type"), "text/plain; charset=UTF-8"},
		{"auth user", g.AuthUser, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if d, err := g.Header.Date(); err != nil || !d.Equal(smtpNow) {
		t.Errorf("Date = %v, %v; want %v", d, err, smtpNow)
	}
}

func TestSMTPSameIDSameMessageID(t *testing.T) {
	srv := notifytest.NewSMTPServer(t)
	tr := newSMTP(t, srv, nil)
	for range 2 {
		if _, err := tr.Send(context.Background(), email()); err != nil {
			t.Fatal(err)
		}
	}
	got := srv.Messages()
	if len(got) != 2 || got[0].MessageID != got[1].MessageID || got[0].MessageID != tr.MessageID(msgID) {
		t.Errorf("Message-IDs differ or are wrong: %d messages", len(got))
	}
}

func TestSMTPAuth(t *testing.T) {
	for _, mech := range []string{"PLAIN", "LOGIN"} {
		t.Run(mech, func(t *testing.T) {
			srv := notifytest.NewSMTPServer(t)
			srv.RequireAuth("relay-user", "s3cret pass", mech)

			_, err := newSMTP(t, srv, nil).Send(context.Background(), email())
			if err == nil || !notify.IsPermanent(err) || !strings.Contains(learnwell.ErrorMessage(err), "settings") || !strings.Contains(err.Error(), "530") {
				t.Errorf("without credentials: err = %v, want permanent, about settings, with 530", err)
			}
			wrong := newSMTP(t, srv, func(c *notify.SMTPConfig) { c.Username, c.Password = "relay-user", "wr0ng-pa55" })
			_, err = wrong.Send(context.Background(), email())
			if err == nil || !notify.IsPermanent(err) || !strings.Contains(learnwell.ErrorMessage(err), "settings") || !strings.Contains(err.Error(), "535") {
				t.Errorf("wrong password: err = %v, want permanent, about settings, with 535", err)
			}
			if strings.Contains(err.Error(), "wr0ng-pa55") {
				t.Errorf("error shows the password: %v", err)
			}
			right := newSMTP(t, srv, func(c *notify.SMTPConfig) { c.Username, c.Password = "relay-user", "s3cret pass" })
			if _, err := right.Send(context.Background(), email()); err != nil {
				t.Fatalf("right password: %v", err)
			}
			if got := srv.Messages(); len(got) != 1 || got[0].AuthUser != "relay-user" || got[0].AuthMechanism != mech {
				t.Errorf("messages = %+v, want one from relay-user by %s", got, mech)
			}
		})
	}
}

func TestSMTPFailures(t *testing.T) {
	tests := []struct {
		code      int
		permanent bool
		errCode   string
	}{
		{421, false, learnwell.EUNAVAILABLE},
		{450, false, learnwell.EUNAVAILABLE},
		{451, false, learnwell.EUNAVAILABLE},
		{452, false, learnwell.EUNAVAILABLE},
		{550, true, learnwell.EINVALID},
		{552, true, learnwell.EINVALID},
		{554, true, learnwell.EINVALID},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.code), func(t *testing.T) {
			srv := notifytest.NewSMTPServer(t)
			tr := newSMTP(t, srv, nil)
			srv.FailNext(1, tt.code)
			_, err := tr.Send(context.Background(), email())
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if notify.IsPermanent(err) != tt.permanent || learnwell.ErrorCode(err) != tt.errCode {
				t.Errorf("err = %v: permanent %v, code %q; want %v, %q", err, notify.IsPermanent(err), learnwell.ErrorCode(err), tt.permanent, tt.errCode)
			}
			if !strings.Contains(err.Error(), strconv.Itoa(tt.code)) {
				t.Errorf("err = %v, want the reply code in it", err)
			}
			if strings.Contains(err.Error(), "sam@example.com") {
				t.Errorf("err = %v shows the recipient", err)
			}
			if _, err := tr.Send(context.Background(), email()); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if n := len(srv.Messages()); n != 1 {
				t.Errorf("server has %d messages, want 1", n)
			}
		})
	}
}

func TestSMTPRefusesSMS(t *testing.T) {
	srv := notifytest.NewSMTPServer(t)
	_, err := newSMTP(t, srv, nil).Send(context.Background(), sms())
	if !notify.IsPermanent(err) || !strings.Contains(learnwell.ErrorMessage(err), "LEARNWELL_MESSAGE_TRANSPORT") {
		t.Errorf("err = %v, want permanent naming the setting", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server has %d messages", n)
	}
}

func TestSMTPConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	tr, err := notify.NewSMTP(notify.SMTPConfig{Host: "127.0.0.1", Port: port, From: "noreply@learnwell.example", TLS: notify.TLSNone, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tr.Send(context.Background(), email())
	if err == nil || notify.IsPermanent(err) {
		t.Fatalf("err = %v, want temporary", err)
	}
}

func TestSMTPMandatoryTLSWithoutSTARTTLS(t *testing.T) {
	srv := notifytest.NewSMTPServer(t)
	tr := newSMTP(t, srv, func(c *notify.SMTPConfig) { c.TLS = notify.TLSMandatory })
	_, err := tr.Send(context.Background(), email())
	if err == nil || notify.IsPermanent(err) || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("err = %v, want a temporary STARTTLS failure", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("sent in clear: %d messages", n)
	}
	// Opportunistic falls back to clear text when the server has no STARTTLS.
	tr = newSMTP(t, srv, func(c *notify.SMTPConfig) { c.TLS = notify.TLSOpportunistic })
	if _, err := tr.Send(context.Background(), email()); err != nil {
		t.Errorf("opportunistic: %v", err)
	}
}

func TestSMTPOverTLS(t *testing.T) {
	tests := []struct {
		name   string
		server func(testing.TB) *notifytest.SMTPServer
		policy notify.TLSPolicy
	}{
		{"STARTTLS mandatory", func(t testing.TB) *notifytest.SMTPServer {
			s := notifytest.NewSMTPServer(t)
			s.OfferSTARTTLS()
			return s
		}, notify.TLSMandatory},
		{"STARTTLS opportunistic", func(t testing.TB) *notifytest.SMTPServer {
			s := notifytest.NewSMTPServer(t)
			s.OfferSTARTTLS()
			return s
		}, notify.TLSOpportunistic},
		{"implicit", notifytest.NewSMTPServerTLS, notify.TLSImplicit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := tt.server(t)
			srv.RequireAuth("relay-user", "s3cret pass")
			tr := newSMTP(t, srv, func(c *notify.SMTPConfig) {
				c.TLS, c.TLSConfig = tt.policy, srv.ClientTLSConfig()
				c.Username, c.Password = "relay-user", "s3cret pass"
			})
			if _, err := tr.Send(context.Background(), email()); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.Messages()
			if len(got) != 1 || !got[0].TLS || got[0].AuthUser != "relay-user" || got[0].Subject != email().Subject {
				t.Errorf("messages = %+v, want one sent over TLS after AUTH", got)
			}
		})
	}
}

func TestSMTPUntrustedCertificate(t *testing.T) {
	srv := notifytest.NewSMTPServerTLS(t)
	tr := newSMTP(t, srv, func(c *notify.SMTPConfig) { c.TLS = notify.TLSImplicit }) // system roots
	_, err := tr.Send(context.Background(), email())
	if err == nil || notify.IsPermanent(err) || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("err = %v, want a temporary certificate failure", err)
	}
	if len(srv.Messages()) != 0 {
		t.Error("sent despite the certificate")
	}
}

func TestSMTPContextCancelStopsConversation(t *testing.T) {
	srv := notifytest.NewSMTPServer(t)
	srv.SetDelay(10 * time.Second)
	tr := newSMTP(t, srv, func(c *notify.SMTPConfig) { c.Timeout = 20 * time.Second })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := tr.Send(ctx, email())
	if err == nil || notify.IsPermanent(err) {
		t.Fatalf("err = %v, want temporary", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %v after its context ended", d)
	}
}

func TestNewSMTPRejectsBadConfig(t *testing.T) {
	good := notify.SMTPConfig{Host: "smtp.example.org", From: "noreply@example.org"}
	tr, err := notify.NewSMTP(good)
	if err != nil || tr.Name() != "smtp" {
		t.Fatalf("good config: %v, %v", tr, err)
	}
	tests := []struct {
		name  string
		edit  func(*notify.SMTPConfig)
		field string
	}{
		{"no host", func(c *notify.SMTPConfig) { c.Host = "" }, "Host"},
		{"port too big", func(c *notify.SMTPConfig) { c.Port = 70000 }, "Port"},
		{"negative port", func(c *notify.SMTPConfig) { c.Port = -1 }, "Port"},
		{"username without password", func(c *notify.SMTPConfig) { c.Username = "u" }, "Password"},
		{"password without username", func(c *notify.SMTPConfig) { c.Password = "p" }, "Username"},
		{"no from", func(c *notify.SMTPConfig) { c.From = "" }, "From"},
		{"bad from", func(c *notify.SMTPConfig) { c.From = "Learnwell" }, "From"},
		{"from without tld", func(c *notify.SMTPConfig) { c.From = "noreply@localhost" }, "From"},
		{"bad tls", func(c *notify.SMTPConfig) { c.TLS = "starttls" }, "TLS"},
		{"negative timeout", func(c *notify.SMTPConfig) { c.Timeout = -time.Second }, "Timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.edit(&cfg)
			tr, err := notify.NewSMTP(cfg)
			if err == nil || tr != nil {
				t.Fatalf("NewSMTP = %v, %v; want an error", tr, err)
			}
			if _, ok := learnwell.FieldMap(learnwell.ErrorFields(err))[tt.field]; !ok {
				t.Errorf("err = %v, want a message about %s", err, tt.field)
			}
		})
	}
}

func TestTLSPolicyDefaultPort(t *testing.T) {
	for p, want := range map[notify.TLSPolicy]int{notify.TLSMandatory: 587, notify.TLSOpportunistic: 587, notify.TLSImplicit: 465, notify.TLSNone: 25} {
		if got := p.DefaultPort(); got != want {
			t.Errorf("%s.DefaultPort() = %d, want %d", p, got, want)
		}
	}
}
