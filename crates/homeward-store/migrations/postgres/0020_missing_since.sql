-- The scheduler reads every still-missing episode in order of going missing on each tick: this serves both the
-- condition and the order, so a national database's 2,000 open episodes are read without scanning its millions.
CREATE INDEX episodes_missing_since ON episodes (went_missing_at, id) WHERE status = 'missing';
