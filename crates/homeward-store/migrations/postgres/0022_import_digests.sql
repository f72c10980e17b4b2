-- A digest of the row each episode reference was last imported from, so that importing the same file again compares
-- digests and reads back only the episodes whose rows changed. NULL for references imported before it was kept: their
-- next import compares the records and records the digest.
ALTER TABLE episode_refs ADD COLUMN digest TEXT;
