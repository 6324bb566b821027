-- Maker-checker on money (issue 22): a contribution an officer types in counts towards the fund's standing only once
-- another officer has checked it. Rows already here came in bulk from the collection system and count as checked.
-- Kept column-for-column identical to ../postgres/0024_checks_and_imports.sql.
ALTER TABLE ltc_contributions ADD COLUMN entered_by TEXT REFERENCES users(id);
ALTER TABLE ltc_contributions ADD COLUMN checked_by TEXT REFERENCES users(id);
ALTER TABLE ltc_contributions ADD COLUMN checked_at INTEGER;
UPDATE ltc_contributions SET checked_at = paid_at;

-- An import's last sign of life (each batch): a running import silent for longer than a batch can take was
-- interrupted (its process stopped), and is marked so at start-up and by the sweeper.
ALTER TABLE census_imports ADD COLUMN heartbeat_at INTEGER;
UPDATE census_imports SET heartbeat_at = started_at;

-- A party's one-time code (issue 22): the respondent proves the answer is theirs by a code sent by SMS to the phone
-- the applicant gave for them. Only the code's hash is kept; it expires, and a few wrong tries void it.
CREATE TABLE party_codes (
    case_id    TEXT NOT NULL REFERENCES cases(id),
    role       TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    tries      INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, role)
);
