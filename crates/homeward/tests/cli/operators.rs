//! What an operator sets up from the command line: agencies, users, tokens and rules; help for every command; bad input refused with exit code 2 and nothing written.

use crate::support::Workspace;

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
        vec!["user", "unlock", "--help"],
        vec!["user", "reset-mfa", "--help"],
        vec!["token", "create", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["audit", "checkpoint", "--help"],
        vec!["stats", "--help"],
        vec!["helpline-figures", "--help"],
        vec!["subject-access", "--help"],
        vec!["retention", "schedule", "--help"],
        vec!["retention", "run", "--help"],
        vec!["alerts", "tick", "--help"],
        vec!["link", "run", "--help"],
    ] {
        ws.homeward(&args).assert().success();
    }
    ws.homeward(&["frobnicate"]).assert().code(2);
}

#[test]
fn an_operator_registers_an_agency_a_user_and_a_token() {
    let ws = Workspace::new();
    assert!(ws.ok(&["migrate"]).contains("up to date"));
    ws.ok(&["agency", "add", "--code", "NMP", "--name", "Northmoor Police", "--kind", "police"]);
    let council = ["agency", "add", "--code", "E10000023", "--name", "Northmoor", "--kind", "local_authority"];
    ws.ok(&[&council[..], &["--police-force", "NMP"]].concat());
    let user_id = ws.ok_with_input(
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
    let token = ws.ok(&["token", "create", "--email", "officer@northmoor.example", "--expires-in-days", "7"]);
    assert!(token.trim().starts_with("hw_"));
    // An operator lifts a sign-in lock-out and resets a second factor, each audited.
    assert!(ws.ok(&["user", "unlock", "--email", "officer@northmoor.example"]).contains("nothing to unlock"));
    assert!(ws.ok(&["user", "reset-mfa", "--email", "officer@northmoor.example"]).contains("new authenticator app"));
    ws.fails(&["user", "reset-mfa", "--email", "nobody@northmoor.example"], 2, "no user has that email");
    let rules = ws.ok(&["agency", "rules", "--code", "NMP", "--review-high-minutes", "30"]);
    assert!(rules.contains("review a high grade every 30 minutes") && rules.contains("aged 13 or under"), "{rules}");
    ws.fails(&["agency", "rules", "--code", "NMP", "--young-child-max-age", "40"], 2, "from 0 to 17");
    ws.fails(&["agency", "rules", "--code", "NMP", "--assess-within-minutes", "2"], 2, "from 5 minutes");
    let assess = ws.ok(&["agency", "rules", "--code", "NMP", "--assess-within-minutes", "30"]);
    assert!(assess.contains("not assessed by the police within 30 minutes"), "{assess}");
    ws.fails(&["agency", "rules", "--code", "NMP", "--postcode-areas", "DH,12X"], 2, "postcode areas");
    let areas = ws.ok(&["agency", "rules", "--code", "NMP", "--postcode-areas", "dh, DL1"]);
    assert!(areas.contains("postcode areas DH, DL1"), "{areas}");
    let output = ws.run(&["audit", "verify", "--without-checkpoints"], "");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("10 events"), "the genesis event and nine changes");
    // Neither the password nor the token is kept in the clear anywhere in the database file.
    let bytes = std::fs::read(ws.database_file()).expect("the database file");
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("a long enough passphrase"));
    assert!(!text.contains(token.trim()));
}

#[test]
fn bad_input_is_refused_clearly_with_exit_code_2_and_changes_nothing() {
    let ws = Workspace::new();
    ws.fails(&["agency", "add", "--code", "x", "--name", "X", "--kind", "council"], 2, "--kind: must be one of");
    ws.fails_with_input(
        &["user", "add", "--email", "bad", "--name", "N", "--agency", "NMP", "--role", "police_officer"],
        "a long enough passphrase\n",
        2,
        "--email",
    );
    ws.fails_with_input(
        &["user", "add", "--email", "a@b.example", "--name", "N", "--agency", "NMP", "--role", "police_officer"],
        "short\n",
        2,
        "at least 12 characters",
    );
    ws.fails(
        &["user", "add", "--email", "a@b.example", "--name", "N", "--agency", "NMP", "--role", "police_officer"],
        2,
        "standard input",
    );
    ws.fails_with_input(
        &["user", "add", "--email", "a@b.example", "--name", "N", "--agency", "NMP", "--role", "police_officer"],
        "a long enough passphrase\n",
        2,
        "no agency has that code",
    );
    ws.fails(&["token", "create", "--email", "nobody@b.example"], 2, "no active user");
    ws.fails(&["--database-url", "mysql://somewhere", "migrate"], 2, "sqlite: or postgres://");
    ws.fails(&["demo", "--as-of", "31/12/2026"], 2, "--as-of");
    ws.fails(&["--config", "/nonexistent/homeward.toml", "migrate"], 2, "settings file");
    let stats = |from: &'static str, to: &'static str| vec!["stats", "--from", from, "--to", to];
    ws.fails(&stats("2026-13-01", "2026-12-31"), 2, "--from: must be a real date written YYYY-MM-DD");
    ws.fails(&stats("2026-04-01", "2026-03-31"), 2, "--to: must be the same as or after the start date");
    ws.fails(&stats("2016-04-01", "2026-04-01"), 2, "--to: must be less than 10 years after");
    ws.fails(&[&stats("2025-04-01", "2026-03-31")[..], &["--agency", "NOWHERE"]].concat(), 2, "--agency");
    ws.fails(&[&stats("2025-04-01", "2026-03-31")[..], &["--format", "xml"]].concat(), 2, "--format");
    ws.fails(&["stats", "--from", "2025-04-01"], 2, "--to");
    let output = ws.run(&["audit", "verify", "--without-checkpoints"], "");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains(": 1 event verified from its genesis"), "no change was recorded: {said}");
}

#[test]
fn the_database_and_its_audit_spool_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &std::path::Path| std::fs::metadata(path).expect("the file exists").permissions().mode() & 0o777;
    let ws = Workspace::new();
    ws.ok(&["agency", "add", "--code", "E10000099", "--name", "Synthetic Council", "--kind", "local_authority"]);
    let database = ws.database_file();
    let spool = std::path::PathBuf::from(format!("{}-audit-spool", database.display()));
    assert_eq!(mode(&database), 0o600, "the database holds names and findings in clear");
    assert_eq!(mode(&spool), 0o600, "the spool holds audit events");
    for suffix in ["-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", database.display()));
        if file.exists() {
            assert_eq!(mode(&file), 0o600, "{suffix}");
        }
    }
    // A file opened up by hand is closed up again the next time Homeward opens it.
    std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    ws.ok(&["audit", "verify", "--without-checkpoints"]);
    assert_eq!(mode(&database), 0o600);
}

#[test]
fn serve_refuses_a_trusted_proxy_that_is_not_an_address_before_opening_anything() {
    let ws = Workspace::new();
    ws.fails(&["serve", "--trusted-proxy", "10.0.0.0/33", "--bind", "127.0.0.1:0"], 2, "--trusted-proxy");
    assert!(!ws.database_file().exists(), "nothing opened");
}
