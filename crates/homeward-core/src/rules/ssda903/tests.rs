//! DfE's rules on small returns, each rule's edge as the package draws it.

use time::macros::date;

use super::cells::*;
use super::*;

const YEAR: i32 = 2026;

fn head(child: &str, dob: &str) -> HeaderRow {
    HeaderRow { child: child.into(), dob: dob.into(), ..HeaderRow::default() }
}

fn epi(child: &str, decom: &str, dec: &str, rec: &str) -> EpisodeRow {
    EpisodeRow { child: child.into(), decom: decom.into(), dec: dec.into(), rec: rec.into(), ..EpisodeRow::default() }
}

fn mis(child: &str, missing: &str, start: &str, end: &str) -> MissingRow {
    MissingRow {
        child: child.into(),
        dob: "01/01/2010".into(),
        missing: missing.into(),
        mis_start: start.into(),
        mis_end: end.into(),
    }
}

/// A return whose children C1..C3 are in the header and in care all year, and the given Missing rows.
fn with_missing(missing: Vec<MissingRow>) -> Return903 {
    let children = ["C1", "C2", "C3"];
    Return903 {
        header: children.iter().map(|c| head(c, "01/01/2010")).collect(),
        episodes: children.iter().map(|c| epi(c, "01/01/2024", "", "")).collect(),
        missing,
    }
}

/// The rows `code` flags, empty when it passes.
fn rows(code: &str, data: &Return903, previous: Option<&[MissingRow]>) -> Vec<usize> {
    check(data, previous, YEAR).into_iter().find(|p| p.code == code).map(|p| p.rows).unwrap_or_default()
}

fn flags(code: &str, missing: Vec<MissingRow>) -> Vec<usize> {
    rows(code, &with_missing(missing), None)
}

#[test]
fn dates_parse_as_pandas_does() {
    for ok in ["1/4/2025", "01/4/2025", " 1/04/2025", "29/02/2024", "22/09/1677", "11/04/2262", "31/12/2025"] {
        assert!(parse_date(ok).is_some(), "{ok:?} should parse");
    }
    for nat in [
        "",
        "01/04/25",
        "2025-04-01",
        "31/02/2025",
        "01/04/2025 ",
        "01/04/2025 00:00",
        "01/01/1000",
        "21/09/1677",
        "12/04/2262",
        " 01/04/2025",
        "01/ 4/2025",
        "00/04/2025",
        "1/13/2025",
        "+1/04/2025",
        "01/04/02025",
        "NAN",
        "32/01/2025",
        "01/00/2025",
    ] {
        assert!(parse_date(nat).is_none(), "{nat:?} should be NaT");
    }
    assert_eq!(add_years(date!(2024 - 02 - 29), 18), Some(date!(2042 - 02 - 28)));
}

#[test]
fn a_clean_return_passes_every_rule() {
    let data = with_missing(vec![
        mis("C1", "M", "25/03/2025", "02/04/2025"),
        mis("C1", "a", "02/04/2025", ""),
        mis("C2", "A", "12/08/2025", "12/08/2025"),
    ]);
    assert_eq!(check(&data, Some(&[mis("C1", "M", "25/03/2025", "")]), YEAR), vec![]);
}

#[test]
fn rule_564_start_blank_for_m_or_a() {
    assert_eq!(flags("564", vec![mis("C1", "M", "01/05/2025", ""), mis("C1", "", "", "")]), Vec::<usize>::new());
    assert_eq!(flags("564", vec![mis("C1", "m", "", "02/05/2025"), mis("C2", "A", "31/02/2025", "")]), vec![0]);
}

#[test]
fn rule_565_start_without_type() {
    assert_eq!(flags("565", vec![mis("C1", "M", "01/05/2025", ""), mis("C2", "", "", "")]), Vec::<usize>::new());
    assert_eq!(flags("565", vec![mis("C1", "", "not a date", "")]), vec![0]);
}

#[test]
fn rule_566_end_without_type() {
    assert_eq!(flags("566", vec![mis("C1", "M", "01/05/2025", "02/05/2025")]), Vec::<usize>::new());
    assert_eq!(flags("566", vec![mis("C1", "", "", "02/05/2025")]), vec![0]);
}

#[test]
fn rule_567_end_before_start() {
    assert_eq!(
        flags("567", vec![mis("C1", "M", "01/05/2025", "01/05/2025"), mis("C2", "M", "01/05/2025", "2025-04-01")]),
        Vec::<usize>::new()
    );
    assert_eq!(flags("567", vec![mis("C1", "M", "01/05/2025", "30/04/2025")]), vec![0]);
}

