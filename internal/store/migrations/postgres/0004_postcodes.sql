-- Postcodes: an ONS postcode directory (ONSPD or NSPL), loaded by
-- `learnwell import postcodes`, gives each full postcode its own point and
-- local authority. Each load is a generation: its rows are written beside the
-- set in use, then the meta key "postcodes" switches to it in one
-- transaction and the old generation's rows are deleted, so a reader never
-- sees half a set and an interrupted load leaves the previous set in use.
CREATE TABLE postcode_sets (
    generation  INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,          -- the file's name, without its folder
    row_count   INTEGER NOT NULL DEFAULT 0,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ               -- set when the load completed
);
CREATE TABLE postcodes (
    generation INTEGER NOT NULL,
    postcode   TEXT NOT NULL,           -- normalised, like "N7 8DB"
    lat        DOUBLE PRECISION NOT NULL,
    lon        DOUBLE PRECISION NOT NULL,
    authority  TEXT NOT NULL,           -- ONS laua: the local authority district's GSS code
    PRIMARY KEY (generation, postcode)
);

-- The Open Referral feed pages and filters in SQL (internal/store/feed.go).
-- These columns copy what the feed filters on out of each row's JSON; the
-- store's write functions keep them up to date, and Migrate fills them in
-- for rows written before this migration (meta key "feed_columns").
ALTER TABLE courses ADD COLUMN min_age INTEGER NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN max_age INTEGER NOT NULL DEFAULT 0;
CREATE INDEX courses_status_id ON courses (status, id);
CREATE INDEX courses_organisation_id ON courses (organisation_id, id);

ALTER TABLE runs ADD COLUMN days INTEGER NOT NULL DEFAULT 0;       -- bit d for weekday d, Sunday 0
ALTER TABLE runs ADD COLUMN starts_at TEXT NOT NULL DEFAULT '';    -- HH:MM, London time
ALTER TABLE runs ADD COLUMN ends_at TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN service_at_location_id TEXT;           -- the feed's id for the course at the run's venue; NULL online
CREATE INDEX runs_service_at_location ON runs (service_at_location_id);
-- Runs by venue, with what the feed's venues near a postcode need, so that
-- reading them touches the index alone.
DROP INDEX runs_location;
CREATE INDEX runs_location ON runs (location_id, last_session, status, course_id, service_at_location_id);

ALTER TABLE locations ADD COLUMN lat DOUBLE PRECISION;                         -- the venue's point, NULL when not known
ALTER TABLE locations ADD COLUMN lon DOUBLE PRECISION;
CREATE INDEX locations_point ON locations (lat, lon);

-- Every taxonomy term that classifies a course (directory.Course.TermIDs).
CREATE TABLE course_terms (
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    term_id   TEXT NOT NULL,
    PRIMARY KEY (course_id, term_id)
);
CREATE INDEX course_terms_term ON course_terms (term_id, course_id);
