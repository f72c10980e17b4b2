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

use std::cmp::Ordering;

use time::macros::date;
use time::{Date, Month};

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

// ---------------------------------------------------------------------------------------------------------------
// Dates

/// The first and last days a pandas `Timestamp` (nanoseconds in an i64) can hold; dates outside them are NaT.
const PANDAS_MIN: Date = date!(1677 - 09 - 22);
const PANDAS_MAX: Date = date!(2262 - 04 - 11);

/// Parses a cell as pandas 1.5.3's `to_datetime(format="%d/%m/%Y", errors="coerce")` does; `None` is NaT.
///
/// The day may be `1`–`9`, ` 1`–` 9` (a leading space, not a zero) or `01`–`31`; the month `1`–`9` or `01`–`12`;
/// the year exactly four ASCII digits. Nothing may follow (no trailing space or time), the date must exist
/// (`31/02/2025` is NaT) and lie in pandas' nanosecond range.
fn parse_date(cell: &str) -> Option<Date> {
    fn day(part: &[u8]) -> Option<u8> {
        match *part {
            [d @ b'1'..=b'9'] | [b' ', d @ b'1'..=b'9'] => Some(d - b'0'),
            [t @ b'0'..=b'3', u @ b'0'..=b'9'] => Some((t - b'0') * 10 + (u - b'0')).filter(|d| (1..=31).contains(d)),
            _ => None,
        }
    }
    fn month(part: &[u8]) -> Option<u8> {
        match *part {
            [m @ b'1'..=b'9'] => Some(m - b'0'),
            [t @ b'0'..=b'1', u @ b'0'..=b'9'] => Some((t - b'0') * 10 + (u - b'0')).filter(|m| (1..=12).contains(m)),
            _ => None,
        }
    }

    let mut parts = cell.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month = Month::try_from(month(m.as_bytes())?).ok()?;
    let date = Date::from_calendar_date(y.parse().ok()?, month, day(d.as_bytes())?).ok()?;
    (PANDAS_MIN..=PANDAS_MAX).contains(&date).then_some(date)
}

/// `DOB + pd.DateOffset(years=n)`: same month and day, 29 February becoming 28 February in a common year.
/// (Past 2262 pandas wraps around to a time of day that can never equal a date; `None` likewise never does.)
fn add_years(dob: Date, years: i32) -> Option<Date> {
    let year = dob.year() + years;
    let day = dob.day().min(dob.month().length(year));
    Date::from_calendar_date(year, dob.month(), day).ok()
}

/// `a < b` in pandas: false when either side is NaT.
fn lt(a: Option<Date>, b: Option<Date>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a < b)
}

/// `a > b` in pandas: false when either side is NaT.
fn gt(a: Option<Date>, b: Option<Date>) -> bool {
    lt(b, a)
}

/// `a <= b` in pandas: false when either side is NaT.
fn le(a: Option<Date>, b: Option<Date>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a <= b)
}

/// `a >= b` in pandas: false when either side is NaT.
fn ge(a: Option<Date>, b: Option<Date>) -> bool {
    le(b, a)
}

/// Ascending order with NaT last, as `sort_values` places it.
fn nat_last(a: Option<Date>, b: Option<Date>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Ascending CHILD order with blank (NaN) last, as `sort_values` places it.
fn blank_last(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (false, false) => a.cmp(b),
        (false, true) => Ordering::Less,
        (true, false) => Ordering::Greater,
        (true, true) => Ordering::Equal,
    }
}

/// CHILD `==` between two columns: NaN never equals NaN (unlike a merge key).
fn same_child(a: &str, b: &str) -> bool {
    !a.is_empty() && a == b
}

// ---------------------------------------------------------------------------------------------------------------
// Rows as the rules see them: upper-cased, dates parsed, blankness kept.

struct Head {
    child: String,
    dob: Option<Date>,
}

impl Head {
    fn new(row: &HeaderRow) -> Self {
        Self { child: row.child.to_uppercase(), dob: parse_date(&row.dob) }
    }
}

struct Epi {
    child: String,
    decom: Option<Date>,
    dec: Option<Date>,
    rec: String,
}

impl Epi {
    fn new(row: &EpisodeRow) -> Self {
        Self {
            child: row.child.to_uppercase(),
            decom: parse_date(&row.decom),
            dec: parse_date(&row.dec),
            rec: row.rec.to_uppercase(),
        }
    }
}

