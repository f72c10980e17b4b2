//! The figures, and the one pass over the rows that counts them, for the whole period and for each month.

use time::{Date, Duration};

use super::{Period, StatsRow};
use crate::domain::episode::ReturnOutcome;
use crate::domain::return_interview::InterviewStatus;
use crate::domain::risk::RiskGrade;
use crate::domain::time::{Timestamp, age_on, london};

/// The key figures of CONTRACT.md. The field names are the JSON keys callers rely on: never rename one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct KeyFigures {
    /// Episodes that went missing in the period.
    pub incidents: u64,
    /// Distinct people among them.
    pub individuals: u64,
    /// Incidents of people under 18 on the London date they went missing.
    pub child_incidents: u64,
    pub child_individuals: u64,
    pub adult_incidents: u64,
    pub adult_individuals: u64,
    /// Incidents of children whose looked-after flag is set.
    pub looked_after_incidents: u64,
    pub looked_after_individuals: u64,
    /// Children with two or more incidents in the period.
    pub repeat_children: u64,
    /// Children who went missing in the period and were recorded as missing education (off a school roll or
    /// persistently absent) at some time in it.
    pub children_missing_education: u64,
    pub risk: RiskFigures,
    pub duration: DurationFigures,
    pub outcome: OutcomeFigures,
    pub rhi: RhiFigures,
    pub exploitation: ExploitationFigures,
    /// Children's homes' notifications to Ofsted of the period's incidents (issue 17): added after the keys
    /// above, which stay as they are.
    pub ofsted: OfstedFigures,
    /// Incidents imported with the abolished grade "absent" that no police supervisor has reviewed yet.
    pub legacy_absent_awaiting_review: u64,
}

/// Incidents by the episode's current joint grade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RiskFigures {
    pub no_apparent_risk: u64,
    pub low: u64,
    pub medium: u64,
    pub high: u64,
    /// Nobody has graded the episode yet.
    pub unassessed: u64,
}

/// Incidents by how long the person was missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DurationFigures {
    /// Less than 24 hours.
    pub under_24h: u64,
    /// 24 hours up to, not including, 48 hours.
    pub from_24h_to_48h: u64,
    /// 48 hours up to, not including, 7 days.
    pub from_48h_to_7d: u64,
    /// 7 days or more.
    pub over_7d: u64,
    /// Not returned.
    pub still_missing: u64,
}

/// Returned incidents by how they ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct OutcomeFigures {
    pub returned_self: u64,
    pub found_by_police: u64,
    pub found_by_other: u64,
    pub found_dead: u64,
}

/// Return home interviews, over child incidents in the period that have returned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RhiFigures {
    /// Every returned child incident: each is owed an offer.
    pub due: u64,
    /// Those whose interview has been offered.
    pub offered: u64,
    /// Offered at most 72 hours after the return.
    pub offered_within_72h: u64,
    pub completed: u64,
    /// Completed at most 72 hours after the return.
    pub completed_within_72h: u64,
    pub declined: u64,
    pub not_possible: u64,
}

impl RhiFigures {
    /// The share of interviews due that were offered, as a fraction; `None` when none were due.
    pub fn offer_rate(&self) -> Option<f64> {
        rate(self.offered, self.due)
    }

    /// The share of interviews due that were offered within 72 hours of the return, as a fraction.
    pub fn offered_within_72h_rate(&self) -> Option<f64> {
        rate(self.offered_within_72h, self.due)
    }
}

fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Incidents flagged with an exploitation concern.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ExploitationFigures {
    pub cse_concern: u64,
    pub cce_concern: u64,
}

/// Notifications children's homes owed Ofsted about the period's incidents (Children's Homes Regulations 2015
/// reg 40(4)): prompted, recorded as made, made within 24 hours of the prompt, and not yet recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct OfstedFigures {
    pub prompted: u64,
    pub notified: u64,
    pub notified_within_24h: u64,
    pub unrecorded: u64,
}

/// One figure as a flat list shows it: its dotted key (`risk.high`), its name in words, and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub key: &'static str,
    pub label: &'static str,
    pub value: u64,
}

