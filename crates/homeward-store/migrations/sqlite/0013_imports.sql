-- Records brought in from councils' and forces' own systems: who the sender's ids stand for, so that importing a
-- file again updates rather than duplicates, and a council's SSDA903 children and their periods of care.
CREATE TABLE person_refs (
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    ref TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (agency_id, ref)
);
CREATE INDEX person_refs_person ON person_refs (person_id);

CREATE TABLE episode_refs (
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    ref TEXT NOT NULL,
    episode_id TEXT NOT NULL UNIQUE REFERENCES episodes (id),
    -- The sender graded the episode "absent", a category since abolished: stored as no apparent risk, to review.
    legacy_absent INTEGER NOT NULL,
    PRIMARY KEY (agency_id, ref)
);

CREATE TABLE ssda903_children (
    la_id TEXT NOT NULL REFERENCES agencies (id),
    child TEXT NOT NULL,
    sex TEXT NOT NULL,
    dob TEXT NOT NULL,
    ethnic TEXT NOT NULL,
    upn TEXT NOT NULL,
    mother TEXT NOT NULL,
    mc_dob TEXT,
    PRIMARY KEY (la_id, child)
);

CREATE TABLE ssda903_episodes (
    la_id TEXT NOT NULL REFERENCES agencies (id),
    child TEXT NOT NULL,
    decom TEXT NOT NULL,
    rne TEXT NOT NULL,
    ls TEXT NOT NULL,
    cin TEXT NOT NULL,
    place TEXT NOT NULL,
    place_provider TEXT NOT NULL,
    dec TEXT,
    rec TEXT NOT NULL,
    reason_place_change TEXT NOT NULL,
    home_post TEXT NOT NULL,
    pl_post TEXT NOT NULL,
    urn TEXT NOT NULL,
    PRIMARY KEY (la_id, child, decom),
    FOREIGN KEY (la_id, child) REFERENCES ssda903_children (la_id, child)
);
