-- The knowledge base in the database's full-text index, as cases are (gongzhi_domain::search): each active or
-- retired entry's question and answer as character bigrams and jieba's words, written in the entry's transaction;
-- entries written before this migration are indexed when a server starts. ../postgres/0019_kb_search.sql keeps a
-- tsvector under GIN instead.

CREATE VIRTUAL TABLE kb_search USING fts5(kb_id UNINDEXED, grams, words, tokenize = 'unicode61 remove_diacritics 0');
-- Ranking: bm25 with the words counting twice the bigrams.
INSERT INTO kb_search (kb_search, rank) VALUES ('rank', 'bm25(0.0, 1.0, 2.0)');
