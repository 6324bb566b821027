-- 分管领导: which district leader is in charge of which street (or, by the catalogue's theme, which field). A
-- leader-owned case (领导包案, escalated to the district) goes to the leader in charge, not to whoever has fewest.
CREATE TABLE leader_assignments (
    user_id   TEXT NOT NULL REFERENCES users(id),
    street_id TEXT REFERENCES units(id),
    theme     TEXT,
    CHECK (street_id IS NOT NULL OR theme IS NOT NULL)
);
CREATE INDEX leader_assignments_street ON leader_assignments(street_id);
CREATE INDEX leader_assignments_theme ON leader_assignments(theme);
