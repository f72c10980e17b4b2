-- Post-missing support and children missing education (issue 17, items 4 and 2).
-- Post-missing support (issue 17, item 4): a plan made after a completed return interview by the practitioner who
-- held it or the child's council, its sessions as held, its reviews and outcome. The scheduler alerts the owning
-- agency when a plan passes its review date with no outcome.
CREATE TABLE support_plans (
    id TEXT PRIMARY KEY,
    interview_id TEXT NOT NULL REFERENCES return_interviews (id),
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    owner_agency_id TEXT NOT NULL REFERENCES agencies (id),
    owner_id TEXT NOT NULL REFERENCES users (id),
    sessions_planned INTEGER NOT NULL CHECK (sessions_planned BETWEEN 1 AND 52),
    safety_plan TEXT NOT NULL,
    review_on TEXT NOT NULL,
    outcome TEXT,
    outcome_note TEXT,
    closed_at TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX support_plans_owner ON support_plans (owner_agency_id, created_at, id);
CREATE INDEX support_plans_person ON support_plans (person_id);
CREATE INDEX support_plans_open_review ON support_plans (review_on) WHERE outcome IS NULL;

CREATE TABLE support_sessions (
    plan_id TEXT NOT NULL REFERENCES support_plans (id),
    number INTEGER NOT NULL,
    held_on TEXT NOT NULL,
    attended INTEGER NOT NULL,
    note TEXT,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (plan_id, number)
);

-- Children missing education (issue 17, item 2): a spell off a school roll or persistently absent, recorded by the
-- education welfare team of the child's council; an exploitation prompt and a key figure.
CREATE TABLE missing_education (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    council_id TEXT NOT NULL REFERENCES agencies (id),
    reason TEXT NOT NULL,
    started_on TEXT NOT NULL,
    ended_on TEXT,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX missing_education_person ON missing_education (person_id, started_on);
