-- Foundation schema: units, users, sessions, login throttling, counters, settings, cases and their timeline, and the
-- append-only audit log with its hash chain. Kept column-for-column identical to ../postgres/0001_foundation.sql; only
-- types and the append-only triggers differ. Instants are INTEGER epoch milliseconds (UTC), booleans INTEGER 0/1, ids
-- TEXT (UUIDv7): that is what sqlx's Any driver decodes on both backends.

CREATE TABLE units (
    id          TEXT PRIMARY KEY,
    parent_id   TEXT REFERENCES units(id),
    kind        TEXT NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    grid_count  INTEGER NOT NULL DEFAULT 0,
    lat         REAL,
    lon         REAL,
    -- The street this unit belongs to (itself for a street), kept so scope checks need no tree walk.
    street_id   TEXT REFERENCES units(id),
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_kind ON units(kind);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    unit_id       TEXT NOT NULL REFERENCES units(id),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX users_unit ON users(unit_id);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Browser sessions and API tokens alike; only the SHA-256 of the token is stored.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed attempts per key (`login:user:NAME`, `login:addr:IP`, `track:addr:IP`) in a fixed window. In the database,
-- not in memory, so every app server sees the same counts.
CREATE TABLE throttle (
    key          TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    failures     INTEGER NOT NULL
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE cases (
    id                  TEXT PRIMARY KEY,
    case_no             TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL,
    channel             TEXT NOT NULL,
    status              TEXT NOT NULL,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL,
    address             TEXT NOT NULL,
    lat                 REAL,
    lon                 REAL,
    resident_name       TEXT NOT NULL,
    phone               TEXT NOT NULL,
    phone_last4         TEXT NOT NULL,
    street_id           TEXT REFERENCES units(id),
    community_id        TEXT REFERENCES units(id),
    accountable_unit_id TEXT REFERENCES units(id),
    agent_id            TEXT REFERENCES users(id),
    received_at         INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX cases_created ON cases(created_at);
CREATE INDEX cases_street ON cases(street_id, created_at);
CREATE INDEX cases_community ON cases(community_id, created_at);
CREATE INDEX cases_unit ON cases(accountable_unit_id, created_at);

CREATE TABLE case_events (
    id       TEXT PRIMARY KEY,
    case_id  TEXT NOT NULL REFERENCES cases(id),
    at       INTEGER NOT NULL,
    event    TEXT NOT NULL,
    public   INTEGER NOT NULL,
    actor_id TEXT REFERENCES users(id),
    note     TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, at);

-- The audit chain's head: one row, locked by the UPDATE that takes the next sequence number, so concurrent writers
-- (several app servers) append one at a time and the chain never forks.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY,
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    TEXT,
    actor       TEXT NOT NULL,
    address     TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity_type, entity_id);

-- Append-only: the application never updates or deletes an entry. The chain makes a rewrite detectable anyway; the
-- trigger makes an accidental one impossible.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
