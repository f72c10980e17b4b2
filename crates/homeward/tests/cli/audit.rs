//! An audit log that cannot be cut short unseen (issue 16, item 3): the chain begins with a genesis event naming
//! the deployment, its head is checkpointed outside the database (signed with the deployment key), and `audit
//! verify` fails when the newest events are deleted and the head rewritten to match, when the whole log and head are
//! deleted, or when a checkpoint line is altered. On SQLite, and on PostgreSQL under scripts/with-postgres.sh.

use homeward_testkit::Backend;

use crate::support::Workspace;

fn add_agency(ws: &Workspace, code: &str) {
    ws.ok(&["agency", "add", "--code", code, "--name", "Synthetic Council", "--kind", "local_authority"]);
}

fn checkpoint_file(ws: &Workspace) -> std::path::PathBuf {
    let beside = ws.dir().join("checkpoints");
    assert!(beside.exists(), "the checkpoint file was written where it was told");
    beside
}

/// Every command of these tests names the same checkpoint file and deployment.
fn run(ws: &Workspace, args: &[&str]) -> Vec<String> {
    let file = ws.dir().join("checkpoints").display().to_string();
    let mut all = vec!["--audit-checkpoint-file".to_owned(), file, "--deployment-name".into(), "northmoor-test".into()];
    all.extend(args.iter().map(|a| (*a).to_owned()));
    all
}

fn ok(ws: &Workspace, args: &[&str]) -> String {
    let args = run(ws, args);
    ws.ok(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn fails(ws: &Workspace, args: &[&str], message: &str) {
    let args = run(ws, args);
    ws.fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), 1, message);
}

fn truncation_and_deletion_fail_verification(ws: &Workspace) {
    ok(ws, &["migrate"]);
    let verified = ok(ws, &["audit", "verify"]);
    assert!(verified.contains("1 event verified from its genesis (northmoor-test"), "{verified}");
    add_agency(ws, "E10000091");
    add_agency(ws, "E10000092");
    let written = ok(ws, &["audit", "checkpoint"]);
    assert!(written.contains("at event 3"), "{written}");
    add_agency(ws, "E10000093");
    add_agency(ws, "E10000094");
    assert!(ok(ws, &["audit", "checkpoint"]).contains("at event 5"));
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(checkpoint_file(ws)).expect("written").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the checkpoints are the deployment's own");
    }
    let verified = ok(ws, &["audit", "verify"]);
    assert!(verified.contains("5 events verified") && verified.contains("against 2 checkpoints"), "{verified}");

    // The newest events deleted and the head rewritten to the last one left: no secret is needed for that, and the
    // chain alone still links; the checkpoints do not.
    ws.tamper(
        "DELETE FROM audit_events WHERE seq > 3; \
         UPDATE audit_head SET last_seq = 3, last_hash = (SELECT hash FROM audit_events WHERE seq = 3) WHERE id = 1",
    );
    fails(ws, &["audit", "verify"], "the audit log ends at event 3, but the checkpoint taken at");
    fails(ws, &["audit", "verify"], "recorded event 5: the events after 3 have been removed");

    // The whole log and its head deleted: the log is empty though it began with a genesis event.
    ws.tamper("DELETE FROM audit_events; DELETE FROM audit_head");
    fails(ws, &["audit", "verify"], "the whole log has been deleted");

    // The head put back as new: verify itself begins no chain, so the emptied log is still found empty.
    ws.tamper(&format!("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '{}')", "0".repeat(64)));
    fails(ws, &["audit", "verify"], "the whole log has been deleted");
    // The next command that writes begins a new chain, which the checkpoints do not recognise.
    ok(ws, &["agency", "add", "--code", "E10000095", "--name", "Another Council", "--kind", "local_authority"]);
    fails(ws, &["audit", "verify"], "the checkpoint taken at");
}

#[test]
fn truncation_and_deletion_fail_verification_on_sqlite() {
    truncation_and_deletion_fail_verification(&Workspace::new());
}

homeward_testkit::postgres_test! {
    fn truncation_and_deletion_fail_verification_on_postgres() {
        truncation_and_deletion_fail_verification(&Workspace::on(Backend::Postgres));
    }
}

#[test]
fn an_altered_or_foreign_checkpoint_fails_verification_naming_its_line() {
    let ws = Workspace::new();
    add_agency(&ws, "E10000091");
    ok(&ws, &["audit", "checkpoint"]);
    ok(&ws, &["alerts", "tick"]);
    let file = checkpoint_file(&ws);
    let text = std::fs::read_to_string(&file).expect("readable");
    assert_eq!(text.lines().count(), 2, "one from the command, one from the tick: {text}");
    assert!(ok(&ws, &["audit", "verify"]).contains("against 2 checkpoints"));

    // A checkpoint moved back to an earlier event, so that a shorter chain would pass: its signature no longer fits.
    let first = text.lines().next().expect("a line");
    let moved = first.replacen("\"seq\":", "\"seq\":1", 1);
    std::fs::write(&file, format!("{moved}\n{}\n", text.lines().nth(1).expect("a second line"))).expect("written");
    fails(&ws, &["audit", "verify"], "line 1 of the audit checkpoint file");
    fails(&ws, &["audit", "verify"], "is not signed with this deployment's key");

    // The same file under another deployment's key fails too.
    std::fs::write(&file, &text).expect("written back");
    ok(&ws, &["audit", "verify"]);
    let key = ws.dir().join("other-key");
    std::fs::write(&key, format!("{}\n", "ab".repeat(32))).expect("written");
    let args = run(&ws, &["--key-file", key.to_str().expect("UTF-8"), "audit", "verify"]);
    ws.fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), 1, "line 1 of the audit checkpoint file");
}

#[test]
fn without_checkpoints_verify_says_so_and_checks_the_chain_alone() {
    let ws = Workspace::new();
    add_agency(&ws, "E10000091");
    // The review's finding: with no checkpoint file, a chain cut short passed. Now it fails unless asked not to.
    ws.fails(&["audit", "verify"], 1, "there is no audit checkpoint file");
    let output = ws.run(&["audit", "verify", "--without-checkpoints"], "");
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("There is no audit checkpoint in"), "{said}");
    let bad = ["--audit-checkpoint-webhook", "http://example.org/hook", "audit", "checkpoint"];
    ws.fails(&bad, 2, "audit_checkpoint_webhook: must be an https:// address");
}

#[test]
fn a_checkpoint_goes_to_the_file_and_its_webhook_alike() {
    let ws = Workspace::new();
    add_agency(&ws, "E10000091");
    let (port, received) = crate::notify::receiver();
    let hook = format!("http://127.0.0.1:{port}/checkpoints");
    ok(&ws, &["--audit-checkpoint-webhook", &hook, "audit", "checkpoint"]);
    let line = std::fs::read_to_string(checkpoint_file(&ws)).expect("written");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while received.lock().expect("lock").is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let received = received.lock().expect("lock");
    assert_eq!(received.len(), 1, "one POST a checkpoint");
    assert_eq!(received[0].1, line.trim_end(), "the webhook gets the signed line the file holds");
}

#[test]
fn a_missing_key_is_not_silently_replaced_on_a_database_made_under_one() {
    let ws = Workspace::new();
    add_agency(&ws, "E10000092");
    let key = std::path::PathBuf::from(format!("{}-key", ws.database_file().display()));
    std::fs::remove_file(&key).expect("the key was made beside the database");
    // The review's finding: a new key was made at once, making every second factor and checkpoint unusable.
    ws.fails(&["user", "unlock", "--email", "nobody@example.org"], 1, "the deployment key file");
    assert!(!key.exists(), "no new key was made");
}
