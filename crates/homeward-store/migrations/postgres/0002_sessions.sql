-- Signed-in browser sessions. Only the SHA-256 of the cookie's secret is stored.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT sessions_hash_key UNIQUE (token_hash)
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins are counted from the audit log by action and target.
CREATE INDEX audit_events_action_target ON audit_events (action, target_id, at);
CREATE INDEX episodes_status_review ON episodes (status, review_due_at);
CREATE INDEX return_interviews_status ON return_interviews (status, due_at);
