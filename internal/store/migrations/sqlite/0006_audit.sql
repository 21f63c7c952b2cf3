-- The audit trail: every view of personal data and every change, append-only
-- and hash-chained (see internal/audit and docs/audit.md). Entries hold ids and
-- codes, never personal values. seq is given by the app (SQLite's one writer
-- serialises appends), 1, 2, 3... with no gaps; hash covers the entry's fields
-- and prev_hash.
CREATE TABLE audit_entries (
    seq                     INTEGER PRIMARY KEY CHECK (seq >= 1),
    at                      TIMESTAMP NOT NULL,
    actor_kind              TEXT NOT NULL CHECK (actor_kind IN ('user', 'system')),
    actor_user_id           TEXT NOT NULL DEFAULT '',
    actor_organisation_id   TEXT NOT NULL DEFAULT '',
    actor_role              TEXT NOT NULL DEFAULT '',
    actor_system            TEXT NOT NULL DEFAULT '',
    action                  TEXT NOT NULL,
    subject_type            TEXT NOT NULL DEFAULT '',
    subject_ids             TEXT NOT NULL DEFAULT '[]', -- JSON array of ids
    subject_organisation_id TEXT NOT NULL DEFAULT '',
    codes                   TEXT NOT NULL DEFAULT '{}', -- JSON object of codes
    origin_network          TEXT NOT NULL DEFAULT '',
    origin_request_id       TEXT NOT NULL DEFAULT '',
    origin_client           TEXT NOT NULL DEFAULT '',
    reason_code             TEXT NOT NULL DEFAULT '',
    reason_note             TEXT NOT NULL DEFAULT '',
    prev_hash               TEXT NOT NULL,
    hash                    TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_entries_hash ON audit_entries (hash);
-- For the organisation admin's search, newest first.
CREATE INDEX audit_entries_actor_org ON audit_entries (actor_organisation_id, seq);
CREATE INDEX audit_entries_subject_org ON audit_entries (subject_organisation_id, seq);
CREATE INDEX audit_entries_actor_user ON audit_entries (actor_user_id, seq);
CREATE INDEX audit_entries_action ON audit_entries (action, seq);
CREATE INDEX audit_entries_at ON audit_entries (at);

-- Which entries name which records, for searching by record id. Derived from
-- audit_entries.subject_ids (which the hash covers) in the same transaction.
CREATE TABLE audit_records (
    record_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (record_id, seq)
) WITHOUT ROWID;

-- Append-only: the app may insert and read, never change or remove.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE on audit_entries is not allowed');
END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE on audit_entries is not allowed');
END;
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE on audit_records is not allowed');
END;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE on audit_records is not allowed');
END;

-- Server-side sessions for the web sign-in (alexedwards/scs), keyed by the
-- SHA-256 of the session token, so the table alone cannot sign anyone in.
-- user_id is set at sign-in so every session of a user can be ended at once;
-- revoked_at marks such a session, so a request in flight cannot bring it back.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    data       BLOB NOT NULL,
    expiry     TIMESTAMP NOT NULL,
    user_id    TEXT NOT NULL DEFAULT '',
    revoked_at TIMESTAMP
);
CREATE INDEX sessions_expiry ON sessions (expiry);
CREATE INDEX sessions_user ON sessions (user_id) WHERE user_id <> '';
