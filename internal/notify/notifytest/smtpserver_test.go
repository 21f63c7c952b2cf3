package notifytest_test

import (
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"sync"
	"testing"

	"learnwell/internal/notify/notifytest"
)

// dialog sends each command and checks the reply code, on one connection.
func dialog(t *testing.T, srv *notifytest.SMTPServer, steps [][2]string) {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tc := textproto.NewConn(conn)
	if _, _, err := tc.ReadResponse(220); err != nil {
		t.Fatalf("greeting: %v", err)
	}
	for _, s := range steps {
		if err := tc.PrintfLine("%s", s[0]); err != nil {
			t.Fatal(err)
		}
		var code int
		if _, err := fmt.Sscan(s[1], &code); err != nil {
			t.Fatal(err)
		}
		if got, msg, err := tc.ReadResponse(code); err != nil {
			t.Fatalf("%q: got %d %s, want %d", s[0], got, msg, code)
		}
	}
}

func TestSMTPServerDialog(t *testing.T) {
	srv := notifytest.NewSMTPServer(t)
	dialog(t, srv, [][2]string{
		{"MAIL FROM:<a@example.org>", "503"}, // before EHLO
		{"EHLO client.example", "250"},
		{"RCPT TO:<b@example.org>", "503"}, // before MAIL
		{"DATA", "503"},
		{"NOOP", "250"},
		{"VRFY b", "502"},
		{"STARTTLS", "502"},            // not offered
		{"AUTH PLAIN AGEAYg==", "502"}, // not offered
		{"MAIL FROM:<a@example.org> BODY=8BITMIME", "250"},
		{"MAIL FROM:<a@example.org>", "503"},
		{"RCPT TO:<b@example.org>", "250"},
		{"RCPT TO:<c@example.org>", "250"},
		{"DATA", "354"},
		{"Subject: =?UTF-8?q?Caf=C3=A9?=\r\nMessage-ID: <1@example.org>\r\n\r\nline one\r\n..dot line\r\n.", "250"},
		{"MAIL FROM:<x@example.org>", "250"},
		{"RSET", "250"},
		{"RCPT TO:<b@example.org>", "503"}, // RSET forgot the sender
		{"QUIT", "221"},
	})
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages, want 1", len(got))
	}
	m := got[0]
	if m.From != "a@example.org" || strings.Join(m.To, " ") != "b@example.org c@example.org" ||
		m.Subject != "Café" || m.MessageID != "<1@example.org>" || m.Body != "line one\n.dot line\n" {
		t.Errorf("recorded %+v", m)
	}
}

func TestSMTPServerAuth(t *testing.T) {
	srv := notifytest.NewSMTPServer(t)
	srv.RequireAuth("user", "pass")
	msg := []byte("Subject: hi\r\n\r\nhello\r\n")
	if err := smtp.SendMail(srv.Addr(), nil, "a@example.org", []string{"b@example.org"}, msg); err == nil || !strings.Contains(err.Error(), "530") {
		t.Errorf("no auth: err = %v, want 530", err)
	}
	if err := smtp.SendMail(srv.Addr(), smtp.PlainAuth("", "user", "nope", srv.Host()), "a@example.org", []string{"b@example.org"}, msg); err == nil || !strings.Contains(err.Error(), "535") {
		t.Errorf("wrong password: err = %v, want 535", err)
	}
	if err := smtp.SendMail(srv.Addr(), smtp.PlainAuth("", "user", "pass", srv.Host()), "a@example.org", []string{"b@example.org"}, msg); err != nil {
		t.Fatalf("PLAIN: %v", err)
	}
	dialog(t, srv, [][2]string{
		{"EHLO x", "250"},
		{"AUTH LOGIN", "334"},
		{"dXNlcg==", "334"}, // user
		{"cGFzcw==", "235"}, // pass
		{"AUTH LOGIN", "503"},
		{"QUIT", "221"},
	})
	dialog(t, srv, [][2]string{
		{"EHLO x", "250"},
		{"AUTH CRAM-MD5", "504"},
		{"AUTH PLAIN", "334"},
		{"*", "501"},
		{"AUTH PLAIN !!!", "501"},
		{"QUIT", "221"},
	})
	if got := srv.Messages(); len(got) != 1 || got[0].AuthUser != "user" || got[0].AuthMechanism != "PLAIN" {
		t.Errorf("messages = %+v", got)
	}
}

func TestSMTPServerFailNextConcurrent(t *testing.T) {
	srv := notifytest.NewSMTPServer(t)
	srv.FailNext(3, 451)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for i := range 12 {
		wg.Go(func() {
			msg := fmt.Appendf(nil, "Subject: %d\r\n\r\nhello\r\n", i)
			err := smtp.SendMail(srv.Addr(), nil, "a@example.org", []string{"b@example.org"}, msg)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "451 ") {
					t.Errorf("err = %v, want 451", err)
				}
				mu.Lock()
				failed++
				mu.Unlock()
			}
			_ = srv.Messages()
		})
	}
	wg.Wait()
	if failed != 3 || len(srv.Messages()) != 9 {
		t.Errorf("%d failed, %d delivered; want 3 and 9", failed, len(srv.Messages()))
	}
}

func TestSMTPServerClose(t *testing.T) {
	srv := notifytest.NewSMTPServer(t)
	conn, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	srv.Close() // closes the open connection rather than waiting for it
	srv.Close()
	if _, err := net.Dial("tcp", srv.Addr()); err == nil {
		t.Error("still accepting after Close")
	}
}
