//! The SSDA903 return end to end, as a council's operator runs it: the council's Header and Episodes tables in,
//! a year of its episodes in, the return out; the Missing table matches DfE's own fixture row for row, passes the
//! native rules (`--check`), and, where the test script has installed DfE's validator
//! (`DFE903_PYTHON`), passes DfE's published rules too.

use std::fmt::Write as _;

use crate::support::{Workspace, repo};

const LA: &str = "E10000099";

/// `DD/MM/YYYY` as `YYYY-MM-DD`.
fn iso(dfe: &str) -> String {
    let parts: Vec<&str> = dfe.split('/').collect();
    format!("{}-{}-{}", parts[2], parts[1], parts[0])
}

/// The episode CSV a council would send for the fixture's missing periods: noon on each day, UK time.
fn episodes_csv(missing: &str) -> String {
    let mut csv = String::from(
        "source_ref,agency,person_ref,given_name,family_name,date_of_birth,sex,looked_after,responsible_la,missing_from,la_category,went_missing_at,returned_at,return_outcome\n",
    );
    for (i, line) in missing.lines().skip(1).enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        let (child, dob, kind, start, end) = (cells[0], cells[1], cells[2], cells[3], cells[4]);
        let category = if kind == "A" { "away" } else { "missing" };
        let (back, outcome) =
            if end.is_empty() { (String::new(), "") } else { (format!("{}T12:00:00Z", iso(end)), "returned_self") };
        let (dob, start) = (iso(dob), iso(start));
        writeln!(
            csv,
            "EP{i},{LA},{child},Synthetic,{child},{dob},U,Y,{LA},foster_care,{category},{start}T11:00:00Z,{back},{outcome}"
        )
        .expect("a string takes writes");
    }
    csv
}

/// DfE's own rules, from the published package, where the test script installed it.
fn passes_dfes_own_rules(out: &str) {
    let python = std::env::var("DFE903_PYTHON").ok();
    assert!(
        python.is_some() || std::env::var("HOMEWARD_REQUIRE_DFE903").is_err(),
        "HOMEWARD_REQUIRE_DFE903 is set but DFE903_PYTHON is not: run scripts/dfe903/setup-venv.sh"
    );
    if let Some(python) = python {
        let status = std::process::Command::new(python)
            .arg(repo().join("scripts/dfe903/validate.py"))
            .args(["--year", "2026", out])
            .status()
            .expect("the validator runs");
        assert!(status.success(), "DfE's rules refuse the exported return");
    }
}

fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().skip(1).map(str::to_owned).collect();
    lines.sort();
    lines
}

