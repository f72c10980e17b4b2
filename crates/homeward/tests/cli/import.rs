//! `homeward import episodes`: an agency's file imported once, again without change, and refused whole when a row is bad.

use crate::support::Workspace;

const EPISODES_CSV: &str = "\
source_ref,agency,person_ref,given_name,family_name,date_of_birth,sex,looked_after,responsible_la,missing_from,la_category,went_missing_at,reported_at,risk_grade,returned_at,return_outcome,found_postcode,rhi_offered_at,rhi_outcome,rhi_completed_at,cse_concern,cce_concern
EP1,E10000099,C1,Synthetic,One,2012-03-04,F,Y,E10000099,foster_care,missing,2026-05-01T21:00:00+01:00,,absent,2026-05-02T09:00:00+01:00,returned_self,LS1 4DY,2026-05-03T10:00:00+01:00,completed,2026-05-04T10:00:00+01:00,N,Y
EP2,E10000099,C1,Synthetic,One,2012-03-04,F,Y,E10000099,foster_care,away,2026-05-10T21:00:00+01:00,2026-05-10T22:00:00+01:00,high,,,,,,,Y,N
EP3,E10000099,A9,Grown,Up,1980-01-01,M,N,,home,,2026-05-11T08:00:00+01:00,,low,2026-05-11T20:00:00+01:00,found_by_police,,,,,,
";

#[test]
fn episodes_import_once_and_again_changes_nothing_and_a_bad_row_names_its_line_and_column() {
    let ws = Workspace::new();
    ws.ok(&["agency", "add", "--code", "E10000099", "--name", "Synthetic Council", "--kind", "local_authority"]);
    let file = ws.dir().join("episodes.csv");
    std::fs::write(&file, EPISODES_CSV).expect("written");
    let path = file.to_str().expect("a path");
    let first = ws.ok(&["import", "episodes", path]);
    assert!(first.contains("3 rows: 3 episodes created, 0 updated, 0 unchanged; 2 people created"), "{first}");
    assert!(first.contains("1 episodes graded \"absent\""), "{first}");
    let again = ws.ok(&["import", "episodes", path]);
    assert!(again.contains("0 episodes created, 0 updated, 3 unchanged; 0 people created, 0 updated"), "{again}");

    // A changed row updates that episode only.
    std::fs::write(&file, EPISODES_CSV.replace(",high,", ",medium,")).expect("written");
    let changed = ws.ok(&["import", "episodes", path]);
    assert!(changed.contains("0 episodes created, 1 updated, 2 unchanged"), "{changed}");
    let head = ws.ok(&["audit", "verify"]);

    // Bad files are rejected whole, naming the line and column, and write nothing.
    let bad_row = EPISODES_CSV
        .replace("EP3,E10000099,A9,Grown,Up,1980-01-01,M", "EP3,E10000099,A9,Grown,Up,1980-13-01,M")
        + "EP4,E10000099,C1,Synthetic,One,2012-03-04,F,Y,E10000099,foster_care,,2026-06-01T21:00:00+01:00,,,,,,,,,,\n";
    std::fs::write(&file, &bad_row).expect("written");
    ws.fails(&["import", "episodes", path], 2, "line 4, column date_of_birth");
    std::fs::write(&file, EPISODES_CSV.replace("E10000099,C1", "NOSUCH,C1")).expect("written");
    ws.fails(&["import", "episodes", path], 2, "column agency: no agency has the code NOSUCH");
    std::fs::write(&file, EPISODES_CSV.replace("cce_concern", "colour")).expect("written");
    ws.fails(&["import", "episodes", path], 2, "unknown column colour");
    std::fs::write(&file, EPISODES_CSV.replace(",LS1 4DY,", ",LS1 4DY,extra,")).expect("written");
    ws.fails(&["import", "episodes", path], 2, "line 2: has 23 fields where the header has 22");
    ws.fails(&["import", "episodes", "no-such-file.csv"], 2, "cannot open no-such-file.csv");
    // C1 is still missing in EP2, already held: another open episode for them is the same absence.
    let second_open = format!(
        "{EPISODES_CSV}EP5,E10000099,C1,Synthetic,One,2012-03-04,F,Y,E10000099,foster_care,,2026-06-01T21:00:00+01:00,,,,,,,,,,\n"
    );
    std::fs::write(&file, second_open).expect("written");
    ws.fails(
        &["import", "episodes", path],
        2,
        "line 5, column returned_at: is blank, but this person is already missing",
    );
    // Found dead, then missing again.
    let after_death = EPISODES_CSV.replace(",found_by_police,", ",found_dead,")
        + "EP6,E10000099,A9,Grown,Up,1980-01-01,M,N,,home,,2026-06-11T08:00:00+01:00,,low,2026-06-11T20:00:00+01:00,returned_self,,,,,,\n";
    std::fs::write(&file, after_death).expect("written");
    ws.fails(&["import", "episodes", path], 2, "line 5, column went_missing_at: is after this person was found dead");
    assert_eq!(ws.ok(&["audit", "verify"]), head, "nothing was written by the refused files");
}
