//! Key figures (CONTRACT.md, "Key figures"): counts of missing incidents in a period of Europe/London calendar
//! dates, computed from one slim row per episode so that a national year fits in memory and in one pass. Nothing
//! here names anyone: rows carry a person's id only to count distinct people.

mod figures;
mod period;
mod request;

#[cfg(test)]
mod tests;

pub use figures::{
    DurationBand, DurationFigures, ExploitationFigures, Figure, FiguresCount, KeyFigures, MonthFigures, OfstedFigures,
    OutcomeFigures, RhiFigures, RiskFigures, duration_band, figures_by_month, key_figures,
};
pub use period::Period;
pub use request::FiguresRequest;

use super::episode::ReturnOutcome;
use super::ids::PersonId;
use super::return_interview::InterviewStatus;
use super::risk::RiskGrade;
use super::time::Timestamp;

/// One episode as the figures need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsRow {
    pub person_id: PersonId,
    pub date_of_birth: time::Date,
    /// The person's looked-after flag.
    pub looked_after: bool,
    pub went_missing_at: Timestamp,
    pub returned_at: Option<Timestamp>,
    pub return_outcome: Option<ReturnOutcome>,
    /// The episode's current joint grade; `None` until anyone has assessed it.
    pub joint_grade: Option<RiskGrade>,
    pub cse_concern: bool,
    pub cce_concern: bool,
    /// The episode's statutory return interview. An episode covered by another episode's interview has its own
    /// interview row, with its own status and times, so it counts in its own right.
    pub interview: Option<InterviewTimes>,
    /// What the episode's children's home owed Ofsted (reg 40(4)) and recorded.
    pub ofsted: OfstedCounts,
    /// Imported as "absent" and not yet reviewed by a police supervisor.
    pub legacy_absent_awaiting_review: bool,
}

/// An episode's notifications to Ofsted: how many the home was prompted for, recorded, and recorded as made within
/// the day Homeward allows (`rules::ofsted::NOTIFY_WITHIN`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OfstedCounts {
    pub prompted: u64,
    pub notified: u64,
    pub notified_within_24h: u64,
}

/// Where a statutory return interview stands, and when it was offered and completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InterviewTimes {
    pub status: InterviewStatus,
    pub offered_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
}

impl InterviewTimes {
    /// Whether the interview was offered: it has the time it was offered. The key figures' `rhi.offered` and every
    /// return's "offered" column are this one answer.
    pub fn offered(&self) -> bool {
        self.offered_at.is_some()
    }

    /// Whether the child accepted the interview offered: held (completed) is yes, declined is no; not yet known
    /// while it is still to be answered, or when it was not possible or never offered.
    pub fn accepted(&self) -> Option<bool> {
        match self.status {
            InterviewStatus::Completed => Some(true),
            InterviewStatus::Declined => Some(false),
            InterviewStatus::Due
            | InterviewStatus::Assigned
            | InterviewStatus::Offered
            | InterviewStatus::NotPossible => None,
        }
    }
}
