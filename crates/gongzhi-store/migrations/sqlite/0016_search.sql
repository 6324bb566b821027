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
