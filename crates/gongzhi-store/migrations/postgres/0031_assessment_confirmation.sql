-- The level of a disability assessment is the national table's for its scores (医保办发〔2021〕37号): the second
-- assessor confirms the scores under their own account, and a reviewer who disagrees returns the assessment for a
-- re-assessment with reasons (issue 25, item 7). Assessments recorded before were made by both on site.
ALTER TABLE care_assessments ADD COLUMN assessor2_confirmed_at BIGINT;
ALTER TABLE care_assessments ADD COLUMN return_reason TEXT NOT NULL DEFAULT '';
UPDATE care_assessments SET assessor2_confirmed_at = assessed_at;
