-- Attachment quotas per uploader and day are counted from this index.
CREATE INDEX attachments_uploader ON attachments(uploaded_by, uploaded_at);
