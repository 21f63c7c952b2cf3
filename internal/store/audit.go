package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"learnwell"
	"learnwell/internal/audit"
)

// auditLockKey serialises appends to the audit trail on PostgreSQL, across
// every app node, so each entry links to the one committed before it and
// sequence numbers have no gaps. SQLite's one writer serialises them already.
const auditLockKey = 7_000_003

// Audit adds an entry to the audit trail in this transaction: the entry
// exists if and only if the change it records commits. It checks the entry
// now (an invalid entry is an error and nothing should be written), and
// appends it just before the commit, after every other write of the
// transaction, so the audit lock is always the last lock taken and is held
// only while committing. The store sets Seq, At (the transaction's Now),
// PrevHash and Hash.
func (tx *Tx) Audit(ctx context.Context, e audit.Entry) error {
	if tx.readOnly {
		return learnwell.Internal(errors.New("store: audit entry in a read-only transaction; use DB.Audit for views"))
	}
	if err := e.Validate(); err != nil {
		return err
	}
	e.Seq, e.PrevHash, e.Hash = 0, "", ""
	e.Subject.IDs = append([]string(nil), e.Subject.IDs...)
	codes := make(map[string]string, len(e.Codes))
	for k, v := range e.Codes {
		codes[k] = v
	}
	e.Codes = codes
	if len(tx.pendingAudit) == 0 {
		tx.beforeCommit = append(tx.beforeCommit, tx.appendAudit)
	}
	tx.pendingAudit = append(tx.pendingAudit, e)
	return nil
}

// Audit records one entry in a transaction of its own: for views of personal
// data, which change nothing else.
func (db *DB) Audit(ctx context.Context, e audit.Entry) error {
	return db.WriteTx(ctx, func(tx *Tx) error { return tx.Audit(ctx, e) })
}

// appendAudit writes the transaction's queued entries at the end of the
// trail, under the audit lock.
func (tx *Tx) appendAudit(ctx context.Context) error {
	queue := tx.pendingAudit
	tx.pendingAudit = nil
	if len(queue) == 0 {
		return nil
	}
	if tx.db.loc.Engine == Postgres {
		// Keyed by schema too, so databases in different schemas (tests) never wait on each other.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))", auditLockKey); err != nil {
			return fmt.Errorf("store: audit lock: %w", err)
		}
	}
	// Under the lock, at READ COMMITTED, this sees the last committed entry.
	var prevSeq int64
	var prevHash string
	err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").Scan(&prevSeq, &prevHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: audit head: %w", err)
	}
	for _, e := range queue {
		e = audit.Seal(e, prevSeq, prevHash, tx.Now)
		if err := tx.insertAuditEntry(ctx, e); err != nil {
			return err
		}
		prevSeq, prevHash = e.Seq, e.Hash
	}
	return nil
}

