//! The key figures checked against values computed independently: a synthetic year is written as the episode CSV
//! agencies would send, imported with `homeward import episodes`, and every figure `homeward stats` gives for
//! several periods (across both clock changes) must equal what `scripts/independent-figures.py` computes from the
//! CSV alone, to the unit. On SQLite, and on PostgreSQL under scripts/with-postgres.sh.

use homeward_core::domain::time::Timestamp;
use homeward_synth::{DemoOptions, Scale, generate, write_episodes_csv};
use homeward_testkit::Backend;

use crate::support::{Workspace, repo};

fn check_figures(ws: &Workspace) {
    let demo = generate(&DemoOptions {
        seed: 3,
        scale: Scale::Area,
        as_of: Timestamp::parse_rfc3339("2026-11-01T00:00:00Z").expect("valid"),
    });
    let mut agencies = demo.data.agencies.clone();
    agencies.sort_by_key(|a| a.police_force_id.is_some());
    for a in &agencies {
        let force = a.police_force_id.and_then(|id| demo.data.agencies.iter().find(|f| f.id == id));
        let mut args =
            vec!["agency", "add", "--code", a.code.as_str(), "--name", a.name.as_str(), "--kind", a.kind.as_str()];
        if let Some(force) = force {
            args.extend(["--police-force", force.code.as_str()]);
        }
        ws.ok(&args);
    }
    let csv = ws.dir().join("episodes.csv");
    let mut file = std::fs::File::create(&csv).expect("created");
    write_episodes_csv(&demo.data, &mut file).expect("written");
    drop(file);
    let csv = csv.display().to_string();
    ws.ok(&["import", "episodes", &csv]);
    for (from, to) in [("2025-11-01", "2026-10-31"), ("2026-03-29", "2026-10-25"), ("2025-10-26", "2026-03-28")] {
        let stats = ws.ok(&["stats", "--from", from, "--to", to, "--format", "json"]);
        let json = ws.write(&format!("stats-{from}.json"), &stats);
        let status = std::process::Command::new("python3")
            .arg(repo().join("scripts/independent-figures.py"))
            .args([csv.as_str(), from, to, json.as_str()])
            .status()
            .expect("python3 runs");
        assert!(status.success(), "{from} to {to}: the figures differ from the independent count (printed above)");
    }
}

#[test]
fn every_key_figure_matches_an_independent_count_on_sqlite() {
    check_figures(&Workspace::new());
}

homeward_testkit::postgres_test! {
    fn every_key_figure_matches_an_independent_count_on_postgres() {
        check_figures(&Workspace::on(Backend::Postgres));
    }
}
