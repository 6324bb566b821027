-- Online dispute resolution: the mediation record beside a dispute case, its parties and sessions, the mediation
-- organisations' profile, and the dispute types (data). Kept column-for-column identical to
-- ../postgres/0012_disputes.sql.

CREATE TABLE dispute_types (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    -- The professional field whose body takes these disputes ('' for none: people's mediation).
    field    TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL
);
INSERT INTO dispute_types (code, name, field, position) VALUES
    ('neighbour', '邻里纠纷', '', 1),
    ('family', '婚姻家庭纠纷', 'family', 2),
    ('property', '物业纠纷', 'property', 3),
    ('labour', '劳动争议', 'labour', 4),
    ('consumer', '消费纠纷', '', 5),
    ('medical', '医疗纠纷', 'medical', 6),
    ('traffic', '交通事故纠纷', 'traffic', 7),
    ('tenancy', '房屋租赁纠纷', '', 8),
    ('other', '其他纠纷', '', 9);

-- A mediation organisation (a unit of kind mediation_org): people's, professional or lawyer; the dispute types it
-- takes (comma-separated codes, '' for all) and the street it serves (NULL: the whole district).
CREATE TABLE mediation_orgs (
    unit_id   TEXT PRIMARY KEY REFERENCES units(id),
    category  TEXT NOT NULL,
    fields    TEXT NOT NULL DEFAULT '',
    street_id TEXT REFERENCES units(id)
);

CREATE TABLE disputes (
    case_id                    TEXT PRIMARY KEY REFERENCES cases(id),
    dispute_type               TEXT NOT NULL REFERENCES dispute_types(code),
    street_id                  TEXT REFERENCES units(id),
    source                     TEXT NOT NULL,
    amount_fen                 INTEGER,
    facts                      TEXT NOT NULL,
    claims                     TEXT NOT NULL,
    stage                      TEXT NOT NULL,
    filed_at                   INTEGER NOT NULL,
    urgency                    TEXT,
    risks                      TEXT NOT NULL DEFAULT '',
    complexity                 TEXT,
    recommended                TEXT,
    channel                    TEXT,
    channel_reason             TEXT NOT NULL DEFAULT '',
    evaluated_at               INTEGER,
    evaluated_by               TEXT REFERENCES users(id),
    org_id                     TEXT REFERENCES units(id),
    mediator_id                TEXT REFERENCES users(id),
    chosen_by                  TEXT,
    consent_due_at             INTEGER,
    consented_at               INTEGER,
    mediation_due_at           INTEGER,
    extended_days              INTEGER NOT NULL DEFAULT 0,
    ended_at                   INTEGER,
    failure                    TEXT,
    failure_note               TEXT NOT NULL DEFAULT '',
    terms                      TEXT NOT NULL DEFAULT '[]',
    agreement_text             TEXT NOT NULL DEFAULT '',
    rating                     INTEGER,
    confirmation_applied_at    INTEGER,
    confirmation_accept_due_at INTEGER,
    confirmation_accepted_at   INTEGER,
    confirmation_rule_due_at   INTEGER,
    confirmation_extended      INTEGER NOT NULL DEFAULT 0,
    confirmation_ruled_at      INTEGER,
    court_no                   TEXT NOT NULL DEFAULT '',
    litigation_at              INTEGER,
    court_result               TEXT NOT NULL DEFAULT '',
    -- The facts anonymised for the public case library, written when the mediation ends.
    library_text               TEXT NOT NULL DEFAULT '',
    -- The running deadline the sweeper last chased (its kind and instant), so each is chased once.
    chased                     TEXT NOT NULL DEFAULT '',
    version                    INTEGER NOT NULL DEFAULT 1
);
-- The statistics (a mediator's record, an organisation's, how disputes of a type ended) read these covering
-- indexes only, never the wide rows.
CREATE INDEX disputes_by_mediator ON disputes(mediator_id, ended_at, filed_at, failure, rating);
CREATE INDEX disputes_by_type ON disputes(dispute_type, channel, ended_at, filed_at, failure, mediator_id, rating);
CREATE INDEX disputes_by_org ON disputes(org_id, ended_at, filed_at, failure, mediator_id, rating);
CREATE INDEX disputes_stage ON disputes(stage, mediator_id);

CREATE TABLE dispute_parties (
    case_id  TEXT NOT NULL REFERENCES disputes(case_id),
    position INTEGER NOT NULL,
    role     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    name     TEXT NOT NULL,
    phone    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, position)
);

-- Sessions with their minutes (seen by the parties) and each side's private notes (seen by the mediator only).
CREATE TABLE dispute_sessions (
    id                 TEXT PRIMARY KEY,
    case_id            TEXT NOT NULL REFERENCES disputes(case_id),
    scheduled_at       INTEGER NOT NULL,
    mode               TEXT NOT NULL,
    place              TEXT NOT NULL DEFAULT '',
    video_link         TEXT NOT NULL DEFAULT '',
    minutes            TEXT NOT NULL DEFAULT '',
    private_applicant  TEXT NOT NULL DEFAULT '',
    private_respondent TEXT NOT NULL DEFAULT '',
    held_at            INTEGER,
    created_by         TEXT REFERENCES users(id),
    created_at         INTEGER NOT NULL
);
CREATE INDEX dispute_sessions_case ON dispute_sessions(case_id, scheduled_at);

-- Questions asked online before filing, answered by a mediator or lawyer; the answered ones join the library.
CREATE TABLE dispute_questions (
    id           TEXT PRIMARY KEY,
    dispute_type TEXT NOT NULL REFERENCES dispute_types(code),
    question     TEXT NOT NULL,
    asked_at     INTEGER NOT NULL,
    answer       TEXT NOT NULL DEFAULT '',
    answered_by  TEXT REFERENCES users(id),
    answered_at  INTEGER
);
CREATE INDEX dispute_questions_asked ON dispute_questions(asked_at);
CREATE INDEX disputes_ended ON disputes(ended_at);
