//! A council's or a force's page of episodes and month or year of figures are served by indexes over its own share, never by
//! reading every episode or every person (issue 13): the plans each database chooses for them on a seeded region, with
//! the statistics the seed leaves behind. PostgreSQL is asked to avoid sequential scans, so a `Seq Scan` in its plan
//! means no index can serve the query at all.

use homeward_core::Scope;
use homeward_core::domain::agency::AgencyKind;
use homeward_core::domain::episode::EpisodeQuery;
use homeward_store::{PostgresStore, SqliteStore};
use homeward_testkit::world::at;
use homeward_testkit::{Backend, FreshDatabase};

/// The scopes whose reads must stay within their share: the area's council and its force.
async fn seeded(backend: Backend) -> (FreshDatabase, Vec<Scope>) {
    let fresh = FreshDatabase::new(backend).await;
    let store = homeward_testkit::open_store(&fresh.url).await;
    let options = homeward_synth::DemoOptions {
        seed: 5,
        scale: homeward_synth::Scale::Region,
        as_of: at("2026-11-01T00:00:00Z"),
    };
    let demo = homeward_synth::generate(&options);
    let (core, clock) = homeward_testkit::world::core(store);
    clock.set(options.as_of);
    core.seed(&homeward_core::Actor::operator("demo"), &demo.data, options.seed).await.expect("seeded");
    let mut scopes = Vec::new();
    for agency in &demo.data.agencies {
        match agency.kind {
            AgencyKind::LocalAuthority if !scopes.iter().any(|s| matches!(s, Scope::LocalAuthority(_))) => {
                scopes.push(Scope::LocalAuthority(agency.id));
            }
            AgencyKind::Police if !scopes.iter().any(|s| matches!(s, Scope::PoliceForce(_))) => {
                scopes.push(Scope::PoliceForce(agency.id));
            }
            _ => {}
        }
    }
    assert_eq!(scopes.len(), 2, "the area has a council and a force");
    (fresh, scopes)
}

/// A step that reads a whole table of episodes or people, if the plan has one.
fn full_read(plan: &[String]) -> Option<&String> {
    plan.iter().find(|step| {
        let step = step.trim_start_matches([' ', '-', '>']);
        ["SCAN e", "SCAN p", "SCAN episodes", "SCAN people", "Seq Scan on episodes", "Seq Scan on people"]
            .iter()
            .any(|full| step == *full || step.starts_with(&format!("{full} ")))
    })
}

fn assert_indexed(what: &str, scope: Scope, plan: &[String]) {
    assert!(!plan.is_empty(), "{what}: the database gave a plan");
    if let Some(step) = full_read(plan) {
        panic!("{what} for {scope:?} reads a whole table ({step}):\n{}", plan.join("\n"));
    }
}

macro_rules! plans_on {
    ($store:ty, $backend:expr) => {{
        let (fresh, scopes) = seeded($backend).await;
        let store = <$store>::connect(&fresh.url).await.expect("the store opens");
        let (from, until) = (at("2026-06-01T00:00:00+01:00"), at("2026-07-01T00:00:00+01:00"));
        for scope in scopes {
            let page = EpisodeQuery { limit: 50, ..EpisodeQuery::default() };
            assert_indexed("a page of episodes", scope, &store.plan_of_episode_page(scope, &page).await.expect("plan"));
            assert_indexed(
                "a month of figures",
                scope,
                &store.plan_of_figures(scope, from, until).await.expect("plan"),
            );
            let year = store.plan_of_figures(scope, at("2025-11-01T00:00:00Z"), at("2026-11-01T00:00:00Z")).await;
            assert_indexed("a year of figures", scope, &year.expect("plan"));
        }
        store.close().await;
    }};
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_reads_a_councils_share_through_indexes() {
    plans_on!(SqliteStore, Backend::Sqlite);
}

homeward_testkit::postgres_test! {
    async fn postgres_reads_a_councils_share_through_indexes() {
        plans_on!(PostgresStore, Backend::Postgres);
    }
}
