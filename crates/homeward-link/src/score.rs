//! A pair's match probability: the prior odds times each field's Bayes factor, adjusted for how common an agreeing
//! value is, then capped where the pair looks like two siblings or twins rather than one person twice.

use std::collections::HashMap;

use crate::compare::{Comparison, DobLevel, NameLevel, PostcodeLevel, compare};
use crate::model::Parameters;
use crate::names::Name;
use crate::record::LinkRecord;

/// The probability at or above which a pair is linked, and its records put in one cluster.
pub const LINK_THRESHOLD: f64 = 0.5;
/// The most a pair that looks like siblings or twins may score: well below [`LINK_THRESHOLD`], but above the
/// 0.01 of `pairs.csv`, so the pair is still there for a person to look at.
pub const GUARD_CAP: f64 = 0.05;
/// What a forename and surname recorded the wrong way round cost, in bits, against the same names the right way.
const SWAP_PENALTY_BITS: f64 = 1.0;
/// The most a term-frequency adjustment moves a pair, in bits either way.
const TF_LIMIT_BITS: f64 = 6.0;

/// Which hard negative a pair looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Guard {
    /// Same surname and postcode unit, forenames clearly different, dates of birth different or unknown.
    Siblings,
    /// Same date of birth and surname, forenames clearly different (not a nickname, typo or initial).
    Twins,
}

/// One scored pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub comparison: Comparison,
    /// The match weight in bits, before any guard.
    pub weight: f64,
    pub probability: f64,
    pub guard: Option<Guard>,
}

/// How many records' worth of weight the level's own `u` keeps against a value's count in the file, so that a
/// name shared by two records of a file of ten is not taken for a very common name.
const TF_PRIOR_RECORDS: f64 = 100.0;

/// How often each value of a field occurs among the records that have one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermFrequencies {
    first_name: Counted,
    surname: Counted,
    postcode_unit: Counted,
}

/// Each value's count, and how many values were counted.
#[derive(Debug, Clone, Default, PartialEq)]
struct Counted {
    counts: HashMap<String, f64>,
    total: f64,
}

impl TermFrequencies {
    pub fn count(records: &[LinkRecord]) -> Self {
        fn share(values: impl Iterator<Item = String>) -> Counted {
            let mut counted = Counted::default();
            for value in values {
                *counted.counts.entry(value).or_default() += 1.0;
                counted.total += 1.0;
            }
            counted
        }
        Self {
            first_name: share(records.iter().filter_map(|r| r.first_name.as_ref()).map(|n| n.as_str().to_owned())),
            surname: share(records.iter().filter_map(|r| r.surname.as_ref()).map(|n| n.as_str().to_owned())),
            postcode_unit: share(records.iter().filter_map(|r| r.postcode.as_ref()?.unit())),
        }
    }
}

/// A trained model: its parameters and the term frequencies of the records it was trained on.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub parameters: Parameters,
    pub frequencies: TermFrequencies,
}

impl Model {
    /// Scores a pair of records.
    pub fn score(&self, l: &LinkRecord, r: &LinkRecord) -> Score {
        self.weigh(compare(l, r), l)
    }

    /// Scores a pair already compared; `l` is either record of the pair (the term-frequency adjustments look up
    /// a value both records share).
    pub fn weigh(&self, comparison: Comparison, l: &LinkRecord) -> Score {
        let p = &self.parameters;
        let mut weight = (p.lambda / (1.0 - p.lambda)).log2();
        for (field, level) in comparison.levels().into_iter().enumerate() {
            if let Some(level) = level {
                weight += p.weight(field, level);
            }
        }
        if comparison.swapped {
            weight -= SWAP_PENALTY_BITS;
        } else {
            let tf = &self.frequencies;
            if comparison.first_name == Some(NameLevel::Exact) {
                weight += self.adjustment(0, &tf.first_name, l.first_name.as_ref().map(Name::as_str));
            }
            if comparison.surname == Some(NameLevel::Exact) {
                weight += self.adjustment(1, &tf.surname, l.surname.as_ref().map(Name::as_str));
            }
        }
        if comparison.postcode == Some(PostcodeLevel::Unit) {
            weight += self.adjustment(
                4,
                &self.frequencies.postcode_unit,
                l.postcode.as_ref().and_then(crate::record::LinkPostcode::unit).as_deref(),
            );
        }
        let mut probability = 1.0 / (1.0 + (-weight).exp2());
        let guard = guard(&comparison);
        if guard.is_some() {
            probability = probability.min(GUARD_CAP);
        }
        Score { comparison, weight, probability, guard }
    }

