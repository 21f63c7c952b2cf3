package jobs_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/jobs"
	"learnwell/internal/notify"
	"learnwell/internal/notify/notifytest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// fast retries and polling so tests take milliseconds per attempt.
var fastRetry = jobs.Backoff{Base: 10 * time.Millisecond, Max: 40 * time.Millisecond}

func openDB(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url, store.Options{Logger: storetest.QuietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // after the runner stops: cleanups run last-in, first-out
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func startRunner(t *testing.T, db *store.DB, tr notify.Transport) *jobs.Runner {
	t.Helper()
	r, err := jobs.New(jobs.Options{DB: db, Transport: tr, Logger: storetest.QuietLogger(), Workers: 2,
		PollInterval: 20 * time.Millisecond, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(t, r) })
	return r
}

func stop(t *testing.T, r *jobs.Runner) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = r.Stop(ctx)
}

func notifyTransport(t *testing.T, fake *notifytest.NotifyServer) notify.Transport {
	t.Helper()
	tr, err := notify.New(notify.Settings{
		Transport: "notify", NotifyAPIKey: fake.APIKey(), NotifyBaseURL: fake.URL(),
		NotifyEmailTemplateID: notifytest.EmailTemplateID, NotifySMSTemplateID: notifytest.SMSTemplateID,
	}, nil, fake.Client())
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func messageStatus(t *testing.T, db *store.DB, id string) store.OutboxMessage {
	t.Helper()
	m, err := db.FindMessageByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func each(t *testing.T, fn func(t *testing.T, url string)) {
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) { fn(t, storetest.URL(t, engine)) })
	}
}

func TestDeliveryThroughNotify(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		fake := notifytest.NewNotifyServer(t)
		ctx := context.Background()
		emailID, _, err := db.EnqueueMessage(ctx, store.NewMessage{Channel: "email", Recipient: "learner@example.com",
			Subject: "Your course", Body: "Your course starts on Monday.", Kind: "test"})
		if err != nil {
			t.Fatal(err)
		}
		smsID, _, err := db.EnqueueMessage(ctx, store.NewMessage{Channel: "sms", Recipient: "07700 900123", Body: "See you on Monday", Kind: "test"})
		if err != nil {
			t.Fatal(err)
		}
		startRunner(t, db, notifyTransport(t, fake))
		waitFor(t, "both messages sent", func() bool {
			return messageStatus(t, db, emailID).Status == store.MessageSent && messageStatus(t, db, smsID).Status == store.MessageSent
		})
		got := fake.Received()
		if len(got) != 2 {
			t.Fatalf("Notify received %d notifications, want 2", len(got))
		}
		var sawEmail, sawSMS bool
		for _, n := range got {
			switch {
			case n.EmailAddress == "learner@example.com":
				sawEmail = n.Personalisation["subject"] == "Your course" && n.Personalisation["body"] == "Your course starts on Monday." && n.Reference == emailID
			case n.PhoneNumber != "":
				sawSMS = n.Personalisation["body"] == "See you on Monday" && n.Reference == smsID
			}
		}
		if !sawEmail || !sawSMS {
			t.Fatalf("notifications = %+v", got)
		}
		if m := messageStatus(t, db, emailID); m.ProviderRef == "" || m.Transport != "notify" || m.Attempts != 1 {
			t.Fatalf("email row = %+v", m)
		}
	})
}

func TestRetryAfterTemporaryFailures(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		fake := notifytest.NewNotifyServer(t)
		fake.FailNext(2, 500)
		id, _, err := db.EnqueueMessage(context.Background(), store.NewMessage{Channel: "email", Recipient: "a@example.com", Subject: "S", Body: "B"})
		if err != nil {
			t.Fatal(err)
		}
		startRunner(t, db, notifyTransport(t, fake))
		waitFor(t, "the message sent after two failures", func() bool { return messageStatus(t, db, id).Status == store.MessageSent })
		if m := messageStatus(t, db, id); m.Attempts != 3 || m.LastError != "" {
			t.Fatalf("row = %+v, want 3 attempts and no error left", m)
		}
		if n := len(fake.Received()); n != 1 {
			t.Fatalf("Notify accepted %d, want 1", n)
		}
	})
}

func TestPermanentFailureStopsRetrying(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		fake := notifytest.NewNotifyServer(t)
		fake.FailNext(1, 400)
		id, _, _ := db.EnqueueMessage(context.Background(), store.NewMessage{Channel: "email", Recipient: "a@example.com", Subject: "S", Body: "B"})
		startRunner(t, db, notifyTransport(t, fake))
		waitFor(t, "the message failed", func() bool { return messageStatus(t, db, id).Status == store.MessageFailed })
		time.Sleep(200 * time.Millisecond) // time for a wrong retry to happen
		if n := fake.Requests(); n != 1 {
			t.Fatalf("Notify saw %d requests, want 1: a permanent failure is not retried", n)
		}
		if m := messageStatus(t, db, id); m.LastError == "" || m.Attempts != 1 {
			t.Fatalf("row = %+v", m)
		}
	})
}

func TestNoLossAcrossRestart(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		fake := notifytest.NewNotifyServer(t)
		fake.FailNext(1000, 503) // the provider is down while the first node runs

		db := openDB(t, url)
		id, _, err := db.EnqueueMessage(context.Background(), store.NewMessage{Channel: "email", Recipient: "a@example.com", Subject: "S", Body: "B", DedupKey: "restart"})
		if err != nil {
			t.Fatal(err)
		}
		r := startRunner(t, db, notifyTransport(t, fake))
		waitFor(t, "a failed attempt", func() bool { return messageStatus(t, db, id).Attempts >= 1 })
		stop(t, r)
		db.Close()
		if len(fake.Received()) != 0 {
			t.Fatal("sent while the provider was down")
		}

		// The process restarts and the provider is back.
		fake.Reset()
		db2 := openDB(t, url)
		startRunner(t, db2, notifyTransport(t, fake))
		waitFor(t, "the message sent after the restart", func() bool { return messageStatus(t, db2, id).Status == store.MessageSent })
		if n := len(fake.Received()); n != 1 {
			t.Fatalf("Notify received %d, want exactly 1", n)
		}
	})
}

