package notify_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/notify"
	"learnwell/internal/notify/notifytest"
)

// newNotify returns a fake Notify server and a transport talking to it, both
// on the same fixed clock.
func newNotify(t *testing.T) (*notifytest.NotifyServer, *notify.GovUKNotify, *learnwell.FixedClock) {
	t.Helper()
	clock := learnwell.NewFixedClock(time.Now())
	srv := notifytest.NewNotifyServer(t)
	srv.SetClock(clock)
	tr, err := notify.NewGovUKNotify(notify.GovUKNotifyConfig{
		APIKey: srv.APIKey(), EmailTemplateID: notifytest.EmailTemplateID, SMSTemplateID: notifytest.SMSTemplateID,
		BaseURL: srv.URL() + "/", HTTPClient: srv.Client(), Clock: clock,
	})
	if err != nil {
		t.Fatalf("NewGovUKNotify: %v", err)
	}
	return srv, tr, clock
}

func TestGovUKNotifySendsEmail(t *testing.T) {
	srv, tr, clock := newNotify(t)
	m := email()
	r, err := tr.Send(context.Background(), m)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.Received()
	if len(got) != 1 {
		t.Fatalf("received %d notifications, want 1", len(got))
	}
	n := got[0]
	want := notifytest.Notification{
		ID: n.ID, Type: "email", EmailAddress: "sam@example.com", TemplateID: notifytest.EmailTemplateID,
		Personalisation: map[string]string{"subject": m.Subject, "body": m.Body},
		Reference:       msgID, Issuer: notifytest.ServiceID, Subject: m.Subject, Body: m.Body,
	}
	if !sameNotification(n, want) {
		t.Errorf("received %+v\nwant     %+v", n, want)
	}
	if r != (notify.Receipt{Transport: "notify", Reference: n.ID, At: clock.Now()}) || !learnwell.ValidID(r.Reference) {
		t.Errorf("receipt = %+v, want the notification id %s", r, n.ID)
	}
}

func TestGovUKNotifySendsSMS(t *testing.T) {
	srv, tr, _ := newNotify(t)
	m := sms()
	m.Subject = "ignored"
	if _, err := tr.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.Received()
	if len(got) != 1 {
		t.Fatalf("received %d notifications, want 1", len(got))
	}
	want := notifytest.Notification{
		ID: got[0].ID, Type: "sms", PhoneNumber: "+447700900123", TemplateID: notifytest.SMSTemplateID,
		Personalisation: map[string]string{"body": m.Body}, Reference: msgID, Issuer: notifytest.ServiceID, Body: m.Body,
	}
	if !sameNotification(got[0], want) {
		t.Errorf("received %+v\nwant     %+v", got[0], want)
	}
}

func sameNotification(a, b notifytest.Notification) bool {
	if len(a.Personalisation) != len(b.Personalisation) {
		return false
	}
	for k, v := range a.Personalisation {
		if b.Personalisation[k] != v {
			return false
		}
	}
	a.Personalisation, b.Personalisation = nil, nil
	return a.ID == b.ID && a.Type == b.Type && a.EmailAddress == b.EmailAddress && a.PhoneNumber == b.PhoneNumber &&
		a.TemplateID == b.TemplateID && a.Reference == b.Reference && a.Issuer == b.Issuer &&
		a.Subject == b.Subject && a.Body == b.Body
}

func TestGovUKNotifyFailures(t *testing.T) {
	tests := []struct {
		status    int
		permanent bool
		code      string
		about     string // in the safe message
	}{
		{500, false, learnwell.EUNAVAILABLE, "tried again"},
		{502, false, learnwell.EUNAVAILABLE, "tried again"},
		{503, false, learnwell.EUNAVAILABLE, "tried again"},
		{429, false, learnwell.EUNAVAILABLE, "tried again"},
		{408, false, learnwell.EUNAVAILABLE, "tried again"},
		{400, true, learnwell.EINVALID, "Check the recipient"},
		{401, true, learnwell.EINVALID, "settings"},
		{403, true, learnwell.EINVALID, "settings"},
		{404, true, learnwell.EINVALID, "settings"},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			srv, tr, _ := newNotify(t)
			srv.FailNext(1, tt.status)
			_, err := tr.Send(context.Background(), email())
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if notify.IsPermanent(err) != tt.permanent || learnwell.ErrorCode(err) != tt.code {
				t.Errorf("err = %v: permanent %v, code %q; want %v, %q", err, notify.IsPermanent(err), learnwell.ErrorCode(err), tt.permanent, tt.code)
			}
			if msg := learnwell.ErrorMessage(err); !strings.Contains(msg, tt.about) {
				t.Errorf("safe message %q does not contain %q", msg, tt.about)
			}
			if !strings.Contains(err.Error(), "Failing as told by FailNext") {
				t.Errorf("err = %v, want Notify's error message in it", err)
			}
			if strings.Contains(err.Error(), "sam@example.com") || strings.Contains(err.Error(), "booked") {
				t.Errorf("err = %v shows the recipient or body", err)
			}
			// The failure was used up: the retry goes through.
			if _, err := tr.Send(context.Background(), email()); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if n := len(srv.Received()); n != 1 {
				t.Errorf("received %d, want 1", n)
			}
		})
	}
}

