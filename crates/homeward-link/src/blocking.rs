//! Blocking: which pairs of records are compared at all. Comparing every pair grows with the square of the number
//! of records; instead each record gets a few keys, and only records sharing a key are compared. The rules are a
//! union, so a pair missed by one (a typo in the surname, a moved postcode) is usually caught by another, and a pair
//! found by several is compared once.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::names::canonical;
use crate::record::LinkRecord;

/// A block holding more records than this is skipped: its pairs would be most of the work and almost all
/// non-matches (a very common name in a very large file). Skipped blocks are counted in [`Blocking`].
pub const MAX_BLOCK: usize = 200;
/// The limit for rule 4, the only rule that keys on names alone: its blocks are every child with a commonly
/// sounding forename and surname, whoever they are. On a million records, blocks of more than this gave a third
/// of all candidate pairs and very few true ones the date and postcode rules did not also find.
pub const MAX_NAMES_ONLY_BLOCK: usize = 30;

/// The candidate pairs: indices into the records, the smaller first, sorted, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Blocking {
    pub pairs: Vec<(u32, u32)>,
    /// Blocks left out for holding more than [`MAX_BLOCK`] records.
    pub oversized_blocks: usize,
}

/// The blocking keys of one record, one per rule that applies to it:
/// 1. the full date of birth and the initials of both names (of the forename's formal name, so `Bob` is `R`), in
///    either order;
/// 2. the full date of birth and the forename, nicknames folded to their formal name (a changed surname);
/// 3. the Soundex code of the surname, the year of birth and the forename's formal initial;
/// 4. the Soundex codes of both names, in either order (so a swapped forename and surname still meet);
/// 5. the forename, nicknames folded to their formal name, and the postcode district;
/// 6. the postcode unit and the year of birth.
///
/// Soundex codes here are whole ([`crate::names::Name::sound_code`]), not cut to four characters, and the date
/// rules take both initials or the whole forename, not one initial: on a million records of children born within
/// fifteen years, the looser keys gave about 34 candidate pairs a record, almost all different children.
pub fn keys(record: &LinkRecord) -> Vec<String> {
    let mut keys = Vec::with_capacity(6);
    let year = record.dob.map(crate::record::BirthDate::year);
    let formal = record.first_name.as_ref().map(|first| canonical(first.as_str()));
    if let Some(dob) = record.dob.filter(|d| d.is_full()) {
        let date = format!("{}-{:?}-{:?}", dob.year(), dob.month(), dob.day());
        if let (Some(formal), Some(surname)) = (formal, &record.surname) {
            let (a, b) = (formal.chars().next().unwrap_or('?'), surname.initial());
            keys.push(format!("1|{date}|{}{}", a.min(b), a.max(b)));
        }
        if let Some(formal) = formal {
            keys.push(format!("2|{date}|{formal}"));
        }
    }
    if let (Some(surname), Some(year)) = (&record.surname, year) {
        let initial = formal.and_then(|formal| formal.chars().next());
        keys.push(format!("3|{}|{year}|{}", surname.sound_code(), initial.unwrap_or('?')));
    }
    if let (Some(first), Some(surname)) = (&record.first_name, &record.surname) {
        let (a, b) = (first.sound_code(), surname.sound_code());
        keys.push(if a <= b { format!("4|{a}|{b}") } else { format!("4|{b}|{a}") });
    }
    if let (Some(formal), Some(postcode)) = (formal, &record.postcode) {
        keys.push(format!("5|{formal}|{}", postcode.district()));
    }
    if let (Some(unit), Some(year)) = (record.postcode.as_ref().and_then(crate::record::LinkPostcode::unit), year) {
        keys.push(format!("6|{unit}|{year}"));
    }
    keys
}

/// A blocking key as the index holds it: hashed, so that a million records' five or six keys each take 16 bytes
/// apiece instead of a string and a list. Two keys sharing a hash would only merge two blocks (more pairs
/// compared, none lost), and with 64 bits that does not happen at any size Homeward sees.
/// The rule's number is kept in the top byte, so a block knows its rule's limit.
fn hashed(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    let rule = u64::from(key.as_bytes()[0]);
    (hasher.finish() >> 8) | (rule << 56)
}

/// The most records a block under this hashed key may hold before it is skipped.
fn limit(key: u64) -> usize {
    if key >> 56 == u64::from(b'4') { MAX_NAMES_ONLY_BLOCK } else { MAX_BLOCK }
}

/// The records of a set under each blocking key: built once, then asked which records a new one should be
/// compared with (a report, before a person is created) or which pairs the set holds. Held as one sorted list
/// of (key, record) entries, a block being a run of one key: compact, and found by binary search.
#[derive(Debug, Clone, Default)]
pub struct BlockIndex {
    entries: Vec<(u64, u32)>,
}

impl BlockIndex {
    pub fn build(records: &[LinkRecord]) -> Self {
        let mut entries: Vec<(u64, u32)> = Vec::with_capacity(records.len() * 6);
        for (index, record) in records.iter().enumerate() {
            let index = u32::try_from(index).expect("fewer than four billion records");
            entries.extend(keys(record).iter().map(|key| (hashed(key), index)));
        }
        entries.sort_unstable();
        entries.dedup();
        Self { entries }
    }

    /// The records under one hashed key.
    fn block(&self, key: u64) -> &[(u64, u32)] {
        let start = self.entries.partition_point(|entry| entry.0 < key);
        let length = self.entries[start..].partition_point(|entry| entry.0 == key);
        &self.entries[start..start + length]
    }

    /// Every block, each a run of entries with one key.
    fn blocks(&self) -> impl Iterator<Item = &[(u64, u32)]> {
        self.entries.chunk_by(|a, b| a.0 == b.0)
    }

    /// The indices of the records sharing a key with this one (outside any block over its limit, [`MAX_BLOCK`] or [`MAX_NAMES_ONLY_BLOCK`]), sorted,
    /// each once.
    pub fn candidates_for(&self, record: &LinkRecord) -> Vec<u32> {
        let mut found: Vec<u32> = keys(record)
            .iter()
            .map(|key| self.block(hashed(key)))
            .filter(|members| members.first().is_some_and(|entry| members.len() <= limit(entry.0)))
            .flatten()
            .map(|entry| entry.1)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The candidate pairs of a set of records under the union of the blocking rules.
pub fn candidate_pairs(records: &[LinkRecord]) -> Blocking {
    let index = BlockIndex::build(records);
    let mut blocking = Blocking::default();
    for members in index.blocks() {
        if members.len() > limit(members[0].0) {
            blocking.oversized_blocks += 1;
            continue;
        }
        // Entries are sorted by record within a block, so the smaller index comes first.
        for (at, &(_, l)) in members.iter().enumerate() {
            blocking.pairs.extend(members[at + 1..].iter().map(|&(_, r)| (l, r)));
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
