-- Assessment by class of unit (分级分类考评, issue 26): each class (street, department, enterprise) has versioned
-- weights for its three rates, the share of its score that is the streets' evaluation (块考核条) and the kinds of
-- case that count. A version takes effect from a month; a month is scored by the version in force in it. Without a
-- version the platform's documented default applies. The single weight triple of before (an example from another
-- region, shared by all classes) is dropped.
CREATE TABLE assessment_schemes (
    class          TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    response       INTEGER NOT NULL,
    resolution     INTEGER NOT NULL,
    satisfaction   INTEGER NOT NULL,
    street_share   INTEGER NOT NULL,
    kinds          TEXT NOT NULL,
    source         TEXT NOT NULL,
    recorded_by    TEXT REFERENCES users(id),
    recorded_at    BIGINT NOT NULL,
    PRIMARY KEY (class, effective_from)
);
DELETE FROM settings WHERE key = 'assessment.weights';
-- A street's residents (常住人口), for its cases per 10,000 residents beside its score; 0 when not recorded.
ALTER TABLE units ADD COLUMN population BIGINT NOT NULL DEFAULT 0;
