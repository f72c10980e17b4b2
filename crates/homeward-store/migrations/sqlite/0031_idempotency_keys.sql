-- A client may send an Idempotency-Key with a POST so that sending it again (after a timeout, a dropped connection
-- or a failover) never makes a second record. Each key is the caller's own: taken (status NULL) before the work
-- starts, marked carried out in the same transaction as the work, then settled with the answer, which a repeat with
-- the same request is given again. Kept 24 hours, then removed by the scheduler.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users (id),
    request_key TEXT NOT NULL,
    -- SHA-256 of the method, path and body: the same key with another request is refused.
    fingerprint TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    -- The server that took it (a random id per process): it alone knows at once when the request has ended.
    holder TEXT NOT NULL,
    -- Set in the transaction that did the request's work: a key taken but not carried out may be taken again once
    -- its request has ended; one carried out never is.
    carried_out BOOLEAN NOT NULL DEFAULT FALSE,
    status INTEGER,
    body TEXT,
    PRIMARY KEY (user_id, request_key)
);

CREATE INDEX idempotency_keys_taken_at ON idempotency_keys (taken_at);
