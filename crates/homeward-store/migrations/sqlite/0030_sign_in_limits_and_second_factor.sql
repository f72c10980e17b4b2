-- Issue 16, item 1: sign-in attempts counted before any password is checked, and a second factor for everyone.

-- One counter per account (keyed by the HMAC of the normalised email) and per source (keyed by the HMAC of the
-- client address): attempts not yet followed by a sign-in, lock-outs so far, and the current lock-out's end.
CREATE TABLE sign_in_counters (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    lockouts INTEGER NOT NULL,
    locked_until TEXT,
    last_at TEXT NOT NULL
);

-- A session that has passed the password but not yet the second factor: it reads nothing.
ALTER TABLE sessions ADD COLUMN awaiting_second_factor INTEGER NOT NULL DEFAULT 0;

-- Each user's TOTP secret, sealed under the deployment key (kept outside the database), the time it was confirmed
-- (NULL while enrolment waits for a first code) and the last time step a code was accepted for (never again).
CREATE TABLE second_factors (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    sealed_secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    last_step INTEGER
);

-- Single-use recovery codes, stored as HMACs under the deployment key.
CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (user_id, code_hash)
);
