-- Which person each record linked to others counts as (issue 14): the smallest id (as text) among every record joined
-- to it by confirmed links, followed from link to link (A-B and B-C confirmed make A, B and C one person). Kept by the
-- core whenever a link is confirmed or undone, so the key figures read one row per episode instead of walking links.
-- A person with no confirmed link, or who is the smallest of their records, has no row.
CREATE TABLE person_canonical (
    person_id TEXT PRIMARY KEY REFERENCES people (id),
    canonical_id TEXT NOT NULL REFERENCES people (id)
);

-- The links confirmed before this table, followed from link to link: each record counted as the smallest id among
-- the records it is joined to, when that is smaller than its own.
WITH RECURSIVE
    edges (a, b) AS (
        SELECT person_l, person_r FROM person_link_proposals WHERE status = 'confirmed'
        UNION SELECT person_r, person_l FROM person_link_proposals WHERE status = 'confirmed'
    ),
    reach (start, id) AS (
        SELECT a, a FROM edges
        UNION SELECT r.start, e.b FROM reach r JOIN edges e ON e.a = r.id
    )
INSERT INTO person_canonical (person_id, canonical_id)
SELECT start, MIN(id) FROM reach GROUP BY start HAVING MIN(id) < start;
