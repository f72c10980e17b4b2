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
    let head = ws.ok(&["audit", "verify", "--without-checkpoints"]);

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
    assert_eq!(ws.ok(&["audit", "verify", "--without-checkpoints"]), head, "nothing was written by the refused files");
}

#[test]
fn two_rows_for_one_episode_are_refused_naming_both_lines() {
    let ws = Workspace::new();
    ws.ok(&["agency", "add", "--code", "E10000099", "--name", "Synthetic Council", "--kind", "local_authority"]);
    let head = ws.ok(&["audit", "verify", "--without-checkpoints"]);
    // The issue: EP1 twice in one file was merged, last row winning, and the summary counted both.
    let twice = format!(
        "{EPISODES_CSV}EP1,E10000099,C1,Synthetic,One,2012-03-04,F,Y,E10000099,foster_care,missing,2026-05-01T21:00:00+01:00,,high,,,,,,,N,N\n"
    );
    let path = ws.write("episodes.csv", &twice);
    ws.fails(
        &["import", "episodes", &path],
        2,
        "line 5, column source_ref: EP1 of E10000099 is also on line 2: each episode may appear once in a file",
    );
    assert_eq!(ws.ok(&["audit", "verify", "--without-checkpoints"]), head, "nothing was written");
}

#[test]
fn a_line_of_any_length_is_refused_within_a_records_memory() {
    use std::io::Write;
    let ws = Workspace::new();
    ws.ok(&["agency", "add", "--code", "E10000099", "--name", "Synthetic Council", "--kind", "local_authority"]);
    // The issue: a 1 GB line took 2.1 GB of memory to refuse. A 256 MiB line here, refused by a process allowed
    // 192 MiB of data: reading the line whole could not even start.
    let file = ws.dir().join("long.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("created"));
    out.write_all(EPISODES_CSV.lines().next().expect("a header").as_bytes()).expect("written");
    out.write_all(b"\nEP1,E10000099,").expect("written");
    let block = vec![b'x'; 1 << 20];
    for _ in 0..256 {
        out.write_all(&block).expect("written");
    }
    out.write_all(b"\n").expect("written");
    out.flush().expect("flushed");
    drop(out);
    let plain = ws.homeward(&["import", "episodes", file.to_str().expect("a path")]);
    let mut limited = std::process::Command::new("sh");
    limited.arg("-c").arg("ulimit -d 196608 && exec \"$0\" \"$@\"").arg(plain.get_program()).args(plain.get_args());
    limited.current_dir(plain.get_current_dir().expect("a directory"));
    for (name, value) in plain.get_envs() {
        match value {
            Some(value) => limited.env(name, value),
            None => limited.env_remove(name),
        };
    }
    let output = limited.output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("line 2: is longer than 1048576 bytes"), "{stderr}");
}

#[test]
fn an_episode_imported_as_absent_awaits_review_in_the_key_figures() {
    let ws = Workspace::new();
    ws.ok(&["agency", "add", "--code", "E10000099", "--name", "Synthetic Council", "--kind", "local_authority"]);
    let path = ws.write("episodes.csv", EPISODES_CSV);
    ws.ok(&["import", "episodes", &path]);
    let figures = ws.ok(&["stats", "--from", "2026-04-01", "--to", "2026-06-30", "--format", "json"]);
    let figures: serde_json::Value = serde_json::from_str(&figures).expect("JSON");
    assert_eq!(figures["legacy_absent_awaiting_review"], 1, "{figures}");
    let text = ws.ok(&["stats", "--from", "2026-04-01", "--to", "2026-06-30"]);
    assert!(text.contains("awaiting a supervisor's review"), "{text}");
}
