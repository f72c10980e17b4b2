//! Runs the native SSDA903 Missing rules on the fixtures in `tests/dfe903/` and compares them with what DfE's
//! own validator (`scripts/dfe903/validate.py`, the oracle) reports for the same files.

use std::collections::HashMap;
use std::path::PathBuf;

use homeward_core::rules::ssda903::{EpisodeRow, HeaderRow, MissingRow, Return903, Table, check};

const YEAR: i32 = 2026;

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/dfe903"))
}

/// Reads a fixture CSV into maps from column name to cell. The fixtures hold no quotes or commas inside cells,
/// so a plain split on ',' is enough.
fn read_csv(dir: &str, table: &str) -> Vec<HashMap<String, String>> {
    let path = fixtures().join(dir).join(format!("{table}.csv"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|line| !line.is_empty());
    let columns: Vec<&str> = lines.next().expect("a header line").trim_start_matches('\u{feff}').split(',').collect();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), columns.len(), "{}: {line}", path.display());
            columns.iter().zip(cells).map(|(c, v)| ((*c).to_owned(), v.to_owned())).collect()
        })
        .collect()
}

fn cell(row: &HashMap<String, String>, column: &str) -> String {
    row.get(column).unwrap_or_else(|| panic!("no column {column}")).clone()
}

fn read_missing(dir: &str) -> Vec<MissingRow> {
    read_csv(dir, "missing")
        .iter()
        .map(|r| MissingRow {
            child: cell(r, "CHILD"),
            dob: cell(r, "DOB"),
            missing: cell(r, "MISSING"),
            mis_start: cell(r, "MIS_START"),
            mis_end: cell(r, "MIS_END"),
        })
        .collect()
}

fn read_return(dir: &str) -> Return903 {
    let header = read_csv(dir, "header")
        .iter()
        .map(|r| HeaderRow {
            child: cell(r, "CHILD"),
            sex: cell(r, "SEX"),
            dob: cell(r, "DOB"),
            ethnic: cell(r, "ETHNIC"),
            upn: cell(r, "UPN"),
            mother: cell(r, "MOTHER"),
            mc_dob: cell(r, "MC_DOB"),
        })
        .collect();
    let episodes = read_csv(dir, "episodes")
        .iter()
        .map(|r| EpisodeRow {
            child: cell(r, "CHILD"),
            decom: cell(r, "DECOM"),
            rne: cell(r, "RNE"),
            ls: cell(r, "LS"),
            cin: cell(r, "CIN"),
            place: cell(r, "PLACE"),
            place_provider: cell(r, "PLACE_PROVIDER"),
            dec: cell(r, "DEC"),
            rec: cell(r, "REC"),
            reason_place_change: cell(r, "REASON_PLACE_CHANGE"),
            home_post: cell(r, "HOME_POST"),
            pl_post: cell(r, "PL_POST"),
            urn: cell(r, "URN"),
        })
        .collect();
    Return903 { header, episodes, missing: read_missing(dir) }
}

fn results(dir: &str, with_previous: bool) -> Vec<(&'static str, Table, Vec<usize>)> {
    let previous = with_previous.then(|| read_missing("prev"));
    check(&read_return(dir), previous.as_deref(), YEAR).into_iter().map(|p| (p.code, p.table, p.rows)).collect()
}

/// `validate.py --year 2026 --prev tests/dfe903/prev tests/dfe903/invalid`, as listed in tests/dfe903/README.md.
fn expected_invalid() -> Vec<(&'static str, Table, Vec<usize>)> {
    use Table::{Episodes, Missing};
    vec![
        ("564", Missing, vec![13]),
        ("565", Missing, vec![10]),
        ("566", Missing, vec![10]),
        ("567", Missing, vec![2]),
        ("570", Missing, vec![12]),
        ("571", Missing, vec![9]),
        ("574", Missing, vec![3]),
        ("575", Missing, vec![5]),
        ("576", Missing, vec![11]),
        ("577", Missing, vec![5, 6]),
        ("578", Missing, vec![6]),
        ("580", Episodes, vec![13]),
        ("581", Missing, vec![6, 8, 13]),
        ("586", Missing, vec![17]),
        ("1004", Missing, vec![8, 13]),
        ("1005", Missing, vec![16]),
        ("1006", Missing, vec![1]),
        ("1012", Missing, vec![15]),
        ("INT04", Missing, vec![15]),
        ("INT13", Missing, vec![7]),
    ]
}

#[test]
fn ssda903_valid_fixture_passes() {
    assert_eq!(results("valid", true), vec![]);
    assert_eq!(results("valid", false), vec![]);
}

#[test]
fn ssda903_invalid_fixture_matches_the_oracle() {
    assert_eq!(results("invalid", true), expected_invalid());
}

#[test]
fn ssda903_rule_576_is_skipped_without_last_year() {
    let mut expected = expected_invalid();
    expected.retain(|(code, ..)| *code != "576");
    assert_eq!(results("invalid", false), expected);
}

#[test]
fn ssda903_last_years_return_passes_on_its_own() {
    assert_eq!(check(&read_return("prev"), None, YEAR - 1), vec![]);
}
