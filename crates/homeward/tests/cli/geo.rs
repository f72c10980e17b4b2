//! `homeward geo import` and `homeward geo lookup`: the ONS Postcode Directory loaded from its CSV, asked about a
//! postcode, and a malformed file refused with the directory left as it was.

use homeward_testkit::geo::onspd_fixture;

use crate::support::Workspace;

#[test]
fn the_directory_is_imported_looked_up_and_a_bad_file_changes_nothing() {
    let ws = Workspace::new();
    for (args, expected) in
        [(&["geo", "import", "--help"][..], "msgpack.br"), (&["geo", "lookup", "--help"][..], "POSTCODE")]
    {
        let help = ws.ok(args);
        assert!(help.contains(expected), "{args:?}: {help}");
    }
    let unloaded = ws.ok(&["geo", "lookup", "DH1 1AA"]);
    assert!(unloaded.contains("no postcode directory is loaded"), "{unloaded}");

    let fixture = onspd_fixture().display().to_string();
    let loaded = ws.ok(&["geo", "import", "--from", &fixture]);
    assert!(loaded.starts_with("Loaded 415 postcodes into the postcode directory; skipped 0 "), "{loaded}");
    let durham = ws.ok(&["geo", "lookup", "dh11aa"]);
    assert_eq!(durham, "DH1 1AA: easting 427500, northing 542600, local authority E06000047\n");
    let unknown = ws.ok(&["geo", "lookup", "ZZ9 9ZZ"]);
    assert!(unknown.contains("ZZ9 9ZZ is unknown: it is not in the ONS Postcode Directory"), "{unknown}");
    ws.fails(&["geo", "lookup", "nonsense"], 2, "must be a UK postcode");

    // A file whose third line is no postcode: refused by file and line, and the directory stays as it was.
    let bad = ws.write(
        "bad.csv",
        "pcds,doterm,oseast1m,osnrth1m,lad25cd\nDL1 1AA,201203,429000,514000,E06000005\nNOT A CODE,,1,2,E06000005\n",
    );
    ws.fails(&["geo", "import", "--from", &bad], 2, "bad.csv, line 3: \"NOT A CODE\" is not a postcode");
    ws.fails(&["geo", "import", "--from", ws.dir().to_str().expect("UTF-8")], 2, "postcodes_*.msgpack.br");
    assert_eq!(ws.ok(&["geo", "lookup", "DH1 1AA"]), durham);

    // A good file replaces the directory whole; a terminated postcode says so.
    let small =
        ws.write("small.csv", "pcds,doterm,oseast1m,osnrth1m,lad25cd\nDL1 1AA,201203,429000,514000,E06000005\n");
    assert!(ws.ok(&["geo", "import", "--from", &small]).starts_with("Loaded 1 postcodes"));
    assert!(ws.ok(&["geo", "lookup", "DH1 1AA"]).contains("unknown"));
    assert!(ws.ok(&["geo", "lookup", "DL1 1AA"]).contains("Terminated in March 2012."));

    // A council whose code is not its ONS code says which authorities it answers for.
    ws.ok(&["agency", "add", "--code", "DUR", "--name", "Durham", "--kind", "local_authority"]);
    let rules = ws.ok(&["agency", "rules", "--code", "DUR", "--local-authorities", "e06000047"]);
    assert!(rules.contains("found outside local authorities E06000047 is found out of area"), "{rules}");
    ws.fails(&["agency", "rules", "--code", "DUR", "--local-authorities", "DH"], 2, "ONS local authority codes");
}
