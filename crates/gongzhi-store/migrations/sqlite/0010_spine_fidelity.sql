-- The rest of the spine's fidelity to the hotline's and the petition regulation's rules. Kept column-for-column
-- identical to ../postgres/0010_spine_fidelity.sql.

-- Each category's urgency: emergency and utilities are handled within hours (settings), general and complex within
-- the category's working days.
ALTER TABLE catalogue_categories ADD COLUMN urgency TEXT NOT NULL DEFAULT 'general';

-- A case waiting to be routed past the dispatch clock (its receipt plus the setting's hours) was told to the
-- dispatchers.
ALTER TABLE cases ADD COLUMN dispatch_chased INTEGER NOT NULL DEFAULT 0;
-- The place came from the gazetteer's reading of a typed address, not from a map point or a dispatcher.
ALTER TABLE cases ADD COLUMN place_guessed INTEGER NOT NULL DEFAULT 0;
-- An anonymous report: no name, no phone, no call-back.
ALTER TABLE cases ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;
-- A request waiting for a dispatcher or a reviewer: pause, due_change, exclusion or redo (send-backs and
-- escalation requests keep their own flags).
ALTER TABLE cases ADD COLUMN request_pending TEXT;
-- Petitions (信访工作条例): when the petition was accepted (受理), the written answer (support, not_support, explain)
-- and when it was issued, and the review level (0 first handling, 1 复查, 2 复核).
ALTER TABLE cases ADD COLUMN petition_accepted_at INTEGER;
ALTER TABLE cases ADD COLUMN petition_answer TEXT;
ALTER TABLE cases ADD COLUMN petition_answered_at INTEGER;
ALTER TABLE cases ADD COLUMN review_level INTEGER NOT NULL DEFAULT 0;

-- What a request asked for (the pause's days, the due date wanted), as JSON.
ALTER TABLE send_backs ADD COLUMN detail TEXT NOT NULL DEFAULT '{}';
-- A petition step's lateness was told to the agent and the unit's heads.
ALTER TABLE case_steps ADD COLUMN chased INTEGER NOT NULL DEFAULT 0;

-- Who held a case when: one row per holding (unit and agent), closed when the case moves on with the handling
-- deadline that applied while it was held, so lateness is charged to whoever held the case when it fell due.
CREATE TABLE case_holds (
    id        TEXT PRIMARY KEY,
    case_id   TEXT NOT NULL REFERENCES cases(id),
    unit_id   TEXT REFERENCES units(id),
    agent_id  TEXT REFERENCES users(id),
    from_at   INTEGER NOT NULL,
    to_at     INTEGER,
    due_at    INTEGER
);
CREATE INDEX case_holds_case ON case_holds(case_id, from_at);
CREATE INDEX case_holds_unit ON case_holds(unit_id, from_at);

-- 协办: other units on a case with their own task; the accountable agent stays one.
CREATE TABLE case_cohandlers (
    id        TEXT PRIMARY KEY,
    case_id   TEXT NOT NULL REFERENCES cases(id),
    unit_id   TEXT NOT NULL REFERENCES units(id),
    task      TEXT NOT NULL,
    added_by  TEXT REFERENCES users(id),
    added_at  INTEGER NOT NULL,
    done_at   INTEGER,
    done_note TEXT NOT NULL DEFAULT '',
    UNIQUE (case_id, unit_id)
);
CREATE INDEX case_cohandlers_unit ON case_cohandlers(unit_id, done_at);

-- The district's gazetteer: estates, roads and landmarks, each in a community, so a typed address finds its place.
CREATE TABLE gazetteer (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    community_id TEXT NOT NULL REFERENCES units(id),
    lat          REAL,
    lon          REAL
);
