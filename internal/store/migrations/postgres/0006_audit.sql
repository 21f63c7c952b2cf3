-- The audit trail: every view of personal data and every change, append-only
-- and hash-chained (see internal/audit and docs/audit.md). Entries hold ids and
-- codes, never personal values. seq is given by the app under an advisory lock,
-- 1, 2, 3... with no gaps; hash covers the entry's fields and prev_hash.
CREATE TABLE audit_entries (
    seq                     BIGINT PRIMARY KEY CHECK (seq >= 1),
    at                      TIMESTAMPTZ NOT NULL,
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
    seq       BIGINT NOT NULL,
    PRIMARY KEY (record_id, seq)
);

-- Append-only: the app may insert and read, never change or remove. The
-- operator should also grant the app's role only SELECT and INSERT on these
-- tables (docs/audit.md), since a table's owner can drop a trigger.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- Server-side sessions for the web sign-in (alexedwards/scs), keyed by the
-- SHA-256 of the session token, so the table alone cannot sign anyone in.
-- user_id is set at sign-in so every session of a user can be ended at once;
-- revoked_at marks such a session, so a request in flight cannot bring it back.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    data       BYTEA NOT NULL,
    expiry     TIMESTAMPTZ NOT NULL,
    user_id    TEXT NOT NULL DEFAULT '',
    revoked_at TIMESTAMPTZ
);
CREATE INDEX sessions_expiry ON sessions (expiry);
CREATE INDEX sessions_user ON sessions (user_id) WHERE user_id <> '';
