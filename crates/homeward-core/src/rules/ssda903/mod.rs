//! DfE's SSDA903 ("903") validation rules that read the Missing table, reimplemented natively so that
//! `homeward export ssda903 --check` can report problems before a council submits its return.
//!
//! The behaviour is that of DfE's own validator, PyPI `csc-validator-be-903` 0.1.17 (`lac_validator`), whose
//! Missing rules are identical in every ruleset from 2022/23 to 2026/27. `docs/DFE903-MISSING-RULES.md`
//! describes each rule; this module mirrors the package's quirks on purpose (each is noted where it happens),
//! because a council's submission is judged by the package, not by what the rule's message suggests.
//!
//! How the package sees a cell, which every rule here relies on:
//! * An empty cell is blank (NaN); anything else, even `" "`, `"NA"` or `"NULL"`, is a value.
//! * Every value is upper-cased on ingest, so codes and CHILD ids are compared upper-cased.
//! * Dates are parsed by each rule with `pd.to_datetime(format="%d/%m/%Y", errors="coerce")`: a cell that does
//!   not parse is NaT, and every comparison involving NaT is false.
//! * Joins are exact string matches on CHILD. A blank CHILD matches another blank CHILD in a pandas merge (NaN
//!   keys join each other), but never in an `==` between columns, and `groupby` drops it.
//!
//! Tables are always present here (an empty `Vec` is an uploaded table with no rows); only last year's Missing
//! table is optional, and rule 576 is skipped without it, as the package does.

mod cells;
mod joined;
mod missing;
#[cfg(test)]
mod tests;

use cells::{Epi, Head, Mis, parse_date};
use joined::{
    periods_of_care, rule_575, rule_576, rule_577, rule_578, rule_580, rule_581, rule_1012, rule_int04, rule_int13,
};
use missing::{
    rule_564, rule_565, rule_566, rule_567, rule_570, rule_571, rule_574, rule_586, rule_1004, rule_1005, rule_1006,
};

/// A `header.csv` row, cells as exported (`""` = blank).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderRow {
    pub child: String,
    pub sex: String,
    pub dob: String,
    pub ethnic: String,
    pub upn: String,
    pub mother: String,
    pub mc_dob: String,
}

/// An `episodes.csv` row, cells as exported (`""` = blank).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EpisodeRow {
    pub child: String,
    pub decom: String,
    pub rne: String,
    pub ls: String,
    pub cin: String,
    pub place: String,
    pub place_provider: String,
    pub dec: String,
    pub rec: String,
    pub reason_place_change: String,
    pub home_post: String,
    pub pl_post: String,
    pub urn: String,
}

/// A `missing.csv` row, cells as exported (`""` = blank).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MissingRow {
    pub child: String,
    pub dob: String,
    pub missing: String,
    pub mis_start: String,
    pub mis_end: String,
}

/// The three tables of a return, rows in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Return903 {
    pub header: Vec<HeaderRow>,
    pub episodes: Vec<EpisodeRow>,
    pub missing: Vec<MissingRow>,
}

/// The table whose rows a problem points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    Header,
    Episodes,
    Missing,
}

/// One failed rule: the rows it flags, as 0-based data-row indexes of `table` (CSV line = row + 2), ascending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub message: &'static str,
    pub table: Table,
    pub rows: Vec<usize>,
}

