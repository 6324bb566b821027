-- The public dispute library names no one and publishes only what an editor reviewed (issue 25, item 1). The
-- anonymised text written when a mediation ends is a draft; the dispute's mediator, or a mediator of its
-- organisation, publishes it (perhaps edited) or withholds it. A party's request to withhold stands for good.
-- Entries published before this migration were never reviewed, and were anonymised by the older rules that left
-- non-parties' names, nicknames, plates and estates: none stays public until an editor publishes it again.
ALTER TABLE disputes ADD COLUMN publication TEXT;
ALTER TABLE disputes ADD COLUMN published_at BIGINT;
ALTER TABLE disputes ADD COLUMN withhold_asked INTEGER NOT NULL DEFAULT 0;
CREATE INDEX disputes_published ON disputes(published_at) WHERE publication = 'published';
