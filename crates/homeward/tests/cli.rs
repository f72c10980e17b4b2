//! The `homeward` command as an operator uses it: real processes on a database of their own.

use assert_cmd::Command;

struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("a temporary directory") }
    }

    fn url(&self) -> String {
        format!("sqlite://{}", self.dir.path().join("homeward.db").display())
    }

    fn homeward(&self, args: &[&str]) -> Command {
        let mut command = Command::cargo_bin("homeward").expect("the binary is built");
        command
            .current_dir(self.dir.path())
            .env("HOMEWARD_DATABASE_URL", self.url())
            .env_remove("HOMEWARD_CONFIG")
            .args(args);
        command
    }

    fn stdout(&self, args: &[&str], stdin: &str) -> String {
        let output = self.homeward(args).write_stdin(stdin).output().expect("runs");
        assert!(output.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).expect("UTF-8")
    }

    fn fails_with(&self, args: &[&str], stdin: &str, code: i32, message: &str) {
        let output = self.homeward(args).write_stdin(stdin).output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?} should say '{message}', said: {stderr}");
    }

    fn sql(&self, statement: &str) {
        let status = std::process::Command::new("sqlite3")
            .arg(self.dir.path().join("homeward.db"))
            .arg(statement)
            .status()
            .expect("sqlite3 runs");
        assert!(status.success());
    }
}

#[test]
fn every_command_has_help() {
    let ws = Workspace::new();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["demo", "--help"],
        vec!["agency", "add", "--help"],
        vec!["agency", "rules", "--help"],
        vec!["user", "add", "--help"],
        vec!["token", "create", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["stats", "--help"],
    ] {
        ws.homeward(&args).assert().success();
    }
    ws.homeward(&["frobnicate"]).assert().code(2);
}

#[test]
fn an_operator_registers_an_agency_a_user_and_a_token() {
    let ws = Workspace::new();
    assert!(ws.stdout(&["migrate"], "").contains("up to date"));
    ws.stdout(&["agency", "add", "--code", "NMP", "--name", "Northmoor Police", "--kind", "police"], "");
    let council = ["agency", "add", "--code", "E10000023", "--name", "Northmoor", "--kind", "local_authority"];
    ws.stdout(&[&council[..], &["--police-force", "NMP"]].concat(), "");
    let user_id = ws.stdout(
        &[
            "user",
            "add",
            "--email",
            "Officer@Northmoor.example",
            "--name",
            "A Officer",
            "--agency",
            "NMP",
            "--role",
            "police_officer",
        ],
        "a long enough passphrase\n",
    );
    assert_eq!(user_id.trim().len(), 36, "prints the new user's id");
    let token = ws.stdout(&["token", "create", "--email", "officer@northmoor.example", "--expires-in-days", "7"], "");
    assert!(token.trim().starts_with("hw_"));
    let rules = ws.stdout(&["agency", "rules", "--code", "NMP", "--review-high-minutes", "30"], "");
    assert!(rules.contains("review a high grade every 30 minutes") && rules.contains("aged 13 or under"), "{rules}");
    ws.fails_with(&["agency", "rules", "--code", "NMP", "--young-child-max-age", "40"], "", 2, "from 0 to 17");
    ws.fails_with(&["agency", "rules", "--code", "NMP", "--postcode-areas", "DH,12X"], "", 2, "postcode areas");
    let areas = ws.stdout(&["agency", "rules", "--code", "NMP", "--postcode-areas", "dh, DL1"], "");
    assert!(areas.contains("postcode areas DH, DL1"), "{areas}");
    let output = ws.homeward(&["audit", "verify"]).output().expect("runs");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("6 events"));
    // Neither the password nor the token is kept in the clear anywhere in the database file.
    let bytes = std::fs::read(ws.dir.path().join("homeward.db")).expect("the database file");
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("a long enough passphrase"));
    assert!(!text.contains(token.trim()));
}

