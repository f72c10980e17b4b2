-- The ONS Postcode Directory (issue 15): each postcode with its grid reference (British National Grid, metres), the
-- local authority whose area holds it, and the month it was terminated, if it was. Replaced whole by `homeward geo
-- import`; empty until then. Keyed by the postcode as Homeward writes it (`DH1 3AB`); WITHOUT ROWID, so the 2.7
-- million rows are stored once, in the key's order, rather than as a table and an index beside it.
CREATE TABLE postcodes (
    postcode TEXT PRIMARY KEY,
    easting INTEGER NOT NULL,
    northing INTEGER NOT NULL,
    la_code TEXT NOT NULL,
    terminated TEXT
) WITHOUT ROWID;
-- Whether a council's code is a local authority the directory knows, and later the postcodes of an authority.
CREATE INDEX postcodes_la_code ON postcodes (la_code);
