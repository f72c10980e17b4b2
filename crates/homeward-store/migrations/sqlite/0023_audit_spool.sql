-- Reads' audit events that could not be sealed onto the chain at once, because a long job (an import, the national
-- seed) held the writer, are kept durably in a spool and sealed in order once the chain is free. On SQLite the
-- spool is a database file of its own beside this one (any write to this file waits for its one writer), so only
-- the chain's own record of how far the spool has been sealed lives here: it moves in the same transaction as the
-- events sealed from the spool, so an event is never sealed twice even if the spool is not emptied afterwards.
ALTER TABLE audit_head ADD COLUMN spooled_through INTEGER NOT NULL DEFAULT 0;