impl KeyFigures {
    /// Every figure in the order of CONTRACT.md, keyed as in the JSON with nested keys joined by dots.
    pub fn entries(&self) -> Vec<Figure> {
        let figure = |key, label, value| Figure { key, label, value };
        let (risk, duration, outcome, rhi, exploitation, ofsted) =
            (&self.risk, &self.duration, &self.outcome, &self.rhi, &self.exploitation, &self.ofsted);
        vec![
            figure("incidents", "Incidents", self.incidents),
            figure("individuals", "People", self.individuals),
            figure("child_incidents", "Incidents of children", self.child_incidents),
            figure("child_individuals", "Children", self.child_individuals),
            figure("adult_incidents", "Incidents of adults", self.adult_incidents),
            figure("adult_individuals", "Adults", self.adult_individuals),
            figure("looked_after_incidents", "Incidents of looked-after children", self.looked_after_incidents),
            figure("looked_after_individuals", "Looked-after children", self.looked_after_individuals),
            figure("repeat_children", "Children missing 2 or more times", self.repeat_children),
            figure("children_missing_education", "Children also missing education", self.children_missing_education),
            figure("risk.no_apparent_risk", "Risk: no apparent risk", risk.no_apparent_risk),
            figure("risk.low", "Risk: low", risk.low),
            figure("risk.medium", "Risk: medium", risk.medium),
            figure("risk.high", "Risk: high", risk.high),
            figure("risk.unassessed", "Risk: not assessed", risk.unassessed),
            figure("duration.under_24h", "Missing under 24 hours", duration.under_24h),
            figure("duration.from_24h_to_48h", "Missing 24 to 48 hours", duration.from_24h_to_48h),
            figure("duration.from_48h_to_7d", "Missing 48 hours to 7 days", duration.from_48h_to_7d),
            figure("duration.over_7d", "Missing 7 days or more", duration.over_7d),
            figure("duration.still_missing", "Still missing", duration.still_missing),
            figure("outcome.returned_self", "Returned by themselves", outcome.returned_self),
            figure("outcome.found_by_police", "Found by the police", outcome.found_by_police),
            figure("outcome.found_by_other", "Found by someone else", outcome.found_by_other),
            figure("outcome.found_dead", "Found dead", outcome.found_dead),
            figure("rhi.due", "Return interviews due", rhi.due),
            figure("rhi.offered", "Return interviews offered", rhi.offered),
            figure("rhi.offered_within_72h", "Offered within 72 hours", rhi.offered_within_72h),
            figure("rhi.completed", "Return interviews completed", rhi.completed),
            figure("rhi.completed_within_72h", "Completed within 72 hours", rhi.completed_within_72h),
            figure("rhi.declined", "Return interviews declined", rhi.declined),
            figure("rhi.not_possible", "Return interviews not possible", rhi.not_possible),
            figure("exploitation.cse_concern", "Sexual exploitation concern", exploitation.cse_concern),
            figure("exploitation.cce_concern", "Criminal exploitation concern", exploitation.cce_concern),
            figure("ofsted.prompted", "Ofsted notifications owed by children's homes", ofsted.prompted),
            figure("ofsted.notified", "Ofsted notifications recorded", ofsted.notified),
            figure("ofsted.notified_within_24h", "Ofsted notified within 24 hours", ofsted.notified_within_24h),
            figure("ofsted.unrecorded", "Ofsted notifications not recorded", ofsted.unrecorded),
            figure(
                "legacy_absent_awaiting_review",
                "Imported as \"absent\", awaiting a supervisor's review",
                self.legacy_absent_awaiting_review,
            ),
        ]
    }
}

impl KeyFigures {
    /// The figures as CSV: a `figure,value` header, then one row per figure keyed as in [`KeyFigures::entries`].
    pub fn csv(&self) -> String {
        use std::fmt::Write;
        self.entries().iter().fold(String::from("figure,value\n"), |mut csv, f| {
            // Keys and counts cannot begin a formula today; the one rule of every CSV path guards them all the same.
            let key = crate::rules::spreadsheet::safe_cell(f.key);
            writeln!(csv, "{key},{}", f.value).expect("writing to a string cannot fail");
            csv
        })
    }
}

