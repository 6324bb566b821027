-- 督办: a district leader supervises a case with an instruction and a date by which its holder must answer.
ALTER TABLE cases ADD COLUMN supervision_due BIGINT;
