-- 首接负责: a unit asks to escalate and a dispatcher decides, as with send-backs. Requests to hand a case on share
-- the send_backs table, told apart by kind ('send_back' or 'escalation'); both are counted against the unit.
ALTER TABLE cases ADD COLUMN escalation_pending BIGINT NOT NULL DEFAULT 0;
ALTER TABLE send_backs ADD COLUMN kind TEXT NOT NULL DEFAULT 'send_back';
DROP INDEX send_backs_unit;
CREATE INDEX send_backs_unit ON send_backs(unit_id, kind, requested_at);
