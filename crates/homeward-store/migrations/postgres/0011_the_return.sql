-- The return: where and by whom the person was found, the police safe and well check that closes the police side,
-- the interview's outcome record (JSON: reasons, harm, indicators, places, people, the child's words), one interview
-- covering several episodes, and recommendations that their owning agency must answer.
ALTER TABLE episodes ADD COLUMN found_place TEXT;
ALTER TABLE episodes ADD COLUMN found_postcode TEXT;
ALTER TABLE episodes ADD COLUMN found_out_of_area BOOLEAN;
ALTER TABLE episodes ADD COLUMN found_by TEXT;
ALTER TABLE episodes ADD COLUMN police_closed_at TIMESTAMPTZ;

CREATE TABLE safe_and_well_checks (
    episode_id TEXT PRIMARY KEY REFERENCES episodes (id),
    checked_at TIMESTAMPTZ NOT NULL,
    face_to_face BOOLEAN NOT NULL,
    disclosures TEXT,
    actions TEXT,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMPTZ NOT NULL
);

ALTER TABLE return_interviews ADD COLUMN covered_by TEXT REFERENCES return_interviews (id);
ALTER TABLE return_interviews ADD COLUMN record TEXT;

CREATE TABLE recommendations (
    id TEXT PRIMARY KEY,
    interview_id TEXT NOT NULL REFERENCES return_interviews (id),
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    owner_agency_id TEXT NOT NULL REFERENCES agencies (id),
    action TEXT NOT NULL,
    due_on DATE NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    decision TEXT CHECK (decision IN ('accepted', 'declined')),
    response TEXT,
    responded_at TIMESTAMPTZ,
    responded_by TEXT REFERENCES users (id)
);
CREATE INDEX recommendations_episode ON recommendations (episode_id);
CREATE INDEX recommendations_owner ON recommendations (owner_agency_id, due_on);
