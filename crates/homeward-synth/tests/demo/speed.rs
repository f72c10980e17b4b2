//! How long a national year takes to generate: part of the target of seeding a national year in under 30 s.

use std::time::Instant;

use homeward_synth::{Scale, generate};

use crate::{SEED, options};

/// `cargo test --release -p homeward-synth --test demo -- --ignored --nocapture national`.
#[test]
#[ignore = "a benchmark: run in release"]
fn a_national_year_generates_in_a_few_seconds() {
    let started = Instant::now();
    let demo = generate(&options(SEED, Scale::National));
    let elapsed = started.elapsed();
    let data = &demo.data;
    println!(
        "national: {} agencies, {} users, {} people, {} episodes, {} assessments, {} interviews in {elapsed:.2?}",
        data.agencies.len(),
        data.users.len(),
        data.people.len(),
        data.episodes.len(),
        data.assessments.len(),
        data.return_interviews.len(),
    );
    println!("national {:#?}", crate::figures::measure(&demo));
    assert_eq!(data.episodes.len(), 350_000);
    assert!(elapsed.as_secs() < 10, "took {elapsed:?}");
}
