package store

import (
	"context"
	"database/sql"
	"time"

	"learnwell"
	"learnwell/internal/account"
)

// This file keeps what signing in needs: failed attempts (for lockout),
// the second factor and recovery codes.

// RecordSignInFailure counts a failed sign-in under the keyed hashes of the
// email address typed and of the network address, and forgets failures older
// than the policy's memory.
func (tx *Tx) RecordSignInFailure(ctx context.Context, emailKey, ipKey string, p account.LockoutPolicy) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM sign_in_failures WHERE created_at < $1", tx.Now.Add(-p.Memory)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO sign_in_failures (id, email_key, ip_key, created_at) VALUES ($1, $2, $3, $4)",
		learnwell.NewID(), emailKey, ipKey, tx.Now)
	return err
}

// CountSignInFailures counts the failures that matter now under the policy:
// for the email address, those within its memory (a success forgets them);
// for the network address, those within its window.
func (tx *Tx) CountSignInFailures(ctx context.Context, emailKey, ipKey string, p account.LockoutPolicy) (account.Failures, error) {
	var f account.Failures
	var err error
	f.Account, f.LastAccount, err = tx.countFailures(ctx, "email_key", emailKey, tx.Now.Add(-p.Memory))
	if err != nil || ipKey == "" {
		return f, err
	}
	f.Address, f.LastAddress, err = tx.countFailures(ctx, "ip_key", ipKey, tx.Now.Add(-p.AddressWindow))
	return f, err
}

// countFailures counts the failures under a key since a time, and finds the
// latest. (The latest is read as a column, not as MAX(), which SQLite would
// return as text.)
func (tx *Tx) countFailures(ctx context.Context, column, key string, since time.Time) (int, time.Time, error) {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM sign_in_failures WHERE "+column+" = $1 AND created_at >= $2",
		key, since).Scan(&n); err != nil || n == 0 {
		return 0, time.Time{}, err
	}
	var last time.Time
	err := tx.QueryRowContext(ctx, "SELECT created_at FROM sign_in_failures WHERE "+column+" = $1 ORDER BY created_at DESC LIMIT 1",
		key).Scan(&last)
	return n, last.UTC(), err
}

// ClearSignInFailures forgets the failures of an email address, after a
// successful sign-in or password reset.
func (tx *Tx) ClearSignInFailures(ctx context.Context, emailKey string) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM sign_in_failures WHERE email_key = $1", emailKey)
	return err
}

// SetPendingSecondFactor keeps a new sealed authenticator secret while the
// user sets up their app; it counts only once confirmed.
func (tx *Tx) SetPendingSecondFactor(ctx context.Context, userID, sealed string) error {
	res, err := tx.ExecContext(ctx, "UPDATE users SET totp_pending = $2, updated_at = $3 WHERE id = $1", userID, sealed, tx.Now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return learnwell.Errorf(learnwell.ENOTFOUND, errNoSuchUser)
	}
	return nil
}

// EnableSecondFactor makes the sealed secret the user's second factor, with
// the step of the code that confirmed it as used, and replaces their recovery
// codes with these hashes.
func (tx *Tx) EnableSecondFactor(ctx context.Context, userID, sealed string, step int64, recoveryHashes []string) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $2, totp_pending = '', totp_last_step = $3, updated_at = $4 WHERE id = $1`,
		userID, sealed, step, tx.Now)
	if err != nil {
		return err
	}
	return tx.ReplaceRecoveryCodes(ctx, userID, recoveryHashes)
}

// ResealSecondFactor keeps the same secret sealed with the current key.
func (tx *Tx) ResealSecondFactor(ctx context.Context, userID, sealed string) error {
	_, err := tx.ExecContext(ctx, "UPDATE users SET totp_secret = $2 WHERE id = $1 AND totp_secret <> ''", userID, sealed)
	return err
}

// ResetSecondFactor removes a user's second factor and recovery codes: they
// set up a new one at their next sign-in. Their sessions end.
func (tx *Tx) ResetSecondFactor(ctx context.Context, userID string) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = '', totp_pending = '', totp_last_step = 0,
		sessions_valid_after = $2, updated_at = $2 WHERE id = $1`, userID, tx.Now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return learnwell.Errorf(learnwell.ENOTFOUND, errNoSuchUser)
	}
	if _, err := tx.EndUserSessions(ctx, userID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = $1", userID)
	return err
}

// UseTOTPStep records that the code of the step was used, if no code of that
// step or a later one was used before. It reports false for a replay, even
// when two requests race with the same code.
func (tx *Tx) UseTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	res, err := tx.ExecContext(ctx, "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2", userID, step)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReplaceRecoveryCodes replaces a user's recovery codes with these hashes.
func (tx *Tx) ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = $1", userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)", userID, h, tx.Now); err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode spends one unused recovery code of the user, by its hash,
// and reports whether there was one.
func (tx *Tx) UseRecoveryCode(ctx context.Context, userID, hash string) (bool, error) {
	res, err := tx.ExecContext(ctx, "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
		userID, hash, tx.Now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CountRecoveryCodes says how many unused recovery codes a user has left.
func (db *DB) CountRecoveryCodes(ctx context.Context, userID string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL", userID).Scan(&n)
	return n, db.classify(err)
}

// SealedSecret is one user's sealed second-factor secret (set up or pending).
type SealedSecret struct {
	UserID  string
	Secret  string // sealed; "" if none
	Pending string // sealed; "" if none
}

// FindSealedSecrets returns every user's sealed second-factor secrets, for
// sealing them again after a key rotation.
func (db *DB) FindSealedSecrets(ctx context.Context) ([]SealedSecret, error) {
	var out []SealedSecret
	err := eachRow(ctx, db.read, "SELECT id, totp_secret, totp_pending FROM users WHERE totp_secret <> '' OR totp_pending <> '' ORDER BY id", nil,
		func(r *sql.Rows) error {
			var s SealedSecret
			err := r.Scan(&s.UserID, &s.Secret, &s.Pending)
			out = append(out, s)
			return err
		})
	return out, db.classify(err)
}

// ReplaceSealedSecret swaps a user's sealed secret (or pending secret) for
// the same secret sealed again, if it has not changed meanwhile.
func (tx *Tx) ReplaceSealedSecret(ctx context.Context, userID string, pending bool, old, sealed string) (bool, error) {
	column := "totp_secret"
	if pending {
		column = "totp_pending"
	}
	res, err := tx.ExecContext(ctx, "UPDATE users SET "+column+" = $3 WHERE id = $1 AND "+column+" = $2", userID, old, sealed)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