struct Mis {
    child: String,
    dob: Option<Date>,
    missing: String,
    start_blank: bool,
    start: Option<Date>,
    end_blank: bool,
    end: Option<Date>,
}

impl Mis {
    fn new(row: &MissingRow) -> Self {
        Self {
            child: row.child.to_uppercase(),
            dob: parse_date(&row.dob),
            missing: row.missing.to_uppercase(),
            start_blank: row.mis_start.is_empty(),
            start: parse_date(&row.mis_start),
            end_blank: row.mis_end.is_empty(),
            end: parse_date(&row.mis_end),
        }
    }
}

/// The indexes of the rows for which `flag` holds.
fn flagged<T>(rows: &[T], flag: impl Fn(&T) -> bool) -> Vec<usize> {
    rows.iter().enumerate().filter(|(_, row)| flag(row)).map(|(i, _)| i).collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Rules on the Missing table alone

/// 564: MISSING is M or A but MIS_START is blank. Only a blank start counts; an unparseable one is left to 1004.
fn rule_564(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| matches!(m.missing.as_str(), "M" | "A") && m.start_blank)
}

/// 565: MIS_START is filled (with anything, even an invalid date) but MISSING is blank.
fn rule_565(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| !m.start_blank && m.missing.is_empty())
}

/// 566: MIS_END is filled (with anything) but MISSING is blank.
fn rule_566(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| m.missing.is_empty() && !m.end_blank)
}

/// 567: MIS_START after MIS_END; the same day is fine, and a blank or invalid date on either side passes.
fn rule_567(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| gt(m.start, m.end))
}

/// 570: MIS_START after the end of the collection year. There is no lower bound: a period that started in an
/// earlier year is fine.
fn rule_570(missing: &[Mis], year_end: Option<Date>) -> Vec<usize> {
    flagged(missing, |m| gt(m.start, year_end))
}

/// 571: MIS_END outside the collection year. A blank or invalid end passes.
fn rule_571(missing: &[Mis], year_start: Option<Date>, year_end: Option<Date>) -> Vec<usize> {
    flagged(missing, |m| lt(m.end, year_start) || gt(m.end, year_end))
}

/// 574: overlapping periods, or a period after one still open.
///
/// Quirks kept from the package: rows are stable-sorted by (CHILD, MIS_END or else MIS_START, MIS_START), NaT and
/// blank CHILD last, and each row is compared only with the row just before it. The *later* row is flagged, when
/// the earlier one's MIS_END is NaT (blank or invalid) or the later one starts strictly before it ends. Because an
/// open period sorts at its start date, a period sorting after an open one is flagged, not the open one. Rows
/// with a blank CHILD are never compared (NaN != NaN).
fn rule_574(missing: &[Mis]) -> Vec<usize> {
    let end_fill = |m: &Mis| m.end.or(m.start);
    let mut order: Vec<usize> = (0..missing.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&missing[a], &missing[b]);
        blank_last(&a.child, &b.child)
            .then_with(|| nat_last(end_fill(a), end_fill(b)))
            .then_with(|| nat_last(a.start, b.start))
    });
    order
        .windows(2)
        .filter(|pair| {
            let (prev, cur) = (&missing[pair[0]], &missing[pair[1]]);
            same_child(&cur.child, &prev.child) && (prev.end.is_none() || lt(cur.start, prev.end))
        })
        .map(|pair| pair[1])
        .collect()
}

/// 586: MIS_START on or before the DOB in the Missing table itself (not the Header's). Starting on the day of
/// birth is flagged.
fn rule_586(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| le(m.start, m.dob))
}

/// 1004: MIS_START blank or not a valid date, whatever MISSING says.
fn rule_1004(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| m.start.is_none())
}

/// 1005: MIS_END filled but not a valid date. A blank end is allowed.
fn rule_1005(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| !m.end_blank && m.end.is_none())
}

/// 1006: MISSING filled but not M or A. Compared after upper-casing, so `m` passes but `" M"` does not.
fn rule_1006(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| !m.missing.is_empty() && !matches!(m.missing.as_str(), "M" | "A"))
}

