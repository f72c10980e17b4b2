//! The record linkage test bed (issue 14 item 5): made-up children as the police, councils and return interview
//! providers record them, each child recorded once or several times, every copy possibly corrupted the ways
//! agencies' records differ ([`copies`]), with the truth of which records are one child. Among them are the hard
//! negatives that fool linkers: siblings sharing a surname and address, twins sharing a date of birth too, and
//! unrelated children sharing a children's home's postcode. Seeded: the same size and seed give the same bytes.
//!
//! The records are plain strings in the columns of `homeward link batch`, so this crate needs nothing of the
//! linker, and any other linker can read the same file.

mod copies;
mod vocabulary;

use std::io::Write;

use rand::Rng;

use crate::dice::{Dice, between, chance, dice};
use vocabulary::{FEMALE_FORENAMES, MALE_FORENAMES, SURNAMES};

/// The stream of the linkage test bed, apart from the demo's streams.
const LINKAGE_STREAM: u64 = 14;
/// Per mille of groups that are a children's home rather than a family.
const CHILDRENS_HOMES: u32 = 60;
/// Per mille of families with two or more children whose eldest two are twins.
const TWINS: u32 = 60;
/// The first and last years of birth: children who go missing are mostly 6 to 17.
const BORN_FROM: u32 = 2006;
const BORN_TO: u32 = 2020;

/// The columns of `records.csv`, those `homeward link batch` reads.
pub const RECORD_COLUMNS: &str = "unique_id,source,first_name,surname,dob,sex,postcode";
/// The columns of `truth.csv`.
pub const TRUTH_COLUMNS: &str = "unique_id,person_id";

/// A made-up child: what every record of them is a copy of.
#[derive(Debug, Clone)]
struct Child {
    id: u32,
    forename: String,
    surname: String,
    /// A step-parent's surname some agencies record instead.
    step_surname: Option<String>,
    /// Year, month, day.
    born: (u32, u32, u32),
    male: bool,
    postcode: String,
}

/// One record of the test bed, every field as it would sit in a CSV cell (blank when not recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkageRecord {
    pub unique_id: String,
    /// `police`, `council` or `provider`.
    pub source: &'static str,
    pub first_name: String,
    pub surname: String,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or blank.
    pub dob: String,
    /// `M`, `F` or blank.
    pub sex: &'static str,
    /// A whole postcode, an outward code or blank.
    pub postcode: String,
    /// The child the record is of: the truth.
    pub person_id: String,
}

/// `records` records of made-up children, shuffled, each with its truth.
pub fn testbed(records: usize, seed: u64) -> Vec<LinkageRecord> {
    let mut dice = dice(seed, LINKAGE_STREAM);
    let mut out: Vec<LinkageRecord> = Vec::with_capacity(records + 16);
    let mut next_id = 0;
    while out.len() < records {
        for child in group(&mut dice, &mut next_id) {
            let count = copies::how_many(&mut dice);
            for _ in 0..count {
                out.push(copies::copy_of(&child, &mut dice));
            }
        }
    }
    out.truncate(records);
    // Fisher-Yates with 32-bit draws, which are the same on every platform.
    for at in (1..out.len()).rev() {
        let other = dice.random_range(0..=u32::try_from(at).expect("fewer than four billion records")) as usize;
        out.swap(at, other);
    }
    for (index, record) in out.iter_mut().enumerate() {
        let prefix = match record.source {
            "police" => "P",
            "council" => "C",
            _ => "R",
        };
        record.unique_id = format!("{prefix}{index:07}");
    }
    out
}

/// A family (one to three children sharing a surname and an address, sometimes twins) or a children's home (a
/// handful of unrelated children sharing its postcode).
fn group(dice: &mut Dice, next_id: &mut u32) -> Vec<Child> {
    let postcode = vocabulary::postcode(dice);
    if chance(dice, CHILDRENS_HOMES) {
        return (0..between(dice, 4, 12)).map(|_| child(dice, next_id, None, &postcode)).collect();
    }
    let size = match between(dice, 0, 99) {
        0..=59 => 1,
        60..=87 => 2,
        _ => 3,
    };
    let surname = SURNAMES.draw(dice).to_owned();
    let step = chance(dice, 80).then(|| SURNAMES.draw(dice).to_owned());
    let mut children: Vec<Child> = Vec::new();
    for at in 0..size {
        let mut sibling = child(dice, next_id, Some(&surname), &postcode);
        sibling.step_surname.clone_from(&step);
        if at == 1 && chance(dice, TWINS) {
            sibling.born = children[0].born;
        }
        children.push(sibling);
    }
    children
}

fn child(dice: &mut Dice, next_id: &mut u32, surname: Option<&str>, postcode: &str) -> Child {
    let male = dice.random_bool(0.5);
    let forenames = if male { &MALE_FORENAMES } else { &FEMALE_FORENAMES };
    let year = between(dice, BORN_FROM, BORN_TO);
    let month = between(dice, 1, 12);
    let day = between(dice, 1, days_in(year, month));
    *next_id += 1;
    Child {
        id: *next_id,
        forename: forenames.draw(dice).to_owned(),
        surname: surname.map_or_else(|| SURNAMES.draw(dice).to_owned(), str::to_owned),
        step_surname: None,
        born: (year, month, day),
        male,
        postcode: postcode.to_owned(),
    }
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Writes `records.csv` (the columns of [`RECORD_COLUMNS`]). No cell holds a comma, a quote or a line break, so
/// none needs quoting.
pub fn write_records(mut out: impl Write, records: &[LinkageRecord]) -> std::io::Result<()> {
    writeln!(out, "{RECORD_COLUMNS}")?;
    for r in records {
        writeln!(
            out,
            "{},{},{},{},{},{},{}",
            r.unique_id, r.source, r.first_name, r.surname, r.dob, r.sex, r.postcode
        )?;
    }
    out.flush()
}

/// Writes `truth.csv` (the columns of [`TRUTH_COLUMNS`]): which child each record is of.
pub fn write_truth(mut out: impl Write, records: &[LinkageRecord]) -> std::io::Result<()> {
    writeln!(out, "{TRUTH_COLUMNS}")?;
    for r in records {
        writeln!(out, "{},{}", r.unique_id, r.person_id)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(records: usize, seed: u64) -> (Vec<u8>, Vec<u8>) {
        let bed = testbed(records, seed);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write_records(&mut a, &bed).expect("in memory");
        write_truth(&mut b, &bed).expect("in memory");
        (a, b)
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_other_records() {
        assert_eq!(bytes(2_000, 14), bytes(2_000, 14));
        assert_ne!(bytes(2_000, 14).0, bytes(2_000, 15).0);
    }

    #[test]
    fn every_record_is_there_once_with_plain_cells_and_most_children_more_than_once() {
        let bed = testbed(5_000, 1);
        assert_eq!(bed.len(), 5_000);
        let ids: std::collections::HashSet<&str> = bed.iter().map(|r| r.unique_id.as_str()).collect();
        assert_eq!(ids.len(), 5_000);
        for r in &bed {
            for cell in [&r.first_name, &r.surname, &r.dob, &r.postcode] {
                assert!(!cell.contains([',', '"', '\n']), "a plain cell");
            }
        }
        let people: std::collections::HashSet<&str> = bed.iter().map(|r| r.person_id.as_str()).collect();
        let per_person = 5_000.0 / people.len() as f64;
        assert!((1.4..2.4).contains(&per_person), "{per_person:.2} records a child");
    }
}
