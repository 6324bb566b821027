-- A confidential case (举报 by default) hides the reporter's identity from the units handling it; only the hotline
-- centre's seats (intake, dispatch) see who reported.
ALTER TABLE cases ADD COLUMN confidential BIGINT NOT NULL DEFAULT 0;
