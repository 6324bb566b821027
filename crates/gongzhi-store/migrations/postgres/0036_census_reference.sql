-- The census counts ages on its reference date (普查标准时点), not on the day a file is imported, and records where
-- each elder's household is registered (户籍 or 常住) (issue 25, item 12). Imports before this migration counted on
-- their own day: their reference date is left empty and read as the day they started.
ALTER TABLE census_imports ADD COLUMN reference_ymd BIGINT;
ALTER TABLE elders ADD COLUMN residence TEXT NOT NULL DEFAULT '';
