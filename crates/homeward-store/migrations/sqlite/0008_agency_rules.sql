-- An agency's settings of the local rules (review intervals, the young-child age), as JSON; NULL keeps the
-- service's defaults.
ALTER TABLE agencies ADD COLUMN rules TEXT;
