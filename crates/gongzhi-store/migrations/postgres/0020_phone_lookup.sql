-- Caller lookup: a 12345 seat types the caller's number and sees their past and open cases at once, and staff find a
-- caller's cases from the header's quick search. Phone numbers are stored normalised, so equality finds them.
CREATE INDEX cases_phone ON cases(phone, received_at);
