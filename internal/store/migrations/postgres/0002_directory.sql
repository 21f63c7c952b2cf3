-- The directory: learning providers, their venues, courses and runs. Each row
-- keeps the whole record as JSON in data, with the columns that queries,
-- constraints and places need alongside it. Places taken live in their own
-- column, the one truth that referrals will update.
CREATE TABLE organisations (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    data          TEXT NOT NULL,
    source_system TEXT NOT NULL DEFAULT '',
    source_id     TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX organisations_source ON organisations (source_system, source_id);

CREATE TABLE locations (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    postcode        TEXT NOT NULL,
    borough         TEXT NOT NULL,
    data            TEXT NOT NULL,
    source_system   TEXT NOT NULL DEFAULT '',
    source_id       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX locations_organisation ON locations (organisation_id);

CREATE TABLE courses (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    title           TEXT NOT NULL,
    status          TEXT NOT NULL,
    data            TEXT NOT NULL,
    source_system   TEXT NOT NULL DEFAULT '',
    source_id       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX courses_organisation ON courses (organisation_id);
CREATE INDEX courses_updated ON courses (updated_at);

CREATE TABLE runs (
    id            TEXT PRIMARY KEY,
    course_id     TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    location_id   TEXT REFERENCES locations (id),
    status        TEXT NOT NULL CHECK (status IN ('open', 'full', 'cancelled')),
    first_session TEXT NOT NULL,
    last_session  TEXT NOT NULL,
    places_total  INTEGER NOT NULL CHECK (places_total >= 0),
    places_taken  INTEGER NOT NULL CHECK (places_taken >= 0),
    data          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX runs_course ON runs (course_id);
CREATE INDEX runs_location ON runs (location_id);

-- Taxonomies other than the built-in ones (imported feeds bring their own).
CREATE TABLE taxonomies (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE taxonomy_terms (
    id          TEXT PRIMARY KEY,
    taxonomy_id TEXT NOT NULL REFERENCES taxonomies (id),
    data        TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Every change to a course's listing, in commit order, so that each app node
-- can bring its in-memory search index up to date.
CREATE TABLE directory_changes (
    seq        BIGSERIAL PRIMARY KEY,
    course_id  TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL
);
