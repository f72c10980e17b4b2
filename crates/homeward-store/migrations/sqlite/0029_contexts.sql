-- Contexts (issue 15, item 5; contextual safeguarding): a place or a peer group opened as a subject in its own
-- right by one agency, with a plan and a review date. A new episode or finding that touches one of its places,
-- associates or children alerts the owner.
CREATE TABLE contexts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    plan TEXT NOT NULL,
    review_on TEXT NOT NULL,
    owner_agency_id TEXT NOT NULL REFERENCES agencies (id),
    opened_by TEXT NOT NULL REFERENCES users (id),
    opened_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX contexts_owner ON contexts (owner_agency_id, opened_at, id);

CREATE TABLE context_members (
    context_id TEXT NOT NULL REFERENCES contexts (id),
    place_id TEXT REFERENCES places (id),
    associate_id TEXT REFERENCES associates (id),
    person_id TEXT REFERENCES people (id),
    CHECK ((place_id IS NOT NULL) + (associate_id IS NOT NULL) + (person_id IS NOT NULL) = 1)
);
CREATE INDEX context_members_context ON context_members (context_id);
CREATE INDEX context_members_place ON context_members (place_id) WHERE place_id IS NOT NULL;
CREATE INDEX context_members_associate ON context_members (associate_id) WHERE associate_id IS NOT NULL;
CREATE INDEX context_members_person ON context_members (person_id) WHERE person_id IS NOT NULL;