    /// Exact agreement on a common value says less than on a rare one: the level's `u` is replaced by the value's
    /// own frequency.
    fn adjustment(&self, field: usize, frequencies: &Counted, value: Option<&str>) -> f64 {
        let Some(count) = value.and_then(|v| frequencies.counts.get(v).copied()) else { return 0.0 };
        let u = self.parameters.u[field][0];
        let frequency = (count + TF_PRIOR_RECORDS * u) / (frequencies.total + TF_PRIOR_RECORDS);
        (u / frequency).log2().clamp(-TF_LIMIT_BITS, TF_LIMIT_BITS)
    }
}

/// The hard negative a comparison looks like, if any.
pub fn guard(c: &Comparison) -> Option<Guard> {
    let same_surname = c.surname.is_some_and(|l| l <= NameLevel::JaroWinkler92);
    let forenames_differ = c.first_name == Some(NameLevel::Else);
    if !(same_surname && forenames_differ) {
        return None;
    }
    if c.dob == Some(DobLevel::Exact) {
        Some(Guard::Twins)
    } else if c.postcode == Some(PostcodeLevel::Unit) && c.dob.is_none_or(|d| d == DobLevel::Else) {
        Some(Guard::Siblings)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::SexLevel;

    fn comparison(first_name: NameLevel, dob: Option<DobLevel>, postcode: PostcodeLevel) -> Comparison {
        Comparison {
            first_name: Some(first_name),
            surname: Some(NameLevel::Exact),
            dob,
            sex: Some(SexLevel::Agree),
            postcode: Some(postcode),
            swapped: false,
        }
    }

    fn record(id: &str, first: &str, surname: &str) -> LinkRecord {
        LinkRecord {
            unique_id: id.to_owned(),
            source: String::new(),
            first_name: crate::names::Name::parse(first),
            surname: crate::names::Name::parse(surname),
            dob: crate::record::BirthDate::parse("2011-03-04").ok(),
            sex: None,
            postcode: None,
        }
    }

    #[test]
    fn agreeing_on_a_common_surname_weighs_less_than_on_a_rare_one() {
        // A file where one surname in four is Smith and the rest are all different.
        let letter = |i: usize| char::from(b'A' + u8::try_from(i % 26).expect("under 26"));
        let mut records: Vec<LinkRecord> = (0..400)
            .map(|i| {
                let surname =
                    if i % 4 == 0 { "Smith".to_owned() } else { format!("Qu{}{}x", letter(i / 26), letter(i)) };
                record(&format!("S{i}"), &format!("Ann{}", letter(i)), &surname)
            })
            .collect();
        records.extend([record("R1", "Tamsin", "Quellingham"), record("R2", "Tamsin", "Quellingham")]);
        let model = crate::train(&records, &[], 1);
        let common = model.score(&record("a", "Tamsin", "Smith"), &record("b", "Tamsin", "Smith"));
        let rare = model.score(&records[400], &records[401]);
        assert_eq!(common.comparison, rare.comparison);
        assert!(rare.weight > common.weight + 3.0, "rare {} against common {}", rare.weight, common.weight);
    }

    #[test]
    fn siblings_and_twins_are_recognised_and_nicknames_are_not_taken_for_them() {
        assert_eq!(guard(&comparison(NameLevel::Else, Some(DobLevel::Exact), PostcodeLevel::Else)), Some(Guard::Twins));
        assert_eq!(
            guard(&comparison(NameLevel::Else, Some(DobLevel::Else), PostcodeLevel::Unit)),
            Some(Guard::Siblings)
        );
        assert_eq!(guard(&comparison(NameLevel::Else, None, PostcodeLevel::Unit)), Some(Guard::Siblings));
        assert_eq!(guard(&comparison(NameLevel::Nickname, Some(DobLevel::Exact), PostcodeLevel::Unit)), None);
        assert_eq!(guard(&comparison(NameLevel::Else, Some(DobLevel::Transposed), PostcodeLevel::Unit)), None);
        assert_eq!(guard(&comparison(NameLevel::Else, Some(DobLevel::Else), PostcodeLevel::District)), None);
    }
}
