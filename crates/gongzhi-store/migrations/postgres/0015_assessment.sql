-- The assessment (区考核块、块考核条): every closing of a case as the month's figures count it, the frozen copies of
-- closed months, cadre performance records (干部实绩档案) and monthly topics (每月一题). Kept column-for-column
-- identical to ../sqlite/0015_assessment.sql.

-- One row per closing that is assessed (a consultation answered at intake, a merged case and a case excluded by the
-- assessment office have none): round 1 is the first handling, round 2 the redo after a reopen, each counted in the
-- month it closed, for the unit and agent that held the case at closing. The verdict of the round is copied in when
-- it is given, so a month is one range scan of this table.
CREATE TABLE case_closings (
    case_id           TEXT NOT NULL REFERENCES cases(id),
    round             BIGINT NOT NULL,
    closed_at         BIGINT NOT NULL,
    unit_id           TEXT NOT NULL REFERENCES units(id),
    agent_id          TEXT REFERENCES users(id),
    street_id         TEXT REFERENCES units(id),
    category_code     TEXT,
    kind              TEXT NOT NULL,
    contacted_in_time BIGINT NOT NULL,
    on_time           BIGINT NOT NULL,
    resolved          BIGINT,
    satisfaction      TEXT,
    -- When the row was last written (the closing, then its verdict): a frozen month's differences are its rows
    -- written after the freeze.
    updated_at        BIGINT NOT NULL,
    PRIMARY KEY (case_id, round)
);
-- A month's figures per unit, and its rows written since a freeze, read from the index alone.
CREATE INDEX case_closings_month ON case_closings(closed_at, unit_id, street_id, round, contacted_in_time, on_time, resolved, satisfaction, updated_at);
CREATE INDEX case_closings_unit ON case_closings(unit_id, closed_at);
CREATE INDEX case_closings_agent ON case_closings(agent_id, closed_at);

-- What the closings of cases closed before this migration would have written: their latest round.
INSERT INTO case_closings (case_id, round, closed_at, unit_id, agent_id, street_id, category_code, kind, contacted_in_time, on_time, resolved, satisfaction, updated_at)
SELECT id, reopen_count + 1, closed_at, accountable_unit_id, agent_id, street_id, category_code, kind,
       CASE WHEN anonymous = 1 OR (contacted_at IS NOT NULL AND contact_due_at IS NOT NULL AND contacted_at <= contact_due_at) THEN 1 ELSE 0 END,
       CASE WHEN handle_due_at IS NULL OR closed_at <= handle_due_at THEN 1 ELSE 0 END,
       resolved, satisfaction, updated_at
FROM cases
WHERE status = 'closed' AND closed_at IS NOT NULL AND accountable_unit_id IS NOT NULL
  AND (outcome IS NULL OR outcome NOT IN ('answered_at_intake', 'excluded'));

-- A month closed (frozen) by the assessment office: its closings copied as they stood, so the official figures stay
-- what they were and later changes show as differences.
CREATE TABLE assessment_months (
    month     TEXT PRIMARY KEY,
    frozen_at BIGINT NOT NULL,
    frozen_by TEXT REFERENCES users(id)
);
CREATE TABLE assessment_frozen (
    month             TEXT NOT NULL REFERENCES assessment_months(month),
    case_id           TEXT NOT NULL REFERENCES cases(id),
    round             BIGINT NOT NULL,
    closed_at         BIGINT NOT NULL,
    unit_id           TEXT NOT NULL REFERENCES units(id),
    agent_id          TEXT REFERENCES users(id),
    street_id         TEXT REFERENCES units(id),
    category_code     TEXT,
    kind              TEXT NOT NULL,
    contacted_in_time BIGINT NOT NULL,
    on_time           BIGINT NOT NULL,
    resolved          BIGINT,
    satisfaction      TEXT,
    PRIMARY KEY (month, case_id, round)
);
CREATE INDEX assessment_frozen_unit ON assessment_frozen(month, unit_id);

-- 干部实绩档案: entries proposed from events (one per kind, evidence and person), confirmed or rejected by a reviewer.
CREATE TABLE cadre_entries (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    unit_id     TEXT REFERENCES units(id),
    kind        TEXT NOT NULL,
    positive    BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    evidence    TEXT NOT NULL,
    evidence_id TEXT NOT NULL,
    label       TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'proposed',
    reviewed_by TEXT REFERENCES users(id),
    reviewed_at BIGINT,
    reason      TEXT NOT NULL DEFAULT '',
    proposed_at BIGINT NOT NULL,
    UNIQUE (kind, evidence_id, user_id)
);
CREATE INDEX cadre_entries_user ON cadre_entries(user_id, at);
CREATE INDEX cadre_entries_unit ON cadre_entries(unit_id, status, at);

-- 每月一题: the month's topic adopted from the hotspots, with its lead unit, tasks, deadline and progress.
CREATE TABLE assessment_topics (
    id            TEXT PRIMARY KEY,
    month         TEXT NOT NULL UNIQUE,
    category_code TEXT NOT NULL,
    street_id     TEXT REFERENCES units(id),
    community_id  TEXT REFERENCES units(id),
    title         TEXT NOT NULL,
    lead_unit_id  TEXT NOT NULL REFERENCES units(id),
    tasks         TEXT NOT NULL,
    due_at        BIGINT NOT NULL,
    baseline      BIGINT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open',
    progress      TEXT NOT NULL DEFAULT '',
    adopted_by    TEXT REFERENCES users(id),
    adopted_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1
);
