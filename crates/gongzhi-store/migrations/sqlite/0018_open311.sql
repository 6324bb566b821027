-- Open311 GeoReport v2 (gongzhi_domain::open311): the API keys organisations post requests with (only each key's
-- SHA-256 is kept, with its first characters to tell keys apart; a revoked key stays, for the record), and each
-- request posted: its case, the token a client may look it up by, the key it came with, and its media URL. Written
-- in the case's transaction.

CREATE TABLE open311_keys (
    id           TEXT PRIMARY KEY,
    organisation TEXT NOT NULL,
    digest       TEXT NOT NULL UNIQUE,
    shown        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    revoked_at   INTEGER,
    revoked_by   TEXT,
    last_used_at INTEGER
);

CREATE TABLE open311_requests (
    case_id      TEXT PRIMARY KEY REFERENCES cases(id),
    token        TEXT NOT NULL UNIQUE,
    key_id       TEXT NOT NULL REFERENCES open311_keys(id),
    media_url    TEXT,
    requested_at INTEGER NOT NULL
);
CREATE INDEX open311_requests_at ON open311_requests(requested_at);