#[test]
fn a_councils_return_round_trips_and_passes_dfes_rules() {
    let ws = Workspace::new();
    let fixture = repo().join("tests/dfe903/valid");
    ws.ok(&["agency", "add", "--code", LA, "--name", "Synthetic Council", "--kind", "local_authority"]);
    let header = fixture.join("header.csv").display().to_string();
    let episodes = fixture.join("episodes.csv").display().to_string();
    let imported = ws.ok(&["import", "ssda903", "--header", &header, "--episodes", &episodes, "--la", LA]);
    assert!(imported.contains("Imported 3 children and 4 episodes of care"), "{imported}");
    let missing = std::fs::read_to_string(fixture.join("missing.csv")).expect("fixture");
    let csv = ws.write("episodes-in.csv", &episodes_csv(&missing));
    ws.ok(&["import", "episodes", &csv]);

    let out = ws.dir().join("out");
    let out_arg = out.display().to_string();
    let written = ws.ok(&["export", "ssda903", "--la", LA, "--year", "2026", "--out", &out_arg, "--check"]);
    assert!(written.contains("passes every DfE rule"), "{written}");
    let exported = std::fs::read_to_string(out.join("missing.csv")).expect("written");
    assert_eq!(exported.lines().next(), Some("CHILD,DOB,MISSING,MIS_START,MIS_END"));
    assert_eq!(sorted_lines(&exported), sorted_lines(&missing), "the Missing table, row for row");
    for (name, fixture_file) in [("header.csv", "header.csv"), ("episodes.csv", "episodes.csv")] {
        let ours = std::fs::read_to_string(out.join(name)).expect("written");
        let theirs = std::fs::read_to_string(fixture.join(fixture_file)).expect("fixture");
        assert_eq!(ours.lines().next(), theirs.lines().next(), "{name}: exactly DfE's columns");
        assert_eq!(sorted_lines(&ours), sorted_lines(&theirs), "{name}");
    }

    passes_dfes_own_rules(&out_arg);

    // A missing period outside any period of care is Homeward's data to correct: --check says so.
    let stray = "source_ref,agency,person_ref,given_name,family_name,date_of_birth,sex,looked_after,missing_from,went_missing_at\n\
                 STRAY,E10000099,HW0003,Synthetic,HW0003,2010-11-30,U,Y,foster_care,2025-04-10T11:00:00Z\n";
    let stray = ws.write("stray.csv", stray);
    ws.ok(&["import", "episodes", &stray]);
    let output = ws.run(&["export", "ssda903", "--la", LA, "--year", "2026", "--out", &out_arg, "--check"], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("581"), "{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn the_demo_return_has_missing_rows_that_pass_dfes_rules() {
    let ws = Workspace::new();
    ws.ok(&["demo", "--seed", "7", "--as-of", "2026-04-01"]);
    // Northmoor County Council, the demo area's council: the area scale puts every episode there.
    let la = "E10000901";
    let out = ws.dir().join("demo-return").display().to_string();
    let output = ws.run(&["export", "ssda903", "--la", la, "--year", "2026", "--out", &out, "--check"], "");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("passes every DfE rule"), "{stdout}");
    assert!(!stderr.contains("left out"), "every looked-after child has an SSDA903 child: {stderr}");
    let missing = std::fs::read_to_string(std::path::Path::new(&out).join("missing.csv")).expect("written");
    assert!(missing.lines().count() > 100, "the demo's looked-after children go missing: {missing}");
    passes_dfes_own_rules(&out);
}

#[test]
fn looked_after_episodes_with_no_ssda903_child_are_counted_and_fail_the_check() {
    let ws = Workspace::new();
    ws.ok(&["agency", "add", "--code", LA, "--name", "Synthetic Council", "--kind", "local_authority"]);
    // Two looked-after children with three periods in the 2026 year and one before it, and a child the council
    // does not look after; none of them has an SSDA903 child. One absence at a time: P1 came back from the first.
    let csv = "source_ref,agency,person_ref,given_name,family_name,date_of_birth,sex,looked_after,responsible_la,missing_from,went_missing_at,returned_at,return_outcome\n\
               L1,E10000099,P1,Synthetic,One,2011-02-03,U,Y,E10000099,foster_care,2025-05-01T11:00:00Z,2025-05-02T11:00:00Z,returned_self\n\
               L2,E10000099,P1,Synthetic,One,2011-02-03,U,Y,E10000099,foster_care,2025-06-01T11:00:00Z,,\n\
               L3,E10000099,P2,Synthetic,Two,2010-04-05,U,Y,E10000099,foster_care,2026-03-31T22:30:00Z,,\n\
               L4,E10000099,P2,Synthetic,Two,2010-04-05,U,Y,E10000099,foster_care,2024-01-01T11:00:00Z,2024-01-02T11:00:00Z,returned_self\n\
               N1,E10000099,P3,Synthetic,Three,2012-06-07,U,N,,home,2025-07-01T11:00:00Z,,\n";
    let csv = ws.write("unlisted.csv", csv);
    ws.ok(&["import", "episodes", &csv]);
    let said = "left out 3 looked-after episodes of 2 children with no SSDA903 child id";
    let out = ws.dir().join("out").display().to_string();
    let plain = ws.run(&["export", "ssda903", "--la", LA, "--year", "2026", "--out", &out], "");
    assert!(plain.status.success());
    assert!(String::from_utf8_lossy(&plain.stderr).contains(said), "{}", String::from_utf8_lossy(&plain.stderr));
    ws.fails(&["export", "ssda903", "--la", LA, "--year", "2026", "--out", &out, "--check"], 1, said);
}

