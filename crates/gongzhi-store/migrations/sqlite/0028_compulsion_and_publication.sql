-- Enforcement after the decision (issue 24): the party's address for the decision document (行政处罚法 art. 59(一));
-- 责令改正 / 责令限期拆除 as orders beside the decision with their period (行政处罚法 art. 28); the 催告 and its period
-- (行政强制法 arts. 35–37), the 公告 before a forced demolition (行政强制法 art. 44), whether execution was forced;
-- the party's 复议 or 诉讼 and its outcome; the decision's publication and its withdrawal (行政处罚法 art. 48).
ALTER TABLE enforcement_cases ADD COLUMN party_address TEXT NOT NULL DEFAULT '';
ALTER TABLE enforcement_cases ADD COLUMN order_kind TEXT;
ALTER TABLE enforcement_cases ADD COLUMN order_due_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN warned_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN warning_due_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN announced_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN announcement_due_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN forced INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_cases ADD COLUMN challenge TEXT;
ALTER TABLE enforcement_cases ADD COLUMN challenge_filed_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN challenge_outcome TEXT;
ALTER TABLE enforcement_cases ADD COLUMN challenge_resolved_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN social_impact INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_cases ADD COLUMN published_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN publication_withdrawn_at INTEGER;
-- Decisions that were a correction or demolition "penalty" before are orders now, due when they were decided.
UPDATE enforcement_cases SET order_kind = decision_kind, order_due_at = decided_at, ruling = 'order', decision_kind = NULL
  WHERE decision_kind IN ('correction', 'demolition');
CREATE INDEX enforcement_published ON enforcement_cases (published_at) WHERE published_at IS NOT NULL AND publication_withdrawn_at IS NULL;