#[test]
fn bad_input_is_refused_clearly_with_exit_code_2_and_changes_nothing() {
    let ws = Workspace::new();
    ws.fails_with(
        &["agency", "add", "--code", "x", "--name", "X", "--kind", "council"],
        "",
        2,
        "--kind: must be one of",
    );
    ws.fails_with(
        &["user", "add", "--email", "bad", "--name", "N", "--agency", "NMP", "--role", "police_officer"],
        "a long enough passphrase\n",
        2,
        "--email",
    );
    ws.fails_with(
        &["user", "add", "--email", "a@b.example", "--name", "N", "--agency", "NMP", "--role", "police_officer"],
        "short\n",
        2,
        "at least 12 characters",
    );
    ws.fails_with(
        &["user", "add", "--email", "a@b.example", "--name", "N", "--agency", "NMP", "--role", "police_officer"],
        "",
        2,
        "standard input",
    );
    ws.fails_with(
        &["user", "add", "--email", "a@b.example", "--name", "N", "--agency", "NMP", "--role", "police_officer"],
        "a long enough passphrase\n",
        2,
        "no agency has that code",
    );
    ws.fails_with(&["token", "create", "--email", "nobody@b.example"], "", 2, "no active user");
    ws.fails_with(&["--database-url", "mysql://somewhere", "migrate"], "", 2, "sqlite: or postgres://");
    ws.fails_with(&["demo", "--as-of", "31/12/2026"], "", 2, "--as-of");
    ws.fails_with(&["--config", "/nonexistent/homeward.toml", "migrate"], "", 2, "settings file");
    let stats = |from: &'static str, to: &'static str| vec!["stats", "--from", from, "--to", to];
    ws.fails_with(&stats("2026-13-01", "2026-12-31"), "", 2, "--from: must be a real date written YYYY-MM-DD");
    ws.fails_with(&stats("2026-04-01", "2026-03-31"), "", 2, "--to: must be the same as or after the start date");
    ws.fails_with(&stats("2016-04-01", "2026-04-01"), "", 2, "--to: must be less than 10 years after");
    ws.fails_with(&[&stats("2025-04-01", "2026-03-31")[..], &["--agency", "NOWHERE"]].concat(), "", 2, "--agency");
    ws.fails_with(&[&stats("2025-04-01", "2026-03-31")[..], &["--format", "xml"]].concat(), "", 2, "--format");
    ws.fails_with(&["stats", "--from", "2025-04-01"], "", 2, "--to");
    let output = ws.homeward(&["audit", "verify"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&output.stdout).contains("0 events"), "no change was recorded");
}

#[test]
fn demo_seeds_once_prints_sign_ins_and_the_audit_chain_catches_tampering() {
    let ws = Workspace::new();
    let out = ws.stdout(&["demo", "--seed", "3", "--as-of", "2026-11-01"], "");
    let sign_ins: Vec<&str> = out.lines().filter(|l| l.starts_with("demo sign-in: ")).collect();
    assert!(sign_ins.len() >= 9, "one line per role at least");
    for line in &sign_ins {
        let fields: Vec<&str> = line.trim_start_matches("demo sign-in: ").split(' ').collect();
        assert_eq!(fields.len(), 5, "EMAIL PASSWORD ROLE AGENCY_CODE USER_ID: {line}");
        assert!(fields[0].contains('@') && fields[1].len() >= 12 && fields[4].len() == 36, "{line}");
    }
    for role in ["police_officer", "la_coordinator", "rhi_practitioner", "care_staff", "analyst", "admin"] {
        assert!(sign_ins.iter().any(|l| l.contains(&format!(" {role} "))), "{role} has a demo user");
    }
    ws.fails_with(&["demo"], "", 2, "already holds");
    ws.homeward(&["audit", "verify"]).assert().success();
    ws.sql("UPDATE audit_events SET details = '{}' WHERE seq = 1");
    ws.fails_with(&["audit", "verify"], "", 1, "audit event 1 has been altered");
}

const EPISODES_CSV: &str = "\
source_ref,agency,person_ref,given_name,family_name,date_of_birth,sex,looked_after,responsible_la,missing_from,la_category,went_missing_at,reported_at,risk_grade,returned_at,return_outcome,found_postcode,rhi_offered_at,rhi_outcome,rhi_completed_at,cse_concern,cce_concern
EP1,E10000099,C1,Synthetic,One,2012-03-04,F,Y,E10000099,foster_care,missing,2026-05-01T21:00:00+01:00,,absent,2026-05-02T09:00:00+01:00,returned_self,LS1 4DY,2026-05-03T10:00:00+01:00,completed,2026-05-04T10:00:00+01:00,N,Y
EP2,E10000099,C1,Synthetic,One,2012-03-04,F,Y,E10000099,foster_care,away,2026-05-10T21:00:00+01:00,2026-05-10T22:00:00+01:00,high,,,,,,,Y,N
EP3,E10000099,A9,Grown,Up,1980-01-01,M,N,,home,,2026-05-11T08:00:00+01:00,,low,2026-05-11T20:00:00+01:00,found_by_police,,,,,,
";

