-- The knowledge base in the database's full-text index, as cases are (gongzhi_domain::search): each entry's
-- question and answer as character bigrams and jieba's words under a generated tsvector and GIN, written in the
-- entry's transaction; entries written before this migration are indexed when a server starts. SQLite keeps an
-- FTS5 table instead (../sqlite/0019_kb_search.sql).

CREATE TABLE kb_search (
    kb_id TEXT PRIMARY KEY REFERENCES kb_entries(id),
    grams TEXT NOT NULL,
    words TEXT NOT NULL,
    tsv   tsvector GENERATED ALWAYS AS (to_tsvector('simple', grams) || setweight(to_tsvector('simple', words), 'A')) STORED
);
CREATE INDEX kb_search_tsv ON kb_search USING GIN (tsv);
