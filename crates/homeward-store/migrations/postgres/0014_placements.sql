-- Looked-after children's placements: provider, host council, postcode, start and end. The person's host_la_id and
-- placement_provider_id keep the current one's, for scope.
CREATE TABLE placements (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    provider_id TEXT NOT NULL REFERENCES agencies (id),
    host_la_id TEXT NOT NULL REFERENCES agencies (id),
    postcode TEXT NOT NULL,
    started_on DATE NOT NULL,
    ended_on DATE,
    recorded_by TEXT REFERENCES users (id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX placements_person ON placements (person_id, started_on);
-- At most one current placement a child.
CREATE UNIQUE INDEX placements_current ON placements (person_id) WHERE ended_on IS NULL;

-- Every episode has a police force: older episodes a care provider reported had none; they get the force of the
-- council whose area they belong to.
UPDATE episodes SET police_force_id = (SELECT a.police_force_id FROM agencies a WHERE a.id = episodes.area_la_id)
WHERE police_force_id IS NULL;

-- An alert is about an episode or, for the host council told of a placement, about a placement.
ALTER TABLE alerts ALTER COLUMN episode_id DROP NOT NULL;
ALTER TABLE alerts ADD COLUMN placement_id TEXT REFERENCES placements (id);