/// The figures of one calendar month of the period (only the part of it inside the period).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthFigures {
    /// The month's first day.
    pub month: Date,
    pub figures: KeyFigures,
}

/// Counts as rows arrive. People are counted at the end, their ids as plain numbers: a list sorted once costs less
/// than a set kept up to date row by row.
#[derive(Debug, Default)]
struct Tally {
    figures: KeyFigures,
    people: Vec<u128>,
    adults: Vec<u128>,
    looked_after: Vec<u128>,
    /// One entry per child incident, for distinct children and those missing more than once.
    children: Vec<u128>,
}

/// How many times each distinct person appears, in no particular order.
fn appearances(mut people: Vec<u128>) -> Vec<usize> {
    people.sort_unstable();
    people.chunk_by(|a, b| a == b).map(<[u128]>::len).collect()
}

impl Tally {
    fn add(&mut self, row: &StatsRow, child: bool) {
        let f = &mut self.figures;
        f.incidents += 1;
        let person = row.person_id.as_uuid().as_u128();
        self.people.push(person);
        if child {
            f.child_incidents += 1;
            self.children.push(person);
            if row.looked_after {
                f.looked_after_incidents += 1;
                self.looked_after.push(person);
            }
        } else {
            f.adult_incidents += 1;
            self.adults.push(person);
        }
        let risk = &mut f.risk;
        *match row.joint_grade {
            None => &mut risk.unassessed,
            Some(RiskGrade::NoApparentRisk) => &mut risk.no_apparent_risk,
            Some(RiskGrade::Low) => &mut risk.low,
            Some(RiskGrade::Medium) => &mut risk.medium,
            Some(RiskGrade::High) => &mut risk.high,
        } += 1;
        f.exploitation.cse_concern += u64::from(row.cse_concern);
        f.exploitation.cce_concern += u64::from(row.cce_concern);
        f.ofsted.prompted += row.ofsted.prompted;
        f.ofsted.notified += row.ofsted.notified;
        f.ofsted.notified_within_24h += row.ofsted.notified_within_24h;
        f.ofsted.unrecorded += row.ofsted.prompted - row.ofsted.notified.min(row.ofsted.prompted);
        f.legacy_absent_awaiting_review += u64::from(row.legacy_absent_awaiting_review);
        let Some(returned_at) = row.returned_at else {
            f.duration.still_missing += 1;
            return;
        };
        let duration = &mut f.duration;
        *match duration_band(row.went_missing_at, Some(returned_at)) {
            DurationBand::Under24h => &mut duration.under_24h,
            DurationBand::From24hTo48h => &mut duration.from_24h_to_48h,
            DurationBand::From48hTo7d => &mut duration.from_48h_to_7d,
            DurationBand::Over7d => &mut duration.over_7d,
            DurationBand::StillMissing => &mut duration.still_missing,
        } += 1;
        let outcome = &mut f.outcome;
        match row.return_outcome {
            Some(ReturnOutcome::ReturnedSelf) => outcome.returned_self += 1,
            Some(ReturnOutcome::FoundByPolice) => outcome.found_by_police += 1,
            Some(ReturnOutcome::FoundByOther) => outcome.found_by_other += 1,
            Some(ReturnOutcome::FoundDead) => outcome.found_dead += 1,
            None => {}
        }
        if child {
            count_interview(&mut f.rhi, row, returned_at.plus(Duration::hours(72)));
        }
    }

    fn finish(self) -> KeyFigures {
        let mut figures = self.figures;
        figures.individuals = appearances(self.people).len() as u64;
        figures.adult_individuals = appearances(self.adults).len() as u64;
        figures.looked_after_individuals = appearances(self.looked_after).len() as u64;
        let children = appearances(self.children);
        figures.child_individuals = children.len() as u64;
        figures.repeat_children = children.iter().filter(|incidents| **incidents >= 2).count() as u64;
        figures
    }
}

crate::domain::code_enum! {
    /// How long an incident lasted, as the key figures' `duration` keys name the bands.
    pub enum DurationBand {
        Under24h => "under_24h",
        From24hTo48h => "from_24h_to_48h",
        From48hTo7d => "from_48h_to_7d",
        Over7d => "over_7d",
        StillMissing => "still_missing",
    }
}

