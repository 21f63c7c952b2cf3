package notify_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/notify"
)

const msgID = "0193a7f2-5c1e-7d2b-9a4f-3e8b6c1d2e4f"

func email() notify.Message {
	return notify.Message{ID: msgID, Channel: notify.Email, To: "sam@example.com",
		Subject: "Your course: Pottery for beginners", Body: "Hello Sam,\n\nYour place is booked.\n", DedupKey: "referral-accepted/42"}
}

func sms() notify.Message {
	return notify.Message{ID: msgID, Channel: notify.SMS, To: "07700 900123", Body: "Your pottery course starts Monday at 10am."}
}

func TestMessageValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*notify.Message)
		sms    bool
		fields map[string]string // field: message; empty when valid
	}{
		{name: "email", edit: func(*notify.Message) {}},
		{name: "sms", sms: true, edit: func(*notify.Message) {}},
		{name: "sms ignores subject", sms: true, edit: func(m *notify.Message) { m.Subject = "x\ny" }},
		{name: "id with dots and underscores", edit: func(m *notify.Message) { m.ID = "outbox_12.3" }},
		{name: "everything missing", edit: func(m *notify.Message) { *m = notify.Message{Channel: notify.Email} },
			fields: map[string]string{"id": "Enter a message id", "to": "Enter an email address", "subject": "Enter a subject", "body": "Enter the message"}},
		{name: "no channel", edit: func(m *notify.Message) { m.Channel = "" },
			fields: map[string]string{"channel": "Select email or text message"}},
		{name: "letter channel", edit: func(m *notify.Message) { m.Channel = "letter" },
			fields: map[string]string{"channel": "Select email or text message"}},
		{name: "id with @", edit: func(m *notify.Message) { m.ID = "a@b" },
			fields: map[string]string{"id": "Message id must be 100 characters or fewer, using only letters, numbers, dots, hyphens and underscores"}},
		{name: "id with angle bracket", edit: func(m *notify.Message) { m.ID = "a>b" },
			fields: map[string]string{"id": "Message id must be 100 characters or fewer, using only letters, numbers, dots, hyphens and underscores"}},
		{name: "id too long", edit: func(m *notify.Message) { m.ID = strings.Repeat("a", 101) },
			fields: map[string]string{"id": "Message id must be 100 characters or fewer, using only letters, numbers, dots, hyphens and underscores"}},
		{name: "bad email", edit: func(m *notify.Message) { m.To = "sam@example" },
			fields: map[string]string{"to": "Enter an email address in the correct format, like name@example.com"}},
		{name: "phone to email channel", edit: func(m *notify.Message) { m.To = "07700900123" },
			fields: map[string]string{"to": "Enter an email address in the correct format, like name@example.com"}},
		{name: "email to sms channel", sms: true, edit: func(m *notify.Message) { m.To = "sam@example.com" },
			fields: map[string]string{"to": "Enter a mobile phone number using only numbers, like 07700 900 982"}},
		{name: "subject with newline", edit: func(m *notify.Message) { m.Subject = "Hi\r\nBcc: x@example.com" },
			fields: map[string]string{"subject": "Subject must be a single line"}},
		{name: "blank subject", edit: func(m *notify.Message) { m.Subject = "  " },
			fields: map[string]string{"subject": "Enter a subject"}},
		{name: "blank body", sms: true, edit: func(m *notify.Message) { m.Body = "\n\t " },
			fields: map[string]string{"body": "Enter the message"}},
		{name: "body not utf-8", edit: func(m *notify.Message) { m.Body = "caf\xe9" },
			fields: map[string]string{"body": "Message must be valid text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := email()
			if tt.sms {
				m = sms()
			}
			tt.edit(&m)
			err := m.Validate()
			if len(tt.fields) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if learnwell.ErrorCode(err) != learnwell.EINVALID || !notify.IsPermanent(err) {
				t.Fatalf("Validate = %v, want a permanent EINVALID error", err)
			}
			got := learnwell.FieldMap(learnwell.ErrorFields(err))
			if fmt.Sprint(got) != fmt.Sprint(tt.fields) {
				t.Errorf("fields = %v\nwant %v", got, tt.fields)
			}
			for _, want := range tt.fields {
				if msg := learnwell.ErrorMessage(err); !strings.Contains(msg, want) {
					t.Errorf("safe message %q does not contain %q", msg, want)
				}
			}
		})
	}
}

func TestOutboxOnly(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	var tr notify.Transport = notify.OutboxOnly{Clock: learnwell.NewFixedClock(now)}
	if tr.Name() != "outbox" {
		t.Errorf("Name = %q", tr.Name())
	}
	for _, m := range []notify.Message{email(), sms()} {
		r, err := tr.Send(context.Background(), m)
		if err != nil {
			t.Fatalf("Send %s: %v", m.Channel, err)
		}
		want := notify.Receipt{Transport: "outbox", Reference: msgID, Kept: true, At: now}
		if r != want {
			t.Errorf("receipt = %+v, want %+v", r, want)
		}
	}

	bad := email()
	bad.To = "nobody"
	if _, err := tr.Send(context.Background(), bad); !notify.IsPermanent(err) {
		t.Errorf("invalid message: err = %v, want permanent", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tr.Send(ctx, email()); err == nil || notify.IsPermanent(err) || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want temporary wrapping context.Canceled", err)
	}

	// The zero value works, with the system clock.
	r, err := notify.OutboxOnly{}.Send(context.Background(), email())
	if err != nil || !r.Kept || time.Since(r.At) > time.Minute {
		t.Errorf("zero value: %+v, %v", r, err)
	}
}

func TestIsPermanent(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain error", errors.New("boom"), false},
		{"context deadline", context.DeadlineExceeded, false},
		{"invalid", learnwell.Errorf(learnwell.EINVALID, "no"), true},
		{"wrapped invalid", fmt.Errorf("sending: %w", learnwell.Errorf(learnwell.EINVALID, "no")), true},
		{"unavailable", learnwell.Errorf(learnwell.EUNAVAILABLE, "later"), false},
		{"internal", learnwell.Internal(errors.New("bug")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := notify.IsPermanent(tt.err); got != tt.want {
				t.Errorf("IsPermanent(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
