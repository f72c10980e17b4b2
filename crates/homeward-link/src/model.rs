//! The Fellegi-Sunter parameters and their estimation from the records themselves. For each field and level, `m` is
//! the chance a pair of records of the same person shows that level and `u` the chance a pair of different people
//! does; λ is the chance that two records drawn at random are the same person.
//!
//! `u` is measured on pairs drawn at random, which are almost all different people, mixed with prior values worth
//! a couple of thousand pairs, so that a file of a few dozen records still weighs agreement sensibly (a handful of
//! random pairs says little about how often strangers share a date of birth). `m` and λ are found by
//! expectation-maximisation over the candidate pairs (pairs outside every block are taken as non-matches), starting
//! from, and gently held towards, prior values (a few dozen pairs' worth), so that a small file cannot drive a level
//! to zero or one.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::compare::{Comparison, FIELDS, LEVELS, compare};
use crate::record::LinkRecord;

/// Random pairs drawn to measure `u`; every pair when a file has fewer.
pub const U_SAMPLE_PAIRS: usize = 50_000;
/// How many pairs' worth of weight the prior `u` values keep against the random pairs.
const U_PRIOR_PAIRS: f64 = 2_000.0;
/// Prior `u` values: how often records of different children agree at each level, from typical name, birth-date
/// and postcode spreads.
const U_PRIOR: [&[f64]; FIELDS] = [
    &[0.02, 0.005, 0.005, 0.003, 0.001, 0.966],
    &[0.002, 0.002, 0.003, 0.0005, 0.0005, 0.992],
    &[0.0003, 0.0003, 0.0006, 0.005, 0.9938],
    &[0.5, 0.5],
    &[0.0005, 0.002, 0.01, 0.08, 0.9075],
];
/// How many pairs' worth of weight the prior `m` values keep in EM.
const M_PRIOR_PAIRS: f64 = 40.0;
const EM_MAX_ITERATIONS: usize = 40;
const EM_TOLERANCE: f64 = 1e-6;

/// Prior `m` values, best level first, for first name, surname, date of birth, sex and postcode.
const M_PRIOR: [&[f64]; FIELDS] = [
    &[0.80, 0.05, 0.02, 0.06, 0.03, 0.04],
    &[0.82, 0.05, 0.03, 0.01, 0.02, 0.07],
    &[0.84, 0.03, 0.03, 0.05, 0.05],
    &[0.97, 0.03],
    &[0.50, 0.08, 0.12, 0.10, 0.20],
];

/// The estimated parameters of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameters {
    /// The chance two records drawn at random are the same person.
    pub lambda: f64,
    /// Per field, per level (best first): the chance a matching pair shows the level.
    pub m: [Vec<f64>; FIELDS],
    /// Per field, per level: the chance a non-matching pair shows the level.
    pub u: [Vec<f64>; FIELDS],
    /// EM iterations run before the parameters settled (or the limit was reached).
    pub iterations: usize,
}

impl Parameters {
    /// The prior parameters with this λ, before any estimation: for weighing a pair with no file to learn from (a
    /// report against the people held).
    pub fn prior(lambda: f64) -> Self {
        Self { lambda, m: prior_m(), u: U_PRIOR.map(<[f64]>::to_vec), iterations: 0 }
    }

    /// The log2 Bayes factor of one field's level: how much it moves the odds of a match.
    pub fn weight(&self, field: usize, level: usize) -> f64 {
        (self.m[field][level] / self.u[field][level]).log2()
    }
}

fn prior_m() -> [Vec<f64>; FIELDS] {
    M_PRIOR.map(<[f64]>::to_vec)
}

/// Counts mixed with the prior, normalised; no level is ever impossible.
fn smoothed(counts: &[f64; 6], prior: &[f64]) -> Vec<f64> {
    let total: f64 = counts[..prior.len()].iter().sum::<f64>() + U_PRIOR_PAIRS;
    prior.iter().zip(counts).map(|(prior, count)| (count + U_PRIOR_PAIRS * prior) / total).collect()
}

/// `u` for each field's levels, from random pairs drawn with a seeded generator (the same file gives the same
/// figures).
pub fn estimate_u(records: &[LinkRecord], seed: u64) -> [Vec<f64>; FIELDS] {
    let mut counts = [[0.0_f64; 6]; FIELDS];
    let mut tally = |comparison: Comparison| {
        for (field, level) in comparison.levels().into_iter().enumerate() {
            if let Some(level) = level {
                counts[field][level] += 1.0;
            }
        }
    };
    let n = records.len();
    let all_pairs = n * n.saturating_sub(1) / 2;
    if all_pairs <= U_SAMPLE_PAIRS {
        for l in 0..n {
            for r in l + 1..n {
                tally(compare(&records[l], &records[r]));
            }
        }
    } else {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for _ in 0..U_SAMPLE_PAIRS {
            let l = rng.random_range(0..n);
            let r = (l + rng.random_range(1..n)) % n;
            tally(compare(&records[l], &records[r]));
        }
    }
    std::array::from_fn(|field| smoothed(&counts[field], U_PRIOR[field]))
}

