-- Telling residents what happens (registered, accepted, routed, replied, closed with the request for a verdict):
-- an outbox written in the case's own transaction, sent by a worker with retries, so nothing is lost when a sender
-- is down and nothing is sent for a change that did not commit. Recipients and texts are personal data: they live
-- here and in the senders, never in logs.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    case_no TEXT NOT NULL,
    kind TEXT NOT NULL,
    medium TEXT NOT NULL,
    recipient TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    -- A worker's claim: until then no other app server takes the message.
    lease_until INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_case ON outbox(case_id, created_at);

-- How a resident is reached besides the phone on the case: an e-mail address given at intake.
CREATE TABLE case_contacts (
    case_id TEXT PRIMARY KEY REFERENCES cases(id),
    email TEXT NOT NULL
);
