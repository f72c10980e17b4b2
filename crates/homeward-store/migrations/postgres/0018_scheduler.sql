-- The scheduler raises time's alerts whoever is looking, and closes them itself when their cause has gone: it
-- records why (acknowledged_at is then when it closed them, and acknowledged_by stays empty).
ALTER TABLE alerts ADD COLUMN closed_reason TEXT;

-- Its sweeps read alerts by episode, and the open alerts of its kinds.
CREATE INDEX alerts_episode ON alerts (episode_id, kind);
CREATE INDEX alerts_unacknowledged ON alerts (kind) WHERE acknowledged_at IS NULL;

-- One scheduler ticks at a time, whatever number of servers share the database: it holds a lease, renewed each
-- tick, that another may take only once it has run out.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    held_until TIMESTAMPTZ NOT NULL
);