func (tx *Tx) insertAuditEntry(ctx context.Context, e audit.Entry) error {
	ids, err := json.Marshal(nonNil(e.Subject.IDs))
	if err != nil {
		return err
	}
	codes, err := json.Marshal(e.Codes) // encoding/json sorts map keys
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_entries (seq, at, actor_kind, actor_user_id, actor_organisation_id,
			actor_role, actor_system, action, subject_type, subject_ids, subject_organisation_id, codes,
			origin_network, origin_request_id, origin_client, reason_code, reason_note, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		e.Seq, e.At, e.Actor.Kind, e.Actor.UserID, e.Actor.OrganisationID, e.Actor.Role, e.Actor.System,
		e.Action, e.Subject.Type, string(ids), e.Subject.OrganisationID, string(codes),
		e.Origin.Network, e.Origin.RequestID, e.Origin.Client, e.Reason.Code, e.Reason.Note, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("store: append audit entry %d: %w", e.Seq, err)
	}
	seen := map[string]bool{}
	for _, id := range e.Subject.IDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, err := tx.ExecContext(ctx, "INSERT INTO audit_records (record_id, seq) VALUES ($1, $2)", id, e.Seq); err != nil {
			return fmt.Errorf("store: index audit entry %d: %w", e.Seq, err)
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const auditColumns = `seq, at, actor_kind, actor_user_id, actor_organisation_id, actor_role, actor_system,
	action, subject_type, subject_ids, subject_organisation_id, codes, origin_network, origin_request_id,
	origin_client, reason_code, reason_note, prev_hash, hash`

// scanAuditEntry reads a row as stored. Columns that do not decode (someone
// wrote to the table by hand) come back empty, so the hash check reports the
// entry rather than the read failing.
func scanAuditEntry(row interface{ Scan(...any) error }) (audit.Entry, error) {
	var e audit.Entry
	var ids, codes string
	err := row.Scan(&e.Seq, &e.At, &e.Actor.Kind, &e.Actor.UserID, &e.Actor.OrganisationID, &e.Actor.Role,
		&e.Actor.System, &e.Action, &e.Subject.Type, &ids, &e.Subject.OrganisationID, &codes,
		&e.Origin.Network, &e.Origin.RequestID, &e.Origin.Client, &e.Reason.Code, &e.Reason.Note, &e.PrevHash, &e.Hash)
	if err != nil {
		return e, err
	}
	e.At = e.At.UTC()
	if json.Unmarshal([]byte(ids), &e.Subject.IDs) != nil {
		e.Subject.IDs = []string{"(unreadable: " + ids + ")"}
	}
	if json.Unmarshal([]byte(codes), &e.Codes) != nil {
		e.Codes = map[string]string{"unreadable": codes}
	}
	return e, nil
}

// auditBatch is how many entries a walk of the trail reads at a time.
const auditBatch = 500

// EachAuditEntry calls fn with every entry from sequence number from on, in
// order. It reads a batch at a time, so memory stays the same however long
// the trail; entries appended during the walk are included.
func (db *DB) EachAuditEntry(ctx context.Context, from int64, fn func(audit.Entry) error) error {
	return db.eachAuditBatch(ctx, from, func(batch []audit.Entry) error {
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachAuditBatch calls fn with the entries from sequence number from on, in
// order, up to auditBatch at a time.
func (db *DB) eachAuditBatch(ctx context.Context, from int64, fn func([]audit.Entry) error) error {
	after := from - 1
	for {
		batch := make([]audit.Entry, 0, auditBatch)
		err := eachRow(ctx, db.read, "SELECT "+auditColumns+" FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2",
			[]any{after, auditBatch}, func(rows *sql.Rows) error {
				e, err := scanAuditEntry(rows)
				batch = append(batch, e)
				return err
			})
		if err != nil {
			return db.classify(err)
		}
		if len(batch) > 0 {
			if err := fn(batch); err != nil {
				return err
			}
		}
		if len(batch) < auditBatch {
			return nil
		}
		after = batch[len(batch)-1].Seq
	}
}

func brokenTrail(b *audit.Break) error {
	msg := b.Error()
	return &learnwell.Error{Code: learnwell.ECONFLICT, Message: strings.ToUpper(msg[:1]) + msg[1:] + ".", Err: b}
}

// FindAuditEntries returns a page of entries matching the filter, newest
// first, and how many match in all.
func (db *DB) FindAuditEntries(ctx context.Context, f audit.Filter) ([]audit.Entry, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.OrganisationID != "" {
		p := arg(f.OrganisationID)
		where = append(where, "(actor_organisation_id = "+p+" OR subject_organisation_id = "+p+")")
	}
	if f.ActorUserID != "" {
		where = append(where, "actor_user_id = "+arg(f.ActorUserID))
	}
	if f.Action != "" {
		where = append(where, "action = "+arg(f.Action))
	}
	if f.RecordID != "" {
		where = append(where, "seq IN (SELECT seq FROM audit_records WHERE record_id = "+arg(f.RecordID)+")")
	}
	if !f.From.IsZero() {
		where = append(where, "at >= "+arg(f.From.UTC()))
	}
	if !f.To.IsZero() {
		where = append(where, "at < "+arg(f.To.UTC()))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	var out []audit.Entry
	err := db.ReadTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_entries"+cond, args...).Scan(&total); err != nil {
			return err
		}
		n := len(args)
		q := fmt.Sprintf("SELECT %s FROM audit_entries%s ORDER BY seq DESC LIMIT $%d OFFSET $%d", auditColumns, cond, n+1, n+2)
		return eachRow(ctx, tx, q, append(args, f.Limit, f.Offset), func(rows *sql.Rows) error {
			e, err := scanAuditEntry(rows)
			out = append(out, e)
			return err
		})
	})
	if err != nil {
		return nil, 0, db.classify(err)
	}
	return out, total, nil
}
