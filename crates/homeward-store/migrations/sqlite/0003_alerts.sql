-- Alerts for an agency about an episode, kept until acknowledged with a note. One per agency, kind, episode and
-- occasion, so raising the same alert again changes nothing.
CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL,
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    occasion TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT REFERENCES users (id),
    note TEXT,
    CONSTRAINT alerts_once UNIQUE (agency_id, kind, episode_id, occasion)
);
CREATE INDEX alerts_open ON alerts (agency_id, acknowledged_at, raised_at);