#[test]
fn episodes_import_once_and_again_changes_nothing_and_a_bad_row_names_its_line_and_column() {
    let ws = Workspace::new();
    ws.stdout(
        &["agency", "add", "--code", "E10000099", "--name", "Synthetic Council", "--kind", "local_authority"],
        "",
    );
    let file = ws.dir.path().join("episodes.csv");
    std::fs::write(&file, EPISODES_CSV).expect("written");
    let path = file.to_str().expect("a path");
    let first = ws.stdout(&["import", "episodes", path], "");
    assert!(first.contains("3 rows: 3 episodes created, 0 updated, 0 unchanged; 2 people created"), "{first}");
    assert!(first.contains("1 episodes graded \"absent\""), "{first}");
    let again = ws.stdout(&["import", "episodes", path], "");
    assert!(again.contains("0 episodes created, 0 updated, 3 unchanged; 0 people created, 0 updated"), "{again}");

    // A changed row updates that episode only.
    std::fs::write(&file, EPISODES_CSV.replace(",high,", ",medium,")).expect("written");
    let changed = ws.stdout(&["import", "episodes", path], "");
    assert!(changed.contains("0 episodes created, 1 updated, 2 unchanged"), "{changed}");
    let head = ws.stdout(&["audit", "verify"], "");

    // Bad files are rejected whole, naming the line and column, and write nothing.
    let bad_row = EPISODES_CSV
        .replace("EP3,E10000099,A9,Grown,Up,1980-01-01,M", "EP3,E10000099,A9,Grown,Up,1980-13-01,M")
        + "EP4,E10000099,C1,Synthetic,One,2012-03-04,F,Y,E10000099,foster_care,,2026-06-01T21:00:00+01:00,,,,,,,,,,\n";
    std::fs::write(&file, &bad_row).expect("written");
    ws.fails_with(&["import", "episodes", path], "", 2, "line 4, column date_of_birth");
    std::fs::write(&file, EPISODES_CSV.replace("E10000099,C1", "NOSUCH,C1")).expect("written");
    ws.fails_with(&["import", "episodes", path], "", 2, "column agency: no agency has the code NOSUCH");
    std::fs::write(&file, EPISODES_CSV.replace("cce_concern", "colour")).expect("written");
    ws.fails_with(&["import", "episodes", path], "", 2, "unknown column colour");
    std::fs::write(&file, EPISODES_CSV.replace(",LS1 4DY,", ",LS1 4DY,extra,")).expect("written");
    ws.fails_with(&["import", "episodes", path], "", 2, "line 2: has 23 fields where the header has 22");
    ws.fails_with(&["import", "episodes", "no-such-file.csv"], "", 2, "cannot open no-such-file.csv");
    assert_eq!(ws.stdout(&["audit", "verify"], ""), head, "nothing was written by the refused files");
}

#[test]
fn stats_prints_the_key_figures_as_a_table_csv_and_json_that_agree() {
    let ws = Workspace::new();
    let out = ws.stdout(&["demo", "--seed", "5", "--as-of", "2026-11-01"], "");
    let council = out
        .lines()
        .find(|l| l.contains(" la_coordinator "))
        .and_then(|l| l.split(' ').nth(5))
        .expect("a council coordinator's sign-in")
        .to_owned();
    let period = ["stats", "--from", "2025-11-01", "--to", "2026-10-31"];
    let json: serde_json::Value =
        serde_json::from_str(&ws.stdout(&[&period[..], &["--format", "json"]].concat(), "")).expect("JSON");
    let incidents = json["incidents"].as_u64().expect("a count");
    assert!(incidents > 1_000, "a synthetic year: {json}");
    let sum =
        |group: &str| json[group].as_object().expect(group).values().filter_map(serde_json::Value::as_u64).sum::<u64>();
    assert_eq!(sum("risk"), incidents, "every incident has one grade or none");
    assert_eq!(sum("duration"), incidents, "every incident has one duration or is still missing");
    assert!(json["rhi"]["offered_within_72h"].as_u64() <= json["rhi"]["offered"].as_u64());

    let csv = ws.stdout(&[&period[..], &["--format", "csv"]].concat(), "");
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some("figure,value"));
    let rows: Vec<(&str, u64)> = rows
        .map(|row| {
            let (key, value) = row.split_once(',').expect("figure,value");
            (key, value.parse().expect("a whole number"))
        })
        .collect();
    assert_eq!(rows.len(), 32, "every figure of CONTRACT.md");
    for (key, value) in &rows {
        let in_json = key.split('.').fold(&json, |node, part| &node[part]);
        assert_eq!(in_json.as_u64(), Some(*value), "{key} agrees with the JSON");
    }

    let text = ws.stdout(&period, "");
    assert!(text.starts_with("Key figures for all agencies, 1 November 2025 to 31 October 2026"), "{text}");
    let incidents_line = text.lines().find(|l| l.starts_with("Incidents ")).expect("an incidents row");
    assert!(incidents_line.ends_with(&format!(" {incidents}")), "{incidents_line}");

    let local: serde_json::Value =
        serde_json::from_str(&ws.stdout(&[&period[..], &["--agency", &council, "--format", "json"]].concat(), ""))
            .expect("JSON");
    let local_incidents = local["incidents"].as_u64().expect("a count");
    assert!(local_incidents > 0 && local_incidents <= incidents, "{local_incidents} of {incidents}");
    let verified = ws.stdout(&["audit", "verify"], "");
    assert!(verified.contains("intact"), "each request was audited and the chain holds: {verified}");
}
