-- Ofsted notifications (issue 17, item 6): a children's home owes Ofsted word, without delay, when one of its
-- residents is suspected of sexual exploitation or the police are called (Children's Homes Regulations 2015
-- reg 40(4)). Homeward prompts the home once per episode and cause, and keeps what the home recorded. `due_at` is
-- the prompt plus the day rules/ofsted.rs allows, kept so the figures can count notifications made in time.
CREATE TABLE ofsted_notifications (
    id TEXT PRIMARY KEY,
    home_agency_id TEXT NOT NULL REFERENCES agencies (id),
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    cause TEXT NOT NULL,
    prompted_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    notified_at TEXT,
    reference TEXT,
    recorded_by TEXT REFERENCES users (id),
    recorded_at TEXT,
    CONSTRAINT ofsted_notifications_once UNIQUE (episode_id, cause)
);
CREATE INDEX ofsted_notifications_home ON ofsted_notifications (home_agency_id, prompted_at, id);
CREATE INDEX ofsted_notifications_unrecorded ON ofsted_notifications (due_at) WHERE notified_at IS NULL;

-- Child abduction warning notices (issue 17, item 5): served by a force on an adult (an associate of the places and
-- people work) in respect of a child, in force from `served_on` to `expires_on` inclusive. While in force, a new
-- episode of the child or a finding naming the adult alerts the force and the child's council.
CREATE TABLE abduction_notices (
    id TEXT PRIMARY KEY,
    associate_id TEXT NOT NULL REFERENCES associates (id),
    child_id TEXT NOT NULL REFERENCES people (id),
    served_on TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    force_id TEXT NOT NULL REFERENCES agencies (id),
    police_reference TEXT,
    notes TEXT,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    CHECK (expires_on > served_on)
);
CREATE INDEX abduction_notices_force ON abduction_notices (force_id, served_on, id);
CREATE INDEX abduction_notices_associate ON abduction_notices (associate_id);
CREATE INDEX abduction_notices_child ON abduction_notices (child_id);
