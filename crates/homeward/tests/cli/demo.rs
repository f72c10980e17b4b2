//! The demo data, seeded once, and `audit verify` catching a database changed behind Homeward's back.

use crate::support::Workspace;

#[test]
fn demo_seeds_once_prints_sign_ins_and_the_audit_chain_catches_tampering() {
    let ws = Workspace::new();
    let out = ws.ok(&["demo", "--seed", "3", "--as-of", "2026-11-01"]);
    let sign_ins: Vec<&str> = out.lines().filter(|l| l.starts_with("demo sign-in: ")).collect();
    assert!(sign_ins.len() >= 9, "one line per role at least");
    for line in &sign_ins {
        let fields: Vec<&str> = line.trim_start_matches("demo sign-in: ").split(' ').collect();
        assert_eq!(fields.len(), 6, "EMAIL PASSWORD ROLE AGENCY_CODE USER_ID TOTP_SECRET: {line}");
        assert!(fields[0].contains('@') && fields[1].len() >= 12 && fields[4].len() == 36, "{line}");
        let secret = fields[5];
        assert!(secret.len() == 32 && secret.bytes().all(|b| matches!(b, b'A'..=b'Z' | b'2'..=b'7')), "{line}");
    }
    for role in ["police_officer", "la_coordinator", "rhi_practitioner", "care_staff", "analyst", "admin"] {
        assert!(sign_ins.iter().any(|l| l.contains(&format!(" {role} "))), "{role} has a demo user");
    }
    ws.fails(&["demo"], 2, "already holds");
    // Nobody has signed in, yet a tick raises what time has brought the demo's open episodes; a second raises
    // nothing more.
    let first = ws.ok(&["alerts", "tick"]);
    assert!(first.contains("episodes still missing") && !first.contains("Raised 0 alerts"), "{first}");
    assert!(ws.ok(&["alerts", "tick"]).contains("Raised 0 alerts"));
    ws.homeward(&["audit", "verify", "--without-checkpoints"]).assert().success();
    ws.tamper("UPDATE audit_events SET details = '{}' WHERE seq = 1");
    ws.fails(&["audit", "verify", "--without-checkpoints"], 1, "audit event 1 has been altered");
}
