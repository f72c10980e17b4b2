-- Each person filed under the match keys of homeward-link (issue 14, item 2): the keys two records of one person
-- almost always share however their names and dates of birth were recorded (a date of birth and an initial; the
-- sound of a surname, a birth year and an initial; the sounds of both names either way round). A report searches
-- these before a person is recorded, so finding the possible matches among ten million people is a few index
-- lookups. Written with the person (and refiled when an import changes their name or date of birth).
CREATE TABLE person_match_keys (
    match_key TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (match_key, person_id)
);
CREATE INDEX person_match_keys_person ON person_match_keys (person_id);

-- People held before this migration are filed by the scheduler, a batch a tick, in order of id: `after` is the last
-- id filed ('' before the first), NULL once every one is.
CREATE TABLE person_match_key_backfill (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    after TEXT
);
INSERT INTO person_match_key_backfill (id, after) VALUES (1, '');
