-- Staff lists are ordered by received_at (newest first) within a scope; these indexes let each scope branch read
-- its newest rows in order instead of sorting every match. The created_at indexes of 0001 served no query.
DROP INDEX cases_created;
DROP INDEX cases_street;
DROP INDEX cases_community;
DROP INDEX cases_unit;
CREATE INDEX cases_street_received ON cases(street_id, received_at);
CREATE INDEX cases_community_received ON cases(community_id, received_at);
CREATE INDEX cases_unit_received ON cases(accountable_unit_id, received_at);
CREATE INDEX cases_agent_received ON cases(agent_id, received_at);
CREATE INDEX cases_status_received ON cases(status, received_at);
