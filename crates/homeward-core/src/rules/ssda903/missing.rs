//! The rules on the Missing table alone.

use time::Date;

use super::cells::{Mis, blank_last, flagged, gt, le, lt, nat_last, same_child};

// Rules on the Missing table alone

/// 564: MISSING is M or A but MIS_START is blank. Only a blank start counts; an unparseable one is left to 1004.
pub(super) fn rule_564(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| matches!(m.missing.as_str(), "M" | "A") && m.start_blank)
}

/// 565: MIS_START is filled (with anything, even an invalid date) but MISSING is blank.
pub(super) fn rule_565(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| !m.start_blank && m.missing.is_empty())
}

/// 566: MIS_END is filled (with anything) but MISSING is blank.
pub(super) fn rule_566(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| m.missing.is_empty() && !m.end_blank)
}

/// 567: MIS_START after MIS_END; the same day is fine, and a blank or invalid date on either side passes.
pub(super) fn rule_567(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| gt(m.start, m.end))
}

/// 570: MIS_START after the end of the collection year. There is no lower bound: a period that started in an
/// earlier year is fine.
pub(super) fn rule_570(missing: &[Mis], year_end: Option<Date>) -> Vec<usize> {
    flagged(missing, |m| gt(m.start, year_end))
}

/// 571: MIS_END outside the collection year. A blank or invalid end passes.
pub(super) fn rule_571(missing: &[Mis], year_start: Option<Date>, year_end: Option<Date>) -> Vec<usize> {
    flagged(missing, |m| lt(m.end, year_start) || gt(m.end, year_end))
}

/// 574: overlapping periods, or a period after one still open.
///
/// Quirks kept from the package: rows are stable-sorted by (CHILD, MIS_END or else MIS_START, MIS_START), NaT and
/// blank CHILD last, and each row is compared only with the row just before it. The *later* row is flagged, when
/// the earlier one's MIS_END is NaT (blank or invalid) or the later one starts strictly before it ends. Because an
/// open period sorts at its start date, a period sorting after an open one is flagged, not the open one. Rows
/// with a blank CHILD are never compared (NaN != NaN).
pub(super) fn rule_574(missing: &[Mis]) -> Vec<usize> {
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
pub(super) fn rule_586(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| le(m.start, m.dob))
}

/// 1004: MIS_START blank or not a valid date, whatever MISSING says.
pub(super) fn rule_1004(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| m.start.is_none())
}

/// 1005: MIS_END filled but not a valid date. A blank end is allowed.
pub(super) fn rule_1005(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| !m.end_blank && m.end.is_none())
}

/// 1006: MISSING filled but not M or A. Compared after upper-casing, so `m` passes but `" M"` does not.
pub(super) fn rule_1006(missing: &[Mis]) -> Vec<usize> {
    flagged(missing, |m| !m.missing.is_empty() && !matches!(m.missing.as_str(), "M" | "A"))
}
