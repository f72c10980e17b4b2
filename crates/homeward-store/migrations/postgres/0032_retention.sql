-- Issue 16, item 7: a person whose records were erased under the retention schedule is marked, so the schedule
-- passes over them afterwards; their coded facts stay for the figures of the years they fall in.
ALTER TABLE people ADD COLUMN erased_at TIMESTAMPTZ;