func TestDeduplication(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		fake := notifytest.NewNotifyServer(t)
		ctx := context.Background()
		var ids []string
		for range 3 {
			id, _, err := db.EnqueueMessage(ctx, store.NewMessage{Channel: "email", Recipient: "a@example.com", Subject: "S", Body: "B", DedupKey: "invite:42"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if ids[0] != ids[1] || ids[1] != ids[2] {
			t.Fatalf("ids = %v, want one message", ids)
		}
		startRunner(t, db, notifyTransport(t, fake))
		waitFor(t, "sent", func() bool { return messageStatus(t, db, ids[0]).Status == store.MessageSent })
		time.Sleep(200 * time.Millisecond)
		if n := len(fake.Received()); n != 1 {
			t.Fatalf("Notify received %d, want 1", n)
		}
	})
}

func TestDeliveryThroughSMTP(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		fake := notifytest.NewSMTPServer(t)
		fake.FailNext(1, 451)
		tr, err := notify.New(notify.Settings{Transport: "smtp", SMTPHost: fake.Host(), SMTPPort: fake.Port(),
			SMTPFrom: "learnwell <noreply@example.org>", SMTPTLS: "none"}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		id, _, _ := db.EnqueueMessage(context.Background(), store.NewMessage{Channel: "email", Recipient: "b@example.com", Subject: "Hello", Body: "Welcome to the course"})
		startRunner(t, db, tr)
		waitFor(t, "sent by SMTP", func() bool { return messageStatus(t, db, id).Status == store.MessageSent })
		msgs := fake.Messages()
		if len(msgs) != 1 || !strings.Contains(string(msgs[0].Data), "Welcome to the course") {
			t.Fatalf("SMTP got %+v", msgs)
		}
	})
}

func TestOutboxOnlyKeepsMessages(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		id, _, _ := db.EnqueueMessage(context.Background(), store.NewMessage{Channel: "email", Recipient: "c@example.com", Subject: "S", Body: "B"})
		startRunner(t, db, notify.OutboxOnly{Clock: learnwell.SystemClock{}})
		waitFor(t, "kept", func() bool { return messageStatus(t, db, id).Status == store.MessageKept })
	})
}

func TestScheduledMessageWaitsForItsTime(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		fake := notifytest.NewNotifyServer(t)
		sendAt := time.Now().Add(1500 * time.Millisecond)
		id, _, err := db.EnqueueMessage(context.Background(), store.NewMessage{Channel: "email", Recipient: "a@example.com",
			Subject: "Reminder", Body: "Your course starts tomorrow.", SendAfter: sendAt})
		if err != nil {
			t.Fatal(err)
		}
		startRunner(t, db, notifyTransport(t, fake))
		time.Sleep(500 * time.Millisecond)
		if m := messageStatus(t, db, id); m.Status != store.MessagePending || fake.Requests() != 0 {
			t.Fatalf("sent before its time: %+v", m)
		}
		waitFor(t, "the scheduled message sent", func() bool { return messageStatus(t, db, id).Status == store.MessageSent })
		if m := messageStatus(t, db, id); m.SentAt.Before(sendAt.Add(-time.Second)) {
			t.Fatalf("sent at %v, scheduled for %v", m.SentAt, sendAt)
		}
	})
}

func TestPeriodicJobRemovesOldMessageText(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		ctx := context.Background()
		id, _, _ := db.EnqueueMessage(ctx, store.NewMessage{Channel: "email", Recipient: "old@example.com", Subject: "S", Body: "Old text"})
		if _, _, err := db.BeginMessageAttempt(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkMessageSent(ctx, id, "outbox", id, true); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
		// The periodic job runs when the client starts, then hourly.
		r, err := jobs.New(jobs.Options{DB: db, Transport: notify.OutboxOnly{}, Logger: storetest.QuietLogger(),
			PollInterval: 20 * time.Millisecond, Retry: fastRetry, MessageRetention: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stop(t, r) })
		waitFor(t, "the old message's text removed", func() bool {
			m := messageStatus(t, db, id)
			return m.Body == "[removed]" && m.Recipient == "[removed]"
		})
	})
}

// resetSender records the password reset requests it is given.
type resetSender struct {
	mu  sync.Mutex
	got []store.PasswordResetArgs
}

func (s *resetSender) SendPasswordReset(ctx context.Context, args store.PasswordResetArgs) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, args)
	return nil
}

// The runner works the "Forgot your password?" jobs the request queues.
func TestRunnerWorksPasswordResets(t *testing.T) {
	each(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		ctx := context.Background()
		sender := &resetSender{}
		r, err := jobs.New(jobs.Options{DB: db, Transport: notify.OutboxOnly{}, Logger: storetest.QuietLogger(),
			PollInterval: 20 * time.Millisecond, Retry: fastRetry, PasswordResets: sender})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.WriteTx(ctx, func(tx *store.Tx) error {
			return tx.EnqueuePasswordReset(ctx, store.PasswordResetArgs{SealedEmail: "sealed address"})
		}); err != nil {
			t.Fatal(err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stop(t, r) })
		waitFor(t, "the reset request worked", func() bool {
			sender.mu.Lock()
			defer sender.mu.Unlock()
			return len(sender.got) == 1 && sender.got[0].SealedEmail == "sealed address"
		})
	})
}
