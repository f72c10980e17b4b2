//! The key figures checked against values computed independently: a synthetic year is written as the episode CSV
//! agencies would send, imported with `homeward import episodes`, and every figure `homeward stats` gives for
//! several periods (across both clock changes) must equal what `scripts/independent-figures.py` computes from the
//! CSV alone, to the unit. On SQLite, and on PostgreSQL when the test script provides a server.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use homeward_core::domain::time::Timestamp;
use homeward_synth::{DemoOptions, Scale, generate, write_episodes_csv};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn homeward(url: &str, args: &[&str]) -> String {
    let output = Command::cargo_bin("homeward")
        .expect("built")
        .env("HOMEWARD_DATABASE_URL", url)
        .env_remove("HOMEWARD_CONFIG")
        .args(args)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn check_figures(url: &str, dir: &Path) {
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
        homeward(url, &args);
    }
    let csv = dir.join("episodes.csv");
    let mut file = std::fs::File::create(&csv).expect("created");
    write_episodes_csv(&demo.data, &mut file).expect("written");
    drop(file);
    let csv = csv.display().to_string();
    homeward(url, &["import", "episodes", &csv]);
    for (from, to) in [("2025-11-01", "2026-10-31"), ("2026-03-29", "2026-10-25"), ("2025-10-26", "2026-03-28")] {
        let json = dir.join(format!("stats-{from}.json"));
        std::fs::write(&json, homeward(url, &["stats", "--from", from, "--to", to, "--format", "json"])).expect("ok");
        let status = std::process::Command::new("python3")
            .arg(repo().join("scripts/independent-figures.py"))
            .args([csv.as_str(), from, to, json.to_str().expect("a path")])
            .status()
            .expect("python3 runs");
        assert!(status.success(), "{from} to {to}: the figures differ from the independent count (printed above)");
    }
}

#[test]
fn every_key_figure_matches_an_independent_count_on_sqlite() {
    let dir = tempfile::tempdir().expect("a directory");
    check_figures(&format!("sqlite://{}", dir.path().join("h.db").display()), dir.path());
}

#[test]
fn every_key_figure_matches_an_independent_count_on_postgres() {
    let Ok(server) = std::env::var("HOMEWARD_TEST_POSTGRES_URL") else {
        assert!(std::env::var("HOMEWARD_REQUIRE_POSTGRES").is_err(), "HOMEWARD_REQUIRE_POSTGRES is set but no server");
        return;
    };
    let name = format!("figures_{}", std::process::id());
    let created = std::process::Command::new("psql")
        .args(["-q", &server, "-c", &format!("CREATE DATABASE {name}")])
        .status()
        .expect("psql runs");
    assert!(created.success());
    let url = format!("{}/{name}", server.rsplit_once('/').expect("a database in the URL").0);
    let dir = tempfile::tempdir().expect("a directory");
    check_figures(&url, dir.path());
}
