-- The list filtered by category sorts by received_at, as every staff list does: its index follows (the created_at
-- index of 0002 served no query once the near-duplicate look-up read by received_at too).
DROP INDEX cases_category;
CREATE INDEX cases_category_received ON cases(category_code, received_at);
