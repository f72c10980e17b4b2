//! `homeward helpline-figures`: the demo's interview provider's contacts, counted by basis, and bad input refused.

use crate::support::Workspace;

#[test]
fn helpline_figures_count_a_providers_contacts_and_refuse_a_council() {
    let ws = Workspace::new();
    let out = ws.ok(&["demo", "--seed", "5", "--as-of", "2026-11-01"]);
    let code = |role: &str| {
        out.lines()
            .find(|l| l.contains(&format!(" {role} ")))
            .and_then(|l| l.split(' ').nth(5))
            .expect("a demo sign-in")
            .to_owned()
    };
    let (provider, council) = (code("rhi_practitioner"), code("la_coordinator"));
    let period = ["helpline-figures", "--from", "2025-11-01", "--to", "2026-10-31"];
    let json = ws.ok(&[&period[..], &["--agency", &provider, "--format", "json"]].concat());
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let contacts = json["contacts"].as_u64().expect("a count");
    assert!(contacts > 0, "{json}");
    let shared: u64 = ["by_sharing.consent", "by_sharing.safeguarding_ground", "by_sharing.not_shared"]
        .iter()
        .filter_map(|k| json[*k].as_u64())
        .sum();
    assert_eq!(shared, contacts, "every contact has one basis: {json}");
    let csv = ws.ok(&[&period[..], &["--agency", &provider, "--format", "csv"]].concat());
    assert!(csv.starts_with(&format!("figure,value\ncontacts,{contacts}\n")), "{csv}");
    ws.fails(&[&period[..], &["--agency", &council]].concat(), 2, "interview provider");
    ws.fails(&["helpline-figures", "--agency", &provider, "--from", "soon", "--to", "2026-10-31"], 2, "from");
}
