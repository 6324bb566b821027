-- Elderly care: the census of elders (identity, place, living arrangement, economic status, guardian, consent), the
-- needs surveyed per round, census imports with their progress and error report, pilot versions of the disability
-- bands (the national 2021 version is built in), and disability assessments. Kept column-for-column identical to
-- ../postgres/0013_care.sql.

CREATE TABLE elders (
    id             TEXT PRIMARY KEY,
    -- The citizen ID number (checked by its GB 11643 check digit): one elder per number; shown in full only to
    -- civil-affairs officers and assessors, never logged.
    id_number      TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    sex            TEXT NOT NULL,
    -- YYYYMMDD, for age filters without date functions.
    birth_ymd      INTEGER NOT NULL,
    street_id      TEXT NOT NULL REFERENCES units(id),
    community_id   TEXT NOT NULL REFERENCES units(id),
    living         TEXT NOT NULL,
    economic       TEXT NOT NULL,
    phone          TEXT,
    guardian_name  TEXT NOT NULL DEFAULT '',
    guardian_phone TEXT,
    -- The elder (or guardian) agreed that their data serve care services and insurance.
    consent        INTEGER NOT NULL DEFAULT 0,
    -- The survey round of the latest census row (e.g. 2026).
    survey_round   TEXT NOT NULL,
    -- The level of the assessment in force (NULL: none) and the first day it no longer is (YYYYMMDD).
    care_level     INTEGER,
    level_until    INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX elders_by_place ON elders (street_id, community_id, name);
CREATE INDEX elders_by_level ON elders (care_level, street_id);
CREATE INDEX elders_by_name ON elders (name);

CREATE TABLE elder_needs (
    elder_id     TEXT NOT NULL REFERENCES elders(id),
    survey_round TEXT NOT NULL,
    need         TEXT NOT NULL,
    PRIMARY KEY (elder_id, survey_round, need)
);
CREATE INDEX elder_needs_by_need ON elder_needs (survey_round, need);

CREATE TABLE census_imports (
    id           TEXT PRIMARY KEY,
    file_name    TEXT NOT NULL,
    survey_round TEXT NOT NULL,
    -- running, done, rejected (the file as a whole: nothing imported), failed (stopped by an error underneath).
    status       TEXT NOT NULL,
    total_rows   INTEGER NOT NULL DEFAULT 0,
    done_rows    INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    bad          INTEGER NOT NULL DEFAULT 0,
    message      TEXT NOT NULL DEFAULT '',
    -- The per-row error report as CSV (行号,列,原因): no names or numbers of elders.
    report       TEXT NOT NULL DEFAULT '',
    started_by   TEXT REFERENCES users(id),
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER
);
CREATE INDEX census_imports_by_time ON census_imports (started_at);

-- A pilot's own bands and matrix (JSON of the domain's BandVersion); national-2021 is built in.
CREATE TABLE care_band_versions (
    code       TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT REFERENCES users(id)
);

CREATE TABLE care_assessments (
    id              TEXT PRIMARY KEY,
    elder_id        TEXT NOT NULL REFERENCES elders(id),
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL,
    band_version    TEXT NOT NULL,
    -- The 17 item scores as JSON (code → score).
    items           TEXT NOT NULL,
    daily_living    INTEGER NOT NULL,
    cognition       INTEGER NOT NULL,
    perception      INTEGER NOT NULL,
    computed_level  INTEGER NOT NULL,
    assessor_level  INTEGER NOT NULL,
    assessor1       TEXT NOT NULL REFERENCES users(id),
    assessor2       TEXT NOT NULL REFERENCES users(id),
    assessed_at     INTEGER NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    reviewer_id     TEXT REFERENCES users(id),
    reviewer_level  INTEGER,
    final_level     INTEGER,
    reviewed_at     INTEGER,
    publicity_until INTEGER,
    appeal_note     TEXT NOT NULL DEFAULT '',
    appealed_at     INTEGER,
    concluded_at    INTEGER,
    -- YYYYMMDD: the first day in force and the first day no longer in force.
    valid_from      INTEGER,
    valid_until     INTEGER,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX care_assessments_by_elder ON care_assessments (elder_id, assessed_at);
CREATE INDEX care_assessments_by_status ON care_assessments (status, publicity_until);
