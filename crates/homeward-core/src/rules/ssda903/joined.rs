//! The rules that also read Episodes, Header or last year's Missing table.

use time::Date;
use time::macros::date;

use super::cells::{Epi, Head, Mis, add_years, blank_last, flagged, ge, gt, le, lt, same_child};

// Rules that also read Episodes, Header or last year's Missing

/// 575: an open period (MIS_END raw blank; an invalid end is *not* open here) that started inside an episode
/// with a valid DEC: DECOM <= MIS_START <= DEC.
pub(super) fn rule_575(missing: &[Mis], episodes: &[Epi]) -> Vec<usize> {
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
pub(super) fn rule_576(missing: &[Mis], previous: &[Mis]) -> Vec<usize> {
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
pub(super) struct Poc<'a> {
    pub(super) child: &'a str,
    pub(super) decom: Date,
    /// The DEC of the latest-starting episode, NaT included: a period whose last episode is open is open.
    pub(super) dec: Option<Date>,
}

/// Periods of care, as rules 577 and 578 build them.
///
/// Quirks kept from the package: episodes without a valid DECOM are dropped; the rest are stable-sorted by
/// (CHILD, DECOM), blank CHILD last. An episode starts a new period when its CHILD differs from the previous
/// episode's (a blank CHILD always differs, so each such episode is a period of its own) or when it starts
/// strictly after the previous episode's DEC; so an episode starting the day the last one ended, an overlapping
/// one, and any episode after an open one all stay in the same period. The period's DEC is its last episode's,
/// not the latest DEC.
pub(super) fn periods_of_care(episodes: &[Epi]) -> Vec<Poc<'_>> {
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
pub(super) fn rule_577(missing: &[Mis], pocs: &[Poc<'_>]) -> Vec<usize> {
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
pub(super) fn rule_578(missing: &[Mis], pocs: &[Poc<'_>]) -> Vec<usize> {
    flagged(missing, |m| {
        let mut own = pocs.iter().filter(|poc| poc.child == m.child).peekable();
        own.peek().is_some()
            && own.all(|poc| lt(m.start, Some(poc.decom)) || (poc.dec.is_some() && gt(m.start, poc.dec)))
    })
}

/// 580 (flags Episodes rows): a missing period ending on the child's 18th birthday (from the Missing table's DOB,
/// 29 February giving 28 February) and an episode of the child ending that same day with REC other than E8
/// (a blank REC counts as other).
pub(super) fn rule_580(missing: &[Mis], episodes: &[Epi]) -> Vec<usize> {
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
pub(super) fn rule_581(missing: &[Mis], episodes: &[Epi]) -> Vec<usize> {
    flagged(missing, |m| {
        let mut own = episodes.iter().filter(|e| e.child == m.child).peekable();
        own.peek().is_some() && !own.any(|e| ge(m.start, e.decom) && (e.dec.is_none() || le(m.start, e.dec)))
    })
}

/// 1012: a Missing row of a child with no episode at all, whatever the episode dates.
pub(super) fn rule_1012(missing: &[Mis], episodes: &[Epi]) -> Vec<usize> {
    flagged(missing, |m| !episodes.iter().any(|e| e.child == m.child))
}

/// INT04: a Missing row of a child not in the Header.
pub(super) fn rule_int04(missing: &[Mis], header: &[Head]) -> Vec<usize> {
    flagged(missing, |m| !header.iter().any(|h| h.child == m.child))
}

/// INT13: a Missing row whose DOB differs from a Header row's DOB for the same child, both valid. A blank or
/// invalid DOB on either side passes.
pub(super) fn rule_int13(missing: &[Mis], header: &[Head]) -> Vec<usize> {
    flagged(missing, |m| {
        header.iter().any(|h| h.child == m.child && matches!((h.dob, m.dob), (Some(h), Some(m)) if h != m))
    })
}
