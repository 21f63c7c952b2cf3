package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"learnwell"
	"learnwell/internal/account"
)

// This file keeps secure links: the one mechanism for every link sent to a
// person. A link's token is 256 random bits; only its SHA-256 is stored, with
// its purpose, subject, expiry and uses left. Every refusal (unknown,
// changed, expired, used up, revoked, other purpose) is the same error,
// account.ErrLinkNotValid.

// NewLink describes a link to issue.
type NewLink struct {
	Purpose   account.LinkPurpose
	SubjectID string        // what the link is about, such as a user's id
	TTL       time.Duration // 0: the purpose's rule (account.RulesFor)
	Uses      int           // 0: the purpose's rule
	// RevokeOthers revokes the subject's earlier links of the same purpose,
	// so only the newest invitation or reset works.
	RevokeOthers bool
}

// linkRetention is how long expired links are kept before they are removed.
const linkRetention = 30 * 24 * time.Hour

// CreateLink issues a secure link and returns its token, to be put in the
// link and nowhere else, and when it expires.
func (tx *Tx) CreateLink(ctx context.Context, l NewLink) (token string, expires time.Time, err error) {
	rules, _ := account.RulesFor(l.Purpose)
	if l.TTL == 0 {
		l.TTL = rules.TTL
	}
	if l.Uses == 0 {
		l.Uses = rules.Uses
	}
	if l.Purpose == "" || l.SubjectID == "" || l.TTL <= 0 || l.Uses <= 0 {
		return "", time.Time{}, learnwell.Internal(fmt.Errorf("store: a link needs a purpose, a subject, a lifetime and uses (got %+v)", l))
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM secure_links WHERE expires_at < $1", tx.Now.Add(-linkRetention)); err != nil {
		return "", time.Time{}, err
	}
	if l.RevokeOthers {
		if err := tx.RevokeLinksFor(ctx, l.SubjectID, l.Purpose); err != nil {
			return "", time.Time{}, err
		}
	}
	token, hash := account.NewLinkToken()
	expires = tx.Now.Add(l.TTL)
	_, err = tx.ExecContext(ctx, `INSERT INTO secure_links (token_hash, purpose, subject_id, expires_at, uses_left, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, hash, string(l.Purpose), l.SubjectID, expires, l.Uses, tx.Now)
	return token, expires, err
}

// RedeemLink uses a link once: in one statement it checks that the token is
// known, for this purpose, unexpired, unrevoked and has uses left, and takes
// one use. It returns the link's subject, or account.ErrLinkNotValid.
func (tx *Tx) RedeemLink(ctx context.Context, purpose account.LinkPurpose, token string) (string, error) {
	hash, ok := account.HashLinkToken(token)
	if !ok {
		return "", account.ErrLinkNotValid()
	}
	var subject string
	err := tx.QueryRowContext(ctx, `UPDATE secure_links SET uses_left = uses_left - 1, last_used_at = $3
		WHERE token_hash = $1 AND purpose = $2 AND uses_left > 0 AND revoked_at IS NULL AND expires_at > $3
		RETURNING subject_id`, hash, string(purpose), tx.Now).Scan(&subject)
	if errors.Is(err, sql.ErrNoRows) {
		return "", account.ErrLinkNotValid()
	}
	return subject, err
}

// PeekLink checks a link as RedeemLink does without using it, for the page
// that shows a form before the link is used. It returns the link's subject,
// or account.ErrLinkNotValid.
func (tx *Tx) PeekLink(ctx context.Context, purpose account.LinkPurpose, token string) (string, error) {
	hash, ok := account.HashLinkToken(token)
	if !ok {
		return "", account.ErrLinkNotValid()
	}
	var subject string
	err := tx.QueryRowContext(ctx, `SELECT subject_id FROM secure_links
		WHERE token_hash = $1 AND purpose = $2 AND uses_left > 0 AND revoked_at IS NULL AND expires_at > $3`,
		hash, string(purpose), tx.Now).Scan(&subject)
	if errors.Is(err, sql.ErrNoRows) {
		return "", account.ErrLinkNotValid()
	}
	return subject, err
}

// RevokeLink revokes one link by its token. An unknown token is not an error.
func (tx *Tx) RevokeLink(ctx context.Context, token string) error {
	hash, ok := account.HashLinkToken(token)
	if !ok {
		return nil
	}
	_, err := tx.ExecContext(ctx, "UPDATE secure_links SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL", hash, tx.Now)
	return err
}

// RevokeLinksFor revokes every live link of the subject, or only those of
// the purposes given.
func (tx *Tx) RevokeLinksFor(ctx context.Context, subjectID string, purposes ...account.LinkPurpose) error {
	if len(purposes) == 0 {
		_, err := tx.ExecContext(ctx, "UPDATE secure_links SET revoked_at = $2 WHERE subject_id = $1 AND revoked_at IS NULL", subjectID, tx.Now)
		return err
	}
	for _, p := range purposes {
		if _, err := tx.ExecContext(ctx, "UPDATE secure_links SET revoked_at = $3 WHERE subject_id = $1 AND purpose = $2 AND revoked_at IS NULL",
			subjectID, string(p), tx.Now); err != nil {
			return err
		}
	}
	return nil
}

// FindLinks returns the links of a subject (without tokens), newest first:
// for pages that say whether an invitation is outstanding.
func (db *DB) FindLinks(ctx context.Context, subjectID string) ([]account.Link, error) {
	var out []account.Link
	err := eachRow(ctx, db.read, `SELECT token_hash, purpose, subject_id, expires_at, uses_left, revoked_at IS NOT NULL, created_at
		FROM secure_links WHERE subject_id = $1 ORDER BY created_at DESC, token_hash`, []any{subjectID}, func(r *sql.Rows) error {
		var l account.Link
		var purpose string
		err := r.Scan(&l.Hash, &purpose, &l.SubjectID, &l.ExpiresAt, &l.UsesLeft, &l.Revoked, &l.CreatedAt)
		l.Purpose, l.ExpiresAt, l.CreatedAt = account.LinkPurpose(purpose), l.ExpiresAt.UTC(), l.CreatedAt.UTC()
		out = append(out, l)
		return err
	})
	return out, db.classify(err)
}

// CountLinksSince counts the links of a purpose issued to a subject since a
// time, for limits such as "at most 3 reset emails an hour".
func (tx *Tx) CountLinksSince(ctx context.Context, subjectID string, p account.LinkPurpose, since time.Time) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM secure_links WHERE subject_id = $1 AND purpose = $2 AND created_at > $3",
		subjectID, string(p), since).Scan(&n)
	return n, err
}