/// The rules [`check`] runs, in the order it runs them, with DfE's message for each.
pub const RULES: &[(&str, &str)] = &[
    ("564", "Child was missing or away from placement without authorisation and the date started is blank."),
    (
        "565",
        "The date that the child started to be missing or away from placement without authorisation has been \
         completed but whether the child was missing or away from placement without authorisation has not been \
         completed.",
    ),
    (
        "566",
        "The date that the child's episode of being missing or away from placement without authorisation ended has \
         been completed but whether the child was missing or away without authorisation has not been completed.",
    ),
    (
        "567",
        "The date that the missing episode or episode that the child was away from placement without authorisation \
         ended is before the date that it started.",
    ),
    (
        "570",
        "The date that the child started to be missing or away from placement without authorisation is after the end \
         of the collection year.",
    ),
    (
        "571",
        "The date that the child ceased to be missing or away from placement without authorisation is before the start \
         or after the end of the collection year.",
    ),
    (
        "574",
        "A new missing/away from placement without authorisation period cannot start when the previous missing/away \
         from placement without authorisation period is still open. Missing/away from placement without \
         authorisation periods should also not overlap.",
    ),
    (
        "575",
        "If the placement from which the child goes missing/away from placement without authorisation ends, the \
         missing/away from placement without authorisation period in the missing module must also have an end date.",
    ),
    (
        "576",
        "There is an open missing/away from placement without authorisation period in last year’s return and there is \
         no corresponding period recorded at the start of this year.",
    ),
    (
        "577",
        "Child ceased to be looked after but there is a missing/away from placement without authorisation period \
         without an end date.",
    ),
    ("578", "The date that the child started to be missing is after the child ceased to be looked after."),
    ("580", "Child is missing when cease being looked after but reason episode ceased not ‘E8’."),
    ("581", "Child is missing but has not yet started to be looked after."),
    ("586", "Dates of missing periods are before child’s date of birth."),
    (
        "1004",
        "The start date of the missing episode or episode that the child was away from placement without \
         authorisation is not a valid date.",
    ),
    (
        "1005",
        "The end date of the missing episode or episode that the child was away from placement without authorisation \
         is not a valid date.",
    ),
    ("1006", "Missing type invalid."),
    ("1012", "No other data should be returned for OC3 children who had no episodes in the current year"),
    ("INT04", "Internal Check: Child in Missing does not exist in Header."),
    ("INT13", "Internal Check: DOB in Missing is different to DOB in Header."),
];

/// Runs every rule in [`RULES`] on `data` for the collection year ending 31 March `collection_year`, and returns
/// one [`Problem`] per rule that flags at least one row, in [`RULES`] order. `previous_missing` is last year's
/// Missing table; without it rule 576 is skipped.
pub fn check(data: &Return903, previous_missing: Option<&[MissingRow]>, collection_year: i32) -> Vec<Problem> {
    // The package builds these as strings and parses them like any cell.
    let year_start = parse_date(&format!("01/04/{}", collection_year - 1));
    let year_end = parse_date(&format!("31/03/{collection_year}"));

    let header: Vec<Head> = data.header.iter().map(Head::new).collect();
    let episodes: Vec<Epi> = data.episodes.iter().map(Epi::new).collect();
    let missing: Vec<Mis> = data.missing.iter().map(Mis::new).collect();
    let previous: Option<Vec<Mis>> = previous_missing.map(|rows| rows.iter().map(Mis::new).collect());
    let pocs = periods_of_care(&episodes);

    let results = [
        ("564", Table::Missing, Some(rule_564(&missing))),
        ("565", Table::Missing, Some(rule_565(&missing))),
        ("566", Table::Missing, Some(rule_566(&missing))),
        ("567", Table::Missing, Some(rule_567(&missing))),
        ("570", Table::Missing, Some(rule_570(&missing, year_end))),
        ("571", Table::Missing, Some(rule_571(&missing, year_start, year_end))),
        ("574", Table::Missing, Some(rule_574(&missing))),
        ("575", Table::Missing, Some(rule_575(&missing, &episodes))),
        ("576", Table::Missing, previous.as_deref().map(|previous| rule_576(&missing, previous))),
        ("577", Table::Missing, Some(rule_577(&missing, &pocs))),
        ("578", Table::Missing, Some(rule_578(&missing, &pocs))),
        ("580", Table::Episodes, Some(rule_580(&missing, &episodes))),
        ("581", Table::Missing, Some(rule_581(&missing, &episodes))),
        ("586", Table::Missing, Some(rule_586(&missing))),
        ("1004", Table::Missing, Some(rule_1004(&missing))),
        ("1005", Table::Missing, Some(rule_1005(&missing))),
        ("1006", Table::Missing, Some(rule_1006(&missing))),
        ("1012", Table::Missing, Some(rule_1012(&missing, &episodes))),
        ("INT04", Table::Missing, Some(rule_int04(&missing, &header))),
        ("INT13", Table::Missing, Some(rule_int13(&missing, &header))),
    ];
    debug_assert!(results.iter().map(|r| r.0).eq(RULES.iter().map(|r| r.0)));

    results
        .into_iter()
        .zip(RULES)
        .filter_map(|((code, table, rows), &(_, message))| {
            let mut rows = rows?;
            rows.sort_unstable();
            rows.dedup();
            (!rows.is_empty()).then_some(Problem { code, message, table, rows })
        })
        .collect()
}
