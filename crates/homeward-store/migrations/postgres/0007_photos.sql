-- Each person's dated profile photograph, kept in the database so it is backed up, scoped and audited with
-- everything else and never served from a public directory.
CREATE TABLE photos (
    person_id TEXT PRIMARY KEY REFERENCES people (id),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    taken_on DATE NOT NULL,
    bytes BYTEA NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    uploaded_at TIMESTAMPTZ NOT NULL
);
