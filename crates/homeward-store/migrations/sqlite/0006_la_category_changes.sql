-- Every change of the council's category of a looked-after child's episode: missing, or away from placement
-- without authorisation. The SSDA903 Missing table reports these periods.
CREATE TABLE la_category_changes (
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    category TEXT NOT NULL CHECK (category IN ('missing', 'away')),
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX la_category_changes_episode ON la_category_changes (episode_id, changed_at);
