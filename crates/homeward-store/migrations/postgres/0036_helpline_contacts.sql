-- Helpline and self-referral contacts (issue 17, item 3): logged by the interview provider that took them (charities
-- running helplines are registered as interview providers). `sharing` is `consent`, `safeguarding_ground` (with the
-- ground and its reason) or `not_shared`; a shared contact names the council it went to, and joins a person's record
-- once the provider names them or that council links them. `asked` is the person's own account; it and the
-- identifying details are blanked when the linked person's records are erased.
CREATE TABLE helpline_contacts (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES agencies (id),
    channel TEXT NOT NULL,
    contacted_at TIMESTAMPTZ NOT NULL,
    contact_by TEXT NOT NULL,
    asked TEXT,
    name TEXT,
    date_of_birth DATE,
    home_la_id TEXT REFERENCES agencies (id),
    sharing TEXT NOT NULL,
    ground TEXT,
    ground_reason TEXT,
    shared_with TEXT REFERENCES agencies (id),
    person_id TEXT REFERENCES people (id),
    linked_by TEXT REFERENCES users (id),
    linked_at TIMESTAMPTZ,
    logged_by TEXT NOT NULL REFERENCES users (id),
    logged_at TIMESTAMPTZ NOT NULL,
    CHECK ((sharing = 'not_shared') = (shared_with IS NULL)),
    CHECK ((sharing = 'safeguarding_ground') = (ground IS NOT NULL))
);
CREATE INDEX helpline_contacts_provider ON helpline_contacts (provider_id, contacted_at, id);
CREATE INDEX helpline_contacts_shared_with ON helpline_contacts (shared_with, contacted_at, id);
CREATE INDEX helpline_contacts_person ON helpline_contacts (person_id, contacted_at, id);
