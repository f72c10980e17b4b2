-- Proposed links between two person records that look like one person (issue 14), from `homeward link run`, and
-- the review of each: potential until a reviewer confirms or rejects it. A confirmed proposal is the link itself:
-- both people keep their own records, sources and episodes, so undoing it (back to potential) restores exactly.
-- The smaller person id (as text) is on the left, so a pair has one row whichever way it was found.
CREATE TABLE person_link_proposals (
    id TEXT PRIMARY KEY,
    person_l TEXT NOT NULL REFERENCES people (id),
    person_r TEXT NOT NULL REFERENCES people (id),
    -- The match probability in millionths, so both databases compare it exactly.
    probability_ppm INTEGER NOT NULL CHECK (probability_ppm BETWEEN 0 AND 1000000),
    -- Short codes of how each field compared (first_name=exact, dob=transposed, ...), never the values.
    evidence TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('potential', 'confirmed', 'rejected')),
    proposed_at TEXT NOT NULL,
    decided_by TEXT REFERENCES users (id),
    decided_at TEXT,
    reason TEXT,
    CONSTRAINT person_link_proposals_ordered CHECK (person_l < person_r),
    CONSTRAINT person_link_proposals_pair UNIQUE (person_l, person_r)
);
CREATE INDEX person_link_proposals_queue ON person_link_proposals (status, proposed_at, id);
CREATE INDEX person_link_proposals_right ON person_link_proposals (person_r);
