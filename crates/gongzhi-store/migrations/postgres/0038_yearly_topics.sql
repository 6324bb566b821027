-- 每月一题 as Beijing runs it (issue 26, item 6): a year's themes chosen from the last twelve months' complaints, each
-- with a lead unit, targets and monthly progress against a baseline fixed when it was chosen. A year may have many
-- themes (one per category and place), so the old one-topic-per-month rule goes. Kept column-for-column identical
-- to ../sqlite/0038_yearly_topics.sql (which rebuilds its table).
CREATE TABLE assessment_topics_new (
    id                  TEXT PRIMARY KEY,
    year                BIGINT NOT NULL,
    month               TEXT NOT NULL,
    category_code       TEXT NOT NULL,
    street_id           TEXT REFERENCES units(id),
    community_id        TEXT REFERENCES units(id),
    title               TEXT NOT NULL,
    lead_unit_id        TEXT NOT NULL REFERENCES units(id),
    tasks               TEXT NOT NULL,
    due_at              BIGINT NOT NULL,
    baseline            BIGINT NOT NULL,
    baseline_months     BIGINT NOT NULL DEFAULT 1,
    baseline_rated      BIGINT NOT NULL DEFAULT 0,
    baseline_resolved   BIGINT NOT NULL DEFAULT 0,
    baseline_tenths     BIGINT NOT NULL DEFAULT 0,
    target_reduction    BIGINT,
    target_resolution   BIGINT,
    target_satisfaction BIGINT,
    place_key           TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'open',
    progress            TEXT NOT NULL DEFAULT '',
    adopted_by          TEXT REFERENCES users(id),
    adopted_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    version             BIGINT NOT NULL DEFAULT 1,
    UNIQUE (year, place_key)
);
INSERT INTO assessment_topics_new (id, year, month, category_code, street_id, community_id, title, lead_unit_id, tasks, due_at,
    baseline, baseline_months, place_key, status, progress, adopted_by, adopted_at, updated_at, version)
SELECT id, CAST(substr(month, 1, 4) AS BIGINT), month, category_code, street_id, community_id, title, lead_unit_id, tasks, due_at,
    baseline, 1, category_code || '|' || COALESCE(street_id, '') || '|' || COALESCE(community_id, ''), status, progress, adopted_by,
    adopted_at, updated_at, version
FROM assessment_topics;
DROP TABLE assessment_topics;
ALTER TABLE assessment_topics_new RENAME TO assessment_topics;
CREATE INDEX assessment_topics_year ON assessment_topics(year);
