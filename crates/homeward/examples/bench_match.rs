//! Report-time matching at scale (issue 14, item 2): seeds a fresh database with made-up people, each filed under
//! their match keys, then times the search a police officer's report makes before recording a person, half for
//! someone held (recorded differently: in capitals, or day and month swapped) and half for someone new. Prints the
//! seeding time and the search's percentiles. A benchmark, not a test: `scripts/bench-match.sh` runs it.
//!
//! `cargo run --release -p homeward --example bench_match -- PEOPLE [DATABASE_URL]`

use std::sync::Arc;
use std::time::Instant;

use homeward_core::domain::agency::{Agency, AgencyCode, AgencyKind};
use homeward_core::domain::ids::{AgencyId, PersonId, UserId};
use homeward_core::domain::person::{Person, Sex};
use homeward_core::domain::text::{DisplayName, PersonName};
use homeward_core::domain::user::Role;
use homeward_core::ports::{BulkData, SystemClock};
use homeward_core::services::{NewPerson, RulesConfig};
use homeward_core::{Actor, Core};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const SYLLABLES: &[&str] = &[
    "ab", "bel", "cor", "dan", "el", "fin", "gar", "hol", "is", "jor", "kel", "lin", "mor", "nel", "or", "pen", "quin",
    "ros", "sal", "tam", "ul", "ven", "wil", "yar", "zen", "bri", "cla", "dre", "fla", "gre", "ith", "lo", "ma", "ne",
    "ra", "si", "to", "ve", "ka", "mi",
];
const SEARCHES: usize = 1_000;

fn name(rng: &mut ChaCha8Rng, parts: usize) -> String {
    let mut name: String = (0..parts).map(|_| SYLLABLES[rng.random_range(0..SYLLABLES.len())]).collect();
    name[..1].make_ascii_uppercase();
    name
}

fn born(rng: &mut ChaCha8Rng) -> time::Date {
    let start = time::macros::date!(2008 - 01 - 01);
    start + time::Duration::days(rng.random_range(0..6_500))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let people: usize = args.next().map_or(1_000_000, |n| n.parse().expect("PEOPLE is a number"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = args.next().unwrap_or_else(|| format!("sqlite:{}", dir.path().join("bench.db").display()));
    let store = homeward_store::open(&url).await.expect("the database opens");
    let matcher = Arc::new(homeward_link::matcher::LinkMatcher::default());
    let core = Core::new(store, Arc::new(SystemClock), RulesConfig::default()).with_matcher(matcher);

    let force = Agency {
        id: AgencyId::random(),
        code: AgencyCode::parse("BENCH").expect("valid"),
        name: DisplayName::parse("Bench Police").expect("valid"),
        kind: AgencyKind::Police,
        police_force_id: None,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(14);
    let now = core.now();
    let data = BulkData {
        people: (0..people)
            .map(|_| Person {
                id: PersonId::random(),
                given_name: PersonName::parse(&name(&mut rng, 2)).expect("valid"),
                family_name: PersonName::parse(&name(&mut rng, 3)).expect("valid"),
                date_of_birth: born(&mut rng),
                sex: if rng.random_bool(0.5) { Sex::Female } else { Sex::Male },
                looked_after: false,
                responsible_la_id: None,
                host_la_id: None,
                placement_provider_id: None,
                allocated_worker_id: None,
                recorded_by_agency_id: Some(force.id),
                created_at: now,
            })
            .collect(),
        agencies: vec![force.clone()],
        ..BulkData::default()
    };
    let started = Instant::now();
    core.seed(&Actor::operator("bench"), &data, 14).await.expect("seeded");
    eprintln!("bench match: {people} people seeded and filed in {:.1} s", started.elapsed().as_secs_f64());

    let officer = Actor::user(UserId::random(), force.id, AgencyKind::Police, Role::PoliceOfficer);
    let mut timings = Vec::with_capacity(SEARCHES);
    let mut found = 0;
    for search in 0..SEARCHES {
        let new = if search % 2 == 0 {
            let held = &data.people[rng.random_range(0..people)];
            let dob = held.date_of_birth;
            // Day and month swapped, where the day can be a month.
            let swapped = time::Month::try_from(dob.day())
                .ok()
                .and_then(|month| time::Date::from_calendar_date(dob.year(), month, u8::from(dob.month())).ok())
                .unwrap_or(dob);
            let given = held.given_name.as_str().to_uppercase();
            let date = if search % 4 == 0 { swapped } else { dob };
            NewPerson::parse(&given, held.family_name.as_str(), &date.to_string(), held.sex.as_str(), false, None, None)
        } else {
            let dob = born(&mut rng).to_string();
            NewPerson::parse(&name(&mut rng, 2), &name(&mut rng, 3), &dob, "F", false, None, None)
        };
        let new = new.expect("a valid person");
        let started = Instant::now();
        let matches = core.possible_matches(&officer, &new).await.expect("searched");
        timings.push(started.elapsed().as_secs_f64() * 1_000.0);
        found += usize::from(search % 2 == 0 && !matches.is_empty());
    }
    timings.sort_by(f64::total_cmp);
    let at = |q: f64| timings[((timings.len() as f64 * q) as usize).min(timings.len() - 1)];
    println!(
        "bench match: {people} people, {SEARCHES} searches: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms; \
         {found} of {} people held found",
        at(0.5),
        at(0.95),
        at(0.99),
        timings[timings.len() - 1],
        SEARCHES / 2
    );
}
