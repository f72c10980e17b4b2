-- The episodes imported as "absent" that a police supervisor has not yet reviewed: few, against years of episodes,
-- so the supervisor's filtered list starts from them rather than walking every episode in scope to find them.
CREATE INDEX episode_refs_legacy_absent_awaiting ON episode_refs (episode_id)
    WHERE legacy_absent AND absent_reviewed_by IS NULL;
