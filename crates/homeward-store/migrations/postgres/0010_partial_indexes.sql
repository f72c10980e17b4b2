-- The review, open-interview and recorded-by look-ups only ever ask about a small part of their tables: index just
-- that part. Smaller indexes, and far less to rebuild when a whole data set is loaded.
DROP INDEX episodes_status_review;
CREATE INDEX episodes_missing_review ON episodes (review_due_at) WHERE status = 'missing';
DROP INDEX return_interviews_status;
CREATE INDEX return_interviews_open ON return_interviews (due_at) WHERE status IN ('due', 'assigned');
DROP INDEX people_recorded_by;
CREATE INDEX people_recorded_by ON people (recorded_by_agency_id) WHERE recorded_by_agency_id IS NOT NULL;
