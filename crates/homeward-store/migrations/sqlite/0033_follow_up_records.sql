-- Issue 17, items 1, 8 and 9: what follows an episode after the report.

-- A legacy "absent" episode stays flagged until a police supervisor has reviewed it (DOMAIN.md: "absent" is no
-- longer a category; imports carrying it are stored as no apparent risk and flagged for review).
ALTER TABLE episode_refs ADD COLUMN absent_reviewed_by TEXT REFERENCES users (id);
ALTER TABLE episode_refs ADD COLUMN absent_reviewed_at TEXT;
ALTER TABLE episode_refs ADD COLUMN absent_review_note TEXT;

-- Philomena Protocol, part 2: filled in when the child goes missing (clothing, where last seen). One per episode;
-- a later save replaces it, the audit log keeps who saved what when.
CREATE TABLE missing_descriptions (
    episode_id TEXT PRIMARY KEY REFERENCES episodes (id),
    clothing TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL
);

-- The long-term missing register: an episode still open after a year. The entry holds the family liaison, the
-- review interval, the UK Missing Persons Unit referral and a guardianship order under the Guardianship (Missing
-- Persons) Act 2017; every field but the interval stays empty until known.
CREATE TABLE long_term_entries (
    episode_id TEXT PRIMARY KEY REFERENCES episodes (id),
    liaison_officer TEXT,
    liaison_contact TEXT,
    last_contact_on TEXT,
    review_interval_days INTEGER NOT NULL,
    mpu_referred_on TEXT,
    mpu_reference TEXT,
    guardianship_order_on TEXT,
    guardian TEXT,
    updated_by TEXT NOT NULL REFERENCES users (id),
    updated_at TEXT NOT NULL
);

CREATE TABLE long_term_reviews (
    id TEXT PRIMARY KEY,
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    reviewed_on TEXT NOT NULL,
    summary TEXT NOT NULL,
    reviewed_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX long_term_reviews_episode ON long_term_reviews (episode_id, reviewed_on);
