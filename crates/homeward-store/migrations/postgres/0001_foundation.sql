-- Homeward's foundation schema on PostgreSQL: the same tables, columns, constraint names and indexes as on SQLite,
-- in PostgreSQL's own types. Ids are lower-case hyphenated UUID text: with the hyphens at fixed places every
-- collation orders them as bytes, so lists page in the same order as on SQLite. Risk answers stay JSON text, and
-- the audit log's `at` and `details` stay text because the chain's hash covers their exact characters.

CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('police', 'local_authority', 'rhi_provider', 'care_provider')),
    police_force_id TEXT REFERENCES agencies (id),
    CONSTRAINT agencies_code_key UNIQUE (code)
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);
CREATE INDEX users_agency ON users (agency_id);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
);

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    date_of_birth DATE NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('M', 'F', 'U')),
    looked_after BOOLEAN NOT NULL,
    responsible_la_id TEXT REFERENCES agencies (id),
    host_la_id TEXT REFERENCES agencies (id),
    placement_provider_id TEXT REFERENCES agencies (id),
    allocated_worker_id TEXT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX people_responsible_la ON people (responsible_la_id);
CREATE INDEX people_host_la ON people (host_la_id);
CREATE INDEX people_placement_provider ON people (placement_provider_id);

CREATE TABLE episodes (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    recorded_by_agency_id TEXT NOT NULL REFERENCES agencies (id),
    police_force_id TEXT REFERENCES agencies (id),
    area_la_id TEXT REFERENCES agencies (id),
    went_missing_at TIMESTAMPTZ NOT NULL,
    reported_at TIMESTAMPTZ NOT NULL,
    missing_from TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('missing', 'returned')),
    la_category TEXT CHECK (la_category IN ('missing', 'away')),
    last_seen_place TEXT,
    circumstances TEXT,
    police_reference TEXT,
    returned_at TIMESTAMPTZ,
    return_outcome TEXT,
    police_grade TEXT,
    children_services_grade TEXT,
    joint_grade TEXT,
    disagreement BOOLEAN NOT NULL,
    review_due_at TIMESTAMPTZ,
    cse_concern BOOLEAN NOT NULL,
    cce_concern BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX episodes_went_missing ON episodes (went_missing_at, id);
CREATE INDEX episodes_person ON episodes (person_id);
CREATE INDEX episodes_police_force ON episodes (police_force_id);
CREATE INDEX episodes_area_la ON episodes (area_la_id);
CREATE INDEX episodes_recorded_by ON episodes (recorded_by_agency_id);

CREATE TABLE risk_assessments (
    id TEXT PRIMARY KEY,
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    side TEXT NOT NULL CHECK (side IN ('police', 'children_services')),
    grade TEXT NOT NULL CHECK (grade IN ('no_apparent_risk', 'low', 'medium', 'high')),
    rationale TEXT NOT NULL,
    answers TEXT NOT NULL,
    cse_concern BOOLEAN NOT NULL,
    cce_concern BOOLEAN NOT NULL,
    override_reason TEXT,
    assessed_by TEXT NOT NULL REFERENCES users (id),
    assessed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX risk_assessments_episode ON risk_assessments (episode_id, assessed_at);

CREATE TABLE return_interviews (
    id TEXT PRIMARY KEY,
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    statutory BOOLEAN NOT NULL,
    due_at TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL,
    practitioner_id TEXT REFERENCES users (id),
    offered_at TIMESTAMPTZ,
    completed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX return_interviews_episode ON return_interviews (episode_id);
CREATE INDEX return_interviews_practitioner ON return_interviews (practitioner_id);

-- The audit log is append-only: the store offers no update or delete. Each event carries the previous event's
-- hash; audit_head keeps the latest number and hash so removing the newest events is detected too, and its one
-- row is the lock that makes concurrent appends take their turn.
CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id TEXT,
    actor_agency_id TEXT,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT,
    reason TEXT,
    request_id TEXT,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_target ON audit_events (target_id);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
