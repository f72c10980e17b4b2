-- Who worked the case, so an interview goes only to someone independent of it: the user who recorded the return
-- (the risk assessments, the safe and well check and category changes already name theirs); and which agency
-- offered an adult's return conversation, since that agency assigns it and records its outcome.
ALTER TABLE episodes ADD COLUMN returned_by TEXT REFERENCES users (id);
ALTER TABLE return_interviews ADD COLUMN offered_by_agency_id TEXT REFERENCES agencies (id);
