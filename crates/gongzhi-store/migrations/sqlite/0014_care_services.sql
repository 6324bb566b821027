-- The care network and long-term-care insurance: facilities with their tier, capacity and services, subsidy rules
-- (data with effective dates), service deliveries with the subsidy applied, the accident insurance roster, the
-- insured and their contributions (one row per payer), the benefit rules per level, care plans, and monthly
-- settlements per provider. Kept column-for-column identical to ../postgres/0014_care_services.sql.

CREATE TABLE care_facilities (
    id              TEXT PRIMARY KEY,
    -- The unit its staff belong to (NULL: a partner's meal point without accounts here).
    unit_id         TEXT REFERENCES units(id),
    name            TEXT NOT NULL,
    tier            TEXT NOT NULL,
    operator        TEXT NOT NULL,
    -- A member of the 老街坊 provider alliance.
    alliance        INTEGER NOT NULL DEFAULT 0,
    street_id       TEXT REFERENCES units(id),
    community_id    TEXT REFERENCES units(id),
    beds            INTEGER NOT NULL DEFAULT 0,
    day_seats       INTEGER NOT NULL DEFAULT 0,
    meals_per_day   INTEGER NOT NULL DEFAULT 0,
    -- Elders it can take on in long-term-care home plans; a contracted provider (定点护理服务机构) when > 0.
    home_care_slots INTEGER NOT NULL DEFAULT 0,
    radius_m        INTEGER NOT NULL,
    lat             DOUBLE PRECISION,
    lon             DOUBLE PRECISION,
    active          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX care_facilities_by_street ON care_facilities (street_id, tier);
CREATE INDEX care_facilities_by_unit ON care_facilities (unit_id);

CREATE TABLE facility_services (
    facility_id TEXT NOT NULL REFERENCES care_facilities(id),
    service     TEXT NOT NULL,
    -- The price of one unit (a meal, a visit, an hour, a day), in fen.
    price_fen   INTEGER NOT NULL,
    PRIMARY KEY (facility_id, service)
);

CREATE TABLE subsidy_rules (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    service         TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL,
    bill_over_fen   INTEGER NOT NULL,
    per_day         INTEGER NOT NULL,
    at_home_only    INTEGER NOT NULL,
    -- Comma-separated meals ('' for any).
    meals           TEXT NOT NULL DEFAULT '',
    min_age         INTEGER NOT NULL,
    -- YYYYMMDD, inclusive; NULL: open-ended.
    effective_from  INTEGER NOT NULL,
    effective_until INTEGER
);
INSERT INTO subsidy_rules (code, name, service, amount_fen, bill_over_fen, per_day, at_home_only, meals, min_age, effective_from, effective_until)
VALUES ('bj-meal', '北京市老年助餐补贴', 'meals', 500, 500, 1, 1, 'lunch,dinner', 60, 20240101, NULL);

CREATE TABLE care_plans (
    id              TEXT PRIMARY KEY,
    elder_id        TEXT NOT NULL REFERENCES elders(id),
    assessment_id   TEXT NOT NULL REFERENCES care_assessments(id),
    facility_id     TEXT NOT NULL REFERENCES care_facilities(id),
    level           INTEGER NOT NULL,
    -- YYYYMM: the first month of care; the plan runs until ended.
    month_from      INTEGER NOT NULL,
    month_until     INTEGER,
    monthly_cap_fen INTEGER NOT NULL,
    fund_permille   INTEGER NOT NULL,
    -- proposed, accepted, declined (the elder asked for another provider), ended.
    status          TEXT NOT NULL,
    -- JSON lines: service, units a month, price of one unit.
    lines           TEXT NOT NULL,
    distance_m      INTEGER,
    proposed_at     INTEGER NOT NULL,
    proposed_by     TEXT REFERENCES users(id),
    decided_at      INTEGER,
    -- Who decided, as the staff member recorded it (本人 or the guardian's name).
    decided_by      TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX care_plans_by_elder ON care_plans (elder_id, status);
CREATE INDEX care_plans_by_facility ON care_plans (facility_id, status);

CREATE TABLE service_records (
    id           TEXT PRIMARY KEY,
    elder_id     TEXT NOT NULL REFERENCES elders(id),
    facility_id  TEXT NOT NULL REFERENCES care_facilities(id),
    service      TEXT NOT NULL,
    served_by    TEXT REFERENCES users(id),
    started_at   INTEGER NOT NULL,
    minutes      INTEGER NOT NULL,
    place        TEXT NOT NULL,
    meal         TEXT,
    units        INTEGER NOT NULL,
    -- YYYYMMDD and YYYYMM of the service, local time.
    local_day    INTEGER NOT NULL,
    month        INTEGER NOT NULL,
    price_fen    INTEGER NOT NULL,
    subsidy_fen  INTEGER NOT NULL DEFAULT 0,
    subsidy_rule TEXT,
    -- What the elder is billed at the door (the subsidy advanced by the provider).
    charged_fen  INTEGER NOT NULL,
    plan_id      TEXT REFERENCES care_plans(id),
    -- recorded, verified, rejected.
    status       TEXT NOT NULL,
    verified_by  TEXT REFERENCES users(id),
    verified_at  INTEGER,
    reject_note  TEXT NOT NULL DEFAULT '',
    recorded_at  INTEGER NOT NULL,
    recorded_by  TEXT REFERENCES users(id)
);
CREATE INDEX service_records_by_facility ON service_records (facility_id, month, status);
CREATE INDEX service_records_by_elder ON service_records (elder_id, local_day);
CREATE INDEX service_records_by_month ON service_records (month, service);
-- A subsidy rule pays once a day per elder (the rules in force give one a day): guarded here, across app servers.
CREATE UNIQUE INDEX service_records_one_subsidy ON service_records (elder_id, local_day, subsidy_rule) WHERE subsidy_rule IS NOT NULL;

CREATE TABLE accident_insurance (
    elder_id     TEXT NOT NULL REFERENCES elders(id),
    year         INTEGER NOT NULL,
    insurer      TEXT NOT NULL,
    policy_no    TEXT NOT NULL,
    -- YYYYMMDD, inclusive.
    period_from  INTEGER NOT NULL,
    period_until INTEGER NOT NULL,
    PRIMARY KEY (elder_id, year)
);
CREATE INDEX accident_insurance_by_year ON accident_insurance (year);

CREATE TABLE ltc_insured (
    elder_id      TEXT PRIMARY KEY REFERENCES elders(id),
    category      TEXT NOT NULL,
    -- YYYYMM of enrolment.
    enrolled_from INTEGER NOT NULL
);

CREATE TABLE ltc_contributions (
    elder_id   TEXT NOT NULL REFERENCES elders(id),
    year       INTEGER NOT NULL,
    payer      TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    paid_at    INTEGER NOT NULL,
    PRIMARY KEY (elder_id, year, payer)
);

CREATE TABLE ltc_level_rules (
    effective_from  INTEGER NOT NULL,
    level           INTEGER NOT NULL,
    monthly_cap_fen INTEGER NOT NULL,
    fund_permille   INTEGER NOT NULL,
    PRIMARY KEY (effective_from, level)
);
INSERT INTO ltc_level_rules (effective_from, level, monthly_cap_fen, fund_permille) VALUES
    (202401, 3, 120000, 700),
    (202401, 4, 150000, 700),
    (202401, 5, 180000, 700);

CREATE TABLE settlements (
    id           TEXT PRIMARY KEY,
    facility_id  TEXT NOT NULL REFERENCES care_facilities(id),
    month        INTEGER NOT NULL,
    status       TEXT NOT NULL,
    lines        INTEGER NOT NULL,
    amount_fen   INTEGER NOT NULL,
    fund_fen     INTEGER NOT NULL,
    self_fen     INTEGER NOT NULL,
    over_cap_fen INTEGER NOT NULL,
    rejected_fen INTEGER NOT NULL,
    entered_at   INTEGER NOT NULL,
    entered_by   TEXT REFERENCES users(id),
    checked_at   INTEGER,
    checked_by   TEXT REFERENCES users(id),
    settled_at   INTEGER,
    settled_by   TEXT REFERENCES users(id),
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (facility_id, month)
);
CREATE INDEX settlements_by_month ON settlements (month, status);

CREATE TABLE settlement_lines (
    settlement_id TEXT NOT NULL REFERENCES settlements(id),
    record_id     TEXT NOT NULL REFERENCES service_records(id),
    elder_id      TEXT NOT NULL REFERENCES elders(id),
    service       TEXT NOT NULL,
    local_day     INTEGER NOT NULL,
    amount_fen    INTEGER NOT NULL,
    fund_fen      INTEGER NOT NULL,
    self_fen      INTEGER NOT NULL,
    over_cap_fen  INTEGER NOT NULL,
    rejected      TEXT,
    PRIMARY KEY (settlement_id, record_id)
);