func TestGovUKNotifyFailsThenSucceeds(t *testing.T) {
	srv, tr, _ := newNotify(t)
	srv.FailNext(2, 500)
	for i := range 2 {
		if _, err := tr.Send(context.Background(), sms()); err == nil || notify.IsPermanent(err) {
			t.Fatalf("attempt %d: err = %v, want temporary", i+1, err)
		}
	}
	if _, err := tr.Send(context.Background(), sms()); err != nil {
		t.Fatalf("attempt 3: %v", err)
	}
	if got, want := srv.Requests(), 3; got != want {
		t.Errorf("requests = %d, want %d", got, want)
	}
}

func TestGovUKNotifyRejectedByServer(t *testing.T) {
	// The fake checks what the real Notify checks: these reach it and are refused.
	srv, _, clock := newNotify(t)
	tests := []struct {
		name      string
		cfg       notify.GovUKNotifyConfig
		clockSkew time.Duration
		permanent bool
		want      string
	}{
		{name: "wrong secret", cfg: notify.GovUKNotifyConfig{APIKey: notifytest.KeyName + "-" + notifytest.ServiceID + "-" + svc},
			permanent: true, want: "status 403"},
		{name: "wrong service", cfg: notify.GovUKNotifyConfig{APIKey: notifytest.KeyName + "-" + svc + "-" + notifytest.SecretKey},
			permanent: true, want: "status 403"},
		{name: "clock 31s fast", clockSkew: 31 * time.Second, permanent: true, want: "system clock"},
		{name: "clock 31s slow", clockSkew: -31 * time.Second, permanent: true, want: "system clock"},
		{name: "clock 25s off is fine", clockSkew: 25 * time.Second},
		{name: "unknown template", cfg: notify.GovUKNotifyConfig{EmailTemplateID: svc},
			permanent: true, want: "Template not found"},
		{name: "sms template for email", cfg: notify.GovUKNotifyConfig{EmailTemplateID: notifytest.SMSTemplateID},
			permanent: true, want: "status 400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			if cfg.APIKey == "" {
				cfg.APIKey = srv.APIKey()
			}
			if cfg.EmailTemplateID == "" {
				cfg.EmailTemplateID = notifytest.EmailTemplateID
			}
			cfg.BaseURL, cfg.HTTPClient = srv.URL(), srv.Client()
			cfg.Clock = learnwell.NewFixedClock(clock.Now().Add(tt.clockSkew))
			tr, err := notify.NewGovUKNotify(cfg)
			if err != nil {
				t.Fatalf("NewGovUKNotify: %v", err)
			}
			_, err = tr.Send(context.Background(), email())
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Send: %v", err)
				}
				return
			}
			if err == nil || notify.IsPermanent(err) != tt.permanent || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want permanent=%v containing %q", err, tt.permanent, tt.want)
			}
		})
	}
}

