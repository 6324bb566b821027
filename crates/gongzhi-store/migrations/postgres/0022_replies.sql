-- Canned replies (常用答复): wordings an agent starts a public reply from, for one category or for all.
CREATE TABLE canned_replies (
    id TEXT PRIMARY KEY,
    category_code TEXT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX canned_replies_category ON canned_replies(category_code, active);
