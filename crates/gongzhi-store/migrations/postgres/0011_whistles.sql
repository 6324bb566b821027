-- 街乡吹哨、部门报到, the delegated powers catalogue and integrated enforcement cases. Kept column-for-column identical
-- to ../sqlite/0011_whistles.sql.

-- The reasons a street may whistle for, with their default report deadline (data, editable).
CREATE TABLE whistle_reasons (
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    report_minutes BIGINT NOT NULL,
    position       BIGINT NOT NULL
);

CREATE TABLE whistles (
    id             TEXT PRIMARY KEY,
    whistle_no     TEXT NOT NULL UNIQUE,
    street_id      TEXT NOT NULL REFERENCES units(id),
    blown_unit_id  TEXT NOT NULL REFERENCES units(id),
    blown_by       TEXT REFERENCES users(id),
    reason         TEXT NOT NULL REFERENCES whistle_reasons(code),
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    address        TEXT NOT NULL,
    lat            DOUBLE PRECISION,
    lon            DOUBLE PRECISION,
    report_minutes BIGINT NOT NULL,
    blown_at       BIGINT NOT NULL,
    status         TEXT NOT NULL,
    outcome        TEXT NOT NULL DEFAULT '',
    close_reason   TEXT NOT NULL DEFAULT '',
    closed_at      BIGINT,
    closed_by      TEXT REFERENCES users(id),
    version        BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX whistles_street ON whistles(street_id, blown_at);
CREATE INDEX whistles_status ON whistles(status, blown_at);
CREATE INDEX whistles_blown ON whistles(blown_at);

-- Each summoned unit: its deadline, its report (who came, on site, what it did), the sweeper's chase, the street's
-- rating.
CREATE TABLE whistle_units (
    whistle_id     TEXT NOT NULL REFERENCES whistles(id),
    unit_id        TEXT NOT NULL REFERENCES units(id),
    -- The whistle's street and time, copied so the district view reads this table alone.
    street_id      TEXT NOT NULL REFERENCES units(id),
    blown_at       BIGINT NOT NULL,
    summoned_at    BIGINT NOT NULL,
    due_at         BIGINT NOT NULL,
    reported_at    BIGINT,
    reported_by    TEXT REFERENCES users(id),
    on_site        BIGINT,
    people         TEXT NOT NULL DEFAULT '[]',
    action         TEXT NOT NULL DEFAULT '',
    chased         BIGINT NOT NULL DEFAULT 0,
    timeliness     BIGINT,
    attitude       BIGINT,
    result         BIGINT,
    rating_comment TEXT NOT NULL DEFAULT '',
    rated_at       BIGINT,
    rated_by       TEXT REFERENCES users(id),
    PRIMARY KEY (whistle_id, unit_id)
);
CREATE INDEX whistle_units_unit ON whistle_units(unit_id, summoned_at);
CREATE INDEX whistle_units_due ON whistle_units(reported_at, chased, due_at);
-- The district view: every summons of a period, read from the index alone.
CREATE INDEX whistle_units_stats ON whistle_units(blown_at, unit_id, street_id, summoned_at, due_at, reported_at, timeliness, attitude, result);

CREATE TABLE whistle_cases (
    whistle_id TEXT NOT NULL REFERENCES whistles(id),
    case_id    TEXT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (whistle_id, case_id)
);

CREATE TABLE whistle_events (
    id         TEXT PRIMARY KEY,
    whistle_id TEXT NOT NULL REFERENCES whistles(id),
    at         BIGINT NOT NULL,
    event      TEXT NOT NULL,
    unit_id    TEXT REFERENCES units(id),
    actor_id   TEXT REFERENCES users(id),
    note       TEXT NOT NULL DEFAULT '',
    data       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX whistle_events_whistle ON whistle_events(whistle_id, at);

CREATE TABLE whistle_files (
    id           TEXT PRIMARY KEY,
    whistle_id   TEXT NOT NULL REFERENCES whistles(id),
    unit_id      TEXT REFERENCES units(id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         BYTEA NOT NULL,
    uploaded_by  TEXT REFERENCES users(id),
    uploaded_at  BIGINT NOT NULL
);
CREATE INDEX whistle_files_whistle ON whistle_files(whistle_id);

-- 下放职权清单: versioned like the dispatch catalogue.
CREATE TABLE power_versions (
    version    BIGINT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    note       TEXT NOT NULL
);
CREATE TABLE powers (
    version      BIGINT NOT NULL REFERENCES power_versions(version),
    code         TEXT NOT NULL,
    position     BIGINT NOT NULL,
    name         TEXT NOT NULL,
    basis        TEXT NOT NULL,
    source_unit  TEXT NOT NULL,
    level        TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    penalties    TEXT NOT NULL,
    fine_min_fen BIGINT,
    fine_max_fen BIGINT,
    PRIMARY KEY (version, code)
);

-- 综合执法: one case under one power, through its stages, with measured results.
CREATE TABLE enforcement_cases (
    id                 TEXT PRIMARY KEY,
    enforcement_no     TEXT NOT NULL UNIQUE,
    street_id          TEXT NOT NULL REFERENCES units(id),
    power_version      BIGINT NOT NULL,
    power_code         TEXT NOT NULL,
    source             TEXT NOT NULL,
    source_ref         TEXT NOT NULL DEFAULT '',
    party_kind         TEXT NOT NULL,
    party_name         TEXT NOT NULL,
    facts              TEXT NOT NULL,
    stage              TEXT NOT NULL,
    opened_by          TEXT REFERENCES users(id),
    opened_at          BIGINT NOT NULL,
    filed_at           BIGINT,
    filed_by           TEXT REFERENCES users(id),
    decision_due_at    BIGINT,
    extended           BIGINT NOT NULL DEFAULT 0,
    notified_at        BIGINT,
    defence_due_at     BIGINT,
    hearing_offered    BIGINT NOT NULL DEFAULT 0,
    proposed_kind      TEXT,
    proposed_fine_fen  BIGINT,
    decided_at         BIGINT,
    decision_kind      TEXT,
    fine_fen           BIGINT,
    executed_at        BIGINT,
    execution          TEXT NOT NULL DEFAULT '',
    closed_at          BIGINT,
    removed_sqm_x100   BIGINT NOT NULL DEFAULT 0,
    fine_collected_fen BIGINT NOT NULL DEFAULT 0,
    stalls_cleared     BIGINT NOT NULL DEFAULT 0,
    version            BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX enforcement_cases_street ON enforcement_cases(street_id, opened_at);
CREATE INDEX enforcement_cases_stage ON enforcement_cases(stage, decision_due_at);

CREATE TABLE enforcement_events (
    id             TEXT PRIMARY KEY,
    enforcement_id TEXT NOT NULL REFERENCES enforcement_cases(id),
    at             BIGINT NOT NULL,
    event          TEXT NOT NULL,
    actor_id       TEXT REFERENCES users(id),
    note           TEXT NOT NULL DEFAULT '',
    data           TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX enforcement_events_case ON enforcement_events(enforcement_id, at);

-- Notices about a whistle (summoned, overdue report, …) point at it.
ALTER TABLE notices ADD COLUMN whistle_id TEXT REFERENCES whistles(id);

-- The reasons every district starts with (emergency within 30 minutes; the others editable).
INSERT INTO whistle_reasons (code, name, report_minutes, position) VALUES
    ('emergency', '突发事件应急处置', 30, 1),
    ('demand', '群众诉求街道难以独立解决', 120, 2),
    ('enforcement', '执法事项超出街道职权', 120, 3),
    ('key_task', '重点工作协调推进', 240, 4);

-- Evidence files of an enforcement case (photos of the site, scanned records).
CREATE TABLE enforcement_files (
    id             TEXT PRIMARY KEY,
    enforcement_id TEXT NOT NULL REFERENCES enforcement_cases(id),
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    data           BYTEA NOT NULL,
    uploaded_by    TEXT REFERENCES users(id),
    uploaded_at    BIGINT NOT NULL
);
CREATE INDEX enforcement_files_case ON enforcement_files(enforcement_id);

-- An enforcement decision nearing (or past) its deadline was told to the street's heads and the officer, once.
ALTER TABLE enforcement_cases ADD COLUMN deadline_chased BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notices ADD COLUMN enforcement_id TEXT REFERENCES enforcement_cases(id);
