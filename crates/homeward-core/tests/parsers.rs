//! Property-based tests of every parser of outside input: whatever text arrives, each answers a value or a clear
//! error naming its column, never a panic, and what it accepts it gives back in its standard form. The number of
//! cases is proptest's (`PROPTEST_CASES`, 256 by default in the test script; `scripts/fuzz.sh` runs many more).

use std::collections::HashMap;

use homeward_core::domain::import::{EPISODE_COLUMNS, ImportedEpisode};
use homeward_core::domain::ssda903::{
    EPISODE_COLUMNS as DFE_EPISODE_COLUMNS, HEADER_COLUMNS, Ssda903Child, Ssda903Episode, format_dfe_date,
    parse_dfe_date,
};
use homeward_core::domain::text::Postcode;
use homeward_core::domain::time::{Timestamp, format_date, parse_date};
use homeward_core::rules::spreadsheet::safe_cell;
use proptest::prelude::*;

/// Text as it arrives from files and forms: plain words, formulas, control and non-ASCII characters, and values
/// shaped like the real thing, so parsers are driven down their accepting paths as well as their refusing ones.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[=+@\\-\t\r][A-Za-z0-9()|!' ]{0,12}",
        "[A-Za-z0-9 _/\\-]{0,20}",
        "(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]",
        "[0-3][0-9]/[01][0-9]/(19|20)[0-9]{2}",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](Z|\\+01:00)",
        "[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}",
        "(E1000|E0800|W0600)00[0-9]{2}",
        prop::sample::select(vec![
            "M",
            "F",
            "U",
            "Y",
            "N",
            "home",
            "foster_care",
            "missing",
            "away",
            "absent",
            "high",
            "returned_self",
            "found_dead",
            "completed",
            "declined",
            "not_possible",
        ])
        .prop_map(str::to_owned),
    ]
}

/// A row of cells for these columns, some blank.
fn row(columns: &'static [&'static str]) -> impl Strategy<Value = HashMap<&'static str, String>> {
    prop::collection::vec(prop::option::weighted(0.8, cell()), columns.len()).prop_map(move |cells| {
        columns.iter().zip(cells).filter_map(|(column, cell)| cell.map(|cell| (*column, cell))).collect()
    })
}

fn getter<'a>(row: &'a HashMap<&'static str, String>) -> impl Fn(&str) -> Option<&'a str> + 'a {
    move |column| row.get(column).map(|cell| cell.trim()).filter(|cell| !cell.is_empty())
}

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn episode_columns() -> &'static [&'static str] {
    Box::leak(EPISODE_COLUMNS.iter().map(|(column, _)| *column).collect::<Vec<_>>().into_boxed_slice())
}

proptest! {
    #[test]
    fn postcodes_are_accepted_in_one_standard_form(text in cell()) {
        if let Ok(postcode) = Postcode::parse(&text) {
            let standard = postcode.as_str();
            prop_assert_eq!(standard.matches(' ').count(), 1);
            prop_assert!((6..=8).contains(&standard.len()), "{standard}");
            prop_assert_eq!(Postcode::parse(standard).ok(), Some(postcode.clone()));
            prop_assert_eq!(Postcode::parse(&standard.to_lowercase().replace(' ', "")).ok(), Some(postcode.clone()));
        }
    }

    #[test]
    fn dates_read_back_as_written(text in cell(), days in -40_000i32..40_000) {
        let _ = parse_date(&text);
        let _ = parse_dfe_date(&text);
        let _ = Timestamp::parse_rfc3339(&text);
        let date = time::Date::from_julian_day(2_451_545 + days).expect("a date near 2000");
        prop_assert_eq!(parse_date(&format_date(date)), Ok(date));
        prop_assert_eq!(parse_dfe_date(&format_dfe_date(date)), Ok(date));
    }

    #[test]
    fn no_cell_written_begins_a_formula(text in cell()) {
        let written = safe_cell(&text);
        prop_assert!(!written.starts_with(FORMULA_STARTS), "{written:?}");
        if !text.starts_with(FORMULA_STARTS) {
            prop_assert_eq!(written.as_ref(), text.as_str());
        }
    }

    #[test]
    fn episode_rows_parse_or_name_a_known_column(row in row(episode_columns())) {
        match ImportedEpisode::parse(getter(&row)) {
            Ok(episode) => {
                prop_assert!(!episode.source_ref.as_str().is_empty());
                if let Some(returned) = episode.returned_at {
                    prop_assert!(returned >= episode.went_missing_at);
                }
            }
            Err(error) => {
                prop_assert!(EPISODE_COLUMNS.iter().any(|(column, _)| *column == error.column), "{}", error.column);
                prop_assert!(!error.message.is_empty());
            }
        }
    }

    #[test]
    fn ssda903_rows_parse_or_name_a_known_column(header in row(HEADER_COLUMNS), episode in row(DFE_EPISODE_COLUMNS)) {
        match Ssda903Child::parse(getter(&header)) {
            Ok(child) => prop_assert!(!child.child.starts_with(FORMULA_STARTS), "{}", child.child),
            Err(error) => prop_assert!(HEADER_COLUMNS.contains(&error.column), "{}", error.column),
        }
        match Ssda903Episode::parse(getter(&episode)) {
            Ok(period) => {
                prop_assert!(!period.child.starts_with(FORMULA_STARTS));
                prop_assert!(period.dec.is_none_or(|dec| dec >= period.decom));
            }
            Err(error) => prop_assert!(DFE_EPISODE_COLUMNS.contains(&error.column), "{}", error.column),
        }
    }
}
