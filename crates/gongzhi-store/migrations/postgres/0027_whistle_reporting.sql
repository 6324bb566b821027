-- 报到 is coming to the scene (issue 24, item 10): a summons the street's closing ended before its deadline is cut
-- off — neither late nor missing. Whistles closed before: their unreported summons still due at the closing.
ALTER TABLE whistle_units ADD COLUMN cut_off BIGINT NOT NULL DEFAULT 0;
UPDATE whistle_units SET cut_off = 1 WHERE reported_at IS NULL
  AND due_at >= (SELECT w.closed_at FROM whistles w WHERE w.id = whistle_units.whistle_id);
