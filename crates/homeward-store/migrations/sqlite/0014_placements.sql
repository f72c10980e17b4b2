-- Looked-after children's placements: provider, host council, postcode, start and end. The person's host_la_id and
-- placement_provider_id keep the current one's, for scope.
CREATE TABLE placements (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    provider_id TEXT NOT NULL REFERENCES agencies (id),
    host_la_id TEXT NOT NULL REFERENCES agencies (id),
    postcode TEXT NOT NULL,
    started_on TEXT NOT NULL,
    ended_on TEXT,
    recorded_by TEXT REFERENCES users (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX placements_person ON placements (person_id, started_on);
-- At most one current placement a child.
CREATE UNIQUE INDEX placements_current ON placements (person_id) WHERE ended_on IS NULL;

-- Every episode has a police force: older episodes a care provider reported had none; they get the force of the
-- council whose area they belong to.
UPDATE episodes SET police_force_id = (SELECT a.police_force_id FROM agencies a WHERE a.id = episodes.area_la_id)
WHERE police_force_id IS NULL;

-- An alert is about an episode or, for the host council told of a placement, about a placement: episode_id may now
-- be NULL. SQLite cannot relax a column, so the table is rebuilt; nothing references it.
CREATE TABLE alerts_new (
    id TEXT PRIMARY KEY,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL,
    episode_id TEXT REFERENCES episodes (id),
    occasion TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT REFERENCES users (id),
    note TEXT,
    placement_id TEXT REFERENCES placements (id),
    CONSTRAINT alerts_once UNIQUE (agency_id, kind, episode_id, occasion)
);
INSERT INTO alerts_new (id, agency_id, kind, episode_id, occasion, raised_at, acknowledged_at, acknowledged_by, note)
SELECT id, agency_id, kind, episode_id, occasion, raised_at, acknowledged_at, acknowledged_by, note FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_new RENAME TO alerts;
CREATE INDEX alerts_open ON alerts (agency_id, acknowledged_at, raised_at);