// ---------------------------------------------------------------------------------------------------------------
// Rules that also read Episodes, Header or last year's Missing

/// 575: an open period (MIS_END raw blank; an invalid end is *not* open here) that started inside an episode
/// with a valid DEC: DECOM <= MIS_START <= DEC.
fn rule_575(missing: &[Mis], episodes: &[Epi]) -> Vec<usize> {
    flagged(missing, |m| {
        m.end_blank
            && episodes
                .iter()
                .any(|e| e.child == m.child && e.dec.is_some() && ge(m.start, e.decom) && le(m.start, e.dec))
    })
}

/// 576: a period open at last year's end must reappear with the same MIS_START as the child's earliest this year.
///
/// Quirks kept from the package: per child (blank CHILD dropped) only the row with the earliest MIS_START is
/// looked at, NaT counting as 01/01/2099 and ties going to the first row. It is flagged when any of last year's
/// rows for the child with a raw blank MIS_END has a valid MIS_START different from it. A child with an open
/// period last year and no Missing rows this year is not flagged.
fn rule_576(missing: &[Mis], previous: &[Mis]) -> Vec<usize> {
    const NAT_FILL: Date = date!(2099 - 01 - 01);
    let mut earliest: Vec<(&str, Date, usize)> = Vec::new();
    for (i, m) in missing.iter().enumerate() {
        if m.child.is_empty() {
            continue;
        }
        let start = m.start.unwrap_or(NAT_FILL);
        match earliest.iter_mut().find(|(child, ..)| *child == m.child) {
            Some(entry) if start < entry.1 => *entry = (&m.child, start, i),
            Some(_) => {}
            None => earliest.push((&m.child, start, i)),
        }
    }
    earliest
        .into_iter()
        .filter(|&(child, start, _)| {
            previous.iter().any(|p| p.end_blank && p.child == child && p.start.is_some_and(|last| last != start))
        })
        .map(|(.., i)| i)
        .collect()
}

/// A period of care as rules 577 and 578 build it.
struct Poc<'a> {
    child: &'a str,
    decom: Date,
    /// The DEC of the latest-starting episode, NaT included: a period whose last episode is open is open.
    dec: Option<Date>,
}

/// Periods of care, as rules 577 and 578 build them.
///
/// Quirks kept from the package: episodes without a valid DECOM are dropped; the rest are stable-sorted by
/// (CHILD, DECOM), blank CHILD last. An episode starts a new period when its CHILD differs from the previous
/// episode's (a blank CHILD always differs, so each such episode is a period of its own) or when it starts
/// strictly after the previous episode's DEC; so an episode starting the day the last one ended, an overlapping
/// one, and any episode after an open one all stay in the same period. The period's DEC is its last episode's,
/// not the latest DEC.
fn periods_of_care(episodes: &[Epi]) -> Vec<Poc<'_>> {
    let mut sorted: Vec<(&Epi, Date)> = episodes.iter().filter_map(|e| Some((e, e.decom?))).collect();
    sorted.sort_by(|(a, a_decom), (b, b_decom)| blank_last(&a.child, &b.child).then(a_decom.cmp(b_decom)));
    let mut pocs: Vec<Poc<'_>> = Vec::new();
    let mut prev: Option<&Epi> = None;
    for (e, decom) in sorted {
        let continues = prev.is_some_and(|p| same_child(&e.child, &p.child) && !gt(Some(decom), p.dec));
        match pocs.last_mut() {
            Some(poc) if continues => poc.dec = e.dec,
            _ => pocs.push(Poc { child: &e.child, decom, dec: e.dec }),
        }
        prev = Some(e);
    }
    pocs
}

