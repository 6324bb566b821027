-- TRUNCATE fires no row triggers, so the append-only rule of 0001 did not cover it: refuse it with a statement
-- trigger (SQLite has no TRUNCATE; its DELETE without WHERE is refused by the row trigger).
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
-- Attachment quotas per uploader and day are counted from this index.
CREATE INDEX attachments_uploader ON attachments(uploaded_by, uploaded_at);
