-- Places and associates as records (issue 15, item 2): each place or associate named in records is resolved into one
-- record however often it is named (a place by its postcode and normalised name, an associate by a phone number,
-- vehicle, handle or full name), and linked to the episodes that named it by role, with its source record, how
-- reliable it is and the evidence that resolved it.
CREATE TABLE places (
    id TEXT PRIMARY KEY,
    resolve_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT,
    postcode TEXT,
    sector TEXT,
    district TEXT,
    easting INTEGER,
    northing INTEGER,
    la_code TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX places_postcode ON places (postcode, created_at, id);
CREATE INDEX places_district ON places (district, created_at, id);

CREATE TABLE associates (
    id TEXT PRIMARY KEY,
    name TEXT,
    nickname TEXT,
    approx_age INTEGER,
    phones TEXT NOT NULL,
    vehicles TEXT NOT NULL,
    handles TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Each key an associate is resolved by ('phone:07700900123', 'vehicle:AB12CDE', 'handle:x', 'name:dan smith') names
-- one associate: the first it was filed for.
CREATE TABLE associate_keys (
    resolve_key TEXT PRIMARY KEY,
    associate_id TEXT NOT NULL REFERENCES associates (id)
);
CREATE INDEX associate_keys_associate ON associate_keys (associate_id);

CREATE TABLE intel_links (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    place_id TEXT REFERENCES places (id),
    associate_id TEXT REFERENCES associates (id),
    role TEXT NOT NULL,
    reliability TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    evidence TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    agency_id TEXT REFERENCES agencies (id),
    -- Whether the source interview found signs of sexual or criminal exploitation.
    flagged BOOLEAN NOT NULL,
    CHECK ((place_id IS NULL) <> (associate_id IS NULL))
);
CREATE INDEX intel_links_person ON intel_links (person_id, occurred_at);
CREATE INDEX intel_links_flagged ON intel_links (person_id) WHERE flagged;
CREATE INDEX intel_links_place ON intel_links (place_id, occurred_at, id);
CREATE INDEX intel_links_associate ON intel_links (associate_id, occurred_at, id);
CREATE INDEX intel_links_source ON intel_links (source_kind, source_id);
CREATE INDEX intel_links_occurred ON intel_links (occurred_at, place_id);

-- Episodes recorded before this migration (and by bulk loads) are filed by the scheduler, a batch a tick, in order
-- of id: 'after' is the last id filed ('' before the first), NULL once every one is.
CREATE TABLE intel_backfill (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    after TEXT
);
INSERT INTO intel_backfill (id, after) VALUES (1, '');
