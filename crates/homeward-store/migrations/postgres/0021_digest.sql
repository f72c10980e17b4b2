-- The daily digest of an agency's alerts: who chose it, and the days it has gone out to each agency (once a day,
-- whichever scheduler ticks first after its time).
CREATE TABLE digest_subscriptions (
    user_id TEXT PRIMARY KEY REFERENCES users (id)
);
CREATE TABLE digest_days (
    day DATE NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    sent_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (day, agency_id)
);

-- The digest counts an agency's alerts closed in the last day.
CREATE INDEX alerts_closed ON alerts (agency_id, acknowledged_at) WHERE acknowledged_at IS NOT NULL;

-- The scheduler removes delivered notifications after a while (they name staff addresses).
CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;
