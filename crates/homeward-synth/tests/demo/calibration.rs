//! The generated year matches the DOMAIN.md figures. Tolerances are wider for the area, whose two thousand child
//! episodes come from a few hundred children (one child at risk with thirty episodes moves a share by a point),
//! and narrower for the region. Both hold for every seed tried, not only the one the tests use.

use std::ops::RangeInclusive;

use homeward_synth::{Scale, generate};

use crate::figures::{Figures, measure};
use crate::{area, options, region};

fn within(name: &str, measured: f64, range: RangeInclusive<f64>) {
    assert!(range.contains(&measured), "{name}: measured {measured:.4}, expected {range:?}");
}

/// `area` for the wide tolerance, `region` for the narrow one.
fn tolerance(scale: Scale, area: f64, region: f64) -> f64 {
    if scale == Scale::Area { area } else { region }
}

fn check(f: &Figures, scale: Scale) {
    let t = |area, region| tolerance(scale, area, region);
    assert_eq!(f.incidents as u32, scale.incidents());
    // "incidents a year ... about 2/3 children"
    within("child share", f.child_share, 0.66..=0.675);
    // "incidents per person a year: children about 2.8; adults about 1.35; looked-after children who go missing
    // about 6 to 7 (heavy tail: some over 20)"
    within("incidents per child", f.incidents_per_child, 2.7..=2.95);
    within("incidents per adult", f.incidents_per_adult, 1.28..=1.42);
    within(
        "incidents per looked-after child",
        f.incidents_per_looked_after_child,
        6.0 - t(0.3, 0.0)..=7.0 + t(0.3, 0.0),
    );
    assert!(f.most_incidents_of_one_child > 20, "heavy tail: some over 20");
    // "most missing children are 12 to 17; 16+ is about half of looked-after incidents"
    within("children 12 to 17", f.children_12_to_17, 0.85..=0.97);
    within("looked-after 16+", f.looked_after_16_plus, 0.5 - t(0.15, 0.06)..=0.5 + t(0.12, 0.08));
    // A quarter to a third of looked-after children placed out of area.
    within("out of area", f.out_of_area, 0.25..=0.34);
    // "duration: children: 79% found within 24 h, 90% within 2 days, under 2% over a week"
    within("child under 24h", f.child_under_24h, 0.79 - t(0.02, 0.01)..=0.79 + t(0.03, 0.015));
    within("child under 48h", f.child_under_48h, 0.90 - t(0.02, 0.01)..=0.90 + t(0.02, 0.01));
    within("child over 7d", f.child_over_7d, 0.005..=0.02);
    // "adults: 76% / 86% / 3%"
    within("adult under 24h", f.adult_under_24h, 0.76 - t(0.04, 0.015)..=0.76 + t(0.04, 0.015));
    within("adult under 48h", f.adult_under_48h, 0.86 - t(0.04, 0.015)..=0.86 + t(0.04, 0.015));
    within("adult over 7d", f.adult_over_7d, 0.03 - t(0.018, 0.008)..=0.03 + t(0.018, 0.008));
    assert!(f.still_missing > 0, "a few are still missing at the year's end");
    assert!(f.still_missing * 100 < f.incidents, "only a few");
    // "risk mix, child incidents (one force): high 13 to 15%, medium about 85%, low 1 to 2%"
    within("child high", f.child_high, 0.13 - t(0.02, 0.005)..=0.15 + t(0.03, 0.005));
    within("child medium", f.child_medium, 0.85 - t(0.04, 0.02)..=0.85 + t(0.04, 0.02));
    within("child low", f.child_low, 0.01 - t(0.003, 0.0)..=0.02 + t(0.003, 0.0));
    // "CSE flag: about 9% of child incidents"; criminal exploitation: some
    within("child CSE", f.child_cse, 0.09 - t(0.025, 0.01)..=0.09 + t(0.03, 0.01));
    within("child CCE", f.child_cce, 0.02..=0.05);
    // RHI: "on average half of episodes led to an RHI"; "of completed RHIs only 63% were within 72 hours"
    within("RHI offered", f.rhi_offered, 0.70 - t(0.04, 0.02)..=0.70 + t(0.04, 0.02));
    within("RHI completed", f.rhi_completed, 0.55 - t(0.03, 0.015)..=0.60 + t(0.0, 0.0));
    within("RHI completed within 72h", f.rhi_completed_within_72h, 0.63 - t(0.03, 0.02)..=0.63 + t(0.05, 0.02));
    assert!(f.rhi_declined > 0 && f.rhi_not_possible > 0 && f.rhi_due > 0);
    // Found dead: very rare, adults only.
    assert_eq!(f.found_dead_children, 0);
    assert!(f.found_dead_adults * 200 < f.incidents);
}

#[test]
fn the_area_matches_domain_figures() {
    check(&measure(area()), Scale::Area);
}

#[test]
fn the_region_matches_domain_figures_more_closely() {
    check(&measure(region()), Scale::Region);
}

/// The tolerances hold whatever the seed, and this prints how far each figure ranges:
/// `cargo test --release -p homeward-synth --test demo -- --ignored --nocapture many_seeds`.
#[test]
#[ignore = "generates forty areas and ten regions; run in release"]
fn the_figures_hold_for_many_seeds() {
    for (scale, seeds) in [(Scale::Area, 1..=40), (Scale::Region, 1..=10)] {
        let all: Vec<Figures> = seeds.map(|seed| measure(&generate(&options(seed, scale)))).collect();
        let range = |name: &str, get: fn(&Figures) -> f64| {
            let values = all.iter().map(get);
            let low = values.clone().fold(f64::MAX, f64::min);
            let high = values.fold(f64::MIN, f64::max);
            println!("{scale} {name}: {low:.3} to {high:.3}");
        };
        range("incidents per child", |f| f.incidents_per_child);
        range("incidents per adult", |f| f.incidents_per_adult);
        range("incidents per looked-after child", |f| f.incidents_per_looked_after_child);
        range("looked-after 16+", |f| f.looked_after_16_plus);
        range("children 12 to 17", |f| f.children_12_to_17);
        range("out of area", |f| f.out_of_area);
        range("child under 24h", |f| f.child_under_24h);
        range("child under 48h", |f| f.child_under_48h);
        range("child over 7d", |f| f.child_over_7d);
        range("adult under 24h", |f| f.adult_under_24h);
        range("adult under 48h", |f| f.adult_under_48h);
        range("adult over 7d", |f| f.adult_over_7d);
        range("child high", |f| f.child_high);
        range("child medium", |f| f.child_medium);
        range("child low", |f| f.child_low);
        range("child CSE", |f| f.child_cse);
        range("child CCE", |f| f.child_cce);
        range("RHI offered", |f| f.rhi_offered);
        range("RHI completed", |f| f.rhi_completed);
        range("RHI within 72h", |f| f.rhi_completed_within_72h);
        range("still missing", |f| f.still_missing as f64);
        for figures in &all {
            check(figures, scale);
        }
    }
}

/// Prints the measured figures of the seed the tests use:
/// `cargo test -p homeward-synth --test demo -- --ignored --nocapture print_figures`.
#[test]
#[ignore = "prints figures for a report"]
fn print_figures() {
    println!("area {:#?}", measure(area()));
    println!("region {:#?}", measure(region()));
}
