-- Where an agency's notifications go: its duty inbox, and a webhook to its own systems with the secret each
-- delivery is signed with.
CREATE TABLE agency_channels (
    agency_id TEXT PRIMARY KEY REFERENCES agencies (id),
    duty_email TEXT,
    webhook_url TEXT,
    webhook_secret TEXT
);

-- The kinds of alert each user has chosen to receive by email.
CREATE TABLE alert_subscriptions (
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Notifications to deliver, written in the same transaction as their alert and delivered from here at least once;
-- the delivery id is unique, so one alert is never queued twice for one recipient, and receivers drop repeats.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL UNIQUE,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    event TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    delivered_at TEXT,
    gave_up_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX outbox_given_up ON outbox (agency_id, gave_up_at) WHERE gave_up_at IS NOT NULL;

-- The scheduler reads the unanswered recommendations past their due date on every tick.
CREATE INDEX recommendations_unanswered ON recommendations (due_on) WHERE decision IS NULL;