#[test]
fn rule_570_start_after_year_end() {
    assert_eq!(
        flags("570", vec![mis("C1", "M", "31/03/2026", ""), mis("C2", "M", "01/01/2020", "02/04/2025")]),
        Vec::<usize>::new()
    );
    assert_eq!(flags("570", vec![mis("C1", "M", "01/04/2026", "")]), vec![0]);
}

#[test]
fn rule_571_end_outside_year() {
    assert_eq!(
        flags("571", vec![mis("C1", "M", "01/03/2025", "01/04/2025"), mis("C2", "M", "31/03/2026", "31/03/2026")]),
        Vec::<usize>::new()
    );
    assert_eq!(
        flags("571", vec![mis("C1", "M", "01/03/2025", "31/03/2025"), mis("C2", "M", "30/03/2026", "01/04/2026")]),
        vec![0, 1]
    );
}

#[test]
fn rule_574_overlap_or_after_open() {
    let ok = vec![
        mis("C1", "M", "01/05/2025", "03/05/2025"),
        mis("C1", "M", "03/05/2025", "04/05/2025"),
        mis("C1", "M", "06/05/2025", ""),
        mis("C2", "M", "01/05/2025", "03/05/2025"),
    ];
    assert_eq!(flags("574", ok), Vec::<usize>::new());
    // Row 0 (open, sorting at 01/05) is followed by row 1, which is flagged; row 2 sorts first (ends 06/07)
    // and is overlapped by row 3 (ends 10/07), which is flagged.
    let bad = vec![
        mis("C1", "M", "01/05/2025", ""),
        mis("C1", "M", "10/05/2025", "11/05/2025"),
        mis("C2", "A", "05/07/2025", "06/07/2025"),
        mis("C2", "M", "01/07/2025", "10/07/2025"),
    ];
    assert_eq!(flags("574", bad), vec![1, 3]);
}

#[test]
fn rule_575_open_period_in_closed_episode() {
    let mut data = with_missing(vec![mis("C1", "M", "20/11/2025", ""), mis("C2", "M", "20/11/2025", "bad")]);
    data.episodes[0].dec = "01/12/2025".into();
    data.episodes[1].dec = "01/12/2025".into();
    // Row 1's end is invalid, not blank: 575 does not count it as open.
    assert_eq!(rows("575", &data, None), vec![0]);
    data.episodes[0].dec = String::new();
    assert_eq!(rows("575", &data, None), Vec::<usize>::new());
}

#[test]
fn rule_576_open_period_carried_over() {
    let previous = [mis("C1", "M", "20/03/2025", ""), mis("C2", "M", "01/03/2025", "05/03/2025")];
    let carried = with_missing(vec![mis("C1", "M", "01/05/2025", ""), mis("C1", "M", "20/03/2025", "02/04/2025")]);
    assert_eq!(rows("576", &carried, Some(&previous)), Vec::<usize>::new());
    let dropped = with_missing(vec![mis("C1", "M", "01/05/2025", "02/05/2025"), mis("C1", "M", "", "")]);
    assert_eq!(rows("576", &dropped, Some(&previous)), vec![0]);
    // Without last year's table the rule is skipped.
    assert!(check(&dropped, None, YEAR).iter().all(|p| p.code != "576"));
}

#[test]
fn periods_of_care_join_on_touching_and_after_open_episodes() {
    let episodes: Vec<Epi> = [
        epi("C1", "15/09/2025", "", ""),
        epi("C1", "10/01/2024", "15/09/2025", "X1"),
        epi("C1", "01/01/2026", "10/01/2026", "E4A"),
        epi("C1", "11/01/2026", "12/01/2026", "E4A"),
        epi("C2", "bad", "", ""),
    ]
    .iter()
    .map(Epi::new)
    .collect();
    let pocs = periods_of_care(&episodes);
    let got: Vec<_> = pocs.iter().map(|p| (p.child, p.decom, p.dec)).collect();
    assert_eq!(
        got,
        vec![
            ("C1", date!(2024 - 01 - 10), Some(date!(2026 - 01 - 10))),
            ("C1", date!(2026 - 01 - 11), Some(date!(2026 - 01 - 12)))
        ]
    );
}

#[test]
fn rule_577_open_period_after_care_ended() {
    let mut data = with_missing(vec![mis("C1", "M", "20/11/2025", ""), mis("C2", "M", "20/11/2025", "")]);
    data.episodes[0].dec = "01/12/2025".into();
    data.episodes[0].rec = "E4A".into();
    assert_eq!(rows("577", &data, None), vec![0]);
    data.missing[0].mis_end = "25/11/2025".into();
    assert_eq!(rows("577", &data, None), Vec::<usize>::new());
}

