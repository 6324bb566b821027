-- Category suggestions (gongzhi_domain::suggest): each trained model, newest version first, with how it did on the
-- cases held back from its training. App servers load the newest and look for a newer one every minute; the last
-- three are kept.

CREATE TABLE suggest_models (
    version     BIGINT PRIMARY KEY,
    trained_at  BIGINT NOT NULL,
    cases       BIGINT NOT NULL,
    held_cases  BIGINT NOT NULL,
    top1        DOUBLE PRECISION NOT NULL,
    top3        DOUBLE PRECISION NOT NULL,
    temperature DOUBLE PRECISION NOT NULL,
    model       TEXT NOT NULL
);
