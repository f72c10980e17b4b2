//! Blocking keeps the work near-linear: 20,000 synthetic records give a few candidate pairs each, link in seconds
//! even in a debug build, and link well against the generator's truth.

mod support;

use std::collections::HashSet;
use std::time::Instant;

use homeward_link::{LINK_THRESHOLD, link};

#[test]
fn twenty_thousand_records_give_near_linear_candidate_pairs_and_link_well() {
    let (records, truth) = support::population(20_000, 2026);
    let started = Instant::now();
    let linkage = link(&records);
    let elapsed = started.elapsed();
    let per_record = linkage.pairs.len() as f64 / records.len() as f64;
    // About 2 today; the bound leaves room, but not for a rule that pairs whole birth years.
    assert!(per_record < 10.0, "{per_record:.1} candidate pairs per record");

    let true_pairs: HashSet<(u32, u32)> =
        linkage.pairs.iter().filter(|p| truth[p.l as usize] == truth[p.r as usize]).map(|p| (p.l, p.r)).collect();
    let mut by_person: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for person in &truth {
        *by_person.entry(person.as_str()).or_default() += 1;
    }
    let all_true: usize = by_person.values().map(|n| n * (n - 1) / 2).sum();
    let linked: Vec<(u32, u32)> =
        linkage.pairs.iter().filter(|p| p.score.probability >= LINK_THRESHOLD).map(|p| (p.l, p.r)).collect();
    let right = linked.iter().filter(|pair| true_pairs.contains(pair)).count();
    let precision = right as f64 / linked.len().max(1) as f64;
    let recall = right as f64 / all_true.max(1) as f64;
    eprintln!(
        "20000 records: {} candidate pairs ({per_record:.1} a record, {} blocked of {all_true} true), {} linked, \
         precision {precision:.3}, recall {recall:.3}, {} clusters, lambda {:.2e}, {} EM iterations, {:.2?}",
        linkage.pairs.len(),
        true_pairs.len(),
        linked.len(),
        linkage.cluster_count(),
        linkage.model.parameters.lambda,
        linkage.model.parameters.iterations,
        elapsed
    );
    assert!(precision > 0.95, "precision {precision:.3}");
    assert!(recall > 0.85, "recall {recall:.3}");
    // Generous, for a shared machine: the point is seconds, not minutes.
    assert!(elapsed.as_secs() < 30, "took {elapsed:.2?}");
}
