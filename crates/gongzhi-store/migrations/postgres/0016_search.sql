-- Chinese full-text search over cases (gongzhi_domain::search): each case's document — its texts as character
-- bigrams (`grams`), jieba's words (`words`) and its place as scope tokens (`scope`) — written in the same transaction
-- as the case. The backends differ here, and only here: PostgreSQL keeps the document with a generated tsvector
-- (the 'simple' configuration: split on spaces, nothing stemmed) under a GIN index; ../sqlite/0016_search.sql uses
-- an FTS5 table.

CREATE TABLE case_search (
    case_id TEXT PRIMARY KEY REFERENCES cases(id),
    grams   TEXT NOT NULL,
    words   TEXT NOT NULL,
    scope   TEXT NOT NULL,
    tsv     tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', grams) || setweight(to_tsvector('simple', words), 'A') || to_tsvector('simple', scope)
    ) STORED
);
CREATE INDEX case_search_tsv ON case_search USING GIN (tsv);
