-- The Administrative Penalty Law's procedure in full (issue 24): the simple procedure (arts. 51–52), the hearing with
-- its request, notice, presiding officer and record (arts. 63–65), the legal review (art. 58), the head's decision
-- in collective discussion where needed (art. 57), no penalty and transfer as outcomes (arts. 27, 33, 57), the
-- value confiscated (art. 63(1)(二)), the decision's service and the fine's payment with its late penalty (arts. 61, 67, 72). The column `extended` now counts the extensions.
ALTER TABLE enforcement_cases ADD COLUMN procedure TEXT NOT NULL DEFAULT 'general';
ALTER TABLE enforcement_cases ADD COLUMN violation_on INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN safety_risk INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_cases ADD COLUMN complex INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_cases ADD COLUMN notified_by TEXT REFERENCES users(id);
ALTER TABLE enforcement_cases ADD COLUMN hearing TEXT NOT NULL DEFAULT 'none';
ALTER TABLE enforcement_cases ADD COLUMN hearing_due_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN hearing_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN hearing_presided_by TEXT REFERENCES users(id);
ALTER TABLE enforcement_cases ADD COLUMN hearing_record TEXT NOT NULL DEFAULT '';
ALTER TABLE enforcement_cases ADD COLUMN proposed_confiscated_fen INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN review_approved INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN reviewed_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN reviewed_by TEXT REFERENCES users(id);
ALTER TABLE enforcement_cases ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE enforcement_cases ADD COLUMN decided_by TEXT REFERENCES users(id);
ALTER TABLE enforcement_cases ADD COLUMN ruling TEXT;
ALTER TABLE enforcement_cases ADD COLUMN transfer_to TEXT NOT NULL DEFAULT '';
ALTER TABLE enforcement_cases ADD COLUMN collective INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_cases ADD COLUMN confiscated_fen INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN served_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN payment_due_at INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN paid_fen INTEGER;
ALTER TABLE enforcement_cases ADD COLUMN late_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_cases ADD COLUMN paid_at INTEGER;
-- Cases from before: a hearing offered stays offered (its days are long over); a decision was a penalty.
UPDATE enforcement_cases SET hearing = 'offered' WHERE hearing_offered = 1;
UPDATE enforcement_cases SET ruling = 'penalty' WHERE decided_at IS NOT NULL;