/// The band of an incident: under 24 hours means less than 24; 24 hours up to less than 48; 48 hours up to less
/// than 7 days; 7 days or more; or still missing (CONTRACT.md).
pub fn duration_band(went_missing_at: Timestamp, returned_at: Option<Timestamp>) -> DurationBand {
    let Some(returned_at) = returned_at else { return DurationBand::StillMissing };
    let away = returned_at.since(went_missing_at);
    if away < Duration::hours(24) {
        DurationBand::Under24h
    } else if away < Duration::hours(48) {
        DurationBand::From24hTo48h
    } else if away < Duration::days(7) {
        DurationBand::From48hTo7d
    } else {
        DurationBand::Over7d
    }
}

/// A returned child's incident: due an interview, and whether it was offered, held and in time.
fn count_interview(rhi: &mut RhiFigures, row: &StatsRow, deadline: crate::domain::time::Timestamp) {
    rhi.due += 1;
    let Some(interview) = row.interview else { return };
    if interview.offered() {
        rhi.offered += 1;
        rhi.offered_within_72h += u64::from(interview.offered_at.is_some_and(|at| at <= deadline));
    }
    match interview.status {
        InterviewStatus::Completed => {
            rhi.completed += 1;
            rhi.completed_within_72h += u64::from(interview.completed_at.is_some_and(|at| at <= deadline));
        }
        InterviewStatus::Declined => rhi.declined += 1,
        InterviewStatus::NotPossible => rhi.not_possible += 1,
        InterviewStatus::Due | InterviewStatus::Assigned | InterviewStatus::Offered => {}
    }
}

/// The figures of a period, counted as rows arrive in any order: only counts, and one number per incident for the
/// distinct people, are held, never the rows.
#[derive(Debug)]
pub struct FiguresCount {
    period: Period,
    first: Date,
    months: Vec<Date>,
    total: Tally,
    /// One tally per calendar month of the period; none when only the whole period is asked for.
    by_month: Vec<Tally>,
}

impl FiguresCount {
    /// Counting the whole period, and each calendar month it touches when `by_month`.
    pub fn new(period: Period, by_month: bool) -> Self {
        let months = period.months();
        let first = months[0];
        let by_month = if by_month { months.iter().map(|_| Tally::default()).collect() } else { Vec::new() };
        Self { period, first, months, total: Tally::default(), by_month }
    }

    /// Counts the row if it went missing in the period; a child is under 18 on the London date they went missing.
    pub fn add(&mut self, row: &StatsRow) {
        let date = london(row.went_missing_at).date();
        if !self.period.contains_date(date) {
            return;
        }
        let child = age_on(row.date_of_birth, date) < 18;
        self.total.add(row, child);
        if !self.by_month.is_empty() {
            let first = self.first;
            let index = (date.year() - first.year()) * 12 + i32::from(u8::from(date.month()))
                - i32::from(u8::from(first.month()));
            self.by_month[index as usize].add(row, child);
        }
    }

    /// The whole period's figures, and each month's (every month, with or without incidents, when asked for).
    pub fn finish(self) -> (KeyFigures, Vec<MonthFigures>) {
        let months = self
            .months
            .into_iter()
            .zip(self.by_month)
            .map(|(month, tally)| MonthFigures { month, figures: tally.finish() });
        let months = months.collect();
        (self.total.finish(), months)
    }
}

/// The key figures of the rows that went missing in the period.
pub fn key_figures(period: Period, rows: &[StatsRow]) -> KeyFigures {
    let mut count = FiguresCount::new(period, false);
    for row in rows {
        count.add(row);
    }
    count.finish().0
}

/// The key figures of the whole period and of each calendar month it touches (every month, with or without
/// incidents), counted in the same single pass.
pub fn figures_by_month(period: Period, rows: &[StatsRow]) -> (KeyFigures, Vec<MonthFigures>) {
    let mut count = FiguresCount::new(period, true);
    for row in rows {
        count.add(row);
    }
    count.finish()
}