#[test]
fn bad_ssda903_files_are_refused_whole_with_the_line_named() {
    let ws = Workspace::new();
    ws.ok(&["agency", "add", "--code", LA, "--name", "Synthetic Council", "--kind", "local_authority"]);
    let header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,M,14/06/2011,WBRI,X,,\n";
    let episodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n\
                    C1,10/01/2024,S,C2,N1,U4,PR1,,,,,,\n";
    let h = ws.write("h.csv", header);
    let e = ws.write("e.csv", episodes);
    let import = |h: &str, e: &str| {
        vec!["import", "ssda903", "--header", h, "--episodes", e, "--la", LA]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let args = import(&h, &e);
    ws.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let before = ws.ok(&["audit", "verify", "--without-checkpoints"]);
    let cases = [
        (header.replace("14/06/2011", "2011-06-14"), episodes.to_owned(), "line 2, column DOB"),
        (format!("{header}C1,F,01/01/2012,WBRI,Y,,\n"), episodes.to_owned(), "line 3, column CHILD"),
        (header.to_owned(), episodes.replace("C1,10", "C9,10"), "line 2, column CHILD: C9 is not in the Header"),
        (header.to_owned(), episodes.replace("10/01/2024,S", "31/02/2024,S"), "column DECOM"),
        (header.replace("MC_DOB", "COLOUR"), episodes.to_owned(), "unknown: COLOUR"),
        // References that a spreadsheet would run as formulas (issue 16): refused, naming the line and column.
        (header.replace("C1,M", "=1+1,M"), episodes.to_owned(), "line 2, column CHILD"),
        (header.replace("C1,M", "@SUM(A1),M"), episodes.to_owned(), "line 2, column CHILD"),
        (header.replace("C1,M", "+44-1,M"), episodes.replace("C1,10", "+44-1,10"), "line 2, column CHILD"),
    ];
    for (header, episodes, message) in cases {
        let h = ws.write("h.csv", &header);
        let e = ws.write("e.csv", &episodes);
        let args = import(&h, &e);
        ws.fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), 2, message);
    }
    let h = ws.write("h.csv", header);
    let e = ws.write("e.csv", episodes);
    ws.fails(&["import", "ssda903", "--header", &h, "--episodes", &e, "--la", "NOPE"], 2, "no agency has that code");
    ws.fails(&["export", "ssda903", "--la", LA, "--year", "1990", "--out", "x"], 2, "collection year");
    assert_eq!(ws.ok(&["audit", "verify", "--without-checkpoints"]), before, "nothing was written");
}

#[test]
fn no_cell_of_the_return_can_reach_a_spreadsheet_as_a_formula() {
    let ws = Workspace::new();
    let fixture = repo().join("tests/dfe903/valid");
    ws.ok(&["agency", "add", "--code", LA, "--name", "Synthetic Council", "--kind", "local_authority"]);
    let header = fixture.join("header.csv").display().to_string();
    let episodes = fixture.join("episodes.csv").display().to_string();
    ws.ok(&["import", "ssda903", "--header", &header, "--episodes", &episodes, "--la", LA]);
    // A reference that got in before references were checked, as a formula a spreadsheet would run.
    ws.tamper(
        "PRAGMA foreign_keys = OFF; UPDATE ssda903_children SET child = '=cmd|'' /C calc''!A0' WHERE child = 'HW0001'; \
         UPDATE ssda903_episodes SET child = '=cmd|'' /C calc''!A0' WHERE child = 'HW0001'",
    );
    let out = ws.dir().join("out");
    ws.ok(&["export", "ssda903", "--la", LA, "--year", "2026", "--out", &out.display().to_string()]);
    for name in ["header.csv", "episodes.csv"] {
        let written = std::fs::read_to_string(out.join(name)).expect("written");
        assert!(
            written.lines().any(|line| line.trim_start_matches('"').starts_with("'=cmd|")),
            "{name}: the reference is kept, quoted\n{written}"
        );
        let cells = written.lines().flat_map(|line| line.split(',').map(|cell| cell.trim_start_matches('"')));
        assert!(
            cells.clone().all(|cell| !cell.starts_with(['=', '+', '@'])),
            "{name}: no cell begins a formula\n{written}"
        );
    }
}
