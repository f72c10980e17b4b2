-- The agency that recorded a person can always see them, even before any episode of theirs is reported.
ALTER TABLE people ADD COLUMN recorded_by_agency_id TEXT REFERENCES agencies (id);
CREATE INDEX people_recorded_by ON people (recorded_by_agency_id);
