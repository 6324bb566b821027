-- A mediation agreement takes effect when both parties have signed it (人民调解法 art. 29), and judicial
-- confirmation is applied for by both parties jointly (人民调解法 art. 33, 民事诉讼法 art. 205): each party's signature
-- and application (issue 25, item 2). Mediation periods per dispute type as data (item 3): labour mediation 15 days
-- (劳动争议调解仲裁法 art. 14), medical mediation 30 working days (医疗纠纷预防和处理条例 art. 33); the others follow the
-- district's setting.
ALTER TABLE disputes ADD COLUMN signed_by_applicant_at BIGINT;
ALTER TABLE disputes ADD COLUMN signed_by_respondent_at BIGINT;
ALTER TABLE disputes ADD COLUMN effective_at BIGINT;
ALTER TABLE disputes ADD COLUMN applied_by_applicant_at BIGINT;
ALTER TABLE disputes ADD COLUMN applied_by_respondent_at BIGINT;
-- Agreements recorded before: both parties' signatures were taken with the record; an application made was joint.
UPDATE disputes SET signed_by_applicant_at = ended_at, signed_by_respondent_at = ended_at, effective_at = ended_at
  WHERE stage IN ('agreed', 'confirmation_applied', 'confirmation_accepted', 'confirmed', 'not_confirmed');
UPDATE disputes SET applied_by_applicant_at = confirmation_applied_at, applied_by_respondent_at = confirmation_applied_at
  WHERE confirmation_applied_at IS NOT NULL;
ALTER TABLE dispute_types ADD COLUMN mediation_days BIGINT;
ALTER TABLE dispute_types ADD COLUMN mediation_working BIGINT NOT NULL DEFAULT 0;
UPDATE dispute_types SET mediation_days = 15, mediation_working = 0 WHERE code = 'labour';
UPDATE dispute_types SET mediation_days = 30, mediation_working = 1 WHERE code = 'medical';
