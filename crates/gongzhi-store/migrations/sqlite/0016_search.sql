-- Chinese full-text search over cases (gongzhi_domain::search): each case's document — its texts as character
-- bigrams (`grams`), jieba's words (`words`) and its place as scope tokens (`scope`) — written in the same transaction
-- as the case. The backends differ here, and only here: SQLite keeps the document in an FTS5 table whose rowid a
-- mapping table ties to the case; ../postgres/0016_search.sql keeps it in a table with a generated tsvector under a
-- GIN index.

CREATE TABLE case_search_docs (
    doc     INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE REFERENCES cases(id)
);
CREATE VIRTUAL TABLE case_search USING fts5(grams, words, scope, tokenize = 'unicode61 remove_diacritics 0');
-- Ranking: bm25 with the words counting twice the bigrams and the scope not at all, so `ORDER BY rank` (which FTS5
-- answers from the index with a LIMIT) ranks as the search means.
INSERT INTO case_search (case_search, rank) VALUES ('rank', 'bm25(1.0, 2.0, 0.0)');
