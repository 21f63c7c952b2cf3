-- Organisations, users and trust (see internal/account and docs/accounts.md).
-- Secrets are never kept in clear: passwords as argon2id hashes, link and API
-- tokens and recovery codes as SHA-256 hashes, authenticator secrets sealed
-- with the data key, addresses of failed sign-ins as keyed hashes.

-- Organisations whose staff use learnwell. Not the directory's organisations,
-- though a learning provider links to its entry there.
CREATE TABLE account_organisations (
    id                        TEXT PRIMARY KEY,
    name                      TEXT NOT NULL,
    name_key                  TEXT NOT NULL UNIQUE, -- lower-cased name: names are unique without regard to case
    kind                      TEXT NOT NULL CHECK (kind IN ('social-prescribing-service', 'learning-provider', 'commissioner', 'platform-operator')),
    all_london                BOOLEAN NOT NULL DEFAULT FALSE,
    ods_code                  TEXT NOT NULL DEFAULT '',
    directory_organisation_id TEXT REFERENCES organisations (id),
    demo                      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX account_organisations_directory ON account_organisations (directory_organisation_id);

-- The London boroughs (GSS codes) each organisation serves.
CREATE TABLE account_organisation_boroughs (
    organisation_id TEXT NOT NULL REFERENCES account_organisations (id) ON DELETE CASCADE,
    borough         TEXT NOT NULL,
    PRIMARY KEY (organisation_id, borough)
);
CREATE INDEX account_organisation_boroughs_borough ON account_organisation_boroughs (borough);

-- People who sign in. sessions_valid_after ends every session and API token
-- issued before it (deactivation, sign out everywhere).
CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    organisation_id      TEXT NOT NULL REFERENCES account_organisations (id),
    email                TEXT NOT NULL,
    email_key            TEXT NOT NULL UNIQUE, -- lower-cased: addresses are unique without regard to case
    name                 TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('invited', 'active', 'deactivated')),
    password_hash        TEXT NOT NULL DEFAULT '',
    password_changed_at  TIMESTAMP,
    totp_secret          TEXT NOT NULL DEFAULT '', -- sealed with the data key
    totp_pending         TEXT NOT NULL DEFAULT '', -- sealed; during set-up, until the first code confirms it
    totp_last_step       BIGINT NOT NULL DEFAULT 0, -- the step of the last code used: no code twice
    sessions_valid_after TIMESTAMP NOT NULL,
    last_sign_in_at      TIMESTAMP,
    demo                 BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    deactivated_at       TIMESTAMP
);
CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('link-worker', 'provider-coordinator', 'commissioner-analyst', 'org-admin', 'platform-admin')),
    PRIMARY KEY (user_id, role)
);

-- Single-use recovery codes for the second factor, hashed.
CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    PRIMARY KEY (user_id, code_hash)
);

-- Failed sign-ins, counted across app nodes for lockout and throttling. Both
-- keys are keyed hashes (HMAC with the data key) of the email address typed
-- and of the network address: neither is kept in clear.
CREATE TABLE sign_in_failures (
    id         TEXT PRIMARY KEY,
    email_key  TEXT NOT NULL,
    ip_key     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email_key, created_at);
CREATE INDEX sign_in_failures_ip ON sign_in_failures (ip_key, created_at);
CREATE INDEX sign_in_failures_created ON sign_in_failures (created_at);

-- Every link sent to a person (invitations, password resets; later
-- questionnaires and shortlists), kept only as the SHA-256 of its token.
CREATE TABLE secure_links (
    token_hash   TEXT PRIMARY KEY,
    purpose      TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    uses_left    INTEGER NOT NULL CHECK (uses_left >= 0),
    revoked_at   TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
CREATE INDEX secure_links_subject ON secure_links (subject_id, purpose);
CREATE INDEX secure_links_expires ON secure_links (expires_at);

-- API tokens, kept only as the SHA-256 of the token.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    display      TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Data sharing agreements. Dates are London dates, YYYY-MM-DD; ends_on is ''
-- for an agreement with no end date.
CREATE TABLE sharing_agreements (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'active', 'ended')),
    area_wide  BOOLEAN NOT NULL DEFAULT FALSE,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL DEFAULT '',
    demo       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX sharing_agreements_status ON sharing_agreements (status);

CREATE TABLE sharing_agreement_parties (
    agreement_id    TEXT NOT NULL REFERENCES sharing_agreements (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES account_organisations (id),
    PRIMARY KEY (agreement_id, organisation_id)
);
CREATE INDEX sharing_agreement_parties_organisation ON sharing_agreement_parties (organisation_id);

CREATE TABLE sharing_agreement_categories (
    agreement_id TEXT NOT NULL REFERENCES sharing_agreements (id) ON DELETE CASCADE,
    category     TEXT NOT NULL CHECK (category IN ('referral-details', 'contact-details', 'health-and-wellbeing', 'attendance-and-outcomes')),
    PRIMARY KEY (agreement_id, category)
);

CREATE TABLE sharing_agreement_boroughs (
    agreement_id TEXT NOT NULL REFERENCES sharing_agreements (id) ON DELETE CASCADE,
    borough      TEXT NOT NULL,
    PRIMARY KEY (agreement_id, borough)
);
