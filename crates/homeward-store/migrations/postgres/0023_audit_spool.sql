-- Reads' audit events that could not be sealed onto the chain at once, because a long job held the chain's head
-- row, are kept durably in a spool and sealed in order once the chain is free; the transaction that seals them
-- deletes them from the spool. (SQLite keeps its spool in a file of its own; see the SQLite migration.)
ALTER TABLE audit_head ADD COLUMN spooled_through BIGINT NOT NULL DEFAULT 0;

CREATE TABLE audit_spool (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id TEXT,
    actor_agency_id TEXT,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT,
    reason TEXT,
    request_id TEXT,
    details TEXT NOT NULL
);
