package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"learnwell"
)

// Message statuses in the outbox.
const (
	MessagePending = "pending" // waiting to be sent (or retrying)
	MessageSent    = "sent"    // handed to the transport
	MessageKept    = "kept"    // the "outbox only" transport kept it in the database
	MessageFailed  = "failed"  // permanently failed or out of attempts
)

// SendMessageArgs is the background job that sends one outbox message. It is
// unique by its arguments, so a message gets at most one live job.
type SendMessageArgs struct {
	MessageID string `json:"message_id"`
}

// Kind names the job for River.
func (SendMessageArgs) Kind() string { return "send_message" }

// InsertOpts puts message jobs on their own queue, unique per message.
func (SendMessageArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMessages, MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// QueueMessages is the River queue for outgoing messages.
const QueueMessages = "messages"

// NewMessage is a message to put in the outbox.
type NewMessage struct {
	Channel   string    // "email" or "sms"
	Recipient string    // an email address or a phone number, already validated
	Subject   string    // email only
	Body      string    // plain text
	Kind      string    // what sort of message, e.g. "invitation"; shown on the outbox page
	DedupKey  string    // the same key is never sent twice; defaults to the new id
	SendAfter time.Time // zero: as soon as possible
}

// OutboxMessage is a message row.
type OutboxMessage struct {
	ID, Channel, Recipient, Subject, Body, Kind, DedupKey string
	Status, LastError, Transport, ProviderRef             string
	Attempts                                              int
	SendAfter, CreatedAt, UpdatedAt, SentAt               time.Time
}

// EnqueueMessage writes a message to the outbox and inserts the job that sends
// it, both in this transaction: if the change that causes the message rolls
// back, neither exists. A message whose DedupKey is already in the outbox is
// not written again; created reports whether this call wrote it.
func (tx *Tx) EnqueueMessage(ctx context.Context, m NewMessage) (id string, created bool, err error) {
	var v learnwell.Validation
	if m.Channel != "email" && m.Channel != "sms" {
		v.Add("channel", "Channel must be email or sms")
	}
	if strings.TrimSpace(m.Recipient) == "" {
		v.Add("recipient", "Enter who the message is for")
	}
	if strings.TrimSpace(m.Body) == "" {
		v.Add("body", "Enter the message")
	}
	if m.Channel == "email" && strings.TrimSpace(m.Subject) == "" {
		v.Add("subject", "Enter a subject for the email")
	}
	if err := v.Err(); err != nil {
		return "", false, err
	}
	id = learnwell.NewID()
	if m.DedupKey == "" {
		m.DedupKey = id
	}
	var sendAfter sql.NullTime
	if !m.SendAfter.IsZero() {
		sendAfter = sql.NullTime{Time: m.SendAfter.UTC().Truncate(time.Microsecond), Valid: true}
	}
	var got string
	err = tx.QueryRowContext(ctx, `INSERT INTO messages
		(id, channel, recipient, subject, body, kind, dedup_key, status, send_after, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
		ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
		id, m.Channel, m.Recipient, m.Subject, m.Body, m.Kind, m.DedupKey, MessagePending, sendAfter, tx.Now).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, "SELECT id FROM messages WHERE dedup_key = $1", m.DedupKey).Scan(&got)
		return got, false, err
	}
	if err != nil {
		return "", false, err
	}
	opts := SendMessageArgs{}.InsertOpts()
	if sendAfter.Valid {
		opts.ScheduledAt = sendAfter.Time
	}
	if _, err := tx.db.jobs.InsertTx(ctx, tx.Tx, SendMessageArgs{MessageID: id}, &opts); err != nil {
		return "", false, fmt.Errorf("store: insert send job: %w", err)
	}
	return id, true, nil
}

// EnqueueMessage puts one message in the outbox in a transaction of its own.
func (db *DB) EnqueueMessage(ctx context.Context, m NewMessage) (id string, created bool, err error) {
	err = db.WriteTx(ctx, func(tx *Tx) error {
		id, created, err = tx.EnqueueMessage(ctx, m)
		return err
	})
	return id, created, err
}

const messageColumns = `id, channel, recipient, subject, body, kind, dedup_key, status, last_error,
	transport, provider_ref, attempts, send_after, created_at, updated_at, sent_at`

func scanMessage(row interface{ Scan(...any) error }) (OutboxMessage, error) {
	var m OutboxMessage
	var sendAfter, sentAt sql.NullTime
	err := row.Scan(&m.ID, &m.Channel, &m.Recipient, &m.Subject, &m.Body, &m.Kind, &m.DedupKey, &m.Status,
		&m.LastError, &m.Transport, &m.ProviderRef, &m.Attempts, &sendAfter, &m.CreatedAt, &m.UpdatedAt, &sentAt)
	m.SendAfter, m.SentAt = sendAfter.Time, sentAt.Time
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	if !m.SentAt.IsZero() {
		m.SentAt = m.SentAt.UTC()
	}
	return m, err
}

// FindMessageByID returns one outbox message, or ENOTFOUND.
func (db *DB) FindMessageByID(ctx context.Context, id string) (OutboxMessage, error) {
	m, err := scanMessage(db.read.QueryRowContext(ctx, "SELECT "+messageColumns+" FROM messages WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return OutboxMessage{}, learnwell.Errorf(learnwell.ENOTFOUND, "There is no such message.")
	}
	if err != nil {
		return OutboxMessage{}, db.classify(err)
	}
	return m, nil
}

// MessageFilter selects outbox messages, newest first.
type MessageFilter struct {
	Status string
	// OrganisationID keeps only messages to the users of the organisation
	// (by address, without regard to case); empty keeps every message.
	OrganisationID string
	Limit, Offset  int
}

// FindMessages returns a page of outbox messages and how many match in all.
func (db *DB) FindMessages(ctx context.Context, f MessageFilter) ([]OutboxMessage, int, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	var conds []string
	var args []any
	if f.Status != "" {
		args = append(args, f.Status)
		conds = append(conds, fmt.Sprintf("status = $%d", len(args)))
	}
	if f.OrganisationID != "" {
		args = append(args, f.OrganisationID)
		conds = append(conds, fmt.Sprintf("LOWER(recipient) IN (SELECT email_key FROM users WHERE organisation_id = $%d)", len(args)))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	var out []OutboxMessage
	err := db.ReadTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM messages"+where, args...).Scan(&total); err != nil {
			return err
		}
		n := len(args)
		rows, err := tx.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM messages%s ORDER BY created_at DESC, id DESC LIMIT $%d OFFSET $%d",
			messageColumns, where, n+1, n+2), append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMessage(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, db.classify(err)
	}
	return out, total, nil
}

// BeginMessageAttempt counts an attempt to send a message and returns it. It
// returns done=true, sending nothing, when the message has already been sent,
// kept or failed: a job run twice (River delivers at least once) sends once.
func (db *DB) BeginMessageAttempt(ctx context.Context, id string) (m OutboxMessage, done bool, err error) {
	err = db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE messages SET attempts = attempts + 1, updated_at = $2 WHERE id = $1 AND status = $3",
			id, tx.Now, MessagePending)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		m, err = scanMessage(tx.QueryRowContext(ctx, "SELECT "+messageColumns+" FROM messages WHERE id = $1", id))
		if errors.Is(err, sql.ErrNoRows) {
			return learnwell.Errorf(learnwell.ENOTFOUND, "There is no such message.")
		}
		done = n == 0
		return err
	})
	return m, done, db.classify(err)
}

// MarkMessageSent records a delivery: status sent, or kept for the outbox-only transport.
func (db *DB) MarkMessageSent(ctx context.Context, id, transport, providerRef string, kept bool) error {
	status := MessageSent
	if kept {
		status = MessageKept
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE messages SET status = $2, transport = $3, provider_ref = $4,
			last_error = '', sent_at = $5, updated_at = $5 WHERE id = $1`, id, status, transport, providerRef, tx.Now)
		return err
	})
}

// MarkMessageFailed records a failed attempt. With final=true the message is
// failed for good; otherwise it stays pending for the next retry.
func (db *DB) MarkMessageFailed(ctx context.Context, id, transport, reason string, final bool) error {
	status := MessagePending
	if final {
		status = MessageFailed
	}
	if len(reason) > 500 {
		reason = reason[:500]
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE messages SET status = $2, transport = $3, last_error = $4, updated_at = $5
			WHERE id = $1 AND status = $6`, id, status, transport, reason, tx.Now, MessagePending)
		return err
	})
}

// RedactOldMessages blanks the recipient and body of messages that were sent,
// kept or failed before the cut-off, keeping the row for counts and audit:
// the outbox does not keep personal data longer than it needs to.
func (db *DB) RedactOldMessages(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE messages SET recipient = '[removed]', subject = '[removed]', body = '[removed]', updated_at = $1
			WHERE status <> $2 AND created_at < $3 AND body <> '[removed]'`, tx.Now, MessagePending, before.UTC())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), db.classify(err)
}
