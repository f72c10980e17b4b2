//! Blocking: which pairs of records are compared at all. Comparing every pair grows with the square of the number
//! of records; instead each record gets a few keys, and only records sharing a key are compared. The rules are a
//! union, so a pair missed by one (a typo in the surname, a moved postcode) is usually caught by another, and a pair
//! found by several is compared once.

use std::collections::HashMap;

use crate::names::canonical;
use crate::record::LinkRecord;

/// A block holding more records than this is skipped: its pairs would be most of the work and almost all
/// non-matches (a very common name in a very large file). Skipped blocks are counted in [`Blocking`].
pub const MAX_BLOCK: usize = 200;

/// The candidate pairs: indices into the records, the smaller first, sorted, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Blocking {
    pub pairs: Vec<(u32, u32)>,
    /// Blocks left out for holding more than [`MAX_BLOCK`] records.
    pub oversized_blocks: usize,
}

/// The blocking keys of one record, one per rule that applies to it:
/// 1. the full date of birth and either name's initial;
/// 2. the Soundex of the surname, the year of birth and the forename's initial (of its formal name, so `Bob` is
///    `R`);
/// 3. the Soundex codes of both names, in either order (so a swapped forename and surname still meet);
/// 4. the forename, nicknames folded to their formal name, and the postcode district;
/// 5. the postcode unit and the year of birth.
pub fn keys(record: &LinkRecord) -> Vec<String> {
    let mut keys = Vec::with_capacity(6);
    let year = record.dob.map(crate::record::BirthDate::year);
    if let Some(dob) = record.dob.filter(|d| d.is_full()) {
        let mut initials: Vec<char> =
            record.first_name.iter().chain(&record.surname).map(crate::names::Name::initial).collect();
        initials.sort_unstable();
        initials.dedup();
        for initial in initials {
            keys.push(format!("1|{}-{:?}-{:?}|{initial}", dob.year(), dob.month(), dob.day()));
        }
    }
    if let (Some(surname), Some(year)) = (&record.surname, year) {
        let initial = record.first_name.as_ref().and_then(|first| canonical(first.as_str()).chars().next());
        keys.push(format!("2|{}|{year}|{}", surname.soundex(), initial.unwrap_or('?')));
    }
    if let (Some(first), Some(surname)) = (&record.first_name, &record.surname) {
        let (a, b) = (first.soundex(), surname.soundex());
        keys.push(if a <= b { format!("3|{a}|{b}") } else { format!("3|{b}|{a}") });
    }
    if let (Some(first), Some(postcode)) = (&record.first_name, &record.postcode) {
        keys.push(format!("4|{}|{}", canonical(first.as_str()), postcode.district()));
    }
    if let (Some(unit), Some(year)) = (record.postcode.as_ref().and_then(crate::record::LinkPostcode::unit), year) {
        keys.push(format!("5|{unit}|{year}"));
    }
    keys
}

/// The records of a set under each blocking key: built once, then asked which records a new one should be
/// compared with (a report, before a person is created) or which pairs the set holds.
#[derive(Debug, Clone, Default)]
pub struct BlockIndex {
    blocks: HashMap<String, Vec<u32>>,
}

impl BlockIndex {
    pub fn build(records: &[LinkRecord]) -> Self {
        let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
        for (index, record) in records.iter().enumerate() {
            let index = u32::try_from(index).expect("fewer than four billion records");
            for key in keys(record) {
                blocks.entry(key).or_default().push(index);
            }
        }
        Self { blocks }
    }

    /// The indices of the records sharing a key with this one (outside any block over [`MAX_BLOCK`]), sorted,
    /// each once.
    pub fn candidates_for(&self, record: &LinkRecord) -> Vec<u32> {
        let mut found: Vec<u32> = keys(record)
            .iter()
            .filter_map(|key| self.blocks.get(key))
            .filter(|members| members.len() <= MAX_BLOCK)
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The candidate pairs of a set of records under the union of the blocking rules.
pub fn candidate_pairs(records: &[LinkRecord]) -> Blocking {
    let blocks = BlockIndex::build(records).blocks;
    let mut blocking = Blocking::default();
    for members in blocks.values() {
        if members.len() > MAX_BLOCK {
            blocking.oversized_blocks += 1;
            continue;
        }
        for (at, &l) in members.iter().enumerate() {
            for &r in &members[at + 1..] {
                blocking.pairs.push((l.min(r), l.max(r)));
            }
        }
    }
    blocking.pairs.sort_unstable();
    blocking.pairs.dedup();
    blocking
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Name;
    use crate::record::{BirthDate, LinkPostcode};

    fn record(first: &str, surname: &str, dob: &str, postcode: &str) -> LinkRecord {
        LinkRecord {
            unique_id: String::new(),
            source: String::new(),
            first_name: Name::parse(first),
            surname: Name::parse(surname),
            dob: BirthDate::parse(dob).ok(),
            sex: None,
            postcode: LinkPostcode::parse(postcode).ok(),
        }
    }

    #[test]
    fn pairs_found_by_several_rules_are_compared_once() {
        let records = [
            record("Tamsin", "Fairclough", "2011-03-04", "DH1 3AB"),
            record("Tamsin", "Fairclough", "2011-03-04", "DH1 3AB"),
            record("Oscar", "Brindle", "2009-12-01", "LS6 1AA"),
        ];
        assert_eq!(candidate_pairs(&records).pairs, vec![(0, 1)]);
    }

    #[test]
    fn a_new_record_finds_the_records_it_shares_a_block_with() {
        let records = [
            record("Tamsin", "Fairclough", "2011-03-04", "DH1 3AB"),
            record("Oscar", "Brindle", "2009-12-01", "LS6 1AA"),
            record("Fairclough", "Tamsin", "", ""),
        ];
        let index = BlockIndex::build(&records);
        assert_eq!(index.candidates_for(&record("Tamsin", "Fairclogh", "2011-03-04", "")), vec![0, 2]);
        assert!(index.candidates_for(&record("Zebedee", "Quarmby", "2001-01-01", "TS1 1AA")).is_empty());
    }

    #[test]
    fn swapped_names_and_nicknames_still_meet() {
        let swapped = [record("Tamsin", "Fairclough", "", ""), record("Fairclough", "Tamsin", "", "")];
        assert_eq!(candidate_pairs(&swapped).pairs, vec![(0, 1)]);
        let nickname = [record("Bob", "Ashby", "", "DH1 3AB"), record("Robert", "Smith", "", "DH1 9ZZ")];
        assert_eq!(candidate_pairs(&nickname).pairs, vec![(0, 1)]);
    }
}