#[test]
fn rule_578_start_outside_care() {
    let mut data = with_missing(vec![mis("C1", "M", "01/12/2025", "02/12/2025"), mis("C2", "M", "", "")]);
    data.episodes[0].dec = "01/12/2025".into();
    assert_eq!(rows("578", &data, None), Vec::<usize>::new());
    data.missing[0].mis_start = "02/12/2025".into();
    data.missing[1].mis_start = "31/12/2023".into();
    assert_eq!(rows("578", &data, None), vec![0, 1]);
}

#[test]
fn rule_580_missing_at_18_without_e8() {
    let mut data =
        with_missing(vec![MissingRow { dob: "29/02/2008".into(), ..mis("C1", "M", "01/02/2026", "28/02/2026") }]);
    data.episodes[0] = epi("C1", "01/01/2024", "28/02/2026", "E8");
    data.episodes.push(epi("C1", "01/01/2024", "28/02/2026", "E4A"));
    assert_eq!(rows("580", &data, None), vec![3]);
    data.episodes[3].rec = "e8".into();
    assert_eq!(rows("580", &data, None), Vec::<usize>::new());
}

#[test]
fn rule_581_start_outside_every_episode() {
    let mut data = with_missing(vec![
        mis("C1", "M", "01/02/2025", "02/02/2025"),
        mis("C1", "M", "01/06/2025", "02/06/2025"),
        mis("C1", "M", "bad", ""),
    ]);
    data.episodes[0] = epi("C1", "01/01/2025", "01/03/2025", "E4A");
    data.episodes.push(epi("C1", "01/07/2025", "", ""));
    // Row 1 falls in the gap between the episodes; row 2's start is invalid.
    assert_eq!(rows("581", &data, None), vec![1, 2]);
    data.missing.truncate(1);
    assert_eq!(rows("581", &data, None), Vec::<usize>::new());
}

#[test]
fn rule_586_start_on_or_before_birth() {
    let born = |start: &str| MissingRow { dob: "01/01/2026".into(), ..mis("C1", "M", start, "") };
    assert_eq!(flags("586", vec![born("02/01/2026"), born("")]), Vec::<usize>::new());
    assert_eq!(flags("586", vec![born("01/01/2026")]), vec![0]);
}

#[test]
fn rule_1004_start_blank_or_invalid() {
    assert_eq!(flags("1004", vec![mis("C1", "M", "01/05/2025", "")]), Vec::<usize>::new());
    assert_eq!(flags("1004", vec![mis("C1", "", "", ""), mis("C2", "M", "31/02/2026", "")]), vec![0, 1]);
}

#[test]
fn rule_1005_end_invalid() {
    assert_eq!(flags("1005", vec![mis("C1", "M", "01/05/2025", "")]), Vec::<usize>::new());
    assert_eq!(flags("1005", vec![mis("C1", "M", "01/05/2025", "2025-05-02")]), vec![0]);
}

#[test]
fn rule_1006_type_not_m_or_a() {
    assert_eq!(flags("1006", vec![mis("C1", "m", "01/05/2025", ""), mis("C2", "", "", "")]), Vec::<usize>::new());
    assert_eq!(flags("1006", vec![mis("C1", "X", "01/05/2025", ""), mis("C2", " M", "01/05/2025", "")]), vec![0, 1]);
}

#[test]
fn rule_1012_child_without_episodes() {
    assert_eq!(flags("1012", vec![mis("c1", "M", "01/05/2025", "")]), Vec::<usize>::new());
    assert_eq!(flags("1012", vec![mis("C9", "M", "01/05/2025", "")]), vec![0]);
}

#[test]
fn rule_int04_child_not_in_header() {
    assert_eq!(flags("INT04", vec![mis("C1", "M", "01/05/2025", "")]), Vec::<usize>::new());
    assert_eq!(flags("INT04", vec![mis("C1 ", "M", "01/05/2025", "")]), vec![0]);
}

#[test]
fn rule_int13_dob_differs_from_header() {
    let dob = |dob: &str| MissingRow { dob: dob.into(), ..mis("C1", "M", "01/05/2025", "") };
    assert_eq!(flags("INT13", vec![dob("01/01/2010"), dob("1/1/2010"), dob("")]), Vec::<usize>::new());
    assert_eq!(flags("INT13", vec![dob("02/01/2010")]), vec![0]);
}

#[test]
fn problems_follow_rule_order_with_their_messages() {
    let data = with_missing(vec![mis("C9", "", "", "x")]);
    let problems = check(&data, None, YEAR);
    let codes: Vec<_> = problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, ["566", "1004", "1005", "1012", "INT04"]);
    for p in &problems {
        assert_eq!(RULES.iter().find(|r| r.0 == p.code).map(|r| r.1), Some(p.message));
        assert_eq!(p.table, Table::Missing);
    }
}
