//! The records the tests link: hand-made ones for the hard cases, and the synthetic test bed of homeward-synth
//! (made-up children, corrupted the ways agencies' records differ, with the truth), read as `link batch` reads it.

#![allow(dead_code)]

use homeward_link::names::Name;
use homeward_link::{BirthDate, LinkPostcode, LinkRecord, RecordedSex};

/// A record as a source would hold it; blank strings are missing values.
pub fn record(id: &str, first: &str, surname: &str, dob: &str, sex: &str, postcode: &str) -> LinkRecord {
    LinkRecord {
        unique_id: id.to_owned(),
        source: "synthetic".to_owned(),
        first_name: Name::parse(first),
        surname: Name::parse(surname),
        dob: (!dob.is_empty()).then(|| BirthDate::parse(dob).expect("a good date")),
        sex: RecordedSex::parse(sex).expect("a good sex"),
        postcode: (!postcode.is_empty()).then(|| LinkPostcode::parse(postcode).expect("a good postcode")),
    }
}

/// `records` records of the synthetic test bed and, for each, the child it is of.
pub fn population(records: usize, seed: u64) -> (Vec<LinkRecord>, Vec<String>) {
    let bed = homeward_synth::linkage::testbed(records, seed);
    let mut csv = Vec::new();
    homeward_synth::linkage::write_records(&mut csv, &bed).expect("in memory");
    let parsed = homeward_link::batch::read_records(csv.as_slice()).expect("the test bed is a good input");
    (parsed, bed.into_iter().map(|r| r.person_id).collect())
}