func TestGovUKNotifyTimeout(t *testing.T) {
	srv, _, clock := newNotify(t)
	srv.SetDelay(5 * time.Second)
	tr, err := notify.NewGovUKNotify(notify.GovUKNotifyConfig{APIKey: srv.APIKey(), EmailTemplateID: notifytest.EmailTemplateID,
		BaseURL: srv.URL(), HTTPClient: &http.Client{Timeout: 100 * time.Millisecond}, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = tr.Send(context.Background(), email())
	if err == nil || notify.IsPermanent(err) || learnwell.ErrorCode(err) != learnwell.EUNAVAILABLE {
		t.Fatalf("err = %v, want temporary", err)
	}
	if time.Since(start) > 4*time.Second {
		t.Errorf("Send took %v, the client's timeout was not used", time.Since(start))
	}

	// The caller's context is obeyed too.
	srv2, tr2, _ := newNotify(t) // its client has a 5s timeout
	srv2.SetDelay(5 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = tr2.Send(ctx, email())
	if err == nil || notify.IsPermanent(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want temporary with context.DeadlineExceeded", err)
	}
	if time.Since(start) > 4*time.Second {
		t.Errorf("Send took %v, the context was not used", time.Since(start))
	}
}

func TestGovUKNotifyConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	tr, err := notify.NewGovUKNotify(notify.GovUKNotifyConfig{APIKey: "k-" + svc + "-" + secret, EmailTemplateID: svc,
		BaseURL: "http://" + addr, HTTPClient: &http.Client{Timeout: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tr.Send(context.Background(), email())
	if err == nil || notify.IsPermanent(err) {
		t.Fatalf("err = %v, want temporary", err)
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Errorf("err = %v, want the network error kept as the cause", err)
	}
}

func TestGovUKNotifySMSWithoutTemplate(t *testing.T) {
	srv := notifytest.NewNotifyServer(t)
	tr, err := notify.NewGovUKNotify(notify.GovUKNotifyConfig{APIKey: srv.APIKey(), EmailTemplateID: notifytest.EmailTemplateID,
		BaseURL: srv.URL(), HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tr.Send(context.Background(), sms())
	if !notify.IsPermanent(err) || !strings.Contains(learnwell.ErrorMessage(err), "LEARNWELL_NOTIFY_SMS_TEMPLATE_ID") {
		t.Errorf("err = %v, want permanent naming the setting", err)
	}
	if srv.Requests() != 0 {
		t.Errorf("a request was made")
	}
}

func TestGovUKNotifyInvalidMessageNotSent(t *testing.T) {
	srv, tr, _ := newNotify(t)
	m := sms()
	m.To = "01632 960001"
	if _, err := tr.Send(context.Background(), m); !notify.IsPermanent(err) {
		t.Errorf("err = %v, want permanent", err)
	}
	if srv.Requests() != 0 {
		t.Errorf("a request was made")
	}
}

func TestNewGovUKNotifyRejectsBadConfig(t *testing.T) {
	good := notify.GovUKNotifyConfig{APIKey: "key-" + svc + "-" + secret, EmailTemplateID: svc}
	if _, err := notify.NewGovUKNotify(good); err != nil {
		t.Fatalf("good config: %v", err)
	}
	tests := []struct {
		name  string
		edit  func(*notify.GovUKNotifyConfig)
		field string
	}{
		{"no key", func(c *notify.GovUKNotifyConfig) { c.APIKey = "" }, "APIKey"},
		{"key without name", func(c *notify.GovUKNotifyConfig) { c.APIKey = svc + "-" + secret }, "APIKey"},
		{"key truncated", func(c *notify.GovUKNotifyConfig) { c.APIKey = c.APIKey[:len(c.APIKey)-1] }, "APIKey"},
		{"no email template", func(c *notify.GovUKNotifyConfig) { c.EmailTemplateID = "" }, "EmailTemplateID"},
		{"bad sms template", func(c *notify.GovUKNotifyConfig) { c.SMSTemplateID = "sms" }, "SMSTemplateID"},
		{"bad base URL", func(c *notify.GovUKNotifyConfig) { c.BaseURL = "api.notifications.service.gov.uk" }, "BaseURL"},
		{"ftp base URL", func(c *notify.GovUKNotifyConfig) { c.BaseURL = "ftp://example.com" }, "BaseURL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.edit(&cfg)
			tr, err := notify.NewGovUKNotify(cfg)
			if err == nil || tr != nil {
				t.Fatalf("NewGovUKNotify = %v, %v; want an error", tr, err)
			}
			if _, ok := learnwell.FieldMap(learnwell.ErrorFields(err))[tt.field]; !ok || learnwell.ErrorCode(err) != learnwell.EINVALID {
				t.Errorf("err = %v, want EINVALID about %s", err, tt.field)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("err = %v shows the secret", err)
			}
		})
	}
}
