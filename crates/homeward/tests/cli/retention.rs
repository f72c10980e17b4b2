//! `homeward retention`: the schedule in force printed whole; a bad schedule file refused, exit 2, nothing changed;
//! a run over a demo year that ended in 2018 erases the people who are due (never the names of the kept), leaves
//! the year's figures as they were, and the audit chain still verifies.

use crate::support::Workspace;

fn carries_out_the_schedule(ws: &Workspace) {
    ws.ok(&["demo", "--seed", "5", "--as-of", "2018-11-01"]);
    let figures = ["stats", "--from", "2017-11-01", "--to", "2018-10-31", "--format", "json"];
    let before = ws.ok(&figures);

    let tried = ws.run(&["retention", "run", "--dry-run"], "");
    let said = String::from_utf8_lossy(&tried.stderr).to_string();
    assert!(tried.status.success(), "{said}");
    assert!(said.contains("(nothing changed: --dry-run)"), "{said}");
    assert_eq!(ws.ok(&figures), before);

    let run = ws.run(&["retention", "run"], "");
    let said = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{said}");
    let erased: u64 = said
        .split("; ")
        .nth(1)
        .and_then(|part| part.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count of people erased: {said}"));
    assert!(erased > 0, "adults missing in 2018 are past six years: {said}");
    assert!(said.contains(&format!("{erased} erased")), "{said}");
    assert_eq!(ws.ok(&figures), before, "the coded facts the figures count stay");
    ws.ok(&["audit", "verify", "--without-checkpoints"]);

    // A second run finds nobody else due today.
    let again = ws.run(&["retention", "run"], "");
    assert!(String::from_utf8_lossy(&again.stderr).contains("; 0 erased"), "{again:?}");
}

#[test]
fn carries_out_the_schedule_on_sqlite() {
    carries_out_the_schedule(&Workspace::new());
}

homeward_testkit::postgres_test! {
    fn carries_out_the_schedule_on_postgres() {
        carries_out_the_schedule(&Workspace::on(homeward_testkit::Backend::Postgres));
    }
}

#[test]
fn prints_the_schedule_in_force_and_refuses_a_bad_one() {
    let ws = Workspace::new();
    let defaults = ws.ok(&["retention", "schedule"]);
    assert!(defaults.contains("looked_after_until_age = 75\n"), "{defaults}");
    assert!(defaults.contains("years_after_last_record = 6\n"), "{defaults}");
    let local = ws.write("local.toml", "child_until_age = 30\n");
    let printed = ws.ok(&["retention", "schedule", "--schedule", &local]);
    assert!(printed.contains("child_until_age = 30\n") && printed.contains("ended_sessions_days = 30\n"), "{printed}");

    for (text, message) in [
        ("looked_after_until_age = 18\n", "75th birthday"),
        ("keep_forever = 1\n", "unknown field"),
        ("child_until_age = \"ten\"\n", "is not valid"),
        ("years_after_last_record = 0\n", "at least 1"),
    ] {
        let bad = ws.write("bad.toml", text);
        ws.fails(&["retention", "run", "--schedule", &bad], 2, message);
    }
    ws.fails(
        &["retention", "run", "--schedule", "/nonexistent/schedule.toml"],
        2,
        "cannot read the retention schedule",
    );
    assert!(!ws.database_file().exists(), "a refused schedule opens no database");
}
