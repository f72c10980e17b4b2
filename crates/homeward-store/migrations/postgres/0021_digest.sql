-- The daily digest of an agency's alerts: who chose it, and the days it has gone out (once a day, whichever
-- scheduler ticks first after its time).
CREATE TABLE digest_subscriptions (
    user_id TEXT PRIMARY KEY REFERENCES users (id)
);
CREATE TABLE digest_days (
    day DATE PRIMARY KEY,
    sent_at TIMESTAMPTZ NOT NULL
);

-- The digest counts an agency's alerts closed in the last day.
CREATE INDEX alerts_closed ON alerts (agency_id, acknowledged_at) WHERE acknowledged_at IS NOT NULL;
