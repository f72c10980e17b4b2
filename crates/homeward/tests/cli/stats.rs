//! `homeward stats`: the key figures as a table, CSV and JSON that agree with each other.

use crate::support::Workspace;

#[test]
fn stats_prints_the_key_figures_as_a_table_csv_and_json_that_agree() {
    let ws = Workspace::new();
    let out = ws.ok(&["demo", "--seed", "5", "--as-of", "2026-11-01"]);
    let council = out
        .lines()
        .find(|l| l.contains(" la_coordinator "))
        .and_then(|l| l.split(' ').nth(5))
        .expect("a council coordinator's sign-in")
        .to_owned();
    let period = ["stats", "--from", "2025-11-01", "--to", "2026-10-31"];
    let json: serde_json::Value =
        serde_json::from_str(&ws.ok(&[&period[..], &["--format", "json"]].concat())).expect("JSON");
    let incidents = json["incidents"].as_u64().expect("a count");
    assert!(incidents > 1_000, "a synthetic year: {json}");
    let sum =
        |group: &str| json[group].as_object().expect(group).values().filter_map(serde_json::Value::as_u64).sum::<u64>();
    assert_eq!(sum("risk"), incidents, "every incident has one grade or none");
    assert_eq!(sum("duration"), incidents, "every incident has one duration or is still missing");
    assert!(json["rhi"]["offered_within_72h"].as_u64() <= json["rhi"]["offered"].as_u64());
    // The demo's children's homes were prompted to notify Ofsted, recorded most and left the latest.
    let ofsted = &json["ofsted"];
    assert!(ofsted["prompted"].as_u64() > Some(0), "{ofsted}");
    assert!(ofsted["notified_within_24h"].as_u64() <= ofsted["notified"].as_u64(), "{ofsted}");
    assert_eq!(
        ofsted["notified"].as_u64().zip(ofsted["unrecorded"].as_u64()).map(|(n, u)| n + u),
        ofsted["prompted"].as_u64()
    );

    let csv = ws.ok(&[&period[..], &["--format", "csv"]].concat());
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some("figure,value"));
    let rows: Vec<(&str, u64)> = rows
        .map(|row| {
            let (key, value) = row.split_once(',').expect("figure,value");
            (key, value.parse().expect("a whole number"))
        })
        .collect();
    assert_eq!(
        rows.len(),
        38,
        "every figure of CONTRACT.md, and issue 17's: the four of the ofsted group, children_missing_education and \
         legacy_absent_awaiting_review"
    );
    for (key, value) in &rows {
        let in_json = key.split('.').fold(&json, |node, part| &node[part]);
        assert_eq!(in_json.as_u64(), Some(*value), "{key} agrees with the JSON");
    }

    let text = ws.ok(&period);
    assert!(text.starts_with("Key figures for all agencies, 1 November 2025 to 31 October 2026"), "{text}");
    let incidents_line = text.lines().find(|l| l.starts_with("Incidents ")).expect("an incidents row");
    assert!(incidents_line.ends_with(&format!(" {incidents}")), "{incidents_line}");

    let local: serde_json::Value =
        serde_json::from_str(&ws.ok(&[&period[..], &["--agency", &council, "--format", "json"]].concat()))
            .expect("JSON");
    let local_incidents = local["incidents"].as_u64().expect("a count");
    assert!(local_incidents > 0 && local_incidents <= incidents, "{local_incidents} of {incidents}");
    let verified = ws.ok(&["audit", "verify", "--without-checkpoints"]);
    assert!(verified.contains("intact"), "each request was audited and the chain holds: {verified}");
}
