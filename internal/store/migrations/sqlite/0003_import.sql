-- Imports: a record from another system is found again by its source (the
-- system's base URL or file name, and the record's id there), so importing
-- the same feed twice updates and never duplicates. Records made in learnwell
-- have an empty source and are not constrained.
DROP INDEX organisations_source;
CREATE UNIQUE INDEX organisations_source ON organisations (source_system, source_id) WHERE source_system <> '';
CREATE UNIQUE INDEX locations_source ON locations (source_system, source_id) WHERE source_system <> '';
CREATE UNIQUE INDEX courses_source ON courses (source_system, source_id) WHERE source_system <> '';
