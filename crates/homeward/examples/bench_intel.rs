//! Places and people at scale (issue 15): seeds a fresh database with a synthetic year (national by default: about
//! 350,000 episodes and the findings of their interviews), files every episode's places and people as the
//! scheduler would, then times the two questions the issue sets targets for: a child's two-step network, asked by a
//! police supervisor of the child's force (1,000 children who have links), and a year's hotspots by district and by
//! place (20 each, as a force would ask). Prints the seeding and filing times and the percentiles. A benchmark, not
//! a test: `scripts/bench-intel.sh` runs it.
//!
//! `cargo run --release -p homeward --example bench_intel -- [area|region|national] [DATABASE_URL]`

use std::sync::Arc;
use std::time::Instant;

use homeward_core::domain::agency::AgencyKind;
use homeward_core::domain::ids::UserId;
use homeward_core::domain::intel::HotspotLevel;
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::Role;
use homeward_core::ports::SystemClock;
use homeward_core::services::RulesConfig;
use homeward_core::{Actor, Core};
use homeward_synth::{DemoOptions, Scale};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const NETWORKS: usize = 1_000;
const HOTSPOTS: usize = 20;
const WHY: Option<&str> = Some("Benchmark of the places-and-people questions");

fn percentiles(label: &str, mut timings: Vec<f64>) {
    timings.sort_by(f64::total_cmp);
    let at = |q: f64| timings[((timings.len() as f64 * q) as usize).min(timings.len() - 1)];
    println!(
        "bench intel: {label}: {} asked: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        timings.len(),
        at(0.5),
        at(0.95),
        at(0.99),
        timings[timings.len() - 1]
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let scale = args.next().map_or(Ok(Scale::National), |s| Scale::parse(&s)).expect("a scale: area, region, national");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = args.next().unwrap_or_else(|| format!("sqlite:{}", dir.path().join("bench.db").display()));
    let store = homeward_store::open(&url).await.expect("the database opens");
    let core = Core::new(store, Arc::new(SystemClock), RulesConfig::default());

    let as_of = Timestamp::parse_rfc3339("2026-11-30T00:00:00Z").expect("valid");
    let started = Instant::now();
    let demo = homeward_synth::generate(&DemoOptions { seed: 15, scale, as_of });
    let episodes = demo.data.episodes.len();
    // A database seeded by an earlier run (a file named on the command line) is asked again as it is.
    let fresh = core.store().begin_read().await.expect("read").is_empty().await.expect("read");
    if fresh {
        core.seed(&Actor::operator("bench"), &demo.data, 15).await.expect("seeded");
        eprintln!("bench intel: {episodes} episodes seeded in {:.1} s", started.elapsed().as_secs_f64());
    }
    let started = Instant::now();
    let mut filed = 0;
    loop {
        match core.file_unfiled_intelligence().await.expect("filed") {
            0 => break,
            n => filed += n,
        }
    }
    println!(
        "bench intel: {filed} episodes' places and people filed in {:.1} s ({:.0} episodes/s)",
        started.elapsed().as_secs_f64(),
        filed as f64 / started.elapsed().as_secs_f64()
    );

    // Children with links, each asked about by a supervisor of the force their episode is in.
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    let mut tx = core.store().begin_read().await.expect("read");
    let mut asked = Vec::new();
    while asked.len() < NETWORKS {
        let episode = &demo.data.episodes[rng.random_range(0..episodes)];
        let Some(force) = episode.police_force_id else { continue };
        if !tx.links_of_people(&[episode.person_id], homeward_core::Scope::All).await.expect("read").is_empty() {
            asked.push((episode.person_id, force));
        }
    }
    drop(tx);
    let mut timings = Vec::with_capacity(NETWORKS);
    let mut people = 0;
    for (person, force) in &asked {
        let supervisor = Actor::user(UserId::random(), *force, AgencyKind::Police, Role::PoliceSupervisor);
        let started = Instant::now();
        let network = core.network(&supervisor, *person, 2, WHY).await.expect("a network");
        timings.push(started.elapsed().as_secs_f64() * 1_000.0);
        people += network.people.len();
    }
    percentiles(&format!("two-step network ({people} people named in all)"), timings);

    let (from, to) = (as_of.plus(time::Duration::days(-365)), as_of);
    for level in [HotspotLevel::District, HotspotLevel::Place] {
        let mut timings = Vec::with_capacity(HOTSPOTS);
        for _ in 0..HOTSPOTS {
            let (_, force) = asked[rng.random_range(0..asked.len())];
            let supervisor = Actor::user(UserId::random(), force, AgencyKind::Police, Role::PoliceSupervisor);
            let started = Instant::now();
            core.hotspots(&supervisor, level, from, to, WHY).await.expect("hotspots");
            timings.push(started.elapsed().as_secs_f64() * 1_000.0);
        }
        percentiles(&format!("a year's hotspots by {level}"), timings);
    }
}
