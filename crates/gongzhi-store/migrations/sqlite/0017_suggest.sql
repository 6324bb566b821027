-- Category suggestions (gongzhi_domain::suggest): each trained model, newest version first, with how it did on the
-- cases held back from its training. App servers load the newest and look for a newer one every minute; the last
-- three are kept.

CREATE TABLE suggest_models (
    version     INTEGER PRIMARY KEY,
    trained_at  INTEGER NOT NULL,
    cases       INTEGER NOT NULL,
    held_cases  INTEGER NOT NULL,
    top1        REAL NOT NULL,
    top3        REAL NOT NULL,
    temperature REAL NOT NULL,
    model       TEXT NOT NULL
);
