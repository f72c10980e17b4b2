//! Post-missing support (issue 17, item 4): a plan of sessions made after a return interview, with a safety plan,
//! an owner who answers for it, a review date the scheduler watches, its sessions as they are held, and its outcome.

use super::code_enum;
use super::ids::{AgencyId, EpisodeId, PersonId, ReturnInterviewId, SupportPlanId, UserId};
use super::paging::{Page, Paging};
use super::text::FreeText;
use super::time::Timestamp;

/// The most sessions a plan may plan: support after a missing episode is weeks, not years.
pub const MOST_SESSIONS: i64 = 52;

code_enum! {
    /// How the support ended.
    pub enum SupportOutcome {
        /// The plan's aims were met.
        AimsMet => "aims_met",
        /// The young person or adult stopped taking part.
        Disengaged => "disengaged",
        /// Handed on to another service (for example a specialist exploitation team).
        ReferredOn => "referred_on",
        /// They moved out of the area.
        MovedAway => "moved_away",
        /// Support was no longer needed for another reason.
        NoLongerNeeded => "no_longer_needed",
    }
}

impl SupportOutcome {
    pub fn describe(self) -> &'static str {
        match self {
            SupportOutcome::AimsMet => "The plan's aims were met",
            SupportOutcome::Disengaged => "They stopped taking part",
            SupportOutcome::ReferredOn => "Referred on to another service",
            SupportOutcome::MovedAway => "Moved out of the area",
            SupportOutcome::NoLongerNeeded => "No longer needed",
        }
    }
}

/// One session of a plan, as it was held (or not: `attended` false is a missed session).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportSession {
    /// 1 for the plan's first recorded session, and so on.
    pub number: i64,
    pub held_on: time::Date,
    pub attended: bool,
    /// What was done or said: the person's own account, so its class is the child's account.
    pub note: Option<FreeText>,
    pub recorded_by: UserId,
    pub recorded_at: Timestamp,
}

/// A support plan after a return interview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportPlan {
    pub id: SupportPlanId,
    pub interview_id: ReturnInterviewId,
    pub episode_id: EpisodeId,
    pub person_id: PersonId,
    /// The agency that made the plan and answers for its reviews (its alerts go there).
    pub owner_agency_id: AgencyId,
    /// The worker in that agency who holds the plan.
    pub owner_id: UserId,
    pub sessions_planned: i64,
    pub safety_plan: FreeText,
    /// When the plan is next reviewed; past it with no outcome, the owner is alerted.
    pub review_on: time::Date,
    pub outcome: Option<SupportOutcome>,
    pub outcome_note: Option<FreeText>,
    pub closed_at: Option<Timestamp>,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub sessions: Vec<SupportSession>,
}

impl SupportPlan {
    pub fn is_open(&self) -> bool {
        self.outcome.is_none()
    }

    /// Sessions held that the person attended.
    pub fn attended(&self) -> usize {
        self.sessions.iter().filter(|s| s.attended).count()
    }
}

/// Which page of an agency's plans: most recently made first.
pub type SupportPaging = Paging<Timestamp, SupportPlanId>;
pub type SupportPage = Page<SupportPlan, Timestamp, SupportPlanId>;
