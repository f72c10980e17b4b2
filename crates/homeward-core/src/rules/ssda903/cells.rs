//! How DfE's validator sees a cell: pandas' dates and comparisons, its sort orders, and the rows as the rules read
//! them (upper-cased, dates parsed, blankness kept).

use std::cmp::Ordering;

use time::macros::date;
use time::{Date, Month};

use super::{EpisodeRow, HeaderRow, MissingRow};

// Dates

/// The first and last days a pandas `Timestamp` (nanoseconds in an i64) can hold; dates outside them are NaT.
pub(super) const PANDAS_MIN: Date = date!(1677 - 09 - 22);
pub(super) const PANDAS_MAX: Date = date!(2262 - 04 - 11);

/// Parses a cell as pandas 1.5.3's `to_datetime(format="%d/%m/%Y", errors="coerce")` does; `None` is NaT.
///
/// The day may be `1`–`9`, ` 1`–` 9` (a leading space, not a zero) or `01`–`31`; the month `1`–`9` or `01`–`12`;
/// the year exactly four ASCII digits. Nothing may follow (no trailing space or time), the date must exist
/// (`31/02/2025` is NaT) and lie in pandas' nanosecond range.
pub(super) fn parse_date(cell: &str) -> Option<Date> {
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
pub(super) fn add_years(dob: Date, years: i32) -> Option<Date> {
    let year = dob.year() + years;
    let day = dob.day().min(dob.month().length(year));
    Date::from_calendar_date(year, dob.month(), day).ok()
}

/// `a < b` in pandas: false when either side is NaT.
pub(super) fn lt(a: Option<Date>, b: Option<Date>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a < b)
}

/// `a > b` in pandas: false when either side is NaT.
pub(super) fn gt(a: Option<Date>, b: Option<Date>) -> bool {
    lt(b, a)
}

/// `a <= b` in pandas: false when either side is NaT.
pub(super) fn le(a: Option<Date>, b: Option<Date>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a <= b)
}

/// `a >= b` in pandas: false when either side is NaT.
pub(super) fn ge(a: Option<Date>, b: Option<Date>) -> bool {
    le(b, a)
}

/// Ascending order with NaT last, as `sort_values` places it.
pub(super) fn nat_last(a: Option<Date>, b: Option<Date>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Ascending CHILD order with blank (NaN) last, as `sort_values` places it.
pub(super) fn blank_last(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (false, false) => a.cmp(b),
        (false, true) => Ordering::Less,
        (true, false) => Ordering::Greater,
        (true, true) => Ordering::Equal,
    }
}

/// CHILD `==` between two columns: NaN never equals NaN (unlike a merge key).
pub(super) fn same_child(a: &str, b: &str) -> bool {
    !a.is_empty() && a == b
}

// Rows as the rules see them: upper-cased, dates parsed, blankness kept.

pub(super) struct Head {
    pub(super) child: String,
    pub(super) dob: Option<Date>,
}

impl Head {
    pub(super) fn new(row: &HeaderRow) -> Self {
        Self { child: row.child.to_uppercase(), dob: parse_date(&row.dob) }
    }
}

pub(super) struct Epi {
    pub(super) child: String,
    pub(super) decom: Option<Date>,
    pub(super) dec: Option<Date>,
    pub(super) rec: String,
}

impl Epi {
    pub(super) fn new(row: &EpisodeRow) -> Self {
        Self {
            child: row.child.to_uppercase(),
            decom: parse_date(&row.decom),
            dec: parse_date(&row.dec),
            rec: row.rec.to_uppercase(),
        }
    }
}

pub(super) struct Mis {
    pub(super) child: String,
    pub(super) dob: Option<Date>,
    pub(super) missing: String,
    pub(super) start_blank: bool,
    pub(super) start: Option<Date>,
    pub(super) end_blank: bool,
    pub(super) end: Option<Date>,
}

impl Mis {
    pub(super) fn new(row: &MissingRow) -> Self {
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
pub(super) fn flagged<T>(rows: &[T], flag: impl Fn(&T) -> bool) -> Vec<usize> {
    rows.iter().enumerate().filter(|(_, row)| flag(row)).map(|(i, _)| i).collect()
}
