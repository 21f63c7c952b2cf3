package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/account"
)

// This file keeps API tokens, as the SHA-256 of the token only.

const tokenColumns = "id, user_id, name, display, created_at, expires_at, last_used_at, revoked_at"

// CreateAPIToken makes a new token for the user, lasting ttl, and returns its
// text, to show once and never again, with the record kept.
func (tx *Tx) CreateAPIToken(ctx context.Context, userID, name string, ttl time.Duration) (string, account.APIToken, error) {
	if err := account.ValidateTokenRequest(name, ttl); err != nil {
		return "", account.APIToken{}, err
	}
	if _, err := tx.FindUserByID(ctx, userID); err != nil {
		return "", account.APIToken{}, err
	}
	plain, hash, display := account.NewAPIToken()
	t := account.APIToken{ID: learnwell.NewID(), UserID: userID, Name: strings.TrimSpace(name), Display: display,
		CreatedAt: tx.Now, ExpiresAt: tx.Now.Add(ttl)}
	_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, display, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.ID, t.UserID, t.Name, hash, t.Display, t.CreatedAt, t.ExpiresAt)
	return plain, t, err
}

func scanToken(row interface{ Scan(...any) error }) (account.APIToken, error) {
	var t account.APIToken
	var lastUsed, revoked sql.NullTime
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Display, &t.CreatedAt, &t.ExpiresAt, &lastUsed, &revoked)
	t.CreatedAt, t.ExpiresAt = t.CreatedAt.UTC(), t.ExpiresAt.UTC()
	t.LastUsedAt, t.RevokedAt = timeOf(lastUsed), timeOf(revoked)
	return t, err
}

// FindAPITokenByHash returns the token kept under the hash, or ENOTFOUND.
func (tx *Tx) FindAPITokenByHash(ctx context.Context, hash string) (account.APIToken, error) {
	t, err := scanToken(tx.QueryRowContext(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE token_hash = $1", hash))
	if errors.Is(err, sql.ErrNoRows) {
		return t, learnwell.Errorf(learnwell.ENOTFOUND, "There is no such token.")
	}
	return t, err
}

// FindAPITokenByID returns a token, or ENOTFOUND.
func (tx *Tx) FindAPITokenByID(ctx context.Context, id string) (account.APIToken, error) {
	t, err := scanToken(tx.QueryRowContext(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, learnwell.Errorf(learnwell.ENOTFOUND, "There is no such token.")
	}
	return t, err
}

// FindAPITokens returns a user's tokens, newest first, revoked and expired
// ones included.
func (db *DB) FindAPITokens(ctx context.Context, userID string) ([]account.APIToken, error) {
	var out []account.APIToken
	err := eachRow(ctx, db.read, "SELECT "+tokenColumns+" FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id",
		[]any{userID}, func(r *sql.Rows) error {
			t, err := scanToken(r)
			out = append(out, t)
			return err
		})
	return out, db.classify(err)
}

// RevokeAPIToken revokes a token; revoking it again is a conflict.
func (tx *Tx) RevokeAPIToken(ctx context.Context, id string) error {
	res, err := tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", id, tx.Now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.FindAPITokenByID(ctx, id); err != nil {
			return err
		}
		return learnwell.Errorf(learnwell.ECONFLICT, "This token is already revoked.")
	}
	return nil
}

// TouchAPIToken records that a token was used now, unless that was recorded
// less than account.TokenLastUsedEvery ago: a busy integration does not
// cause a write per request.
func (db *DB) TouchAPIToken(ctx context.Context, id string) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)",
			id, tx.Now, tx.Now.Add(-account.TokenLastUsedEvery))
		return err
	})
}
