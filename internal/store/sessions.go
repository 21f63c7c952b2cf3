package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"github.com/alexedwards/scs/v2"

	"learnwell"
)

// SessionStore keeps the web sign-in's sessions in the database, on either
// engine, for alexedwards/scs: set scs.SessionManager.Store to db.Sessions().
// Sessions then hold across restarts and across app nodes.
//
// The store keys each session by the SHA-256 of its token, so a copy of the
// table cannot be used to sign in: leave SessionManager.HashTokenInStore
// false (the store hashes; hashing twice would make BindUser miss).
//
// Expired sessions are never found; DeleteExpiredSessions removes them (the
// periodic job delete_expired_sessions in internal/jobs calls it).
type SessionStore struct{ db *DB }

// Interfaces the store meets.
var (
	_ scs.Store    = (*SessionStore)(nil)
	_ scs.CtxStore = (*SessionStore)(nil)
)

// Sessions returns the scs store over this database.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db: db} }

func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// FindCtx returns the data of an unexpired, unrevoked session.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.read.QueryRowContext(ctx, `SELECT data FROM sessions
		WHERE token_hash = $1 AND expiry > $2 AND revoked_at IS NULL`, sessionKey(token), s.db.now()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, s.db.classify(err)
	}
	return b, true, nil
}

// CommitCtx saves a session's data and expiry, adding it if it is new. It
// leaves a revoked session revoked: a request that loaded the session
// before its user was signed out everywhere cannot bring it back.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if b == nil {
		b = []byte{}
	}
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, data, expiry) VALUES ($1, $2, $3)
			ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, expiry = excluded.expiry
			WHERE sessions.revoked_at IS NULL`,
			sessionKey(token), b, expiry.UTC().Truncate(time.Microsecond))
		return err
	})
}

// DeleteCtx removes a session (sign-out, or scs renewing the token at
// sign-in). A session that is not there is no error.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", sessionKey(token))
		return err
	})
}

// Find is FindCtx without a context, for scs.Store.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit is CommitCtx without a context, for scs.Store.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete is DeleteCtx without a context, for scs.Store.
func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// BindUser records whose session this is, so that EndUserSessions can end
// it. Call it at sign-in, after SessionManager.RenewToken and
// SessionManager.Commit, with the token Commit returned. It returns ENOTFOUND
// when there is no such live session.
func (s *SessionStore) BindUser(ctx context.Context, token, userID string) error {
	if !learnwell.ValidID(userID) {
		return learnwell.Errorf(learnwell.EINVALID, "A session belongs to a user id.")
	}
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET user_id = $2
			WHERE token_hash = $1 AND expiry > $3 AND revoked_at IS NULL`, sessionKey(token), userID, tx.Now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return learnwell.Errorf(learnwell.ENOTFOUND, "There is no such session.")
		}
		return nil
	})
}

// EndUserSessions ends every session of a user at once (sign out
// everywhere, a deactivated leaver, a reset second factor), in the
// transaction of the change that calls for it. It returns how many it ended.
// The rows stay, emptied and marked revoked, until they expire, so that no
// request already under way can commit them again.
func (tx *Tx) EndUserSessions(ctx context.Context, userID string) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $2, data = $3
		WHERE user_id = $1 AND revoked_at IS NULL AND expiry > $2`, userID, tx.Now, []byte{})
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// EndUserSessions is Tx.EndUserSessions in a transaction of its own.
func (db *DB) EndUserSessions(ctx context.Context, userID string) (n int, err error) {
	err = db.WriteTx(ctx, func(tx *Tx) error {
		n, err = tx.EndUserSessions(ctx, userID)
		return err
	})
	return n, err
}

// CountUserSessions says how many live sessions a user has.
func (db *DB) CountUserSessions(ctx context.Context, userID string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions
		WHERE user_id = $1 AND revoked_at IS NULL AND expiry > $2`, userID, db.now()).Scan(&n)
	return n, db.classify(err)
}

// DeleteExpiredSessions removes sessions past their expiry, revoked or not,
// and returns how many.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int, error) {
	var n int64
	err := db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE expiry <= $1", tx.Now)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), db.classify(err)
}
