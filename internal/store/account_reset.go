package store

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"learnwell/internal/audit"
)

// PasswordResetArgs is the background job behind "Forgot your password?": the
// request only puts this job in the queue, the same work whether or not the
// address has an account, and the job looks the address up and sends the
// email (internal/accounts' SendPasswordReset). It carries the address as
// typed, sealed with the data key (the job table is no place for personal
// data in plain text), and where the request came from, for the audit
// trail; River deletes finished jobs after a day.
type PasswordResetArgs struct {
	SealedEmail string       `json:"sealed_email"`
	Origin      audit.Origin `json:"origin"`
}

// Kind names the job for River.
func (PasswordResetArgs) Kind() string { return "password_reset" }

// InsertOpts puts the job on the messages queue.
func (PasswordResetArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMessages, MaxAttempts: 5}
}

// EnqueuePasswordReset inserts the job in this transaction.
func (tx *Tx) EnqueuePasswordReset(ctx context.Context, args PasswordResetArgs) error {
	if _, err := tx.db.jobs.InsertTx(ctx, tx.Tx, args, nil); err != nil {
		return fmt.Errorf("store: insert password reset job: %w", err)
	}
	return nil
}
