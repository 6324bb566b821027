-- 每月一题 as Beijing runs it (issue 26, item 6): a year's themes chosen from the last twelve months' complaints, each
-- with a lead unit, targets and monthly progress against a baseline fixed when it was chosen. A year may have many
-- themes (one per category and place), so the old one-topic-per-month rule goes; SQLite keeps a UNIQUE constraint in
-- the table, so the table is rebuilt. Kept column-for-column identical to ../postgres/0038_yearly_topics.sql.
CREATE TABLE assessment_topics_new (
    id                  TEXT PRIMARY KEY,
    year                INTEGER NOT NULL,
    month               TEXT NOT NULL,
    category_code       TEXT NOT NULL,
    street_id           TEXT REFERENCES units(id),
    community_id        TEXT REFERENCES units(id),
    title               TEXT NOT NULL,
    lead_unit_id        TEXT NOT NULL REFERENCES units(id),
    tasks               TEXT NOT NULL,
    due_at              INTEGER NOT NULL,
    -- The baseline: the twelve months before the choice (fewer for a topic adopted before this migration).
    baseline            INTEGER NOT NULL,
    baseline_months     INTEGER NOT NULL DEFAULT 1,
    baseline_rated      INTEGER NOT NULL DEFAULT 0,
    baseline_resolved   INTEGER NOT NULL DEFAULT 0,
    baseline_tenths     INTEGER NOT NULL DEFAULT 0,
    -- Targets, in percent: fewer cases a month than the baseline's mean, the resolution and satisfaction rates.
    target_reduction    INTEGER,
    target_resolution   INTEGER,
    target_satisfaction INTEGER,
    -- category|street|community: one theme per category and place in a year.
    place_key           TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'open',
    progress            TEXT NOT NULL DEFAULT '',
    adopted_by          TEXT REFERENCES users(id),
    adopted_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, place_key)
);
INSERT INTO assessment_topics_new (id, year, month, category_code, street_id, community_id, title, lead_unit_id, tasks, due_at,
    baseline, baseline_months, place_key, status, progress, adopted_by, adopted_at, updated_at, version)
SELECT id, CAST(substr(month, 1, 4) AS INTEGER), month, category_code, street_id, community_id, title, lead_unit_id, tasks, due_at,
    baseline, 1, category_code || '|' || COALESCE(street_id, '') || '|' || COALESCE(community_id, ''), status, progress, adopted_by,
    adopted_at, updated_at, version
FROM assessment_topics;
DROP TABLE assessment_topics;
ALTER TABLE assessment_topics_new RENAME TO assessment_topics;
CREATE INDEX assessment_topics_year ON assessment_topics(year);
