package notify_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/notify"
	"learnwell/internal/notify/notifytest"
)

func TestNewChoosesTransport(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Now())
	notifySrv := notifytest.NewNotifyServer(t)
	notifySrv.SetClock(clock)
	smtpSrv := notifytest.NewSMTPServer(t)

	tests := []struct {
		name     string
		settings notify.Settings
		want     string
		kept     bool
	}{
		{"zero value is outbox", notify.Settings{}, "outbox", true},
		{"outbox", notify.Settings{Transport: "outbox", NotifyAPIKey: "ignored"}, "outbox", true},
		{"notify", notify.Settings{Transport: "notify", NotifyAPIKey: notifySrv.APIKey(),
			NotifyEmailTemplateID: notifytest.EmailTemplateID, NotifySMSTemplateID: notifytest.SMSTemplateID,
			NotifyBaseURL: notifySrv.URL()}, "notify", false},
		{"smtp", notify.Settings{Transport: "smtp", SMTPHost: smtpSrv.Host(), SMTPPort: smtpSrv.Port(),
			SMTPFrom: "noreply@learnwell.example", SMTPTLS: "none", SMTPTimeout: 5 * time.Second}, "smtp", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := notify.New(tt.settings, clock, notifySrv.Client())
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if tr.Name() != tt.want {
				t.Fatalf("Name = %q, want %q", tr.Name(), tt.want)
			}
			r, err := tr.Send(context.Background(), email())
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			if r.Transport != tt.want || r.Kept != tt.kept || !r.At.Equal(clock.Now()) {
				t.Errorf("receipt = %+v", r)
			}
		})
	}
	if len(notifySrv.Received()) != 1 || len(smtpSrv.Messages()) != 1 {
		t.Errorf("notify received %d, smtp %d; want 1 each", len(notifySrv.Received()), len(smtpSrv.Messages()))
	}
}

func TestNewRejectsBadSettings(t *testing.T) {
	key := "key-" + svc + "-" + secret
	tests := []struct {
		name     string
		settings notify.Settings
		want     []string
	}{
		{"unknown transport", notify.Settings{Transport: "pigeon"},
			[]string{`LEARNWELL_MESSAGE_TRANSPORT must be outbox, notify or smtp, not "pigeon"`}},
		{"notify without anything", notify.Settings{Transport: "notify"}, []string{
			"LEARNWELL_NOTIFY_API_KEY is required when LEARNWELL_MESSAGE_TRANSPORT is notify",
			"LEARNWELL_NOTIFY_EMAIL_TEMPLATE_ID is required when LEARNWELL_MESSAGE_TRANSPORT is notify"}},
		{"notify with malformed key", notify.Settings{Transport: "notify", NotifyAPIKey: "key-" + svc, NotifyEmailTemplateID: svc},
			[]string{"LEARNWELL_NOTIFY_API_KEY is not a GOV.UK Notify API key"}},
		{"notify with bad template ids", notify.Settings{Transport: "notify", NotifyAPIKey: key, NotifyEmailTemplateID: "email", NotifySMSTemplateID: "sms"},
			[]string{"LEARNWELL_NOTIFY_EMAIL_TEMPLATE_ID must be a template id", "LEARNWELL_NOTIFY_SMS_TEMPLATE_ID must be a template id"}},
		{"notify with bad base URL", notify.Settings{Transport: "notify", NotifyAPIKey: key, NotifyEmailTemplateID: svc, NotifyBaseURL: "notify.example"},
			[]string{"LEARNWELL_NOTIFY_BASE_URL must be an http or https URL"}},
		{"smtp without anything", notify.Settings{Transport: "smtp"}, []string{
			"LEARNWELL_SMTP_HOST is required when LEARNWELL_MESSAGE_TRANSPORT is smtp",
			"LEARNWELL_SMTP_FROM is required when LEARNWELL_MESSAGE_TRANSPORT is smtp"}},
		{"smtp with bad values", notify.Settings{Transport: "smtp", SMTPHost: "mail", SMTPFrom: "nobody", SMTPPort: 99999,
			SMTPUsername: "u", SMTPTLS: "starttls", SMTPTimeout: -1}, []string{
			"LEARNWELL_SMTP_FROM must be an email address", "LEARNWELL_SMTP_PORT must be a port number",
			"LEARNWELL_SMTP_PASSWORD is required when LEARNWELL_SMTP_USERNAME is set",
			`LEARNWELL_SMTP_TLS must be mandatory, opportunistic, implicit or none, not "starttls"`,
			"LEARNWELL_SMTP_TIMEOUT must be a positive duration"}},
		{"smtp password without username", notify.Settings{Transport: "smtp", SMTPHost: "mail", SMTPFrom: "a@b.org", SMTPPassword: "p"},
			[]string{"LEARNWELL_SMTP_USERNAME is required when LEARNWELL_SMTP_PASSWORD is set"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := notify.New(tt.settings, nil, nil)
			if err == nil || tr != nil {
				t.Fatalf("New = %v, %v; want an error", tr, err)
			}
			if learnwell.ErrorCode(err) != learnwell.EINVALID {
				t.Errorf("code = %q", learnwell.ErrorCode(err))
			}
			msg := learnwell.ErrorMessage(err)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q\ndoes not contain %q", msg, w)
				}
			}
			if n := strings.Count(msg, "; ") + 1; n != len(tt.want) {
				t.Errorf("message has %d problems, want %d: %q", n, len(tt.want), msg)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows the secret")
			}
		})
	}
}

func TestSettingsHideSecrets(t *testing.T) {
	s := notify.Settings{Transport: "notify", NotifyAPIKey: "key-" + svc + "-" + secret, SMTPHost: "mail.example.org",
		SMTPUsername: "relay", SMTPPassword: "hunter2-password"}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("settings", "messages", s)
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), s.String(), logged.String()} {
		if strings.Contains(out, secret) || strings.Contains(out, "hunter2") {
			t.Errorf("shows a secret: %s", out)
		}
		if !strings.Contains(out, "mail.example.org") || !strings.Contains(out, "relay") {
			t.Errorf("hides too much: %s", out)
		}
	}
}
