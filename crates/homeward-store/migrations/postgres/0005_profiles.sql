-- Philomena and Herbert profiles. Every save is a new version; the highest version is the profile.
CREATE TABLE profiles (
    person_id TEXT NOT NULL REFERENCES people (id),
    version BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('philomena', 'herbert')),
    fields TEXT NOT NULL,
    saved_by TEXT NOT NULL REFERENCES users (id),
    saved_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (person_id, version)
);