/// The levels of a comparison, as EM groups them: pairs with the same levels count together.
pub type Pattern = [Option<usize>; FIELDS];

/// `m` and λ by EM over the candidate pairs' patterns (each with how many pairs show it), `u` held fixed.
/// `all_pairs` is the number of pairs in the whole file, so λ is a chance per random pair.
pub fn estimate_m(patterns: &BTreeMap<Pattern, usize>, u: [Vec<f64>; FIELDS], all_pairs: usize) -> Parameters {
    let candidates: usize = patterns.values().sum();
    let all_pairs = all_pairs.max(1) as f64;
    let mut parameters =
        Parameters { lambda: (0.1 * candidates as f64 / all_pairs).clamp(1e-12, 0.5), m: prior_m(), u, iterations: 0 };
    if candidates == 0 {
        return parameters;
    }
    for iteration in 1..=EM_MAX_ITERATIONS {
        let prior_odds = parameters.lambda / (1.0 - parameters.lambda);
        let mut matched = [[0.0_f64; 6]; FIELDS];
        let mut expected_matches = 0.0;
        for (pattern, &count) in patterns {
            let mut odds = prior_odds;
            for (field, level) in pattern.iter().enumerate() {
                if let Some(level) = *level {
                    odds *= parameters.m[field][level] / parameters.u[field][level];
                }
            }
            let weight = count as f64 * (odds / (1.0 + odds));
            expected_matches += weight;
            for (field, level) in pattern.iter().enumerate() {
                if let Some(level) = *level {
                    matched[field][level] += weight;
                }
            }
        }
        let m: [Vec<f64>; FIELDS] = std::array::from_fn(|field| {
            let total: f64 = matched[field][..LEVELS[field]].iter().sum();
            (0..LEVELS[field])
                .map(|level| (M_PRIOR_PAIRS * M_PRIOR[field][level] + matched[field][level]) / (M_PRIOR_PAIRS + total))
                .collect()
        });
        let lambda = (expected_matches / all_pairs).clamp(1e-12, 0.5);
        let change = m
            .iter()
            .zip(&parameters.m)
            .flat_map(|(new, old)| new.iter().zip(old).map(|(a, b)| (a - b).abs()))
            .fold((lambda - parameters.lambda).abs() / parameters.lambda, f64::max);
        parameters.m = m;
        parameters.lambda = lambda;
        parameters.iterations = iteration;
        if change < EM_TOLERANCE {
            break;
        }
    }
    parameters
}

/// The patterns of a set of comparisons, counted; in order, so that EM sums in the same order every run and the
/// same file always gives the same figures.
pub fn patterns<'a>(comparisons: impl IntoIterator<Item = &'a Comparison>) -> BTreeMap<Pattern, usize> {
    let mut counted = BTreeMap::new();
    for comparison in comparisons {
        *counted.entry(comparison.levels()).or_insert(0) += 1;
    }
    counted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priors_are_distributions() {
        for (field, (m, u)) in M_PRIOR.iter().zip(U_PRIOR).enumerate() {
            assert_eq!((m.len(), u.len()), (LEVELS[field], LEVELS[field]));
            assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-9, "m of field {field}");
            assert!((u.iter().sum::<f64>() - 1.0).abs() < 1e-9, "u of field {field}");
        }
    }

    #[test]
    fn em_finds_the_matches_among_clear_patterns() {
        let u: [Vec<f64>; FIELDS] = std::array::from_fn(|field| {
            let levels = LEVELS[field];
            (0..levels).map(|level| if level + 1 == levels { 0.9 } else { 0.1 / (levels - 1) as f64 }).collect()
        });
        let agree: Pattern = [Some(0), Some(0), Some(0), Some(0), Some(0)];
        let disagree: Pattern = [Some(5), Some(5), Some(4), Some(1), Some(4)];
        let patterns = BTreeMap::from([(agree, 100), (disagree, 900)]);
        let parameters = estimate_m(&patterns, u, 1_000_000);
        assert!((parameters.lambda * 1_000_000.0 - 100.0).abs() < 5.0, "{}", parameters.lambda);
        assert!(parameters.m[1][0] > 0.8, "{:?}", parameters.m[1]);
        assert!(parameters.weight(2, 0) > 2.0);
    }
}
