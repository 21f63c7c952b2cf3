package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

func email(key string) store.NewMessage {
	return store.NewMessage{Channel: "email", Recipient: "someone@example.com", Subject: "Hello", Body: "Body text", Kind: "test", DedupKey: key}
}

func TestOutboxEnqueueAndDedup(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id, created, err := db.EnqueueMessage(ctx, email("k1"))
		if err != nil || !created {
			t.Fatalf("EnqueueMessage = %q, %v, %v", id, created, err)
		}
		id2, created, err := db.EnqueueMessage(ctx, email("k1"))
		if err != nil || created || id2 != id {
			t.Fatalf("duplicate EnqueueMessage = %q, %v, %v; want the first id, not created", id2, created, err)
		}
		msgs, total, err := db.FindMessages(ctx, store.MessageFilter{})
		if err != nil || total != 1 || len(msgs) != 1 {
			t.Fatalf("FindMessages = %d rows, total %d, %v", len(msgs), total, err)
		}
		m := msgs[0]
		if m.Status != store.MessagePending || m.Body != "Body text" || !m.CreatedAt.Equal(clock.Now()) {
			t.Fatalf("message = %+v", m)
		}
		var jobs int
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM river_job WHERE kind = 'send_message'").Scan(&jobs); err != nil {
			t.Fatal(err)
		}
		if jobs != 1 {
			t.Fatalf("%d send jobs, want 1 (one per message, none for the duplicate)", jobs)
		}
	})
}

func TestOutboxRollsBackWithTheChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.WriteTx(ctx, func(tx *store.Tx) error {
			if _, _, err := tx.EnqueueMessage(ctx, email("k2")); err != nil {
				return err
			}
			return errors.New("the change failed")
		})
		if err == nil {
			t.Fatal("want the error back")
		}
		_, total, _ := db.FindMessages(ctx, store.MessageFilter{})
		var jobs int
		_ = db.SQL().QueryRow("SELECT COUNT(*) FROM river_job").Scan(&jobs)
		if total != 0 || jobs != 0 {
			t.Fatalf("after rollback: %d messages, %d jobs; want none", total, jobs)
		}
	})
}

func TestOutboxValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, _, err := db.EnqueueMessage(context.Background(), store.NewMessage{Channel: "fax"})
		if learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("err = %v, want invalid", err)
		}
		got := learnwell.SortedFieldNames(learnwell.ErrorFields(err))
		if len(got) != 3 {
			t.Fatalf("fields = %v, want channel, recipient and body", got)
		}
	})
}

func TestOutboxAttemptsAndStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id, _, _ := db.EnqueueMessage(ctx, email("k3"))
		m, done, err := db.BeginMessageAttempt(ctx, id)
		if err != nil || done || m.Attempts != 1 {
			t.Fatalf("BeginMessageAttempt = %+v, %v, %v", m, done, err)
		}
		if err := db.MarkMessageFailed(ctx, id, "notify", "HTTP 500", false); err != nil {
			t.Fatal(err)
		}
		m, _ = db.FindMessageByID(ctx, id)
		if m.Status != store.MessagePending || m.LastError != "HTTP 500" {
			t.Fatalf("after a temporary failure: %+v", m)
		}
		_, _, _ = db.BeginMessageAttempt(ctx, id)
		if err := db.MarkMessageSent(ctx, id, "notify", "ref-1", false); err != nil {
			t.Fatal(err)
		}
		m, done, err = db.BeginMessageAttempt(ctx, id)
		if err != nil || !done || m.Status != store.MessageSent || m.Attempts != 2 || m.ProviderRef != "ref-1" {
			t.Fatalf("after sending: %+v done=%v err=%v", m, done, err)
		}
		if _, err := db.FindMessageByID(ctx, learnwell.NewID()); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("unknown id: %v", err)
		}
		n, err := db.RedactOldMessages(ctx, time.Now().Add(time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("RedactOldMessages = %d, %v", n, err)
		}
		m, _ = db.FindMessageByID(ctx, id)
		if m.Body != "[removed]" || m.Recipient != "[removed]" {
			t.Fatalf("redacted message still holds %q to %q", m.Body, m.Recipient)
		}
	})
}

// An organisation's filter keeps the messages to its users' addresses, in any case.
func TestOutboxFilterByOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var orgs [2]account.Organisation
		err := db.WriteTx(ctx, func(tx *store.Tx) error {
			for i, name := range []string{"Ours", "Theirs"} {
				orgs[i] = account.Organisation{Name: name, Kind: account.SocialPrescribingService, AllLondon: true}
				if err := tx.CreateAccountOrganisation(ctx, &orgs[i]); err != nil {
					return err
				}
				u := account.User{OrganisationID: orgs[i].ID, Email: name + "@example.com", Name: name, Roles: []account.Role{account.LinkWorker}}
				if err := tx.CreateUser(ctx, &u); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, to := range []string{"ours@example.com", "Theirs@example.com", "nobody@example.com"} {
			m := email(to)
			m.Recipient = to
			if _, _, err := db.EnqueueMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		msgs, total, err := db.FindMessages(ctx, store.MessageFilter{OrganisationID: orgs[0].ID, Status: store.MessagePending})
		if err != nil || total != 1 || len(msgs) != 1 || msgs[0].Recipient != "ours@example.com" {
			t.Fatalf("our messages: %+v, total %d, %v", msgs, total, err)
		}
		if _, total, _ := db.FindMessages(ctx, store.MessageFilter{}); total != 3 {
			t.Fatalf("all messages: %d, want 3", total)
		}
	})
}
