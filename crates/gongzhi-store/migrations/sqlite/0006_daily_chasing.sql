-- Overdue cases are chased every day (the Beijing date of the last chase) and, five working days past their
-- deadline, reported (通报) to the unit's heads and the district, once per deadline.
ALTER TABLE cases ADD COLUMN overdue_chased_day INTEGER;
ALTER TABLE cases ADD COLUMN reported_for_due INTEGER;
