-- The case spine: routing by a versioned dispatch catalogue, tiers and agents, clocks on the working-day calendar,
-- the life cycle (pause, escalation, send-back, merge, close, verdict, reopen), petitions' six steps, attachments,
-- the staff inbox, the knowledge base. Kept column-for-column identical to ../sqlite/0002_case_spine.sql.

ALTER TABLE users ADD COLUMN unit_head BIGINT NOT NULL DEFAULT 0;

ALTER TABLE case_events ADD COLUMN data TEXT NOT NULL DEFAULT '{}';

ALTER TABLE cases ADD COLUMN category_code TEXT;
ALTER TABLE cases ADD COLUMN catalogue_version BIGINT;
ALTER TABLE cases ADD COLUMN tier TEXT;
ALTER TABLE cases ADD COLUMN routing_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN contact_due_at BIGINT;
ALTER TABLE cases ADD COLUMN handle_due_at BIGINT;
ALTER TABLE cases ADD COLUMN handle_due_provisional BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN manual_due_reason TEXT;
ALTER TABLE cases ADD COLUMN contacted_at BIGINT;
ALTER TABLE cases ADD COLUMN accepted_at BIGINT;
ALTER TABLE cases ADD COLUMN paused_at BIGINT;
ALTER TABLE cases ADD COLUMN closed_at BIGINT;
ALTER TABLE cases ADD COLUMN outcome TEXT;
ALTER TABLE cases ADD COLUMN outcome_note TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN send_back_pending BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN merged_into TEXT REFERENCES cases(id);
ALTER TABLE cases ADD COLUMN reopen_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN redo BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN petition_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN extended BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN resolved BIGINT;
ALTER TABLE cases ADD COLUMN satisfaction TEXT;
ALTER TABLE cases ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- Sweeper bookkeeping: the handling deadline a chase / overdue notice was last sent for, so each is sent once per
-- deadline even with several app servers sweeping, and again if the deadline moves.
ALTER TABLE cases ADD COLUMN chased_for_due BIGINT;
ALTER TABLE cases ADD COLUMN overdue_for_due BIGINT;
ALTER TABLE cases ADD COLUMN contact_chased BIGINT NOT NULL DEFAULT 0;

CREATE INDEX cases_status_due ON cases(status, handle_due_at);
CREATE INDEX cases_agent_status ON cases(agent_id, status);
CREATE INDEX cases_unit_status ON cases(accountable_unit_id, status);
CREATE INDEX cases_category ON cases(category_code, created_at);
CREATE INDEX cases_received ON cases(received_at);

CREATE TABLE catalogue_versions (
    version    BIGINT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    note       TEXT NOT NULL
);

CREATE TABLE catalogue_categories (
    version             BIGINT NOT NULL REFERENCES catalogue_versions(version),
    code                TEXT NOT NULL,
    position            BIGINT NOT NULL,
    theme               TEXT NOT NULL,
    name                TEXT NOT NULL,
    accountable         TEXT NOT NULL,
    contact_hours       BIGINT NOT NULL,
    handle_days         BIGINT NOT NULL,
    escalate_after_days BIGINT,
    notice              TEXT NOT NULL,
    PRIMARY KEY (version, code)
);

-- Loaded holiday schedules: one row per listed day; a year is loaded when it has a row in calendar_years.
CREATE TABLE calendar_years (
    year      BIGINT PRIMARY KEY,
    source    TEXT NOT NULL,
    loaded_at BIGINT NOT NULL
);
CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,
    year BIGINT NOT NULL REFERENCES calendar_years(year),
    kind TEXT NOT NULL
);

CREATE TABLE case_steps (
    case_id TEXT NOT NULL REFERENCES cases(id),
    step    BIGINT NOT NULL,
    due_at  BIGINT NOT NULL,
    done_at BIGINT,
    PRIMARY KEY (case_id, step)
);

CREATE TABLE send_backs (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(id),
    unit_id      TEXT NOT NULL REFERENCES units(id),
    requested_by TEXT REFERENCES users(id),
    reason       TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    decided_by   TEXT REFERENCES users(id),
    decided_at   BIGINT,
    approved     BIGINT
);
CREATE INDEX send_backs_unit ON send_backs(unit_id, requested_at);
CREATE INDEX send_backs_case ON send_backs(case_id);

CREATE TABLE case_links (
    case_id    TEXT NOT NULL REFERENCES cases(id),
    other_id   TEXT NOT NULL REFERENCES cases(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, other_id)
);

-- Attachments live in the database so that every app server sees them; size is capped by the web layer.
CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    public       BIGINT NOT NULL,
    data         BYTEA NOT NULL,
    uploaded_by  TEXT REFERENCES users(id),
    uploaded_at  BIGINT NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);

-- Verdicts, one row per round (the first handling and, after a reopen, the redo).
CREATE TABLE ratings (
    case_id      TEXT NOT NULL REFERENCES cases(id),
    round        BIGINT NOT NULL,
    resolved     BIGINT NOT NULL,
    satisfaction TEXT NOT NULL,
    source       TEXT NOT NULL,
    at           BIGINT NOT NULL,
    PRIMARY KEY (case_id, round)
);

-- The staff inbox. dedupe_key makes sweeper notices exactly-once across app servers.
CREATE TABLE notices (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    case_id    TEXT REFERENCES cases(id),
    kind       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT,
    dedupe_key TEXT UNIQUE
);
CREATE INDEX notices_user ON notices(user_id, created_at);

CREATE TABLE kb_entries (
    id         TEXT PRIMARY KEY,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    categories TEXT NOT NULL,
    active     BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