/// 577: a period still open (or ending) outside every period of care of the child.
///
/// Quirks kept from the package: rows with a NaT MIS_START are never flagged, and an invalid MIS_END counts as
/// open. A row is flagged when the child has periods of care and, for every one of them, (a) the missing period
/// is open and the period of care has ended, (b) it is open and started before the period of care, (c) it ends
/// after the period of care ends, or (d) it ends before the period of care starts. A closed period is thus only
/// tested on its end date. Children without episodes are not flagged (rule 1012 catches them).
fn rule_577(missing: &[Mis], pocs: &[Poc<'_>]) -> Vec<usize> {
    flagged(missing, |m| {
        // (a) or (b): still missing, but the period of care has ended or started after the missing period.
        let open_outside = |poc: &Poc<'_>| m.end.is_none() && (poc.dec.is_some() || lt(m.start, Some(poc.decom)));
        // (c) or (d): the missing period ends after the period of care ends or before it starts.
        let ends_outside = |poc: &Poc<'_>| gt(m.end, poc.dec) || lt(m.end, Some(poc.decom));
        let mut own = pocs.iter().filter(|poc| poc.child == m.child).peekable();
        m.start.is_some() && own.peek().is_some() && own.all(|poc| open_outside(poc) || ends_outside(poc))
    })
}

/// 578: MIS_START outside every period of care of the child: before it starts, or after a valid end (starting
/// on the day it ends is fine). Despite the message, starting before care began is caught too. A NaT start and
/// a child without episodes are never flagged.
fn rule_578(missing: &[Mis], pocs: &[Poc<'_>]) -> Vec<usize> {
    flagged(missing, |m| {
        let mut own = pocs.iter().filter(|poc| poc.child == m.child).peekable();
        own.peek().is_some()
            && own.all(|poc| lt(m.start, Some(poc.decom)) || (poc.dec.is_some() && gt(m.start, poc.dec)))
    })
}

/// 580 (flags Episodes rows): a missing period ending on the child's 18th birthday (from the Missing table's DOB,
/// 29 February giving 28 February) and an episode of the child ending that same day with REC other than E8
/// (a blank REC counts as other).
fn rule_580(missing: &[Mis], episodes: &[Epi]) -> Vec<usize> {
    let ends_at_18: Vec<(&str, Date)> = missing
        .iter()
        .filter_map(|m| {
            let end = m.end?;
            (add_years(m.dob?, 18)? == end).then_some((m.child.as_str(), end))
        })
        .collect();
    flagged(episodes, |e| {
        e.rec != "E8" && ends_at_18.iter().any(|&(child, end)| child == e.child && e.dec == Some(end))
    })
}

/// 581: MIS_START inside none of the child's episodes (DECOM <= start, and start <= DEC or DEC NaT).
///
/// Quirks kept from the package: it works per episode, not per period of care, so a start in a gap between
/// episodes is flagged; a blank or invalid MIS_START is flagged; an invalid DEC counts as open; a child without
/// episodes is not flagged (rule 1012 catches it).
fn rule_581(missing: &[Mis], episodes: &[Epi]) -> Vec<usize> {
    flagged(missing, |m| {
        let mut own = episodes.iter().filter(|e| e.child == m.child).peekable();
        own.peek().is_some() && !own.any(|e| ge(m.start, e.decom) && (e.dec.is_none() || le(m.start, e.dec)))
    })
}

/// 1012: a Missing row of a child with no episode at all, whatever the episode dates.
fn rule_1012(missing: &[Mis], episodes: &[Epi]) -> Vec<usize> {
    flagged(missing, |m| !episodes.iter().any(|e| e.child == m.child))
}

/// INT04: a Missing row of a child not in the Header.
fn rule_int04(missing: &[Mis], header: &[Head]) -> Vec<usize> {
    flagged(missing, |m| !header.iter().any(|h| h.child == m.child))
}

/// INT13: a Missing row whose DOB differs from a Header row's DOB for the same child, both valid. A blank or
/// invalid DOB on either side passes.
fn rule_int13(missing: &[Mis], header: &[Head]) -> Vec<usize> {
    flagged(missing, |m| {
        header.iter().any(|h| h.child == m.child && matches!((h.dob, m.dob), (Some(h), Some(m)) if h != m))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEAR: i32 = 2026;

    fn head(child: &str, dob: &str) -> HeaderRow {
        HeaderRow { child: child.into(), dob: dob.into(), ..HeaderRow::default() }
    }

    fn epi(child: &str, decom: &str, dec: &str, rec: &str) -> EpisodeRow {
        EpisodeRow {
            child: child.into(),
            decom: decom.into(),
            dec: dec.into(),
            rec: rec.into(),
            ..EpisodeRow::default()
        }
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
        assert_eq!(
            flags("1006", vec![mis("C1", "X", "01/05/2025", ""), mis("C2", " M", "01/05/2025", "")]),
            vec![0, 1]
        );
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
}
